"""audit.source_runs keeps every settlement counter of the extract step, `skipped` included, by
column name; a warehouse created before `skipped` existed is migrated by the load's DDL. So is
audit.loads, which counts the rows of every raw table a load writes, issue_scores included, and
raw.statements, whose `negated` flag came with issue #14."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from newsdw.warehouse import staging
from newsdw.warehouse.load import SOURCE_RUN_COUNTS, load_raw

DAY = dt.date(2024, 4, 20)

OLD_SOURCE_RUNS = """
create schema if not exists audit;
create table audit.source_runs (
    load_id varchar not null, run_id varchar not null, logical_date date not null,
    loaded_at timestamp not null, source varchar not null, found integer not null,
    loaded integer not null, duplicates integer not null, quarantined integer not null,
    other_dates integer not null, over_limit integer not null, error varchar
);
insert into audit.source_runs values
    ('load_old', 'run_old', '2024-04-19', '2024-04-20 01:00:00', 'landing', 3, 2, 1, 0, 0, 0,
     null);
"""


def staged_empty_day(root: Path) -> dict[str, list[Path]]:
    return {name: [staging.write_table(root / f"{name}.parquet", name, [])]
            for name in (*staging.EXTRACT_TABLES, *staging.TAG_TABLES)}


def test_skipped_is_loaded_by_name_and_old_warehouses_get_the_column(tmp_path):
    warehouse = tmp_path / "news.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute(OLD_SOURCE_RUNS)
    summaries = [
        # as the extract step stages them: vars(SourceSummary), `flagged` included
        {"source": "landing", "found": 9, "loaded": 3, "duplicates": 1, "quarantined": 2,
         "other_dates": 1, "over_limit": 0, "skipped": 2, "flagged": 1, "error": None},
        # staged by an older run, before `skipped` existed
        {"source": "old", "found": 1, "loaded": 1, "duplicates": 0, "quarantined": 0,
         "other_dates": 0, "over_limit": 0, "error": "x"},
    ]
    load_raw(warehouse, DAY, "run_1", "load_1", staged_empty_day(tmp_path), None, summaries,
             dt.datetime(2024, 4, 21, 1))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            f"select source, {', '.join(SOURCE_RUN_COUNTS)}, error from audit.source_runs "
            "order by loaded_at, source").fetchall()
        unbalanced = con.execute(
            "select count(*) from audit.source_runs where found <> loaded + duplicates "
            "+ quarantined + other_dates + over_limit + skipped").fetchone()[0]
    assert rows == [
        ("landing", 3, 2, 1, 0, 0, 0, 0, None),  # the old row: skipped 0
        ("landing", 9, 3, 1, 2, 1, 0, 2, None),
        ("old", 1, 1, 0, 0, 0, 0, 0, "x"),
    ]
    assert unbalanced == 0


OLD_LOADS = """
create schema if not exists audit;
create table audit.loads (
    load_id varchar not null, run_id varchar not null, logical_date date not null,
    loaded_at timestamp not null, articles integer not null, entity_mentions integer not null,
    statements integer not null, issue_mentions integer not null, duplicates integer not null,
    quarantined integer not null
);
insert into audit.loads values
    ('load_old', 'run_old', '2024-04-19', '2024-04-19 00:00:00', 4, 90, 56, 30, 0, 0);
"""


def test_an_empty_day_is_a_load_of_zero_rows_with_when_it_loaded_and_when_the_run_started(
    tmp_path,
):
    # a warehouse created before run_started_at existed is migrated in place by the load
    warehouse = tmp_path / "news.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute(OLD_LOADS)
    started, loaded = dt.datetime(2026, 12, 2, 7, 0), dt.datetime(2026, 12, 2, 7, 1, 30)
    counts = load_raw(warehouse, DAY, "run_1", "load_1", staged_empty_day(tmp_path), None,
                      [], loaded, started)
    assert counts["articles"] == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select run_id, logical_date, loaded_at, run_started_at, articles, statements "
            "from audit.loads order by loaded_at").fetchall()
        columns = [c for (c,) in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'audit' and table_name = 'loads' order by ordinal_position"
        ).fetchall()]
    assert columns[-2:] == ["run_started_at", "issue_scores"] and "loaded_at" in columns
    assert rows == [
        ("run_old", dt.date(2024, 4, 19), dt.datetime(2024, 4, 19), None, 4, 56),  # kept
        ("run_1", DAY, loaded, started, 0, 0),  # the quiet day: recorded, zero rows
    ]


def test_the_issue_scores_a_load_writes_are_counted_and_old_loads_count_null(tmp_path):
    # an old warehouse (before run_started_at and issue_scores) gets the column by the load
    warehouse = tmp_path / "news.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute(OLD_LOADS)
    staged = staged_empty_day(tmp_path)
    scores = [
        # an article's primary topic and a statement's issue, as the tagger scores them
        {"issue_score_id": "isc_1", "article_id": "art_1", "issue_id": "cap_defense",
         "statement_id": None, "score": 0.48, "is_primary": True, "evidence": "troops"},
        {"issue_score_id": "isc_2", "article_id": "art_1", "issue_id": "taiwan",
         "statement_id": "stm_1", "score": 0.6, "is_primary": True, "evidence": "Taiwan"},
    ]
    staged["issue_scores"] = [staging.write_table(tmp_path / "scores.parquet", "issue_scores",
                                                  scores)]
    counts = load_raw(warehouse, DAY, "run_1", "load_1", staged, None, [],
                      dt.datetime(2026, 12, 2, 7, 1))
    assert counts["issue_scores"] == 2
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select run_id, issue_scores from audit.loads order by loaded_at").fetchall()
    # the old load did write issue scores we never counted: unknown, not zero
    assert rows == [("run_old", None), ("run_1", 2)]


OLD_STATEMENTS = """
create schema if not exists raw;
create table raw.statements (
    statement_id varchar not null, article_id varchar not null, logical_date date not null,
    statement_index integer not null, kind varchar not null, content_start integer not null,
    content_end integer not null, content varchar not null, speaker_start integer,
    speaker_end integer, speaker_text varchar, speaker_actor_id varchar, cue_start integer,
    cue_end integer, cue_text varchar, load_id varchar not null
);
insert into raw.statements values
    ('stm_old', 'art_old', '2024-04-19', 0, 'indirect', 0, 9, 'it is old', null, null, null,
     null, null, null, null, 'load_old');
"""


def test_an_old_warehouse_gets_the_negated_flag_of_statements_and_keeps_its_rows(tmp_path):
    warehouse = tmp_path / "news.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute(OLD_STATEMENTS)
    load_raw(warehouse, DAY, "run_1", "load_1", staged_empty_day(tmp_path), None, [],
             dt.datetime(2026, 12, 2, 7, 1), dt.datetime(2026, 12, 2, 7, 0))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = [c for (c,) in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'raw' and table_name = 'statements' order by ordinal_position"
        ).fetchall()]
        rows = con.execute("select statement_id, negated from raw.statements").fetchall()
    # last, as in a new warehouse; null on the old rows (staging reads it as not negated)
    assert columns[-2:] == ["load_id", "negated"]
    assert rows == [("stm_old", None)]
