"""One writer at a time: DuckDB allows a single writing process, so every `newsdw` command
that writes the working warehouse holds an exclusive lock file next to it."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


class WarehouseBusy(RuntimeError):
    pass


@contextlib.contextmanager
def writer_lock(warehouse: Path) -> Iterator[Path]:
    lock_path = warehouse.with_name(f".{warehouse.name}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "another process"
            raise WarehouseBusy(
                f"{warehouse} is being written by {holder}; wait for it to finish "
                f"(lock file {lock_path})"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}".encode(), 0)
        yield lock_path
    finally:
        os.close(fd)  # closing releases the lock, also when the process is killed
