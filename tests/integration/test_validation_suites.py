"""Every suite on a real warehouse: a good load passes and publishes; corrupting a copy in the
way a suite guards against fails validation with that expectation named, and the publish does
not happen (the BI snapshot stays as it was). Also the volume warning (recorded, published)
and the exit codes of `newsdw validate`.

The good warehouse is built once per module with `newsdw run --in-process` for 2024-04-20 on a
landing folder holding the bundled sample and the gold articles re-dated to that day (19
articles: the gold copy of the sample is a duplicate). Each test copies its two DuckDB files.

After a corruption the steps run in-process in the DAG's order from the corrupted layer on:
raw: validate_step("raw") → validate_step("marts") → publish_step (dbt_build is left out: the
good warehouse's marts are already built from the same raw rows); marts: validate_step("marts")
→ publish_step (a corruption after dbt_build). A ValidationFailed stops the run like the
failed task stops the DAG.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from expectations.runner import ValidationFailed, validate_layer
from newsdw.pipeline import steps
from newsdw.pipeline.context import RunContext
from newsdw.settings import Settings
from tests.conftest import REPO

DAY = dt.date(2024, 4, 20)
VALIDATED_AT = dt.datetime(2024, 4, 21, 0, 5)
BIN = Path(sys.executable).parent


def _landing(root: Path) -> Path:
    landing = root / "landing"
    landing.mkdir(parents=True)
    for path in sorted((REPO / "samples").glob("*.txt")):
        shutil.copy(path, landing / path.name)
    for path in sorted((REPO / "tests" / "gold").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"date \d{4}-\d{2}-\d{2}", f"date {DAY}", text, count=1)
        (landing / path.name).write_text(text, encoding="utf-8")
    sources = root / "sources.yml"
    sources.write_text(
        "sources:\n  - name: landing\n    type: folder\n    path: landing\n    language: en\n"
    )
    return sources


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    """The directory of a good, published warehouse (news.duckdb, news_bi.duckdb)."""
    root = tmp_path_factory.mktemp("good")
    sources = _landing(root)
    warehouse = root / "warehouse" / "news.duckdb"
    proc = subprocess.run(
        [sys.executable, "-m", "newsdw.cli", "run", "--in-process", "--date", str(DAY),
         "--sources", str(sources), "--warehouse", str(warehouse), "--run-id", f"good__{DAY}"],
        cwd=REPO, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    return warehouse.parent


def _copy(good: Path, tmp_path: Path) -> RunContext:
    target = tmp_path / "warehouse"
    target.mkdir()
    for name in ("news.duckdb", "news_bi.duckdb"):
        shutil.copy2(good / name, target / name)
    settings = Settings.from_env(warehouse=target / "news.duckdb")
    return RunContext(DAY, f"test__{tmp_path.name}", settings)


def _sql(ctx: RunContext, *statements: str) -> None:
    with duckdb.connect(str(ctx.settings.warehouse)) as con:
        for statement in statements:
            con.execute(statement)


def _rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _snapshot_state(ctx: RunContext) -> tuple:
    path = ctx.settings.bi_snapshot
    st = path.stat()
    return st.st_ino, st.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()


def _run_from(ctx: RunContext, layer: str) -> tuple[list[dict], ValidationFailed | None]:
    """The DAG's steps from ``layer``'s validation on; stops at a failed validation."""
    done: list[dict] = []
    for step in ("raw", "marts")[("raw", "marts").index(layer):]:
        try:
            done.append(steps.validate_step(ctx, step, VALIDATED_AT))
        except ValidationFailed as exc:
            return done, exc
    done.append(steps.publish_step(ctx))
    return done, None


def test_a_good_load_passes_every_suite_and_publishes(good, tmp_path):
    ctx = _copy(good, tmp_path)
    before = _snapshot_state(ctx)
    (raw, marts, published), failed = _run_from(ctx, "raw")
    assert failed is None
    assert _snapshot_state(ctx) != before  # a new snapshot was renamed into place
    assert published["snapshot"] == str(ctx.settings.bi_snapshot)
    for step in (raw, marts):
        assert step["warnings"] == 0
        assert step["data_docs"] == str(ctx.settings.data_docs_dir.resolve() / "index.html")
        assert Path(step["data_docs"]).exists()
    audited = dict(
        _rows(
            ctx.settings.warehouse,
            "select table_name || '.' || column_name, observed_value "
            "from audit.validation_results where run_id = ? and table_name in "
            "('raw.nlp_health', 'raw.volume')",
            [ctx.run_id],
        )
    )
    # the metric, then the counts it was computed from
    assert re.fullmatch(r"0\.9\d* \(articles=19, .*statements=\d+, .*\)",
                        audited["raw.nlp_health.speaker_share"])
    assert audited["raw.nlp_health.articles_with_actor_share"].startswith("1 (articles=19")
    density = float(audited["raw.nlp_health.entities_per_1k_words"].split()[0])
    assert 50 < density < 150
    assert audited["raw.volume.volume_ratio"].startswith("null (not judged) (article_count=19")


FIRST = "(select min({key}) from {table})"

CORRUPTIONS: dict[str, tuple[str, list[str], list[str]]] = {
    # name: (layer, SQL that corrupts the good load, fragments the failure message must contain)
    "raw.articles: duplicate id": (
        "raw",
        ["insert into raw.articles select * from raw.articles where article_id = "
         + FIRST.format(key="article_id", table="raw.articles")],
        ["expect_column_values_to_be_unique on raw.articles.article_id", "offending values: '"],
    ),
    "raw.articles: published outside the day": (
        "raw",
        ["update raw.articles set published_date = date '2024-04-23', "
         "published_at = timestamp '2024-04-23 10:00' where article_id = "
         + FIRST.format(key="article_id", table="raw.articles")],
        ["expect_column_values_to_be_between on raw.articles.published_date", "2024-04-23",
         "rows: article_id="],
    ),
    "raw.entity_mentions: span past the end of the body": (
        "raw",
        ["update raw.entity_mentions set end_char = 1000000 where mention_id = "
         + FIRST.format(key="mention_id", table="raw.entity_mentions")],
        ["expect_column_pair_values_a_to_be_greater_than_b on "
         "raw.entity_mentions.article_body_len,end_char", "end_char=1000000"],
    ),
    "raw.statements: duplicate id": (
        "raw",
        ["insert into raw.statements select * from raw.statements where statement_id = "
         + FIRST.format(key="statement_id", table="raw.statements")],
        ["expect_column_values_to_be_unique on raw.statements.statement_id"],
    ),
    "raw.issue_mentions: negative offset": (
        "raw",
        ["update raw.issue_mentions set start_char = -3 where issue_mention_id = "
         + FIRST.format(key="issue_mention_id", table="raw.issue_mentions")],
        ["expect_column_values_to_be_between on raw.issue_mentions.start_char",
         "offending values: -3"],
    ),
    "raw.issue_scores: two primaries": (
        "raw",
        ["update raw.issue_scores set is_primary = true where statement_id is null"],
        ["expect_column_values_to_be_in_set on raw.issue_scores.primary_count"],
    ),
    "raw.nlp_health: no speaker resolved": (
        "raw",
        ["update raw.statements set speaker_actor_id = null"],
        ["expect_column_values_to_be_between on raw.nlp_health.speaker_share: NLP health",
         "observed 0 (articles=19, ", "statements_with_speaker=0",
         "expected min_value=0.5, max_value=1"],
    ),
    "raw.nlp_health: no entities": (
        "raw",
        ["delete from raw.entity_mentions"],
        ["expect_column_values_to_be_between on raw.nlp_health.entities_per_1k_words",
         "expect_column_values_to_be_between on raw.nlp_health.articles_with_actor_share",
         "entity_mentions=0"],
    ),
    "marts.actors: duplicate id": (
        "marts",
        ["insert into marts.actors select * from marts.actors where actor_id = "
         + FIRST.format(key="actor_id", table="marts.actors")],
        ["expect_column_values_to_be_unique on marts.actors.actor_id"],
    ),
    # (the dbt contracts already refuse nulls in the marts' key and name columns)
    "marts.issues: blank name": (
        "marts",
        ["update marts.issues set issue_name = '  ' where issue_id = 'taiwan'"],
        ["expect_column_values_to_match_regex on marts.issues.issue_name", "issue_id=taiwan"],
    ),
    "marts.articles: duplicate id": (
        "marts",
        ["insert into marts.articles select * from marts.articles where article_id = "
         + FIRST.format(key="article_id", table="marts.articles")],
        ["expect_column_values_to_be_unique on marts.articles.article_id"],
    ),
    "marts.statements: dangling speaker id": (
        "marts",
        ["update marts.statements set speaker_actor_id = 'act_ghost' where statement_id = "
         + FIRST.format(key="statement_id", table="marts.statements")],
        ["expect_column_values_to_be_in_set on marts.statements.speaker_actor_id",
         "'act_ghost'", "values of marts.actors.actor_id"],
    ),
    "marts.statement_issues: dangling issue id": (
        "marts",
        ["update marts.statement_issues set issue_id = 'no_such_issue' where statement_id = "
         + FIRST.format(key="statement_id", table="marts.statement_issues")],
        ["expect_column_values_to_be_in_set on marts.statement_issues.issue_id",
         "'no_such_issue'"],
    ),
    "marts.article_actors: duplicate key": (
        "marts",
        ["insert into marts.article_actors "
         "select * from (select * from marts.article_actors order by all limit 1)"],
        ["expect_compound_columns_to_be_unique on marts.article_actors.article_id,actor_id"],
    ),
    "marts.article_issues: dangling article id": (
        "marts",
        ["update marts.article_issues set article_id = 'art_ghost' where article_id = "
         + FIRST.format(key="article_id", table="marts.article_issues")],
        ["expect_column_values_to_be_in_set on marts.article_issues.article_id", "'art_ghost'"],
    ),
    "marts.article_issues: no primary issue": (
        "marts",
        ["update marts.article_issues set is_primary = false where article_id = "
         + FIRST.format(key="article_id", table="marts.article_issues")],
        ["expect_column_values_to_be_in_set on marts.article_issues.primary_count"],
    ),
}


@pytest.mark.parametrize("name", list(CORRUPTIONS))
def test_a_corruption_fails_its_suite_and_nothing_is_published(good, tmp_path, name):
    layer, statements, expected = CORRUPTIONS[name]
    ctx = _copy(good, tmp_path)
    _sql(ctx, *statements)
    before = _snapshot_state(ctx)

    done, failed = _run_from(ctx, layer)

    assert failed is not None, f"{name}: validation passed"
    assert failed.report.layer == layer and not done  # the first validation already failed
    message = str(failed)
    for fragment in expected:
        assert fragment in message, message
    assert "Data Docs: " in message
    assert _snapshot_state(ctx) == before  # BI keeps the previous snapshot
    recorded = _rows(
        ctx.settings.warehouse,
        "select count(*) from audit.validation_results "
        "where run_id = ? and not success and severity = 'critical'",
        [ctx.run_id],
    )[0][0]
    assert recorded == len(failed.report.failures) >= 1


def _prior_days(ctx: RunContext, days: list[dt.date], articles: int) -> None:
    """Synthetic earlier loads: ``articles`` copies of the day's articles on each date."""
    for day in days:
        _sql(
            ctx,
            f"insert into raw.articles select * replace (date '{day}' as logical_date, "
            f"article_id || '-{day}' as article_id) "
            f"from raw.articles where logical_date = date '{DAY}' "
            f"order by article_id limit {articles}",
        )


def test_a_volume_spike_is_a_recorded_warning_and_the_day_still_publishes(good, tmp_path):
    ctx = _copy(good, tmp_path)
    earlier = [DAY - dt.timedelta(days=n) for n in (9, 8, 7, 6, 5, 4, 3, 2, 1)]
    # two earlier dates are no baseline: not judged
    _prior_days(ctx, earlier[-2:], articles=4)
    report = validate_layer(ctx.settings.warehouse, "raw", DAY, "probe", None)
    [volume] = [r for r in report.results if r.table == "raw.volume"]
    assert volume.success and volume.observed_value.startswith("null (not judged)")

    # nine earlier dates, the 7 latest with 4 articles: the day's 19 are a spike (19 / 4 > 3)
    _prior_days(ctx, earlier[2:-2], articles=4)
    _prior_days(ctx, earlier[:2], articles=19)  # outside the 7-day window
    before = _snapshot_state(ctx)
    (raw, _, _), failed = _run_from(ctx, "raw")

    assert failed is None and raw["warnings"] == 1
    assert _snapshot_state(ctx) != before  # published all the same
    [row] = _rows(
        ctx.settings.warehouse,
        "select column_name, success, severity, observed_value from audit.validation_results "
        "where run_id = ? and table_name = 'raw.volume'",
        [ctx.run_id],
    )
    assert row == (
        "volume_ratio", False, "warning",
        "4.75 (article_count=19, trailing_median=4, prior_days=7)",
    )


def test_a_volume_drop_is_a_warning_too(good, tmp_path):
    ctx = _copy(good, tmp_path)
    earlier = [DAY - dt.timedelta(days=n) for n in (3, 2, 1)]
    _prior_days(ctx, earlier, articles=19)
    keep = (f"(select article_id from raw.articles where logical_date = date '{DAY}' "
            "order by article_id limit 5)")
    _sql(ctx, *(
        f"delete from raw.{table} where logical_date = date '{DAY}' and article_id not in {keep}"
        for table in ("issue_scores", "issue_mentions", "statements", "entity_mentions",
                      "articles")
    ))
    report = validate_layer(ctx.settings.warehouse, "raw", DAY, "probe", None)
    assert report.success  # a warning only
    [volume] = report.warnings
    assert volume.table == "raw.volume"
    assert volume.unexpected_values == (round(5 / 19, 4),)
    assert "trailing_median=19" in volume.explanation


# --- newsdw validate ----------------------------------------------------------------------------


def _newsdw_validate(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "newsdw"), "validate", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=600)


def test_newsdw_validate_passes_a_good_warehouse(good, tmp_path):
    ctx = _copy(good, tmp_path)
    proc = _newsdw_validate("--warehouse", str(ctx.settings.warehouse))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert re.match(r"raw validation passed for 2024-04-20 \(run manual__validate__\d{8}T\d{6}Z\)",
                    lines[0]), proc.stdout
    assert any(line.startswith("marts validation passed for 2024-04-20") for line in lines)
    docs = ctx.settings.data_docs_dir.resolve() / "index.html"
    assert lines[-1] == f"Data Docs: {docs}" and docs.exists()
    runs = _rows(ctx.settings.warehouse,
                 "select run_id, layer, count(*) from audit.validation_results "
                 "where run_id like 'manual__validate__%' group by all order by layer")
    assert [layer for _, layer, _ in runs] == ["marts", "raw"]


def test_newsdw_validate_fails_a_corrupted_warehouse(good, tmp_path):
    ctx = _copy(good, tmp_path)
    layer, statements, expected = CORRUPTIONS["raw.articles: duplicate id"]
    _sql(ctx, *statements)
    proc = _newsdw_validate("--warehouse", str(ctx.settings.warehouse), "--layer", "raw",
                            "--date", str(DAY))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "raw validation FAILED for 2024-04-20" in proc.stdout
    for fragment in expected:
        assert fragment in proc.stdout
    assert "marts validation" not in proc.stdout  # --layer raw


def test_newsdw_validate_without_a_warehouse_is_a_usage_error(tmp_path):
    proc = _newsdw_validate("--warehouse", str(tmp_path / "missing.duckdb"))
    assert proc.returncode == 2 and "does not exist" in proc.stderr


def test_an_article_tagged_before_the_topic_classifier_needs_no_primary(good, tmp_path):
    # A warehouse upgraded in place: its older articles have issue rows without scores and
    # without a primary; they still validate, while a scored article without one fails.
    ctx = _copy(good, tmp_path)
    first = FIRST.format(key="article_id", table="marts.article_issues")
    _sql(ctx, "update marts.article_issues set is_primary = false, score = null "
              f"where article_id = {first}")
    report = validate_layer(ctx.settings.warehouse, "marts", DAY, "probe", None)
    assert report.success, [f.expectation for f in report.failures]
