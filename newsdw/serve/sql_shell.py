"""Read-only SQL on the published BI snapshot: `newsdw sql` and `newsdw shell`."""

from __future__ import annotations

from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table


def connect_snapshot(snapshot: Path) -> duckdb.DuckDBPyConnection:
    if not snapshot.exists():
        raise FileNotFoundError(f"{snapshot} does not exist yet: run `newsdw run --date D` first")
    return duckdb.connect(str(snapshot), read_only=True)


def render(cursor: duckdb.DuckDBPyConnection, console: Console, max_rows: int = 200) -> None:
    if cursor.description is None:
        return
    table = Table(show_lines=False)
    for column in cursor.description:
        table.add_column(column[0])
    rows = cursor.fetchmany(max_rows + 1)
    for row in rows[:max_rows]:
        table.add_row(*("NULL" if v is None else str(v) for v in row))
    console.print(table)
    if len(rows) > max_rows:
        console.print(f"(first {max_rows} rows shown)")


def run_query(snapshot: Path, sql: str, fmt: str = "table") -> int:
    console = Console()
    with connect_snapshot(snapshot) as con:
        cursor = con.execute(sql)
        if fmt == "csv":
            import csv
            import sys

            writer = csv.writer(sys.stdout)
            if cursor.description:
                writer.writerow([c[0] for c in cursor.description])
                writer.writerows(cursor.fetchall())
        else:
            render(cursor, console)
    return 0


def shell(snapshot: Path) -> int:
    """A minimal interactive SQL prompt; statements end with `;`, `.tables` lists tables."""
    import readline  # noqa: F401  (line editing and history for input())

    console = Console()
    with connect_snapshot(snapshot) as con:
        console.print(f"newsdw shell on {snapshot} (read-only). End statements with ';', "
                      "'.tables' lists tables, '.quit' or Ctrl-D exits.")
        buffer = ""
        while True:
            try:
                line = input("newsdw> " if not buffer else "   ...> ")
            except EOFError:
                console.print()
                return 0
            stripped = line.strip()
            if not buffer and stripped in (".quit", ".exit"):
                return 0
            if not buffer and stripped == ".tables":
                render(con.execute(
                    "select table_schema, table_name from information_schema.tables order by 1, 2"
                ), console)
                continue
            buffer += line + "\n"
            if not stripped.endswith(";"):
                continue
            try:
                render(con.execute(buffer), console)
            except duckdb.Error as exc:
                console.print(f"[red]{exc}[/red]")
            buffer = ""
