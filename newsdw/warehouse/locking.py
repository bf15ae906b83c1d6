"""One writer at a time: DuckDB allows a single writing process, so every `newsdw` command
that writes the working warehouse holds an exclusive lock file next to it. The same kind of
lock keeps two runs of one date out of a shared embedded Airflow (``newsdw.ops``)."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


class WarehouseBusy(RuntimeError):
    pass


class LockHeld(RuntimeError):
    """The lock file is held by another process; ``holder`` is what that process wrote."""

    def __init__(self, lock_path: Path, holder: str):
        super().__init__(f"{lock_path} is held by {holder}")
        self.lock_path, self.holder = lock_path, holder


@contextlib.contextmanager
def exclusive_lock(lock_path: Path, holder: str) -> Iterator[Path]:
    """Hold ``lock_path`` exclusively (never waits: raises LockHeld); ``holder`` is written
    into it so the refused process can say who holds it. The kernel releases the lock when
    the holder exits, also when it is killed."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            held_by = os.pread(fd, 500, 0).decode(errors="replace").strip() or "another process"
            raise LockHeld(lock_path, held_by) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, holder.encode(), 0)
        yield lock_path
    finally:
        os.close(fd)


@contextlib.contextmanager
def writer_lock(warehouse: Path) -> Iterator[Path]:
    lock_path = warehouse.with_name(f".{warehouse.name}.lock")
    try:
        with exclusive_lock(lock_path, f"pid {os.getpid()}"):
            yield lock_path
    except LockHeld as held:
        raise WarehouseBusy(
            f"{warehouse} is being written by {held.holder}; wait for it to finish "
            f"(lock file {lock_path})"
        ) from None
