"""Publishing costs what the day changed: the BI snapshot and the Parquet export replace only
the dates whose rows differ from the working warehouse, and still equal a full copy."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pytest

from newsdw.warehouse.publish import MANIFEST, export_parquet, publish_snapshot
from tests.conftest import table_contents

D1, D2, D3, D4 = (dt.date(2024, 4, d) for d in (18, 19, 20, 22))


@pytest.fixture
def working(tmp_path) -> Path:
    """A working warehouse with a dated mart (three dates), an undated one and an audit table."""
    return make_working(tmp_path / "news.duckdb")


def make_working(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts; create schema audit; create schema raw")
        con.execute("create table marts.articles (article_id varchar, published_date date, "
                    "title varchar)")
        con.execute("insert into marts.articles values ('a1', ?, 'One'), ('a2', ?, 'Two'), "
                    "('a3', ?, 'Three'), ('a4', ?, 'Four')", [D1, D2, D2, D3])
        con.execute("create table marts.actors (actor_id varchar, actor_name varchar)")
        con.execute("insert into marts.actors values ('x', 'Antony Blinken')")
        con.execute("create table audit.loads (load_id varchar, logical_date date)")
        con.execute("insert into audit.loads values ('l1', ?)", [D1])
        con.execute("create table raw.articles (article_id varchar)")  # never published
    return path


def run(working: Path, sql: str, params=None) -> None:
    with duckdb.connect(str(working)) as con:
        con.execute(sql, params or [])


def publish(working: Path):
    snapshot, export = working.with_name("news_bi.duckdb"), working.with_name("parquet")
    published = publish_snapshot(working, snapshot)
    export_parquet(snapshot, export)
    return published, snapshot, export


def partition_files(export: Path, mart: str) -> dict[str, int]:
    """Partition directory -> inode of its file: a hard-linked partition keeps its inode."""
    return {part.name: next(part.iterdir()).stat().st_ino
            for part in sorted((export / mart).iterdir())}


def exported_rows(export: Path, mart: str) -> list[tuple[str, ...]]:
    """The mart as read back from its Parquet files (the partition column last), as text."""
    table = ds.dataset(export / mart, format="parquet", partitioning="hive").to_table()
    return sorted(tuple(str(v) for v in row.values()) for row in table.to_pylist())


def test_the_first_publish_copies_everything(working):
    published, snapshot, export = publish(working)

    assert published.changed_dates == {}  # nothing to update: every table copied whole
    assert table_contents(snapshot, ("marts", "audit")) == table_contents(working,
                                                                          ("marts", "audit"))
    assert set(table_contents(snapshot, ("raw",))) == set()
    assert sorted(partition_files(export, "articles")) == [
        f"published_date={d}" for d in (D1, D2, D3)
    ]
    assert (export / "actors" / "actors.parquet").exists()
    manifest = json.loads((export / MANIFEST).read_text())
    assert set(manifest["articles"]["dates"]) == {f"published_date={d}" for d in (D1, D2, D3)}


def test_a_later_publish_replaces_only_the_changed_dates(working):
    _, snapshot, export = publish(working)
    before = partition_files(export, "articles")

    # D2 changes, D3 loses its only article, D4 is new, D1 is untouched
    run(working, "update marts.articles set title = 'Two, corrected' where article_id = 'a2'")
    run(working, "delete from marts.articles where published_date = ?", [D3])
    run(working, "insert into marts.articles values ('a5', ?, 'Five')", [D4])
    run(working, "update marts.actors set actor_name = 'Blinken'")
    run(working, "insert into audit.loads values ('l2', ?)", [D2])
    published, snapshot, export = publish(working)

    assert published.changed_dates == {"marts.articles": {D2, D3, D4}}
    assert table_contents(snapshot, ("marts", "audit")) == table_contents(working,
                                                                          ("marts", "audit"))
    after = partition_files(export, "articles")
    assert sorted(after) == [f"published_date={d}" for d in (D1, D2, D4)]
    assert after[f"published_date={D1}"] == before[f"published_date={D1}"]  # linked, not copied
    assert after[f"published_date={D2}"] != before[f"published_date={D2}"]  # rewritten
    assert exported_rows(export, "articles") == [
        ("a1", "One", str(D1)), ("a2", "Two, corrected", str(D2)), ("a3", "Three", str(D2)),
        ("a5", "Five", str(D4)),
    ]
    assert exported_rows(export, "actors") == [("x", "Blinken")]


def test_an_unchanged_day_replaces_nothing(working):
    publish(working)
    before = partition_files(publish(working)[2], "articles")

    published, _, export = publish(working)

    assert published.changed_dates == {"marts.articles": set()}
    assert partition_files(export, "articles") == before


def test_a_changed_schema_or_a_dropped_table_is_copied_whole(working):
    publish(working)
    run(working, "alter table marts.articles add column word_count integer")
    run(working, "update marts.articles set word_count = 100")
    run(working, "drop table audit.loads")

    published, snapshot, export = publish(working)

    assert "marts.articles" not in published.changed_dates
    assert table_contents(snapshot, ("marts", "audit")) == table_contents(working,
                                                                          ("marts", "audit"))
    assert "audit.loads" not in table_contents(snapshot, ("audit",))
    assert {row[2] for row in exported_rows(export, "articles")} == {"100"}


def test_the_export_catches_up_with_a_snapshot_it_missed(working):
    """A run killed between the snapshot and the export: the next export compares itself with
    the snapshot (its manifest), not with what that run changed."""
    publish(working)
    run(working, "update marts.articles set title = 'Missed' where article_id = 'a1'")
    snapshot = working.with_name("news_bi.duckdb")
    publish_snapshot(working, snapshot)  # ... and killed before the export

    published, _, export = publish(working)

    assert published.changed_dates == {"marts.articles": set()}
    assert ("a1", "Missed", str(D1)) in exported_rows(export, "articles")


def test_a_warehouse_path_with_quotes_publishes_and_exports(tmp_path):
    """Paths are data, never SQL: an apostrophe (or a quote and a semicolon) in the warehouse
    directory neither breaks the export nor injects anything."""
    working = make_working(tmp_path / "o'brien's \"news\"; drop table x" / "news.duckdb")
    published, snapshot, export = publish(working)
    assert published.counts["marts.articles"] == 4
    assert sorted(p.name for p in export.iterdir()) == [MANIFEST, "actors", "articles"]
    assert len(exported_rows(export, "articles")) == 4
