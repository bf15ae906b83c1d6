"""BI readers and the daily run: a dashboard connected to the BI snapshot through SQLAlchemy
(duckdb_engine, read-only, as Superset connects) keeps working, without lock errors, while a
full daily run writes the working warehouse and publishes a new snapshot. Plus the Parquet
export (docs/bi-recipes.md)."""

from __future__ import annotations

import duckdb
import pyarrow.dataset as ds
import pytest
from sqlalchemy import create_engine, text

from newsdw.warehouse.publish import MANIFEST
from tests.e2e.conftest import DAY_1, DAY_2


def during(rounds: list[dict], start: float, end: float) -> list[dict]:
    return [r for r in rounds if r["t1"] >= start and r["t0"] <= end]


def days(round_: dict) -> list[str]:
    return [day for day, _ in round_["view"]["days"]]


def test_readers_keep_querying_without_errors_while_a_day_runs_and_publishes(second_day):
    for mode, rounds in second_day.readers.items():
        errors = [r["error"] for r in rounds if not r["ok"]]
        assert errors == [], f"{mode} reader failed: {errors[:3]}"
        overlapping = during(rounds, second_day.run_started, second_day.run_ended)
        assert len(overlapping) >= 10, f"{mode} reader was not querying during the run"
    assert "Top actors" in second_day.stdout  # the run itself went through and published


def test_a_held_connection_keeps_its_consistent_view_of_the_old_snapshot(second_day):
    rounds = second_day.readers["hold"]
    first = rounds[0]["view"]
    assert days(rounds[0]) == [DAY_1]
    # every answer, before, during and after the publish, is the same pre-run view
    assert all(r["view"] == first for r in rounds)
    assert rounds[-1]["t0"] > second_day.run_ended  # still answering after the publish


def test_new_connections_see_the_new_day_after_the_publish(second_day):
    fresh = second_day.readers["fresh"]
    seen = [days(r) for r in fresh]
    assert seen[0] == [DAY_1]
    assert seen[-1] == [DAY_1, DAY_2]
    switch = seen.index([DAY_1, DAY_2])
    assert all(s == [DAY_1] for s in seen[:switch])  # old, then new: never a mix or a step back
    assert all(s == [DAY_1, DAY_2] for s in seen[switch:])
    after = [r for r in fresh if r["t0"] > second_day.run_ended]
    assert after and all(days(r) == [DAY_1, DAY_2] for r in after)

    # and a new SQLAlchemy engine in this process, as docs/bi-recipes.md shows
    engine = create_engine(f"duckdb:///{second_day.snapshot}", connect_args={"read_only": True})
    try:
        with engine.connect() as conn:
            dates = conn.execute(text(
                "select distinct cast(published_date as varchar) from marts.articles order by 1"
            )).scalars().all()
            assert dates == [DAY_1, DAY_2]
            with pytest.raises(Exception, match="read-only"):
                conn.execute(text("create table marts.scratch as select 1 as x"))
    finally:
        engine.dispose()


def test_parquet_export_has_every_mart_partitioned_by_published_date(second_day):
    parquet = second_day.parquet
    with duckdb.connect(str(second_day.snapshot), read_only=True) as con:
        marts = dict(con.execute(
            "select table_name, bool_or(column_name = 'published_date') "
            "from information_schema.columns where table_schema = 'marts' group by 1"
        ).fetchall())
        counts = {m: con.execute(f"select count(*) from marts.{m}").fetchone()[0] for m in marts}
    assert {"articles", "statements", "actor_daily", "issue_daily", "actor_pairs"} <= set(marts)
    # one directory per mart, and the manifest the next publish compares with (a leading
    # underscore: Spark, pyarrow and DuckDB's hive globs leave it out)
    assert {p.name for p in parquet.iterdir()} == set(marts) | {MANIFEST}
    for mart, dated in marts.items():
        if dated:
            partitions = {p.name for p in (parquet / mart).iterdir()}
            assert {f"published_date={DAY_1}", f"published_date={DAY_2}"} <= partitions, mart
            glob = f"{parquet / mart}/*/*.parquet"
            with duckdb.connect() as con:
                n, by_day = con.execute(
                    "select count(*), count(distinct published_date) "
                    "from read_parquet(?, hive_partitioning = true)", [glob]
                ).fetchone()
            assert (n, by_day) == (counts[mart], len(partitions)), mart
        else:
            assert [p.name for p in (parquet / mart).iterdir()] == [f"{mart}.parquet"]
    # pyarrow (pandas, Spark, BI tools): the partition column comes back from the directories
    table = ds.dataset(parquet / "statements", format="parquet", partitioning="hive").to_table()
    assert table.num_rows == counts["statements"]
    assert "published_date" in table.column_names
