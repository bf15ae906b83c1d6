"""`newsdw backfill` end to end on the embedded Airflow: a good day, a quiet day without any
article and a day whose raw validation fails, in that order. The backfill goes on past the
failed day, records the quiet one as an empty load that still publishes, prints a line per
step and per day and a final table, keeps the full logs in a file, and exits 1."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, newsdw
from tests.e2e.landing import actorless_articles, folder_sources

GOOD, QUIET, BAD = "2024-04-20", "2024-04-21", "2024-04-22"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@pytest.fixture(scope="module")
def backfill(tmp_path_factory, airflow_home):
    root = tmp_path_factory.mktemp("backfill")
    landing = root / "landing"
    landing.mkdir()
    shutil.copy(REPO / "samples" / "2024-04-20-blinken-china-visit.txt", landing)
    actorless_articles(landing, BAD)
    warehouse = root / "wh" / "news.duckdb"
    started = _utc_now()
    proc = newsdw("backfill", "--start", GOOD, "--end", BAD,
                  "--sources", str(folder_sources(root, landing)),
                  "--warehouse", str(warehouse), home=airflow_home, check=False)
    return proc, warehouse, started, _utc_now(), airflow_home


def _rows(db: Path, sql: str, params=None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_the_backfill_goes_past_the_failed_day_and_says_what_happened_to_each(backfill):
    proc, _, _, _, _ = backfill
    assert proc.returncode == 1, proc.stderr[-3000:]
    out = proc.stdout
    # one line per day, with counts, its time and the time left
    assert re.search(rf"^\[1/3\] {GOOD}: 1 article, \d+ statements, \S+; about \S+ left "
                     r"\(2 days\)$", out, re.M), out
    assert re.search(rf"^\[2/3\] {QUIET}: no articles \(empty day\), \S+; about \S+ left",
                     out, re.M), out
    assert re.search(rf"^\[3/3\] {BAD}: FAILED in validate_raw, \S+$", out, re.M), out
    # a line per step, with its duration and counts
    assert re.search(r"^ +extract +\S+s +1 article, 0 duplicates", out, re.M), out
    assert re.search(r"^ +dbt build +\S+ +PASS=\d+ ", out, re.M), out
    assert re.search(r"^ +validate raw +failed after \S+: ValidationFailed", out, re.M), out
    # the final table: every day with its status, the failed one with its reason
    assert "1 ok, 1 empty, 1 failed" in out
    table = {line.split("│")[1].strip(): line for line in out.splitlines()
             if line.startswith("│ 2024-")}
    assert " ok " in table[GOOD] and " empty " in table[QUIET]
    assert " failed " in table[BAD] and "validate_raw" in table[BAD]
    # the failed day in one line on stderr, and where the full log is
    assert re.search(rf"^newsdw: news_daily for {BAD}: task validate_raw failed \(not "
                     r"retried: a retry cannot fix it\): ValidationFailed", proc.stderr, re.M)
    assert "the full log is " in proc.stderr
    # readable: no Airflow log lines on the terminal, no warnings nobody can act on
    terminal = out + proc.stderr
    for noise in ("graphviz", "XCom not found", "[info", "[error", "\x1b["):
        assert noise not in terminal, noise
    assert len(terminal.splitlines()) < 60, terminal


def test_the_full_logs_are_in_one_file_without_ansi_codes_or_spurious_errors(backfill):
    proc, warehouse, _, _, _ = backfill
    [path] = re.findall(r"full log: (\S+\.log)", proc.stdout.replace("\n", ""))
    log = Path(path)
    assert log.parent == warehouse.parent / "logs"
    text = log.read_text(encoding="utf-8")
    assert "DagRun Finished" in text and "dbt | " in text  # Airflow's and dbt's lines
    assert "expect_column_values_to_be_between on raw.nlp_health" in text  # the failure
    for noise in ("\x1b", "XCom not found", "graphviz"):
        assert noise not in text, noise


def test_the_quiet_day_is_an_empty_load_that_was_built_and_published(backfill):
    _, warehouse, started, ended, _ = backfill
    loads = _rows(warehouse, "select logical_date, articles, statements, loaded_at, "
                  "run_started_at from audit.loads order by logical_date")
    assert [(str(d), a) for d, a, *_ in loads] == [(GOOD, 1), (QUIET, 0), (BAD, 6)]
    # honest times: when each day loaded and when its run started, not the logical date
    for _, _, _, loaded_at, run_started_at in loads:
        assert started <= run_started_at <= loaded_at <= ended
    # dbt and the marts validation ran for the quiet day, and it published
    layers = _rows(warehouse, "select distinct layer from audit.validation_results "
                   "where logical_date = ? order by 1", [QUIET])
    assert layers == [("marts",), ("raw",)]
    warned = _rows(warehouse, "select table_name, expectation from audit.validation_results "
                   "where logical_date = ? and layer = 'raw' and not success", [QUIET])
    assert warned == [("raw.articles", "expect_table_row_count_to_be_between")]
    assert warehouse.with_name("news_bi.duckdb").exists()


def test_airflow_shows_each_runs_real_start_and_duration(backfill):
    _, _, started, ended, airflow_home = backfill
    with sqlite3.connect(airflow_home / "airflow.db") as db:
        runs = db.execute(
            "select logical_date, start_date, end_date from dag_run where dag_id = 'news_daily' "
            "and logical_date >= ? and logical_date < ? order by logical_date",
            [GOOD, "2024-04-23"]).fetchall()
    assert len(runs) == 3
    for _, start, end in runs:
        start, end = (dt.datetime.fromisoformat(v).replace(tzinfo=None) for v in (start, end))
        assert started <= start <= end <= ended  # not the logical date as the start
