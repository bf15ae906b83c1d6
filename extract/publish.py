"""Publish the BI snapshot: a separate DuckDB file that readers open while the pipeline keeps
writing the working warehouse. Built under a temporary name and renamed over the old snapshot
in one step: a reader that already has the old file open keeps its consistent view, a new
connection sees the new day, and nobody ever sees a half-built file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from extract.faults import crash_point
from extract.settings import limit_memory

PUBLISHED_SCHEMAS = ("marts", "audit")


def publish_snapshot(warehouse: Path, snapshot: Path) -> dict[str, int]:
    """Copy the published schemas of the working warehouse into `snapshot`; return row counts."""
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    _sweep(snapshot)
    tmp = snapshot.with_name(f".{snapshot.name}.tmp-{os.getpid()}")
    counts: dict[str, int] = {}
    try:
        with limit_memory(duckdb.connect(str(tmp))) as con:
            con.execute("attach ? as working (read_only)", [str(warehouse)])
            tables = con.execute(
                "select table_schema, table_name from information_schema.tables "
                "where table_catalog = 'working' and table_type = 'BASE TABLE' "
                "and table_schema in (select unnest(?)) order by 1, 2",
                [list(PUBLISHED_SCHEMAS)],
            ).fetchall()
            for schema in PUBLISHED_SCHEMAS:
                con.execute(f"create schema {schema}")
            for schema, table in tables:
                con.execute(
                    f'create table {schema}."{table}" as select * from working.{schema}."{table}"'
                )
                counts[f"{schema}.{table}"] = con.execute(
                    f'select count(*) from {schema}."{table}"'
                ).fetchone()[0]
            con.execute("detach working")
            con.execute("checkpoint")
        _fsync(tmp)
        crash_point("publish")
        os.replace(tmp, snapshot)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    return counts


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
    renames, so a reader sees the old or the new export, not a mix."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _sweep(out_dir)
    tmp = out_dir.with_name(f".{out_dir.name}.tmp-{os.getpid()}")
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    tmp.mkdir()
    counts: dict[str, int] = {}
    with limit_memory(duckdb.connect(str(snapshot), read_only=True)) as con:
        marts = con.execute(
            "select table_name, bool_or(column_name = 'published_date') "
            "from information_schema.columns where table_schema = 'marts' group by 1 order by 1"
        ).fetchall()
        for mart, dated in marts:
            target = tmp / mart
            options = "format parquet, compression zstd"
            if dated:
                options += ", partition_by (published_date)"
            else:
                target.mkdir()
                target = target / f"{mart}.parquet"
            con.execute(f"copy (select * from marts.\"{mart}\") to '{target}' ({options})")
            counts[mart] = con.execute(f'select count(*) from marts."{mart}"').fetchone()[0]
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(tmp, out_dir)
    shutil.rmtree(old, ignore_errors=True)
    return counts
