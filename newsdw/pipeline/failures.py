"""What a failed step tells the people who run it: whether a retry can help, and the error in
one line for the CLI.

A retry cannot fix a malformed ``sources.yml``, a missing spaCy model, a full disk, a failed
validation or a dbt model error: those fail the task at once (``is_permanent``), where
transient errors (a busy file lock, a network hiccup) keep Airflow's retries. Every failed task
leaves ``<warehouse dir>/logs/last_failure.json`` (task, error type, one-line message) so
``newsdw run`` can say what went wrong instead of "see the task log". Cheap to import: the DAG
file imports it through ``orchestration``."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

FAILURE_FILE = Path("logs") / "last_failure.json"  # under the warehouse directory
# A full or read-only disk, a quota, a permission: the next attempt meets the same wall.
PERMANENT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM,
                    errno.EFBIG, errno.ENAMETOOLONG}
# By class name, so this module (imported when the DAG file is parsed) imports none of the
# heavy modules that define them; tests/unit/test_failures.py checks each name against its
# real class.
PERMANENT_TYPES = {
    "SourceConfigError",  # sources.yml missing or malformed (extract.sources.config)
    "ModelNotFound",  # no spaCy model installed (extract.nlp.model)
    "ValidationFailed",  # the data is wrong: re-running reads the same data (expectations)
    "QueryRefused",  # a read the sandbox refuses (newsdw.serve.sandbox)
    "DbtFailed",  # a dbt model or test failed on this data (newsdw.warehouse.dbt_runner)
}
# Messages of errors raised as generic types (DuckDB IOException, spaCy ValueError E088, dbt).
PERMANENT_MESSAGES = ("No space left on device", "Disk quota exceeded", "[E088]",
                      "Read-only file system", "Compilation Error", "Parsing Error")
TRANSIENT_MESSAGES = ("Could not set lock", "database is locked", "Conflicting lock")
MAX_MESSAGE = 400


@dataclass(frozen=True)
class Failure:
    task_id: str
    error_type: str
    message: str  # one line
    permanent: bool
    failed_at: str  # ISO UTC

    def line(self) -> str:
        kind = "" if not self.permanent else " (not retried: a retry cannot fix it)"
        return f"task {self.task_id} failed{kind}: {self.error_type}: {self.message}"


def chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and its causes/contexts (an error re-raised by a wrapper keeps its root)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def is_permanent(exc: BaseException) -> bool:
    """True when retrying the task cannot help (see the module docstring)."""
    for e in chain(exc):
        text = str(e)
        if any(m in text for m in TRANSIENT_MESSAGES):
            return False
        if type(e).__name__ in PERMANENT_TYPES:
            return True
        if isinstance(e, OSError) and e.errno in PERMANENT_ERRNOS:
            return True
        if any(m in text for m in PERMANENT_MESSAGES):
            return True
    return False


def one_line(exc: BaseException) -> str:
    """The first non-empty line of the message, shortened: what a person reads first."""
    text = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
    text = text or type(exc).__name__
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def record_failure(warehouse_dir: Path, task_id: str, exc: BaseException) -> Failure:
    """Write the failure for the CLI; never raises (the task's own error must surface)."""
    failure = Failure(task_id=task_id, error_type=type(exc).__name__, message=one_line(exc),
                      permanent=is_permanent(exc),
                      failed_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    try:
        path = warehouse_dir / FAILURE_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(json.dumps(asdict(failure)), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a full disk may be the very failure: the task log still has it
    return failure


def last_failure(warehouse_dir: Path) -> Failure | None:
    try:
        data = json.loads((warehouse_dir / FAILURE_FILE).read_text(encoding="utf-8"))
        return Failure(**data)
    except (OSError, ValueError, TypeError):
        return None


def clear_failure(warehouse_dir: Path) -> None:
    (warehouse_dir / FAILURE_FILE).unlink(missing_ok=True)
