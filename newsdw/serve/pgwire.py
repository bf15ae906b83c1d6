"""`newsdw serve`: the published BI snapshot over the PostgreSQL wire protocol, read-only, for
clients on other machines, with a token.

Why PostgreSQL's protocol and not DuckDB's own (Quack): every BI tool speaks it (Superset,
Metabase, Tableau, Power BI, DBeaver, Excel, psql, any JDBC/ODBC/libpq client), with the
drivers they already bundle, while Quack reaches only DuckDB clients that load its extension,
and that extension ships on PyPI for DuckDB 1.5.x only (the project runs DuckDB 2.0.1 and our
CI cannot download extensions). The protocol is served by `buenavista` (a PostgreSQL-wire
server for DuckDB in Python; its rewriter turns PostgreSQL SQL into DuckDB's); docs/bi-recipes.md
has the decision and its limits.

What a remote client may do is what `newsdw sql` may do (`newsdw.serve.sandbox`):

- Every client connection gets its own sandboxed, read-only DuckDB (`connect_snapshot(...,
  private=True)`) on the snapshot published when it connected: a publish renames a complete
  new file over the old one, so a new connection reads the new day and an open one keeps its
  consistent view of the old, never a half-built file.
- Every statement passes `check_read_query` (only reads run; a refusal is the client's error
  message, in one line). Transaction control is acknowledged without running anything (a read
  needs none), and so are the session settings drivers send on connect (`SET
  extra_float_digits`, `SET application_name`): DuckDB's configuration is locked anyway.
- Authentication: PostgreSQL's MD5 challenge with the token as the password of any user name
  (the token never crosses the network, but the rest of the session is not encrypted: across
  untrusted networks, put the port behind TLS or an SSH tunnel).
"""

from __future__ import annotations

import logging
import os
import re
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
from buenavista import bv_dialects, postgres, rewrite
from buenavista.backends.duckdb import DuckDBQueryResult, DuckDBSession
from buenavista.core import Connection, QueryResult, Session

from newsdw.serve.sandbox import check_read_query, connect_snapshot

TOKEN_ENV = "NEWSDW_SERVE_TOKEN"
MIN_TOKEN_LENGTH = 16  # MD5 challenges can be brute-forced offline: a short token is a guess
DEFAULT_PORT = 5433  # beside a real PostgreSQL's 5432

# Command tags of transaction control: answered, not run (reads need no transaction).
_TRANSACTION_TAGS = {"BEGIN": "BEGIN", "START": "START TRANSACTION", "COMMIT": "COMMIT",
                     "END": "COMMIT", "ROLLBACK": "ROLLBACK", "ABORT": "ROLLBACK"}
# Session settings drivers send on connect: acknowledged, not run (the configuration is locked).
_SESSION_SETTINGS = {"SET", "RESET", "DISCARD"}
# DuckDB's pg_catalog.format_type says `varchar`, `int8`…: PostgreSQL's names are what drivers
# map to types (SQLAlchemy's postgresql dialect, behind Superset, warns and types such a column
# as unknown). Each session defines this macro and catalog queries call it instead.
_FORMAT_TYPE_MACRO = """CREATE TEMP MACRO newsdw_format_type(type_oid, typemod) AS
  CASE pg_catalog.format_type(type_oid, typemod)
    WHEN 'varchar' THEN 'character varying' WHEN 'int8' THEN 'bigint'
    WHEN 'int4' THEN 'integer' WHEN 'int2' THEN 'smallint' WHEN 'float8' THEN 'double precision'
    WHEN 'float4' THEN 'real' WHEN 'bool' THEN 'boolean'
    WHEN 'timestamp' THEN 'timestamp without time zone'
    WHEN 'timestamptz' THEN 'timestamp with time zone'
    ELSE pg_catalog.format_type(type_oid, typemod) END"""
_FORMAT_TYPE_CALL = re.compile(r"\b(?:pg_catalog\.)?format_type\s*\(", re.IGNORECASE)
_FIRST_WORD = re.compile(r"(?:\s+|--[^\n]*(?:\n|\Z)|/\*.*?\*/)*([A-Za-z]+)", re.DOTALL)


@dataclass(frozen=True)
class ServeOptions:
    snapshot: Path
    token: str
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT


class TokenRefused(ValueError):
    """No token, or one too short to serve with."""


def check_token(token: str | None) -> str:
    if not token:
        raise TokenRefused(f"no token: set {TOKEN_ENV} or pass --token-file (clients give it "
                           "as their password)")
    token = token.strip()
    if len(token) < MIN_TOKEN_LENGTH:
        raise TokenRefused(f"the token has {len(token)} characters; use at least "
                           f"{MIN_TOKEN_LENGTH} (e.g. `python -c 'import secrets; "
                           "print(secrets.token_urlsafe(32))'`)")
    return token


class _TokenForEveryUser(dict):
    """buenavista's auth mapping (user -> password): the token, whatever the user name."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def __missing__(self, user: str) -> str:
        return self._token


class _Rewriter(rewrite.Rewriter):
    def rewrite(self, sql: str) -> str:
        if sql.strip().rstrip(";").lower() in ("select version()", "select pg_catalog.version()"):
            # drivers parse a PostgreSQL version out of it (SQLAlchemy, pgjdbc)
            return f"SELECT 'PostgreSQL 9.3 (newsdw, DuckDB {duckdb.__version__})' AS version"
        return super().rewrite(sql)


class ReadOnlySession(DuckDBSession):
    """One client connection: its own sandboxed DuckDB, read statements only."""

    def execute_sql(self, sql: str, params=None) -> QueryResult:
        match = _FIRST_WORD.match(sql)
        word = match.group(1).upper() if match else ""
        if ";" in sql.strip().rstrip(";"):
            word = ""  # several statements: acknowledge none, check them all (one is allowed)
        if word in _TRANSACTION_TAGS:
            self.in_txn = word in ("BEGIN", "START")
            return DuckDBQueryResult(status=_TRANSACTION_TAGS[word])
        if word in _SESSION_SETTINGS:
            return DuckDBQueryResult(status=word)
        sql = self.rewrite_sql(sql)  # buenavista's fixes for psql/DBeaver catalog queries
        sql = _FORMAT_TYPE_CALL.sub("newsdw_format_type(", sql)
        (statement,) = check_read_query(self._cursor, sql)  # QueryRefused: the client's error
        # the statement that was checked is the one that runs; streamed to the client in Arrow
        # batches (buenavista's DuckDB backend calls it fetch_record_batch, gone in DuckDB 2.0)
        relation = self._cursor.sql(statement, params=params or None)
        if relation is None:
            return DuckDBQueryResult(status="SELECT")
        return DuckDBQueryResult(_typed(relation.to_arrow_reader()), status="SELECT")


def _typed(reader: pa.RecordBatchReader) -> pa.RecordBatchReader:
    """Columns buenavista cannot send as text: NULL-typed ones (`select null as x`, in drivers'
    catalog queries) have no PostgreSQL type, and its encoder of integer arrays raises (it
    drops the connection). Both are sent as text (arrays as arrays of text)."""
    fields = [_sendable(f) for f in reader.schema]
    if all(f is g for f, g in zip(fields, reader.schema, strict=True)):
        return reader
    schema = pa.schema(fields)
    return pa.RecordBatchReader.from_batches(schema, (b.cast(schema) for b in reader))


def _sendable(field: pa.Field) -> pa.Field:
    if pa.types.is_null(field.type):
        return field.with_type(pa.string())
    if pa.types.is_list(field.type) or pa.types.is_large_list(field.type):
        value = field.type.value_type
        if not (pa.types.is_string(value) or pa.types.is_large_string(value)):
            return field.with_type(pa.list_(pa.string()))
    return field


class SnapshotConnection(Connection):
    """buenavista's backend: a new sandboxed connection to the current snapshot per client."""

    def __init__(self, snapshot: Path) -> None:
        super().__init__()
        self.snapshot = snapshot

    def parameters(self) -> dict[str, str]:
        return {"server_version": "9.3.newsdw", "client_encoding": "UTF8", "DateStyle": "ISO"}

    def new_session(self) -> Session:
        con = connect_snapshot(self.snapshot, private=True)
        con.execute(_FORMAT_TYPE_MACRO)  # in memory, this session only
        return ReadOnlySession(con)


class SnapshotServer(postgres.BuenaVistaServer):
    daemon_threads = True  # a client that never hangs up does not keep the server alive

    def verify_request(self, request, client_address) -> bool:
        # buenavista admits only 127.0.0.1 unless an environment variable says otherwise; here
        # the operator chooses the address (--host) and the token guards every connection
        return True


class SnapshotServer6(SnapshotServer):
    address_family = socket.AF_INET6  # --host ::1, --host ::


def make_server(options: ServeOptions) -> SnapshotServer:
    """A server bound to (host, port) (port 0: any free one), not yet serving."""
    if not options.snapshot.is_file():
        raise FileNotFoundError(
            f"{options.snapshot} does not exist yet: run `newsdw run --date D` first")
    for name in ("buenavista", "buenavista.postgres", "buenavista.backends.duckdb"):
        logging.getLogger(name).setLevel(logging.WARNING)  # it logs every query at INFO
    server = SnapshotServer6 if ":" in options.host else SnapshotServer
    return server(
        (options.host, options.port), SnapshotConnection(options.snapshot),
        rewriter=_Rewriter(bv_dialects.BVPostgres(), bv_dialects.BVDuckDB()),
        auth=_TokenForEveryUser(check_token(options.token)),
    )


def main_serve(snapshot: Path, host: str, port: int, token_file: str | None) -> int:
    """`newsdw serve`: serve until Ctrl-C. Exit 2 without a usable token or snapshot."""
    try:
        token = (Path(token_file).read_text(encoding="utf-8") if token_file
                 else os.environ.get(TOKEN_ENV, ""))
        server = make_server(ServeOptions(snapshot, token, host, port))
    except (TokenRefused, OSError) as error:  # OSError: no snapshot, token file, port in use
        print(f"newsdw serve: {error}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="newsdw serve: %(message)s")
    bound_host, bound_port = server.server_address[:2]
    print(f"newsdw serve: {snapshot} read-only on postgresql://{bound_host}:{bound_port}/"
          f"{snapshot.stem} (any user name, the token as password); Ctrl-C stops", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
