"""`newsdw run`'s summary lists what each source gave in the latest run of the day: one row
per source, however many runs of that day came before (runs loaded before `loaded_at` was
the wall clock all carry the logical date's midnight)."""

from __future__ import annotations

import io

import duckdb
from rich.console import Console

from newsdw.serve.summary import print_summary

RUNS = """
create schema audit;
create table audit.source_runs (
    load_id varchar, run_id varchar, logical_date date, loaded_at timestamp, source varchar,
    found integer, loaded integer, duplicates integer, quarantined integer,
    other_dates integer, over_limit integer, error varchar, skipped integer
);
insert into audit.source_runs values
    -- two earlier runs of 2024-04-20, stamped with the logical date (before the fix)
    ('l', 'manual__2026-12-01T09:00:00', '2024-04-20', '2024-04-20 00:00', 'samples',
     13, 1, 0, 0, 12, 0, null, 0),
    ('l', 'manual__2026-12-01T10:00:00', '2024-04-20', '2024-04-20 00:00', 'samples',
     13, 1, 0, 0, 12, 0, null, 0),
    ('l', 'manual__2026-12-01T10:00:00', '2024-04-20', '2024-04-20 00:00', 'wires',
     2, 2, 0, 0, 0, 0, null, 0),
    -- the latest run, with its wall-clock loaded_at
    ('l', 'manual__2026-12-02T07:00:00', '2024-04-20', '2026-12-02 07:00:30', 'samples',
     14, 2, 0, 0, 12, 0, null, 0),
    ('l', 'manual__2026-12-02T07:00:00', '2024-04-20', '2026-12-02 07:00:30', 'wires',
     3, 3, 0, 0, 0, 0, null, 0),
    -- another day
    ('l', 'manual__2026-12-02T07:05:00', '2024-04-21', '2026-12-02 07:05:30', 'samples',
     14, 2, 0, 0, 12, 0, null, 0);
"""


def _sources_rows(text: str) -> list[str]:
    section = text.split("Sources for 2024-04-20", 1)[1]
    return [line for line in section.splitlines()
            if line.startswith("│ samples") or line.startswith("│ wires")]


def _summary(db) -> str:
    out = io.StringIO()
    print_summary(db, "2024-04-20", Console(file=out, width=140))
    return out.getvalue()


def test_the_run_summary_has_one_row_per_source_of_the_latest_run(tmp_path):
    db = tmp_path / "news_bi.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(RUNS)
    rows = _sources_rows(_summary(db))
    cells = [[c.strip() for c in r.split("│")[1:4]] for r in rows]
    assert cells == [["samples", "14", "2"], ["wires", "3", "3"]]


def test_runs_with_equal_loaded_at_are_told_apart_by_run_id(tmp_path):
    db = tmp_path / "news_bi.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(RUNS)
        con.execute("delete from audit.source_runs where loaded_at > '2025-01-01'")
    rows = _sources_rows(_summary(db))
    assert len(rows) == 2  # the 10:00 run's two sources, not three rows of two runs
