"""Read-only SQL on the published BI snapshot: `newsdw sql` and `newsdw shell`.

Both open the snapshot through `newsdw.serve.sandbox` (read-only, external access off,
configuration locked) and run only read statements: anything else is refused with one line.
"""

from __future__ import annotations

import csv
import os
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

import duckdb
from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsdw.serve.sandbox import QueryRefused, check_read_query, connect_snapshot, one_line

# Exit status of `newsdw sql`.
OK, QUERY_ERROR, REFUSED = 0, 1, 2
FORMATS = ("table", "csv", "tsv")
FETCH = 1000


def default_format(stream: TextIO | None = None) -> str:
    """`table` on a terminal; `tsv` when the output is piped or redirected."""
    stream = stream or sys.stdout
    try:
        return "table" if stream.isatty() else "tsv"
    except (AttributeError, ValueError):
        return "tsv"


def _console(file: TextIO | None = None) -> Console:
    console = Console(file=file, highlight=False)
    if not console.is_terminal:  # piped: never cut a column name or a cell to 80 columns
        console = Console(file=file, highlight=False, width=1_000_000, soft_wrap=True)
    return console


def _str(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"  # as SQL writes them
    return str(value)


def _cell(value: object) -> str:
    return "NULL" if value is None else _str(value)


def render(cursor: duckdb.DuckDBPyConnection, console: Console, max_rows: int = 200) -> None:
    """The result as a table (the first `max_rows` rows)."""
    if cursor.description is None:
        return
    table = Table(show_lines=False)
    for column in cursor.description:
        table.add_column(Text(str(column[0])), overflow="fold")
    rows = cursor.fetchmany(max_rows + 1)
    for row in rows[:max_rows]:
        table.add_row(*(Text(_cell(v)) for v in row))
    console.print(table)
    if len(rows) > max_rows:
        console.print(f"(first {max_rows} rows shown)")


def _batches(cursor: duckdb.DuckDBPyConnection) -> Iterable[list[tuple]]:
    while rows := cursor.fetchmany(FETCH):
        yield rows


def _tsv_field(value: object) -> str:
    if value is None:
        return ""
    return (_str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def write_delimited(cursor: duckdb.DuckDBPyConnection, fmt: str, out: TextIO) -> None:
    """Every row, no truncation: `csv` (RFC 4180 quoting) or `tsv` (a header line, then one line
    per row; tab, newline, carriage return and backslash escaped as \\t \\n \\r \\\\). NULL is
    an empty field in both."""
    if cursor.description is None:
        return
    header = [str(c[0]) for c in cursor.description]
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for rows in _batches(cursor):
            writer.writerows(["" if v is None else _str(v) for v in row] for row in rows)
    else:
        out.write("\t".join(_tsv_field(h) for h in header) + "\n")
        for rows in _batches(cursor):
            out.writelines("\t".join(_tsv_field(v) for v in row) + "\n" for row in rows)
    out.flush()


def _interrupted(error: RuntimeError) -> bool:
    return "interrupted" in str(error).lower()


def execute(con: duckdb.DuckDBPyConnection, statement) -> duckdb.DuckDBPyConnection:
    """`con.execute(statement)` that Ctrl-C always stops: the query runs on a worker thread and
    a KeyboardInterrupt in this (main) thread interrupts it (DuckDB's own SIGINT check misses
    some signals on file databases) and is re-raised once the query has stopped."""
    box: dict[str, object] = {}
    done = threading.Event()  # not Thread.join: an interrupted join can return too early

    def work() -> None:
        try:
            box["cursor"] = con.execute(statement)
        except BaseException as error:  # handed to the main thread
            box["error"] = error
        finally:
            done.set()

    threading.Thread(target=work, name="newsdw-sql", daemon=True).start()
    try:
        while not done.wait(0.05):
            pass
    except KeyboardInterrupt:
        while True:  # the connection must be idle before anyone uses or closes it
            con.interrupt()
            try:
                done.wait()
                break
            except KeyboardInterrupt:
                continue
        raise
    if "error" in box:
        raise box["error"]
    return box["cursor"]


def run_query(snapshot: Path, sql: str, fmt: str | None = None) -> int:
    """`newsdw sql`: run one read query; print the result to stdout, or one line to stderr on
    a refusal (exit 2) or an error (exit 1)."""
    fmt = fmt or default_format()
    try:
        with connect_snapshot(snapshot) as con:
            (statement,) = check_read_query(con, sql)
            cursor = execute(con, statement)
            if fmt == "table":
                render(cursor, _console())
            else:
                write_delimited(cursor, fmt, sys.stdout)
    except QueryRefused as refused:
        print(f"newsdw sql: {refused}", file=sys.stderr)
        return REFUSED
    except (duckdb.Error, FileNotFoundError) as error:
        print(f"newsdw sql: {one_line(error)}", file=sys.stderr)
        return QUERY_ERROR
    except KeyboardInterrupt:
        print("newsdw sql: interrupted", file=sys.stderr)
        return 130
    except RuntimeError as error:  # Ctrl-C during the query: DuckDB raises "Query interrupted"
        if not _interrupted(error):
            raise
        print("newsdw sql: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `newsdw sql … | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
        return OK
    return OK


SHELL_HELP = """\
Statements end with ';' and may span lines. Only read-only queries run (SELECT, WITH, VALUES,
FROM, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN); anything else is refused.
  .tables            list the tables and views
  .schema [TABLE]    the CREATE statement of TABLE (schema.table or table), or of every table
  .help              this help
  .quit / .exit      leave (or Ctrl-D); Ctrl-C clears the statement being typed"""


def _tables(con: duckdb.DuckDBPyConnection, console: Console) -> None:
    render(con.execute(
        "select table_schema, table_name, table_type from information_schema.tables "
        "order by 1, 2"
    ), console, max_rows=10_000)


def _schema(con: duckdb.DuckDBPyConnection, console: Console, name: str | None) -> None:
    rows = con.execute(
        """
        select schema_name, name, sql from (
            select schema_name, table_name as name, sql from duckdb_tables()
            where not internal
            union all
            select schema_name, view_name as name, sql from duckdb_views()
            where not internal
        )
        where $name is null or lower(name) = lower($name)
           or lower(schema_name || '.' || name) = lower($name)
        order by schema_name, name
        """, {"name": name.rstrip(";") if name else None}
    ).fetchall()
    if not rows:
        console.print(Text(f"no table or view named {name}" if name else "no tables"))
    for _schema_name, _name, sql in rows:
        console.print(Text(sql.rstrip() if sql.rstrip().endswith(";") else sql.rstrip() + ";"))


def _meta(con: duckdb.DuckDBPyConnection, console: Console, line: str) -> bool:
    """Run a dot command; False when the shell should exit."""
    command, _, argument = line.partition(" ")
    argument = argument.strip() or None
    if command in (".quit", ".exit", ".q"):
        return False
    if command == ".tables":
        _tables(con, console)
    elif command == ".schema":
        _schema(con, console, argument)
    elif command == ".help":
        console.print(Text(SHELL_HELP))
    else:
        console.print(Text(f"unknown command {command}; .help lists them", style="red"))
    return True


def _run_buffer(con: duckdb.DuckDBPyConnection, console: Console, buffer: str) -> None:
    try:
        statements = check_read_query(con, buffer, single=False)
        for statement in statements:
            render(execute(con, statement), console)
    except QueryRefused as refused:
        console.print(Text(str(refused), style="red"))
    except duckdb.Error as error:
        console.print(Text(str(error).strip(), style="red"))
    except RuntimeError as error:  # Ctrl-C during a query: DuckDB raises "Query interrupted"
        if not _interrupted(error):
            raise
        console.print(Text("interrupted", style="red"))


def shell(snapshot: Path, stdin: TextIO | None = None, console: Console | None = None) -> int:
    """A small interactive SQL prompt on the snapshot (`newsdw shell`)."""
    stdin = stdin or sys.stdin
    interactive = stdin.isatty()
    if interactive:
        import readline  # noqa: F401  (line editing and history for input())
    console = console or _console()
    try:
        con = connect_snapshot(snapshot)
    except (duckdb.Error, FileNotFoundError) as error:
        print(f"newsdw shell: {one_line(error)}", file=sys.stderr)
        return 1
    with con:
        console.print(Text(f"newsdw shell on {snapshot} (read-only). End statements with ';'; "
                           "'.help' lists commands, '.quit' or Ctrl-D exits."))
        buffer = ""
        while True:
            prompt = "newsdw> " if not buffer else "   ...> "
            try:
                if interactive:
                    line = input(prompt)
                else:
                    line = stdin.readline()
                    if not line:
                        raise EOFError
                    line = line.rstrip("\n")
            except EOFError:
                if buffer.strip():
                    _run_buffer(con, console, buffer)
                if interactive:
                    console.print()
                return 0
            except KeyboardInterrupt:  # Ctrl-C: drop the statement being typed
                console.print()
                buffer = ""
                continue
            stripped = line.strip()
            try:
                if not buffer and stripped.startswith("."):
                    if not _meta(con, console, stripped):
                        return 0
                    continue
                if not buffer and not stripped:
                    continue
                buffer += line + "\n"
                if not stripped.endswith(";"):
                    continue
                _run_buffer(con, console, buffer)
            except KeyboardInterrupt:  # Ctrl-C during a query: DuckDB interrupts it
                console.print(Text("interrupted", style="red"))
            buffer = ""
