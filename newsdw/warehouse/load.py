"""Raw-layer I/O of the daily run: what the warehouse already holds (so extraction skips known
articles and revalidates cached fetches), and the one-transaction load of a day's staged files
into the ``raw`` tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path

import duckdb

from extract.sources.items import FetchRecord, KnownArticles
from extract.sources.urls import canonical_url
from newsdw.ops.faults import crash_point
from newsdw.settings import limit_memory
from newsdw.warehouse.schema import DDL, RAW_TABLES


def known_articles(warehouse: Path, logical_date: dt.date) -> KnownArticles:
    """Articles loaded for other dates: seen before, so not loaded (or fetched) again today.
    Also the web sources' state: the last fetch of every feed and page (state.http_cache)."""
    known = KnownArticles()
    if not warehouse.exists():
        return known
    with limit_memory(duckdb.connect(str(warehouse), read_only=True)) as con:
        tables = {
            f"{schema}.{name}"
            for schema, name in con.execute(
                "select table_schema, table_name from information_schema.tables "
                "where table_schema in ('raw', 'state')"
            ).fetchall()
        }
        rows = con.execute(
            "select article_id, content_hash, logical_date, canonical_url, location "
            "from raw.articles where logical_date <> ?",
            [logical_date],
        ).fetchall() if "raw.articles" in tables else []
        cache = con.execute(
            f"select {', '.join(f.name for f in fields(FetchRecord))} from state.http_cache"
        ).fetchall() if "state.http_cache" in tables else []
    for article_id, content_hash, day, url, location in rows:
        known.by_id[article_id] = str(day)
        known.by_hash[content_hash] = article_id
        if url:
            known.by_url[url] = article_id
        if location and location.startswith(("http://", "https://")):
            known.by_url.setdefault(canonical_url(location), article_id)
    names = [f.name for f in fields(FetchRecord)]
    for row in cache:
        record = FetchRecord(**dict(zip(names, row, strict=True)))
        (known.feeds if record.kind == "feed" else known.pages)[record.url] = record
    return known


def load_raw(warehouse: Path, logical_date: dt.date, run_id: str, load_id: str,
             staged: dict[str, Sequence[Path]], http_cache: Path | None,
             source_summaries: Sequence[dict], loaded_at: dt.datetime) -> dict[str, int]:
    """Replace the logical date's rows of every raw table with the staged Parquet files
    (``staged``: table -> files), upsert the web state and record the load in ``audit``, all
    in one transaction: a re-run rewrites exactly that day, a crash leaves the previous state.
    Returns the rows loaded per table."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with limit_memory(duckdb.connect(str(warehouse))) as con:
        con.execute(DDL)
        con.execute("begin transaction")
        try:
            for table in RAW_TABLES:
                con.execute(f"delete from raw.{table} where logical_date = ?", [logical_date])
            for table, paths in staged.items():
                files = [str(p) for p in paths]
                con.execute(
                    f"insert into raw.{table} by name "
                    "select *, ?::date as logical_date, ? as load_id from read_parquet(?)",
                    [logical_date, load_id, files],
                )
                counts[table] = con.execute(
                    f"select count(*) from raw.{table} where logical_date = ?", [logical_date]
                ).fetchone()[0]
            if http_cache is not None and http_cache.exists():
                # absent in staging dirs written before web sources
                counts["http_cache"] = _upsert_http_cache(con, http_cache, logical_date, load_id)
            con.execute(
                "insert into audit.loads values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [load_id, run_id, logical_date, loaded_at, counts["articles"],
                 counts["entity_mentions"], counts["statements"], counts["issue_mentions"],
                 counts["duplicates"], counts["quarantine"]],
            )
            con.executemany(
                "insert into audit.source_runs values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [[load_id, run_id, logical_date, loaded_at, s["source"], s["found"],
                  s["loaded"], s["duplicates"], s["quarantined"], s["other_dates"],
                  s["over_limit"], s["error"]] for s in source_summaries],
            )
            crash_point("load")
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    return counts


def _upsert_http_cache(con, path: Path, logical_date: dt.date, load_id: str) -> int:
    """Replace the state.http_cache rows the staged file has a newer fetch for (key: kind, url).
    A staged row older than the stored one (an old run loaded late) never overwrites it."""
    con.execute(
        "create or replace temp table staged_http_cache as "
        "select *, ?::date as logical_date, ? as load_id from read_parquet(?)",
        [logical_date, load_id, str(path)],
    )
    con.execute(
        "delete from state.http_cache c where exists (select 1 from staged_http_cache s "
        "where s.kind = c.kind and s.url = c.url and s.fetched_at >= c.fetched_at)"
    )
    written = con.execute(
        "insert into state.http_cache by name select * from staged_http_cache s "
        "where not exists (select 1 from state.http_cache c "
        "where c.kind = s.kind and c.url = s.url)"
    ).fetchone()[0]
    con.execute("drop table staged_http_cache")
    return written
