"""``newsdw run`` and ``newsdw backfill``: run news_daily for each day in turn, holding the
writer lock, through the embedded Airflow (or ``--in-process``). A failed day does not stop a
backfill (unless ``fail_fast``); a day without articles is a valid, empty day. The terminal
gets a line per step and per day and, for several days, a final table; the full logs go to
one file under ``<warehouse dir>/logs/`` (``newsdw.ops.run_output``)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from newsdw.ops.progress import PROGRESS_ENV
from newsdw.ops.run_output import (
    DayOutcome,
    RunLog,
    StepPrinter,
    days_table,
    duration,
    eta,
    log_path,
    watching,
)
from newsdw.settings import Settings

EX_TEMPFAIL = 75  # the writer lock or the embedded Airflow is busy: try again later


@dataclass(frozen=True)
class RunOptions:
    command: str = "run"  # names the log file
    verbose: bool = False  # stream the full logs to stderr as well
    fail_fast: bool = False  # stop at the first failed day
    in_process: bool = False  # the steps in this process, without Airflow
    run_id: str | None = None  # with in_process: the run id recorded in the audit tables


def run_days(settings: Settings, days: list[str], options: RunOptions,
             console: Console | None = None) -> int:
    """Run the days in order; 0 when every day ran (ok or empty), 1 when one failed, 75 when
    the warehouse or the embedded Airflow is busy (then only the refusal is printed)."""
    from newsdw.ops.embedded_airflow import AirflowBusy
    from newsdw.warehouse.locking import WarehouseBusy, writer_lock

    console = console or Console(highlight=False, soft_wrap=True)  # paths stay whole
    outcomes: list[DayOutcome] = []
    try:
        with writer_lock(settings.warehouse):
            log = RunLog(log_path(settings.warehouse_dir, options.command, days,
                                  dt.datetime.now()), options.verbose)
            try:
                console.print(f"news_daily: {_span(days)}; full log: {log.path}",
                              markup=False)
                for i, day in enumerate(days, start=1):
                    console.print(f"[{i}/{len(days)}] {day} ...", markup=False, style="dim")
                    outcome = _run_day(settings, day, log, console, options)
                    outcomes.append(outcome)
                    console.print(_day_line(i, len(days), outcome)
                                  + eta(outcomes, len(days) - i), markup=False)
                    if outcome.status == "failed":
                        print(outcome.reason_line, file=sys.stderr)
                        if options.fail_fast:
                            break
            finally:
                log.close()
    except (WarehouseBusy, AirflowBusy) as exc:
        print(f"newsdw: {exc}", file=sys.stderr)
        return EX_TEMPFAIL
    if len(days) > 1:
        console.print(days_table(outcomes, len(days)))
    failed = any(o.status == "failed" for o in outcomes) or len(outcomes) < len(days)
    if failed:
        print(f"newsdw: the full log is {log.path}", file=sys.stderr)
    return 1 if failed else 0


def _span(days: list[str]) -> str:
    return days[0] if len(days) == 1 else f"{days[0]} to {days[-1]} ({len(days)} days)"


def _day_line(i: int, n: int, outcome: DayOutcome) -> str:
    head = f"[{i}/{n}] {outcome.day}: "
    if outcome.status == "failed":
        where = f" in {outcome.failed_step}" if outcome.failed_step else ""
        return f"{head}FAILED{where}, {duration(outcome.seconds)}"
    return f"{head}{outcome.counts()}, {duration(outcome.seconds)}"


def _run_day(settings: Settings, day: str, log: RunLog, console: Console,
             options: RunOptions) -> DayOutcome:
    from newsdw.pipeline.failures import clear_failure

    outcome = DayOutcome(day)
    events = log.path.with_name(f".{log.path.stem}.{day}.events.jsonl")
    before = _snapshot_identity(settings)
    clear_failure(settings.warehouse_dir)
    log.write(f"===== news_daily {day} ({'in process' if options.in_process else 'Airflow'}) "
              f"started {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%S} UTC =====")
    started = time.monotonic()
    try:
        with watching(events, StepPrinter(console, outcome)):
            if options.in_process:
                ok, why = _in_process(settings, day, options.run_id, log, events)
            else:
                ok, why = _with_airflow(settings, day, log, events)
    finally:
        events.unlink(missing_ok=True)
    outcome.seconds = time.monotonic() - started
    if why and outcome.failed_step:  # in process: the step's progress event named it
        why = why.replace("task (in process) failed", f"task {outcome.failed_step} failed")
    published = _snapshot_identity(settings) not in (before, None)
    if not ok or not published:
        outcome.status = "failed"
        outcome.reason_line = why or _failure_line(settings, day, published)
        outcome.reason = _short_reason(settings, outcome)
    elif outcome.articles == 0:
        outcome.status = "empty"
        outcome.reason = "no article that day"
    else:
        outcome.status = "ok"
    log.write(f"===== news_daily {day}: {outcome.status} in {duration(outcome.seconds)} =====")
    return outcome


def _with_airflow(settings: Settings, day: str, log: RunLog,
                  events: Path) -> tuple[bool, str | None]:
    from newsdw.ops.embedded_airflow import dags_test

    conf = {"warehouse": str(settings.warehouse), "sources": str(settings.sources_file)}
    code = dags_test("news_daily", day, conf, output=log.write,
                     extra_env={PROGRESS_ENV: str(events)})
    return code == 0, None


def _in_process(settings: Settings, day: str, run_id: str | None, log: RunLog,
                events: Path) -> tuple[bool, str | None]:
    """The day's steps in this process, in the DAG's order, without a scheduler (benchmarks,
    crash tests, machines without Airflow): same steps, same tables."""
    from newsdw.pipeline.context import RunContext
    from newsdw.pipeline.failures import Failure, is_permanent, one_line
    from newsdw.pipeline.runner import run_day

    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # the CLI boundary owns the clock
    ctx = RunContext(dt.date.fromisoformat(day),
                     run_id or f"runner__{day}__{started:%Y%m%dT%H%M%S}", settings)
    with log.capturing_logging(), _environ(PROGRESS_ENV, str(events)):
        try:
            run_day(ctx, started)
        except Exception as exc:
            logging.getLogger("newsdw").error("the run failed", exc_info=True)  # the traceback
            failure = Failure("(in process)", type(exc).__name__, one_line(exc),
                              is_permanent(exc), "")
            return False, f"newsdw: news_daily for {day} (in process): {failure.line()}"
    return True, None


@contextmanager
def _environ(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def _failure_line(settings: Settings, day: str, published: bool) -> str:
    """``newsdw: news_daily for D failed: task T failed: Type: message; <what BI has>``"""
    from newsdw.pipeline.failures import last_failure

    failure = last_failure(settings.warehouse_dir)
    what = failure.line() if failure else "failed before a step ran (see the log)"
    bi = ("the BI snapshot was published, a later step failed" if published
          else "the BI snapshot was not published: BI keeps the previous one")
    return f"newsdw: news_daily for {day}: {what}; {bi}"


def _short_reason(settings: Settings, outcome: DayOutcome) -> str:
    """The final table's reason: the failed task and the error, in one short line."""
    from newsdw.pipeline.failures import last_failure

    failure = last_failure(settings.warehouse_dir)
    if failure is not None:
        text = f"{failure.task_id}: {failure.error_type}: {failure.message}"
    else:
        text = outcome.reason_line.removeprefix(f"newsdw: news_daily for {outcome.day}: ")
    return text if len(text) <= 100 else text[:99] + "…"


def _snapshot_identity(settings: Settings) -> tuple[int, int] | None:
    """Publishing renames a new file over the snapshot: a new inode means the day published."""
    try:
        st = settings.bi_snapshot.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns
