"""Publish the BI snapshot: a separate DuckDB file that readers open while the pipeline keeps
writing the working warehouse. Built under a temporary name and renamed over the old snapshot
in one step: a reader that already has the old file open keeps its consistent view, a new
connection sees the new day, and nobody ever sees a half-built file.

A day's publish costs what the day changed, not what the warehouse holds: the new snapshot
starts as a copy of the old file, and of every table partitioned by ``published_date`` only
the dates whose rows differ from the working warehouse are replaced (found by comparing a
count and a hash sum per date). Other tables are small and copied whole. The Parquet export
does the same per partition directory.

The snapshot is written for BI drivers as well as for DuckDB 2.0: in DuckDB's storage format
v1.0.0 (older drivers can open it), with the dbt descriptions as DuckDB comments, and with the
one catalog object SQLAlchemy's reflection needs that DuckDB lacks (`BI_COMPAT_SQL`)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from newsdw.ops.faults import crash_point
from newsdw.settings import limit_memory

PUBLISHED_SCHEMAS = ("marts", "audit")
PARTITION_COLUMN = "published_date"
MANIFEST = "_manifest.json"  # in the export: the fingerprint of every partition written
# The storage format the snapshot is written in. The DuckDB drivers bundled in BI tools lag
# behind (JDBC in DBeaver and Metabase, duckdb-engine in Superset images): a file in DuckDB
# 2.0's own format needs a 2.0 driver, one in format v1.0.0 opens in older ones too (verified
# with duckdb 0.10.3, 1.0.0 and 1.1.3: docs/bi-recipes.md). It costs only the newer compression
# methods the snapshot does without. A snapshot in another format is rebuilt, not copied.
SNAPSHOT_STORAGE_VERSION = "v1.0.0"
# SQLAlchemy's PostgreSQL reflection, which duckdb-engine inherits (Superset's column list,
# primary and foreign keys), casts to REGCLASS, a type DuckDB does not have: without it
# `inspect(engine).get_pk_constraint()` and `get_foreign_keys()` fail. An alias of VARCHAR in
# the snapshot is enough for those queries to bind, whatever the client's versions; a type
# lives in the file, so no client needs newsdw installed (tests/integration/test_bi_clients.py).
BI_COMPAT_SQL = "create type if not exists main.regclass as varchar"


@dataclass
class Published:
    """What a publish wrote: rows per table, and for the tables it updated by date, the dates
    it replaced (a table absent from ``changed_dates`` was copied whole)."""

    counts: dict[str, int] = field(default_factory=dict)
    changed_dates: dict[str, set[dt.date]] = field(default_factory=dict)


def publish_snapshot(warehouse: Path, snapshot: Path) -> Published:
    """Copy the published schemas of the working warehouse into `snapshot`: a copy of the old
    snapshot in which the dated tables (same columns as before) get the dates whose rows
    changed replaced, and every other table is copied whole."""
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    _sweep(snapshot)
    tmp = snapshot.with_name(f".{snapshot.name}.tmp-{os.getpid()}")
    published = Published()
    try:
        if snapshot.exists() and storage_version(snapshot) == SNAPSHOT_STORAGE_VERSION:
            shutil.copyfile(snapshot, tmp)  # the starting point: yesterday's snapshot
        config = {"storage_compatibility_version": SNAPSHOT_STORAGE_VERSION}
        with limit_memory(duckdb.connect(str(tmp), config=config)) as con:
            con.execute("attach ? as working (read_only)", [str(warehouse)])
            wanted = _table_columns(con, "working")
            present = _table_columns(con, _catalog(con))
            for name in sorted(set(present) - set(wanted)):
                con.execute(f"drop table {_quoted(name)}")
            for schema in PUBLISHED_SCHEMAS:
                con.execute(f"create schema if not exists {schema}")
            for name, columns in sorted(wanted.items()):
                table = _quoted(name)
                if present.get(name) == columns and PARTITION_COLUMN in dict(columns):
                    published.changed_dates[name] = _replace_changed_dates(con, table)
                else:
                    con.execute(f"create or replace table {table} as select * from working.{table}")
                published.counts[name] = con.execute(f"select count(*) from {table}").fetchone()[0]
            _copy_comments(con, sorted(wanted))
            con.execute(BI_COMPAT_SQL)
            con.execute("detach working")
            con.execute("checkpoint")
        _fsync(tmp)
        crash_point("publish")
        os.replace(tmp, snapshot)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    return published


def storage_version(db: Path) -> str:
    """The storage format a DuckDB file is written in ("v1.0.0", "v2.0.1"...): what a driver
    must be able to read."""
    with duckdb.connect() as con:
        con.execute(f"attach {sql_string(db)} as probe (read_only)")
        tags = con.execute("select tags from duckdb_databases() where database_name = 'probe'"
                           ).fetchone()[0]
    return tags.get("storage_version", "").rstrip("+")


def _copy_comments(con, names: list[str]) -> None:
    """Give every published table and column the comment it has in the working warehouse (dbt's
    descriptions, persist_docs): `create table as` copies rows, not comments, and a table
    updated by date keeps the comments of the day it was created."""
    for name in names:
        schema, table = name.split(".", 1)
        (comment,) = con.execute(
            "select comment from duckdb_tables() where database_name = 'working' "
            "and schema_name = ? and table_name = ?", [schema, table]).fetchone()
        con.execute(f"comment on table {_quoted(name)} is {_comment(comment)}")
        for column, comment in con.execute(
            "select column_name, comment from duckdb_columns() where database_name = 'working' "
            "and schema_name = ? and table_name = ? order by column_index", [schema, table]
        ).fetchall():
            con.execute(f"comment on column {_quoted(name)}.{sql_identifier(column)} is "
                        f"{_comment(comment)}")


def _comment(text: str | None) -> str:
    return "null" if text is None else sql_string(text)


def sql_string(value: object) -> str:
    """A SQL string literal (DuckDB's COPY ... TO takes no parameter for its target): quotes
    doubled, so a path with an apostrophe is a path, not SQL."""
    return "'" + str(value).replace("'", "''") + "'"


def sql_identifier(name: str) -> str:
    """A quoted SQL identifier (a column name from the catalogue): quotes doubled."""
    return '"' + name.replace('"', '""') + '"'


def _quoted(name: str) -> str:
    schema, table = name.split(".", 1)
    return f'{schema}."{table}"'


def _catalog(con) -> str:
    return con.execute("select current_database()").fetchone()[0]


def _table_columns(con, catalog: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """Base tables of the published schemas in `catalog`: "schema.table" -> (column, type)s."""
    rows = con.execute(
        "select c.table_schema, c.table_name, c.column_name, c.data_type "
        "from information_schema.columns c join information_schema.tables t "
        "using (table_catalog, table_schema, table_name) "
        "where c.table_catalog = ? and t.table_type = 'BASE TABLE' "
        "and c.table_schema in (select unnest(?)) order by 1, 2, c.ordinal_position",
        [catalog, list(PUBLISHED_SCHEMAS)],
    ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for schema, table, column, data_type in rows:
        tables.setdefault(f"{schema}.{table}", []).append((column, data_type))
    return {name: tuple(columns) for name, columns in tables.items()}


def _replace_changed_dates(con, table: str) -> set[dt.date]:
    """Replace the rows of every date whose rows differ between the snapshot and the working
    warehouse (a date present on one side only included); return those dates."""
    con.execute(
        "create or replace temp table changed_days as select coalesce(new.day, old.day) as day "
        f"from ({_fingerprint_sql('working.' + table)}) as new "
        f"full outer join ({_fingerprint_sql(table)}) as old "
        "on new.day is not distinct from old.day "
        "where new.n is distinct from old.n or new.h is distinct from old.h"
    )
    changed = {day for (day,) in con.execute("select day from changed_days").fetchall()}
    if changed:
        in_changed = ("exists (select 1 from changed_days as c "
                      f"where c.day is not distinct from t.{PARTITION_COLUMN})")
        con.execute(f"delete from {table} as t where {in_changed}")
        con.execute(f"insert into {table} select * from working.{table} as t where {in_changed}")
    con.execute("drop table changed_days")
    return changed


def _sweep(target: Path) -> None:
    """Remove leftovers of a publish that was killed (one writer at a time, so none is live)."""
    for stale in target.parent.glob(f".{target.name}.*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def export_parquet(snapshot: Path, out_dir: Path) -> dict[str, int]:
    """Export every mart of the snapshot to `out_dir/<mart>/`, partitioned by
    `published_date` where the mart has one. Written beside the old export and swapped in with
    renames, so a reader sees the old or the new export, not a mix. A partitioned mart writes
    only the dates whose rows differ from what the old export holds (its manifest records a
    count and hash per date and the columns); the other partitions are hard-linked from the old
    export."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _sweep(out_dir)
    tmp = out_dir.with_name(f".{out_dir.name}.tmp-{os.getpid()}")
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    tmp.mkdir()
    manifest_path = out_dir / MANIFEST
    before = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    manifest: dict[str, dict] = {}
    counts: dict[str, int] = {}
    with limit_memory(duckdb.connect(str(snapshot), read_only=True)) as con:
        columns = _table_columns(con, _catalog(con))
        for name, cols in sorted(columns.items()):
            schema, mart = name.split(".", 1)
            if schema != "marts":
                continue
            table = _quoted(name)
            counts[mart] = con.execute(f"select count(*) from {table}").fetchone()[0]
            if PARTITION_COLUMN not in dict(cols):
                (tmp / mart).mkdir()
                con.execute(f"copy {table} to {sql_string(tmp / mart / (mart + '.parquet'))} "
                            "(format parquet, compression zstd)")
                continue
            days, dates = {}, {}
            for day, n, h in con.execute(_fingerprint_sql(table)).fetchall():
                days[_partition(day)], dates[_partition(day)] = day, [n, str(h)]
            manifest[mart] = {"columns": [list(c) for c in cols], "dates": dates}
            kept = before.get(mart, {})
            unchanged = set()
            if kept.get("columns") == manifest[mart]["columns"] and (out_dir / mart).is_dir():
                unchanged = {p for p, f in dates.items() if kept["dates"].get(p) == f}
            (tmp / mart).mkdir()
            for part in unchanged:
                (tmp / mart / part).mkdir()
                for f in (out_dir / mart / part).iterdir():
                    os.link(f, tmp / mart / part / f.name)  # no bytes copied
            if unchanged == set(dates):
                continue
            written = tmp / f".{mart}.written"
            changed = [days[part] for part in sorted(set(dates) - unchanged)]
            con.execute(
                f"copy (select * from {table} where list_contains(?::date[], {PARTITION_COLUMN}) "
                f"or ({PARTITION_COLUMN} is null and ?)) to {sql_string(written)} "
                f"(format parquet, compression zstd, partition_by ({PARTITION_COLUMN}))",
                [[d for d in changed if d is not None], None in changed],
            )
            for part in written.iterdir():
                os.replace(part, tmp / mart / part.name)
            written.rmdir()
    (tmp / MANIFEST).write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(tmp, out_dir)
    shutil.rmtree(old, ignore_errors=True)
    return counts


def _fingerprint_sql(table: str) -> str:
    """Rows per date and the sum of their hashes: equal fingerprints, equal rows."""
    return (f"select {PARTITION_COLUMN} as day, count(*) as n, sum(hash(t)::hugeint) as h "
            f"from {table} as t group by all")


def _partition(day: dt.date | None) -> str:
    """The directory name DuckDB's partitioned COPY gives a date's rows."""
    return f"{PARTITION_COLUMN}={'NULL' if day is None else day.isoformat()}"
