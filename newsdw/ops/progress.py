"""Step-level progress of a run, for the person at the terminal: the steps append one JSON line
per event to the file named by ``NEWSDW_PROGRESS_FILE`` and ``newsdw run``/``backfill`` (which
set it) print them as they come (``newsdw.ops.run_output``). The full Airflow and dbt logs go
to a log file instead.

A file, not the log stream: a task's stdout is Airflow's (reformatted, captured, shipped to
remote logs), while a file every process of the run can append to works the same whether the
task runs in the `dags test` process, a supervised subprocess or ``--in-process``. Unset (a
deployed Airflow, the tests of a step) every call is one environment lookup and nothing else.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

PROGRESS_ENV = "NEWSDW_PROGRESS_FILE"


@dataclass(frozen=True)
class Event:
    """``kind``: ``start`` and ``end`` of a step (task), or ``progress`` inside a long one
    (``done`` of ``total`` ``unit``s). An ``end`` carries the step's ``seconds``, its small
    result dict (counts) and, when it failed, the ``error`` in one line."""

    kind: str
    step: str
    done: int | None = None
    total: int | None = None
    unit: str = ""
    seconds: float | None = None
    result: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @classmethod
    def from_json(cls, line: str) -> Event:
        return cls(**json.loads(line))


def emit(event: Event) -> None:
    """Append the event to the run's progress file; nothing when no run is listening. One
    ``write`` of one line on a file opened for appending: lines of concurrent tasks (tag
    shards) do not interleave."""
    path = os.environ.get(PROGRESS_ENV)
    if not path:
        return
    line = json.dumps(asdict(event), default=str) + "\n"
    with contextlib.suppress(OSError), open(path, "a", encoding="utf-8") as out:
        out.write(line)  # progress is a courtesy: it never fails a step


def progress(step: str, done: int, total: int, unit: str) -> None:
    emit(Event("progress", step, done=done, total=total, unit=unit))


@contextlib.contextmanager
def step(name: str) -> Iterator[dict[str, Any]]:
    """Report a step's start and end around its body; the body fills the yielded dict with
    its result (counts) for the end event. An error is reported in one line and re-raised."""
    from newsdw.pipeline.failures import one_line

    emit(Event("start", name))
    started = time.monotonic()
    result: dict[str, Any] = {}
    try:
        yield result
    except BaseException as exc:
        emit(Event("end", name, seconds=time.monotonic() - started,
                   error=f"{type(exc).__name__}: {one_line(exc)}"))
        raise
    emit(Event("end", name, seconds=time.monotonic() - started, result=result))


def read_new(path: Path, offset: int) -> tuple[list[Event], int]:
    """The complete lines appended since ``offset`` and the offset after them (a line being
    written is left for the next read)."""
    try:
        with open(path, "rb") as src:
            src.seek(offset)
            data = src.read()
    except FileNotFoundError:
        return [], offset
    end = data.rfind(b"\n") + 1
    events = []
    for raw in data[:end].splitlines():
        with contextlib.suppress(ValueError, TypeError):  # a torn line from a killed task
            events.append(Event.from_json(raw.decode("utf-8")))
    return events, offset + end
