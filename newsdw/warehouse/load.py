"""Raw-layer I/O of the daily run: what the warehouse already holds (so extraction skips known
articles and revalidates cached fetches), and the one-transaction load of a day's staged files
into the ``raw`` tables."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path

import duckdb

from extract.sources.items import FetchRecord, KnownArticles
from extract.sources.urls import BadUrl, canonical_url
from newsdw.ops.faults import crash_point
from newsdw.settings import limit_memory
from newsdw.warehouse.schema import DDL, RAW_TABLES
from newsdw.warehouse.staging import TAG_FAILURES

# The extract step's per-source counters (extract.extraction.SourceSummary) kept in
# audit.source_runs, by name.
SOURCE_RUN_COUNTS = ("found", "loaded", "duplicates", "quarantined", "other_dates", "over_limit",
                     "skipped")


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
            # a page URL that no longer parses: known by id and hash still
            with contextlib.suppress(BadUrl):
                known.by_url.setdefault(canonical_url(location), article_id)
    names = [f.name for f in fields(FetchRecord)]
    for row in cache:
        record = FetchRecord(**dict(zip(names, row, strict=True)))
        (known.feeds if record.kind == "feed" else known.pages)[record.url] = record
    return known


def load_raw(warehouse: Path, logical_date: dt.date, run_id: str, load_id: str,
             staged: dict[str, Sequence[Path]], http_cache: Path | None,
             source_summaries: Sequence[dict], loaded_at: dt.datetime,
             run_started_at: dt.datetime | None = None) -> dict[str, int]:
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
            tables = [t for t in staged if t != TAG_FAILURES]
            for table in tables:
                files = [str(p) for p in staged[table]]
                con.execute(
                    f"insert into raw.{table} by name "
                    "select *, ?::date as logical_date, ? as load_id from read_parquet(?)",
                    [logical_date, load_id, files],
                )
            if staged.get(TAG_FAILURES):
                counts[TAG_FAILURES] = _quarantine_tag_failures(
                    con, [str(p) for p in staged[TAG_FAILURES]], logical_date, load_id)
            for table in tables:  # counted after the move: audit.loads gets what stays
                counts[table] = con.execute(
                    f"select count(*) from raw.{table} where logical_date = ?", [logical_date]
                ).fetchone()[0]
            if http_cache is not None and http_cache.exists():
                # absent in staging dirs written before web sources
                counts["http_cache"] = _upsert_http_cache(con, http_cache, logical_date, load_id)
            con.execute(
                "insert into audit.loads (load_id, run_id, logical_date, loaded_at, articles, "
                "entity_mentions, statements, issue_mentions, duplicates, quarantined, "
                "run_started_at, issue_scores) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [load_id, run_id, logical_date, loaded_at, counts["articles"],
                 counts["entity_mentions"], counts["statements"], counts["issue_mentions"],
                 counts["duplicates"], counts["quarantine"], run_started_at,
                 counts["issue_scores"]],
            )
            columns = ("load_id", "run_id", "logical_date", "loaded_at", "source",
                       *SOURCE_RUN_COUNTS, "error")
            if source_summaries:  # DuckDB refuses an executemany of no rows
                con.executemany(
                    f"insert into audit.source_runs ({', '.join(columns)}) "
                    f"values ({', '.join('?' for _ in columns)})",
                    # .get: a summary staged before a counter existed (an older run) counts 0
                    [[load_id, run_id, logical_date, loaded_at, s["source"],
                      *(s.get(name, 0) for name in SOURCE_RUN_COUNTS), s.get("error")]
                     for s in source_summaries],
                )
            crash_point("load")
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    return counts


def _quarantine_tag_failures(con, files: list[str], logical_date: dt.date, load_id: str) -> int:
    """Move the articles whose tagging failed (staged ``tag_failures``) from raw.articles to
    raw.quarantine with their reason, so no article is both loaded and quarantined; a failed
    article has no tag rows, none is left behind either. Returns the articles moved."""
    con.execute(
        "create or replace temp table staged_tag_failures as select * from read_parquet(?)",
        [files],
    )
    moved = con.execute("select count(*) from staged_tag_failures").fetchone()[0]
    if moved:
        con.execute(
            "insert into raw.quarantine by name "
            "select quarantine_id, source, location, reason, payload, "
            "?::date as logical_date, ? as load_id from staged_tag_failures",
            [logical_date, load_id],
        )
        for table in ("articles", "entity_mentions", "statements", "issue_mentions",
                      "issue_scores", "candidate_issues"):
            con.execute(
                f"delete from raw.{table} where logical_date = ? "
                "and article_id in (select article_id from staged_tag_failures)",
                [logical_date],
            )
    con.execute("drop table staged_tag_failures")
    return moved


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
