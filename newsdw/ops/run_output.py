"""What ``newsdw run``/``backfill`` print: one line per step with its duration and counts, a
line per day (``[2/5] 2024-04-19: 4 articles, 56 statements, 1m57s``, with the time left), a
final table of the days; the full Airflow and dbt logs go to a log file under
``<warehouse dir>/logs/`` (``--verbose`` streams them too). The steps report through
``newsdw.ops.progress``; this module only reads and prints."""

from __future__ import annotations

import datetime as dt
import logging
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsdw.ops.progress import Event, read_new

# CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks, titles).
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")

# The DAG's tasks in order, with the words of their progress lines.
STEP_LABELS = {
    "extract": "extract", "tag": "tag", "load_raw": "load raw", "validate_raw": "validate raw",
    "dbt_build": "dbt build", "validate_marts": "validate marts", "publish": "publish",
}


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


def duration(seconds: float) -> str:
    """``4.2s`` under a minute, ``1m57s``, ``1h02m``."""
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def log_path(warehouse_dir: Path, command: str, days: list[str], now: dt.datetime) -> Path:
    """``logs/run-2024-04-19-20261202T070102.log``, ``logs/backfill-2024-04-18..2024-04-22-…``
    (one file per command run, so a backfill's log is one file to search)."""
    span = days[0] if len(days) == 1 else f"{days[0]}..{days[-1]}"
    return warehouse_dir / "logs" / f"{command}-{span}-{now:%Y%m%dT%H%M%S}.log"


class RunLog:
    """The log file of one command run: every line of Airflow, dbt and the steps, without
    ANSI codes; with ``verbose``, each line is also streamed to stderr as it comes."""

    def __init__(self, path: Path, verbose: bool = False) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.verbose = verbose
        self._file: IO[str] = open(path, "a", encoding="utf-8")  # noqa: SIM115 (closed in close)
        self._lock = threading.Lock()

    def write(self, text: str) -> None:
        clean = strip_ansi(text)
        with self._lock:
            self._file.write(clean if clean.endswith("\n") else clean + "\n")
            self._file.flush()
        if self.verbose:
            sys.stderr.write(text if text.endswith("\n") else text + "\n")
            sys.stderr.flush()

    def close(self) -> None:
        self._file.close()

    @contextmanager
    def capturing_logging(self) -> Iterator[None]:
        """Send Python logging here (``--in-process`` runs, where the steps log in this
        process) instead of the terminal."""
        handler = _LineHandler(self)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        root = logging.getLogger()
        old_level = root.level
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        try:
            yield
        finally:
            root.removeHandler(handler)
            root.setLevel(old_level)


class _LineHandler(logging.Handler):
    def __init__(self, log: RunLog) -> None:
        super().__init__()
        self.log = log

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.log.write(self.format(record))
        except Exception:  # a log line never fails the run
            self.handleError(record)


@dataclass
class DayOutcome:
    """One day of a run or backfill, as the final table shows it."""

    day: str
    status: str = "running"  # ok | empty | failed
    articles: int | None = None
    statements: int | None = None
    seconds: float = 0.0
    reason: str = ""  # the final table's column
    reason_line: str = ""  # a failed day's line for stderr: the task, the error, what BI has
    failed_step: str | None = None
    steps: dict[str, float] = field(default_factory=dict)

    def counts(self) -> str:
        if self.articles is None:
            return "nothing loaded"
        if self.articles == 0:
            return "no articles (empty day)"
        return f"{plural(self.articles, 'article')}, {plural(self.statements or 0, 'statement')}"


class StepPrinter:
    """Prints the steps' events of one day as they arrive: a line per finished step, a
    progress bar for long ones (tagging, dbt) when the output is a terminal."""

    def __init__(self, console: Console, outcome: DayOutcome) -> None:
        self.console = console
        self.outcome = outcome
        self._bars: Progress | None = None
        self._tasks: dict[str, Any] = {}

    def handle(self, event: Event) -> None:
        if event.kind == "progress":
            self._progress(event)
        elif event.kind == "end":
            self._end(event)

    def _progress(self, event: Event) -> None:
        if not self.console.is_terminal or not event.total:
            return
        if self._bars is None:
            self._bars = Progress(TextColumn("    {task.description}"), BarColumn(),
                                  MofNCompleteColumn(), TextColumn("{task.fields[unit]}"),
                                  TimeElapsedColumn(), console=self.console, transient=True)
            self._bars.start()
        if event.step not in self._tasks:
            self._tasks[event.step] = self._bars.add_task(
                STEP_LABELS.get(event.step, event.step), total=event.total, unit=event.unit)
        self._bars.update(self._tasks[event.step], completed=event.done, total=event.total)

    def _end(self, event: Event) -> None:
        if event.step in self._tasks and self._bars is not None:
            self._bars.remove_task(self._tasks.pop(event.step))
            if not self._tasks:  # no live bar between steps: plain lines scroll cleanly
                self.close()
        seconds = event.seconds or 0.0
        self.outcome.steps[event.step] = self.outcome.steps.get(event.step, 0.0) + seconds
        label = STEP_LABELS.get(event.step, event.step)
        if event.error:
            self.outcome.failed_step = event.step
            self.console.print(f"    {label:<15} [red]failed[/] after {duration(seconds)}: "
                               f"{event.error}", markup=True, highlight=False)
            return
        if event.step == "load_raw":
            self.outcome.articles = int(event.result.get("articles", 0))
            self.outcome.statements = int(event.result.get("statements", 0))
        self.console.print(f"    {label:<15} {duration(seconds):>7}  {step_counts(event)}",
                           markup=False, highlight=False)

    def close(self) -> None:
        if self._bars is not None:
            self._bars.stop()
            self._bars = None


def step_counts(event: Event) -> str:
    """What a finished step did, in a few words."""
    r = event.result
    match event.step:
        case "extract":
            return (f"{plural(r.get('articles', 0), 'article')}, "
                    f"{plural(r.get('duplicates', 0), 'duplicate')}, "
                    f"{r.get('quarantined', 0)} quarantined")
        case "tag":
            return (f"{plural(r.get('articles', 0), 'article')}, "
                    f"{plural(r.get('statements', 0), 'statement')}, "
                    f"{plural(r.get('entity_mentions', 0), 'entity mention')}")
        case "load_raw":
            return (f"{plural(r.get('articles', 0), 'article')}, "
                    f"{plural(r.get('statements', 0), 'statement')}, "
                    f"{r.get('quarantine', 0)} quarantined")
        case "validate_raw" | "validate_marts":
            return (f"{plural(r.get('expectations', 0), 'expectation')}, "
                    f"{plural(r.get('warnings', 0), 'warning')}")
        case "dbt_build":
            return str(r.get("dbt", "ok")).split("Done. ", 1)[-1]
        case "publish":
            return "BI snapshot published"
    return ""


@contextmanager
def watching(events: Path, printer: StepPrinter, interval: float = 0.2) -> Iterator[None]:
    """Print the events appended to ``events`` while the body runs (a background thread),
    then the last ones."""
    stop = threading.Event()
    offset = 0

    def drain() -> None:
        nonlocal offset
        new, offset = read_new(events, offset)
        for event in new:
            printer.handle(event)

    def loop() -> None:
        while not stop.wait(interval):
            drain()

    thread = threading.Thread(target=loop, name="newsdw-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        drain()
        printer.close()


def eta(done: list[DayOutcome], remaining: int) -> str:
    """``, about 6m10s left`` from the mean duration of the days done so far."""
    if not remaining or not done:
        return ""
    mean = sum(d.seconds for d in done) / len(done)
    return f"; about {duration(mean * remaining)} left ({plural(remaining, 'day')})"


def days_table(outcomes: list[DayOutcome], total_days: int) -> Table:
    """The final table of a backfill: every day, ok / empty / failed with the reason."""
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("ok", "empty", "failed")}
    skipped = total_days - len(outcomes)
    title = (f"{counts['ok']} ok, {counts['empty']} empty, {counts['failed']} failed"
             + (f", {skipped} not run (--fail-fast)" if skipped else ""))
    table = Table(title=title)
    for name, justify in (("day", "left"), ("status", "left"), ("articles", "right"),
                          ("statements", "right"), ("time", "right"), ("reason", "left")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for o in outcomes:
        table.add_row(o.day, o.status, "" if o.articles is None else str(o.articles),
                      "" if o.statements is None else str(o.statements), duration(o.seconds),
                      o.reason)
    return table
