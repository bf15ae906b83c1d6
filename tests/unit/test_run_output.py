"""What `newsdw run`/`backfill` print and write: progress events through a real file, a line per
step and per day, the final table, the log file without ANSI codes, a backfill that goes on
past a failed day (or stops with --fail-fast), and a lock refusal that prints only itself."""

from __future__ import annotations

import io
import re

import duckdb
import pytest
from rich.console import Console

from newsdw import cli
from newsdw.ops import progress, run_days
from newsdw.ops.progress import Event, read_new
from newsdw.ops.run_days import RunOptions
from newsdw.ops.run_output import (
    DayOutcome,
    RunLog,
    StepPrinter,
    days_table,
    duration,
    eta,
    strip_ansi,
    watching,
)
from newsdw.settings import Settings
from newsdw.warehouse.dbt_runner import node_done
from newsdw.warehouse.locking import writer_lock


def _console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=120, highlight=False, soft_wrap=True), out


def test_events_travel_through_the_progress_file_in_order(tmp_path, monkeypatch):
    events = tmp_path / "events.jsonl"
    monkeypatch.setenv(progress.PROGRESS_ENV, str(events))
    with progress.step("load_raw") as result:
        result.update(articles=4, statements=56)
    progress.progress("tag", 3, 10, "articles")
    with pytest.raises(ValueError), progress.step("validate_raw"):
        raise ValueError("bad data\nsecond line")
    got, offset = read_new(events, 0)
    assert [(e.kind, e.step) for e in got] == [
        ("start", "load_raw"), ("end", "load_raw"), ("progress", "tag"),
        ("start", "validate_raw"), ("end", "validate_raw")]
    assert got[1].result == {"articles": 4, "statements": 56} and got[1].seconds >= 0
    assert got[2].done == 3 and got[2].total == 10
    assert got[4].error == "ValueError: bad data"  # one line
    # a line still being written is left for the next read
    with open(events, "a") as f:
        f.write('{"kind": "start", "st')
    assert read_new(events, offset) == ([], offset)


def test_without_a_listener_emitting_does_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv(progress.PROGRESS_ENV, raising=False)
    with progress.step("extract"):
        progress.progress("tag", 1, 2, "articles")
    assert list(tmp_path.iterdir()) == []


def test_a_line_per_finished_step_with_its_duration_and_counts(tmp_path):
    console, out = _console()
    outcome = DayOutcome("2024-04-19")
    events = tmp_path / "events.jsonl"
    lines = [
        Event("end", "extract", seconds=2.04,
              result={"articles": 4, "duplicates": 1, "quarantined": 0}),
        Event("progress", "tag", done=2, total=4, unit="articles"),
        Event("end", "load_raw", seconds=0.3,
              result={"articles": 4, "statements": 56, "quarantine": 0}),
        Event("end", "dbt_build", seconds=28.3,
              result={"dbt": "12:00:01  Done. PASS=72 WARN=0 ERROR=0 SKIP=0 TOTAL=72"}),
        Event("end", "validate_marts", seconds=3.0, error="ValidationFailed: 1 failed"),
    ]
    events.write_text("".join(
        __import__("json").dumps(__import__("dataclasses").asdict(e)) + "\n" for e in lines))
    with watching(events, StepPrinter(console, outcome), interval=0.01):
        pass
    text = out.getvalue()
    assert re.search(r"^ +extract +2\.0s  4 articles, 1 duplicate, 0 quarantined$", text, re.M)
    assert re.search(r"^ +load raw +0\.3s  4 articles, 56 statements", text, re.M)
    assert re.search(r"^ +dbt build +28\.3s  PASS=72 WARN=0", text, re.M)
    assert "validate marts  failed after 3.0s: ValidationFailed: 1 failed" in text
    assert (outcome.articles, outcome.statements, outcome.failed_step) == (4, 56,
                                                                          "validate_marts")
    assert "\x1b" not in text  # not a terminal: no progress bar, no codes


def test_durations_eta_and_the_final_table():
    assert [duration(s) for s in (4.24, 117, 3725)] == ["4.2s", "1m57s", "1h02m"]
    done = [DayOutcome("2024-04-18", seconds=100), DayOutcome("2024-04-19", seconds=140)]
    assert eta(done, 3) == "; about 6m00s left (3 days)"
    assert eta(done, 0) == ""
    outcomes = [
        DayOutcome("2024-04-18", "ok", 3, 40, 100.0),
        DayOutcome("2024-04-21", "empty", 0, 0, 41.0, "no article for this date in any source"),
        DayOutcome("2024-04-22", "failed", None, None, 12.0, "validate_raw: ValidationFailed"),
    ]
    console, out = _console()
    console.print(days_table(outcomes, 5))
    text = out.getvalue()
    assert "1 ok, 1 empty, 1 failed, 2 not run (--fail-fast)" in text
    assert re.search(r"2024-04-21 +│ empty +│ +0 │ +0 │ +41\.0s │ no article", text)
    assert re.search(r"2024-04-22 +│ failed +│ +│ +│ +12\.0s │ validate_raw: ", text)


def test_the_log_file_keeps_every_line_without_ansi_codes(tmp_path, capsys):
    log = RunLog(tmp_path / "logs" / "run.log", verbose=True)
    log.write("\x1b[2m2026-12-02T07:00:00Z\x1b[0m [\x1b[32minfo\x1b[0m] dbt | 1 of 3 OK\n")
    log.write("\x1b]8;id=1;file:///x\x1b\\link\x1b]8;;\x1b\\ plain")
    log.close()
    assert (tmp_path / "logs" / "run.log").read_text() == (
        "2026-12-02T07:00:00Z [info] dbt | 1 of 3 OK\nlink plain\n")
    assert "1 of 3 OK" in capsys.readouterr().err  # --verbose streams them as they come
    assert strip_ansi("\x1b[1;31mred\x1b[0m") == "red"


def test_dbt_nodes_done_are_counted_from_its_lines():
    assert node_done("12:00:03  7 of 58 OK created sql view model main.stg_articles") == (7, 58)
    assert node_done("12:00:03  9 of 58 PASS not_null_x ....... [PASS in 0.1s]") == (9, 58)
    assert node_done("12:00:02  7 of 58 START sql view model main.stg_articles") is None
    assert node_done("12:00:09  Done. PASS=58 WARN=0 ERROR=0 SKIP=0 TOTAL=58") is None


def _fake_days(monkeypatch, statuses: dict[str, str]) -> list[str]:
    """Replace the one step that runs a day (Airflow, minutes each) by its outcome: what is
    tested here is the loop around it."""
    ran: list[str] = []

    def run_day(settings, day, log, console, options):
        ran.append(day)
        status = statuses[day]
        outcome = DayOutcome(day, status, 0 if status == "empty" else 4,
                             0 if status == "empty" else 56, 117.0)
        if status == "failed":
            outcome.failed_step = "validate_raw"
            outcome.reason = "validate_raw: ValidationFailed: 1 critical"
            outcome.reason_line = f"newsdw: news_daily for {day}: task validate_raw failed"
        return outcome

    monkeypatch.setattr(run_days, "_run_day", run_day)
    return ran


DAYS = ["2024-04-18", "2024-04-19", "2024-04-20", "2024-04-21", "2024-04-22"]
STATUSES = {"2024-04-18": "ok", "2024-04-19": "failed", "2024-04-20": "ok",
            "2024-04-21": "empty", "2024-04-22": "ok"}


def test_a_backfill_goes_on_past_a_failed_day_and_exits_1(tmp_path, monkeypatch, capsys):
    ran = _fake_days(monkeypatch, STATUSES)
    settings = Settings.from_env(warehouse=str(tmp_path / "news.duckdb"))
    console, out = _console()
    code = run_days.run_days(settings, DAYS, RunOptions("backfill"), console)
    assert code == 1 and ran == DAYS
    text = out.getvalue()
    assert "[1/5] 2024-04-18: 4 articles, 56 statements, 1m57s; about 7m48s left (4 days)" \
        in text
    assert "[2/5] 2024-04-19: FAILED in validate_raw, 1m57s" in text
    assert "[4/5] 2024-04-21: no articles (empty day), 1m57s" in text
    assert "3 ok, 1 empty, 1 failed" in text
    err = capsys.readouterr().err
    assert "newsdw: news_daily for 2024-04-19: task validate_raw failed" in err
    [log] = (tmp_path / "logs").glob("backfill-2024-04-18..2024-04-22-*.log")
    assert f"full log: {log}" in text and f"the full log is {log}" in err


def test_fail_fast_stops_at_the_failed_day(tmp_path, monkeypatch):
    ran = _fake_days(monkeypatch, STATUSES)
    settings = Settings.from_env(warehouse=str(tmp_path / "news.duckdb"))
    console, out = _console()
    assert run_days.run_days(settings, DAYS, RunOptions("backfill", fail_fast=True),
                             console) == 1
    assert ran == DAYS[:2]
    assert "1 ok, 0 empty, 1 failed, 3 not run (--fail-fast)" in out.getvalue()


def test_an_empty_day_is_not_a_failure(tmp_path, monkeypatch):
    _fake_days(monkeypatch, {"2024-04-21": "empty"})
    settings = Settings.from_env(warehouse=str(tmp_path / "news.duckdb"))
    console, _ = _console()
    assert run_days.run_days(settings, ["2024-04-21"], RunOptions(), console) == 0


@pytest.mark.parametrize("command", ["run", "backfill"])
def test_a_run_refused_by_the_lock_prints_only_the_refusal(tmp_path, capsys, command):
    warehouse = tmp_path / "news.duckdb"
    duckdb.connect(str(warehouse)).close()
    docs = tmp_path / "data_docs" / "index.html"  # Data Docs of an earlier run exist
    docs.parent.mkdir()
    docs.write_text("<html></html>")
    dates = (["--date", "2024-04-20"] if command == "run"
             else ["--start", "2024-04-20", "--end", "2024-04-21"])
    with writer_lock(warehouse):  # another writer holds the warehouse
        code = cli.main([command, *dates, "--warehouse", str(warehouse)])
    out, err = capsys.readouterr()
    assert code == 75
    assert out == ""
    [line] = err.splitlines()
    assert line.startswith("newsdw: ") and "being written by pid" in line
    assert not (tmp_path / "logs").exists()  # no log file for a run that did not start
