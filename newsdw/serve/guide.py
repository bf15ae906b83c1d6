"""The analyst guide's worked queries: run them, check what the guide states, and regenerate the
guide's result blocks.

    newsdw guide                 # rewrite docs/analyst-guide.md from the BI snapshot
    newsdw guide --check         # only check the stated facts (exit 1 on a mismatch)
    newsdw guide --warehouse W   # use W's snapshot instead of warehouse/news_bi.duckdb

The queries live in docs/analyst_queries.yml (name, question, sql, expect). In the guide, each
query owns the text between `<!-- query: NAME -->` and `<!-- /query: NAME -->`; everything
else is hand-written and left alone.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import yaml

from newsdw.serve.sandbox import QueryRefused, connect_snapshot, execute_read, one_line
from newsdw.settings import REPO_ROOT

QUERIES_FILE = REPO_ROOT / "docs" / "analyst_queries.yml"
GUIDE_FILE = REPO_ROOT / "docs" / "analyst-guide.md"
MAX_SHOWN_ROWS = 12
MAX_CELL_CHARS = 90


@dataclass(frozen=True)
class Query:
    name: str
    question: str
    sql: str
    expect: dict = field(default_factory=dict)


@dataclass
class Result:
    columns: list[str]
    rows: list[tuple]


def load_queries(path: Path = QUERIES_FILE) -> list[Query]:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    queries = [Query(q["name"], q["question"], q["sql"].strip(), q.get("expect") or {})
               for q in spec["queries"]]
    names = [q.name for q in queries]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate query names in {path}")
    return queries


def run(con: duckdb.DuckDBPyConnection, query: Query) -> Result:
    """Run one guide query; like `newsdw sql`, only a single read statement runs
    (QueryRefused otherwise)."""
    cursor = execute_read(con, query.sql)
    return Result([d[0] for d in cursor.description], cursor.fetchall())


def _plain(value: object) -> object:
    """A result value as the expectations and the guide write it."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _matches(value: object, matcher: object) -> bool:
    value = _plain(value)
    if isinstance(matcher, dict):
        if "contains" in matcher:
            return isinstance(value, str) and str(matcher["contains"]) in value
        if "at_least" in matcher:
            return isinstance(value, int | float) and value >= matcher["at_least"]
        raise ValueError(f"unknown matcher {matcher!r}")
    return value == matcher


def check(query: Query, result: Result) -> list[str]:
    """What the guide states about the result and does not hold; empty when all holds."""
    problems = []
    expect = query.expect
    if "columns" in expect and result.columns != list(expect["columns"]):
        problems.append(f"columns are {result.columns}, the guide says {expect['columns']}")
    if len(result.rows) < expect.get("min_rows", 1):
        problems.append(f"{len(result.rows)} rows, the guide says at least "
                        f"{expect.get('min_rows', 1)}")
    for wanted in expect.get("rows", []):
        missing = [c for c in wanted if c not in result.columns]
        if missing:
            problems.append(f"no column {missing} for {wanted}")
            continue
        index = {c: result.columns.index(c) for c in wanted}
        if not any(all(_matches(row[index[c]], m) for c, m in wanted.items())
                   for row in result.rows):
            problems.append(f"no row matches {wanted}")
    return problems


def describe_expectations(query: Query) -> str:
    """The checked facts in words, as the guide states them."""
    def matcher(column: str, m: object) -> str:
        if isinstance(m, dict) and "contains" in m:
            return f"`{column}` containing “{m['contains']}”"
        if isinstance(m, dict) and "at_least" in m:
            return f"`{column}` ≥ {m['at_least']}"
        return f"`{column}` = {m}" if not isinstance(m, bool) else f"`{column}` {str(m).lower()}"

    facts = [f"at least {query.expect.get('min_rows', 1)} row"
             + ("s" if query.expect.get("min_rows", 1) != 1 else "")]
    for wanted in query.expect.get("rows", []):
        facts.append("a row with " + ", ".join(matcher(c, m) for c, m in wanted.items()))
    return "; ".join(facts)


def _cell(value: object) -> str:
    value = _plain(value)
    if value is None:
        text = "NULL"
    elif isinstance(value, bool):
        text = str(value).lower()
    elif isinstance(value, list):
        text = ", ".join(str(v) for v in value)
    else:
        text = str(value)
    text = " ".join(text.split())
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "…"
    return text.replace("|", "\\|")


def markdown_table(result: Result, max_rows: int = MAX_SHOWN_ROWS) -> str:
    lines = ["| " + " | ".join(result.columns) + " |",
             "|" + "|".join("---" for _ in result.columns) + "|"]
    for row in result.rows[:max_rows]:
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    if len(result.rows) > max_rows:
        lines.append(f"\n*({len(result.rows)} rows, first {max_rows} shown)*")
    elif not result.rows:
        lines.append("\n*(no rows)*")
    return "\n".join(lines)


def render_block(query: Query, result: Result) -> str:
    return (
        f"```sql\n{query.sql}\n```\n\n"
        f"{markdown_table(result)}\n\n"
        f"*Checked by `tests/e2e/test_analyst_guide.py` on the sample:* "
        f"{describe_expectations(query)}."
    )


def block_pattern(name: str) -> re.Pattern:
    return re.compile(
        rf"(<!-- query: {re.escape(name)} -->\n)(.*?)(\n<!-- /query: {re.escape(name)} -->)",
        re.DOTALL,
    )


def update_guide(guide: str, blocks: dict[str, str]) -> str:
    for name, block in blocks.items():
        pattern = block_pattern(name)
        if not pattern.search(guide):
            raise ValueError(f"the guide has no block for query {name!r}")
        guide = pattern.sub(lambda m, b=block: m.group(1) + b + m.group(3), guide)
    return guide


def check_guide(snapshot: Path, guide_path: Path = GUIDE_FILE, queries_path: Path = QUERIES_FILE,
                write: bool = True) -> int:
    """Run every guide query on the BI snapshot and check what the guide states (``newsdw
    guide``); with ``write``, rewrite the guide's result blocks. Exit status: 1 on a mismatch."""
    if not snapshot.exists():
        print(f"{snapshot} does not exist: run `make demo` (or newsdw run) first", file=sys.stderr)
        return 1
    queries = load_queries(queries_path)
    failures, blocks = 0, {}
    with connect_snapshot(snapshot) as con:
        for query in queries:
            try:
                result = run(con, query)
            except (QueryRefused, duckdb.Error) as error:
                print(f"{query.name}: {one_line(error)}", file=sys.stderr)
                failures += 1
                continue
            problems = check(query, result)
            for problem in problems:
                print(f"{query.name}: {problem}", file=sys.stderr)
            failures += bool(problems)
            blocks[query.name] = render_block(query, result)
    if write:
        guide_path.write_text(update_guide(guide_path.read_text(encoding="utf-8"), blocks),
                              encoding="utf-8")
        print(f"updated {len(blocks)} result blocks in {guide_path}")
    if failures:
        print(f"{failures} of {len(queries)} queries do not show what the guide states",
              file=sys.stderr)
    return 1 if failures else 0
