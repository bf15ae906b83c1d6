"""The daily DAG end to end, on real Airflow (`dags test`), spaCy, DuckDB, dbt and GX."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import newsdw, table_contents
from tests.e2e.landing import actorless_articles, folder_sources

DAY = "2024-04-20"


def rows(db: Path, sql: str, params=None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture(scope="module")
def sample_sources(tmp_path_factory, repo) -> Path:
    """The bundled sample articles in their own landing folder."""
    root = tmp_path_factory.mktemp("landing")
    shutil.copytree(repo / "samples", root / "samples")
    (root / "sources.yml").write_text(
        "sources:\n  - name: samples\n    type: folder\n    path: samples\n    language: en\n"
    )
    return root / "sources.yml"


@pytest.fixture(scope="module")
def first_run(tmp_path_factory, airflow_home, sample_sources):
    warehouse = tmp_path_factory.mktemp("wh") / "news.duckdb"
    proc = newsdw("run", "--date", DAY, "--sources", str(sample_sources),
                  "--warehouse", str(warehouse), home=airflow_home)
    return warehouse, proc


def test_the_sample_day_lands_in_the_marts_and_the_bi_snapshot(first_run):
    warehouse, proc = first_run
    snapshot = warehouse.with_name("news_bi.duckdb")
    assert snapshot.exists()
    for mart in ("actors", "issues", "statements", "statement_issues", "article_actors"):
        assert rows(snapshot, f"select count(*) from marts.{mart}")[0][0] > 0, mart
    speakers = {name for (name,) in rows(snapshot, "select speaker_name from marts.statements")}
    assert "Antony Blinken" in speakers
    blinken = rows(
        snapshot, "select actor_type from marts.actors where actor_name = 'Antony Blinken'"
    )
    assert blinken == [("person",)]
    issues = {
        i for (i,) in rows(snapshot, "select issue_id from marts.issues where mention_count > 0")
    }
    assert {"ukraine_war", "taiwan"} <= issues
    # The sample article is primarily about an international-affairs issue (one primary), and
    # its statements carry scored issues too.
    primary = rows(
        snapshot,
        "select i.topic_issue_id, ai.score from marts.article_issues ai "
        "join marts.issues i using (issue_id) where ai.is_primary",
    )
    assert len(primary) == 1 and primary[0][0] == "cap_international_affairs", primary
    assert 0 < primary[0][1] <= 1
    assert rows(snapshot, "select count(*) from marts.statement_issues where is_primary")[0][0] > 0
    # The run summary printed what landed, and ends with where the Data Docs are.
    assert "Top actors" in proc.stdout and "Antony Blinken" in proc.stdout
    last = proc.stdout.rstrip().splitlines()[-1]
    assert last.startswith("Data Docs: ") and last.endswith("data_docs/index.html"), last
    # ... and what each source gave, stored in the audit schema.
    assert f"Sources for {DAY}" in proc.stdout
    summary = rows(snapshot, "select source, found, loaded, other_dates, error "
                   "from audit.source_runs")
    assert summary == [("samples", 13, 1, 12, None)]
    # Every expectation of both layers was recorded.
    layers = rows(snapshot, "select distinct layer from audit.validation_results order by 1")
    assert layers == [("marts",), ("raw",)]
    # The snapshot carries only what BI should read.
    schemas = {s for (s,) in rows(snapshot, "select table_schema from information_schema.tables")}
    assert schemas == {"marts", "audit"}


def test_re_running_the_same_date_replaces_the_day_instead_of_duplicating_it(
    first_run, airflow_home, sample_sources
):
    warehouse, _ = first_run
    before = table_contents(warehouse, ("raw", "marts"))
    newsdw("run", "--date", DAY, "--sources", str(sample_sources),
           "--warehouse", str(warehouse), home=airflow_home)
    after = table_contents(warehouse, ("raw", "marts"))
    assert after == before
    assert rows(warehouse, "select count(*) from audit.loads")[0][0] == 2  # the audit keeps both


def test_a_failed_validation_stops_the_publish_and_keeps_the_previous_snapshot(
    first_run, airflow_home, tmp_path
):
    warehouse, _ = first_run
    snapshot = warehouse.with_name("news_bi.duckdb")
    published = snapshot.read_bytes()
    # Articles in which the tagger finds no actor: the raw suite's NLP health fails (critical).
    # (A day without any article is valid: tests/e2e/test_backfill.py.)
    landing = tmp_path / "landing"
    actorless_articles(landing, "2024-04-25")
    proc = newsdw("run", "--date", "2024-04-25", "--sources",
                  str(folder_sources(tmp_path, landing)), "--warehouse", str(warehouse),
                  home=airflow_home, check=False)
    assert proc.returncode != 0
    # one line of the CLI says which task failed and why, and that BI kept its snapshot
    assert any(line.startswith(
        "newsdw: news_daily for 2024-04-25: task validate_raw failed (not retried: a retry "
        "cannot fix it): ValidationFailed: raw validation failed for 2024-04-25"
    ) for line in proc.stderr.splitlines()), proc.stderr[-2000:]
    assert "the BI snapshot was not published" in proc.stderr
    # the run's log file names the failing expectation; the task failed without retrying
    [log] = re.findall(r"full log: (\S+\.log)", proc.stdout.replace("\n", ""))
    output = Path(log).read_text(encoding="utf-8")
    assert "expect_column_values_to_be_between on raw.nlp_health" in output
    assert "AirflowFailException" in output
    # and the failure callback (newsdw.ops.alerts.report_failure) reported it
    assert re.search(r"news_daily run \S+ failed in task validate_raw \(logical date 2024-04-25",
                     output), output[-3000:]
    assert snapshot.read_bytes() == published
    failed = rows(warehouse, "select expectation from audit.validation_results "
                  "where logical_date = '2024-04-25' and not success")
    assert failed, "the failing expectation is recorded in the audit table"
