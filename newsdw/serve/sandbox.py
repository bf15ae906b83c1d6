"""The one connection every read interface opens: the BI snapshot, read-only, sandboxed.

`newsdw sql`, `newsdw shell`, `newsdw report`, `newsdw summary` and `newsdw guide` read the
published snapshot through `connect_snapshot`, and run SQL they did not write themselves (a
user's query, the guide's YAML) through `check_read_query` / `execute_read`.

Two walls, in this order of importance:

1. DuckDB's own guards, set when the connection opens (`SANDBOX_CONFIG`): the database is opened
   read-only, external access is off (no ATTACH, COPY, EXPORT, read_csv/read_text/glob, replacement
   scans of file names, INSTALL/LOAD: every file or network access other than the snapshot
   itself is refused by DuckDB), extensions are never auto-installed or auto-loaded, and the
   configuration is locked, so no statement can undo any of it (`SET`, `RESET`, `PRAGMA`,
   `CALL enable_logging()`… fail with "the configuration has been locked").
2. A statement check before execution: DuckDB parses the text (`extract_statements`) and only
   read statements run (`SELECT` as DuckDB classifies it, which includes `WITH`, `VALUES`,
   `FROM …`, `TABLE`, `DESCRIBE`, `SHOW`, `SUMMARIZE`, `PIVOT … IN (…)`, `UNPIVOT`; and `EXPLAIN
   [ANALYZE]` of such a statement). Everything else is refused with a one-line `QueryRefused`
   that says why. This gives a clear message; the guards above are what actually hold.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

# DuckDB configuration of every read connection, given to `duckdb.connect`. Then
# `connect_snapshot` turns the progress bar off (a per-connection option DuckDB does not take at
# connect time) and sets `lock_configuration`: from then on no statement can change any option.
SANDBOX_CONFIG: dict[str, object] = {
    "enable_external_access": False,  # no file/network access but the database file itself
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "allow_persistent_secrets": False,
    "python_enable_replacements": False,  # no scans of Python variables by name
}

READ_STATEMENTS = "SELECT, WITH, VALUES, FROM, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN"

# Why a statement is refused, by DuckDB statement type; `{kw}` is its first keyword(s).
_REASONS: dict[str, str] = {
    "ATTACH": "ATTACH opens other databases",
    "DETACH": "DETACH changes the attached databases",
    "COPY": "COPY writes or reads files",
    "COPY_DATABASE": "COPY FROM DATABASE writes a database",
    "EXPORT": "EXPORT DATABASE writes files",
    "LOAD": "{kw} installs or loads extensions",
    "EXTENSION": "{kw} installs or updates extensions",
    "SET": "{kw} changes settings",
    "VARIABLE_SET": "{kw} changes session state",
    "PRAGMA": "{kw} runs a pragma (settings, imports, commands)",
    "CALL": "{kw} runs a procedure",
    "CREATE": "{kw} changes the database",
    "CREATE_FUNC": "{kw} changes the database",
    "INSERT": "INSERT changes the database",
    "UPDATE": "UPDATE changes the database",
    "DELETE": "{kw} changes the database",
    "MERGE_INTO": "MERGE changes the database",
    "DROP": "{kw} changes the database",
    "ALTER": "{kw} changes the database",
    "TRANSACTION": "{kw} is not needed: every query is read-only",
    "PREPARE": "PREPARE is not supported here",
    "EXECUTE": "EXECUTE is not supported here",
    "VACUUM": "{kw} maintains the database",
    "ANALYZE": "ANALYZE maintains the database",
    "MULTI": "{kw} would run several statements (a PIVOT without an IN list creates types: "
             "list the values, PIVOT … ON col IN (…))",
}
# Where the first keyword says more than the type (DuckDB files these under PRAGMA, SET…).
_KEYWORD_REASONS: dict[str, str] = {
    "IMPORT": "IMPORT DATABASE reads files into the database",
    "USE": "USE changes the default database",
    "CHECKPOINT": "CHECKPOINT maintains the database",
    "FORCE CHECKPOINT": "FORCE CHECKPOINT maintains the database",
    "CREATE SECRET": "CREATE SECRET stores credentials",
    "DROP SECRET": "DROP SECRET changes stored credentials",
    "SET VARIABLE": "SET VARIABLE changes session state",
    "RESET VARIABLE": "RESET VARIABLE changes session state",
    "COPY FROM": "COPY FROM DATABASE copies a database",
    "DEALLOCATE": "DEALLOCATE is not supported here",
    "UPDATE EXTENSIONS": "UPDATE EXTENSIONS installs extensions",
}

_LEADING_COMMENTS = re.compile(r"\A(?:\s+|--[^\n]*(?:\n|\Z)|/\*.*?\*/)*", re.DOTALL)
_EXPLAIN = re.compile(r"explain\b\s*(?:analy[sz]e\b\s*)?(?:\([^()]*\)\s*)?", re.IGNORECASE)


class QueryRefused(Exception):
    """A statement the read interfaces do not run; `str()` is one line, ready to print."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"refused: {reason}; the BI snapshot runs read-only queries only "
                         f"({READ_STATEMENTS})")
        self.reason = reason


def connect_snapshot(snapshot: Path, *, private: bool = False) -> duckdb.DuckDBPyConnection:
    """Open `snapshot` (a BI snapshot, or any warehouse file to read) read-only, sandboxed by
    `SANDBOX_CONFIG`. Raises FileNotFoundError when the file does not exist.

    `private`: a database instance of its own. DuckDB shares one instance per path within a
    process while any connection to it is open, so a long-running process (`newsdw serve`)
    would keep serving the file it opened first after a publish renamed a new one over it.
    A private connection is an in-memory DuckDB that attaches the file read-only under its
    usual name (`news_bi`) and then turns external access off: it reads the file that was
    published when it connected, and sees no later one."""
    snapshot = Path(snapshot)
    if not snapshot.is_file():
        raise FileNotFoundError(f"{snapshot} does not exist yet: run `newsdw run --date D` first")
    if private:
        config = {k: v for k, v in SANDBOX_CONFIG.items() if k != "enable_external_access"}
        con = duckdb.connect(":memory:", config=config)
    else:
        con = duckdb.connect(str(snapshot), read_only=True, config=dict(SANDBOX_CONFIG))
    try:
        if private:
            alias = '"' + snapshot.stem.replace('"', '""') + '"'
            con.execute(f"ATTACH ? AS {alias} (READ_ONLY)", [str(snapshot)])
            con.execute(f"USE {alias}")
            con.execute("SET enable_external_access = false")  # cannot be turned on again
        con.execute("SET enable_progress_bar = false")  # results and one-line errors only
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def _text(statement_text: str) -> str:
    return _LEADING_COMMENTS.sub("", statement_text)


_MODIFIERS = {"OR", "REPLACE", "TEMP", "TEMPORARY", "PERSISTENT", "UNIQUE", "IF", "NOT", "EXISTS"}


def _keyword(statement_text: str) -> str:
    """The statement's leading keyword(s) as users write them: COPY, RESET, CREATE SECRET…"""
    words = [w.upper() for w in re.findall(r"[A-Za-z_]+", _text(statement_text))[:6]]
    if not words:
        return "this statement"
    first, rest = words[0], words[1:]
    if first in ("CREATE", "DROP", "ALTER"):
        rest = [w for w in rest if w not in _MODIFIERS]
        return f"{first} {rest[0]}" if rest else first
    if rest and (first, rest[0]) in (("FORCE", "INSTALL"), ("FORCE", "CHECKPOINT"),
                                     ("UPDATE", "EXTENSIONS"), ("SET", "VARIABLE"),
                                     ("RESET", "VARIABLE"), ("COPY", "FROM")):
        return f"{first} {rest[0]}"
    return first


def _check(con: duckdb.DuckDBPyConnection, statement, depth: int = 0) -> None:
    text = statement.query
    try:
        kind = statement.type.name
    except ValueError:  # a type this duckdb module cannot name (UPDATE EXTENSIONS in 2.0.1)
        kind = "UNKNOWN"
    if kind == "SELECT":
        return
    if kind == "EXPLAIN" and depth == 0:
        match = _EXPLAIN.match(_text(text))
        inner = _text(text)[match.end():] if match else ""
        try:
            inner_statements = con.extract_statements(inner) if inner.strip() else []
        except (duckdb.Error, ValueError):
            inner_statements = []
        if len(inner_statements) != 1:
            raise QueryRefused("EXPLAIN of a statement that is not a single read query")
        try:
            _check(con, inner_statements[0], depth + 1)
        except QueryRefused as refused:
            raise QueryRefused(f"EXPLAIN of {refused.reason}") from None
        return
    keyword = _keyword(text)
    reason = _KEYWORD_REASONS.get(keyword) or _REASONS.get(kind, "{kw} is not a read query")
    raise QueryRefused(reason.format(kw=keyword))


def check_read_query(con: duckdb.DuckDBPyConnection, sql: str, *, single: bool = True) -> list:
    """Parse `sql` with DuckDB and return its statements if every one is a read query (and,
    with `single`, there is exactly one); raise QueryRefused otherwise. A syntax error raises
    DuckDB's own ParserException (a query error, not a refusal)."""
    statements = con.extract_statements(sql)
    if not statements:
        raise QueryRefused("no statement to run")
    if single and len(statements) > 1:
        raise QueryRefused(f"{len(statements)} statements in one query (run one at a time)")
    for statement in statements:
        _check(con, statement)
    return statements


def execute_read(con: duckdb.DuckDBPyConnection, sql: str,
                 params: list | dict | None = None) -> duckdb.DuckDBPyConnection:
    """Check that `sql` is one read query, then execute exactly the statement that was checked."""
    (statement,) = check_read_query(con, sql)
    return con.execute(statement, params)


def one_line(error: BaseException) -> str:
    """An exception as one line: DuckDB's first line (its caret context is dropped)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__
