"""What landed: a short, human summary of a warehouse or BI snapshot."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from newsdw.serve.sandbox import connect_snapshot


def print_summary(database: Path, logical_date: str | None = None,
                  console: Console | None = None) -> None:
    """Row counts and a few samples of `database`: the BI snapshot, or the working warehouse
    (`newsdw summary --working`); either is opened read-only in the read sandbox."""
    console = console or Console(width=max(Console().width, 110))
    with connect_snapshot(database) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in ('raw', 'marts', 'audit') order by 1, 2"
        ).fetchall()
        counts = Table(title=f"Rows per table ({database.name})")
        counts.add_column("table")
        counts.add_column("rows", justify="right")
        for schema, name in tables:
            n = con.execute(f'select count(*) from {schema}."{name}"').fetchone()[0]
            counts.add_row(f"{schema}.{name}", str(n))
        console.print(counts)
        names = {f"{s}.{n}" for s, n in tables}
        if logical_date and "audit.source_runs" in names:
            # found = loaded + duplicates + quarantined + other_dates + over_limit + skipped;
            # a snapshot published before `skipped` existed has none (0).
            skipped = "skipped" if con.execute(
                "select count(*) from information_schema.columns where table_schema = 'audit' "
                "and table_name = 'source_runs' and column_name = 'skipped'"
            ).fetchone()[0] else "0 as skipped"
            _query_table(
                console, con, f"Sources for {logical_date} (latest run)",
                "select source, found, loaded, duplicates, quarantined, other_dates, "
                f"over_limit, {skipped}, coalesce(error, '') as error from audit.source_runs "
                # The latest run by its run id, not by loaded_at alone: runs loaded before
                # loaded_at was the wall clock all carry the logical date's midnight.
                "where logical_date = ? and run_id = (select run_id from audit.source_runs "
                "where logical_date = ? order by loaded_at desc, run_id desc limit 1) "
                "order by source",
                [logical_date, logical_date],
            )
        if "marts.actors" in names:
            _query_table(console, con, "Top actors",
                         "select actor_name, actor_type, mention_count, statement_count "
                         "from marts.actors order by mention_count desc, actor_name limit 10")
        if "marts.issues" in names:
            _query_table(console, con, "Top issues",
                         "select issue_name, cap_label, mention_count, article_count "
                         "from marts.issues where mention_count > 0 "
                         "order by mention_count desc, issue_name limit 10")
        if "marts.statements" in names:
            where = "where published_date = ?" if logical_date else ""
            _query_table(
                console, con, "Statements (a few)",
                "select coalesce(speaker_name, '(unresolved)') as speaker, "
                "case when is_negated then 'not ' || cue_text else cue_text end as cue, kind, "
                "case when length(content) > 90 then left(content, 87) || '...' "
                f"else content end as content from marts.statements {where} "
                "order by published_date desc, article_id, statement_index limit 8",
                [logical_date] if logical_date else [],
            )


def _query_table(console: Console, con, title: str, sql: str, params: list | None = None) -> None:
    cursor = con.execute(sql, params or [])
    table = Table(title=title)
    for column in cursor.description:
        table.add_column(column[0])
    for row in cursor.fetchall():
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)
