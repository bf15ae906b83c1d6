"""`newsdw serve` (docs/bi-recipes.md, "Over the network"): the real CLI serves the published
snapshot over the PostgreSQL protocol; real PostgreSQL clients (psycopg2/libpq, SQLAlchemy's
postgresql dialect, pandas) connect over 127.0.0.1. With the token they read the marts;
without it or with a wrong one they are refused; writes, file access and ATTACH are refused
and change nothing; after a publish a new connection reads the new snapshot while an open one
keeps the old one."""

from __future__ import annotations

import hashlib
import os
import re
import select
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import psycopg2
import pytest
import sqlalchemy
from sqlalchemy import create_engine, inspect, text

from newsdw.warehouse.publish import publish_snapshot
from tests.conftest import BIN, REPO
from tests.integration.test_dbt_project import DAY_1, MART_COLUMNS
from tests.integration.test_publish import D4, make_working

TOKEN = "bi-token-" + "k3" * 12


@contextmanager
def serving(warehouse: Path, token: str | None = TOKEN) -> Iterator[int]:
    """`newsdw serve --port 0` on `warehouse`'s snapshot; yields the port it printed."""
    env = {**os.environ, "HOME": str(warehouse.parent)}
    env.pop("NEWSDW_SERVE_TOKEN", None)
    if token is not None:
        env["NEWSDW_SERVE_TOKEN"] = token
    proc = subprocess.Popen([str(BIN / "newsdw"), "serve", "--warehouse", str(warehouse),
                             "--port", "0"], env=env, cwd=REPO, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        line = proc.stdout.readline() if ready else ""
        match = re.search(r"postgresql://127\.0\.0\.1:(\d+)/", line)
        assert match, f"no address printed: {line!r} {proc.stderr.read() if proc.poll() else ''}"
        yield int(match.group(1))
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def connect(port: int, password: str | None = TOKEN, user: str = "analyst"):
    kwargs = {"host": "127.0.0.1", "port": port, "user": user, "dbname": "news_bi",
              "connect_timeout": 10}
    if password is not None:
        kwargs["password"] = password
    return psycopg2.connect(**kwargs)


def fingerprint(root: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def port(bi_site) -> Iterator[int]:
    with serving(bi_site.warehouse) as p:
        yield p


def test_a_client_with_the_token_reads_the_marts(port, bi_site):
    with duckdb.connect(str(bi_site.snapshot), read_only=True) as con:
        expected = con.execute("select count(*), min(published_date) from marts.statements"
                               ).fetchone()
    conn = connect(port, user="any-name-works")
    try:
        cur = conn.cursor()
        cur.execute("select count(*), min(published_date) from marts.statements")
        assert cur.fetchone() == expected
        cur.execute("select speaker_name from marts.statements where published_date = %s "
                    "and speaker_name is not null order by 1 limit 1", (DAY_1,))
        assert cur.fetchone()[0]
        # column types buenavista cannot encode as they come (NULL, integer lists) arrive as text
        cur.execute("select aliases, null as nothing, list_value(1, 2) as numbers "
                    "from marts.actors where aliases is not null limit 1")
        aliases, nothing, numbers = cur.fetchone()
        assert isinstance(aliases, list) and aliases and nothing is None
        assert numbers == ["1", "2"]
    finally:
        conn.close()


def test_sqlalchemy_postgresql_dialect_and_pandas_over_the_network(port):
    # what Superset's or Metabase's PostgreSQL connection does: reflect, then query
    engine = create_engine(f"postgresql+psycopg2://analyst:{TOKEN}@127.0.0.1:{port}/news_bi")
    try:
        inspector = inspect(engine)
        assert {"marts", "audit"} <= set(inspector.get_schema_names())
        assert set(inspector.get_table_names(schema="marts")) == set(MART_COLUMNS)
        columns = inspector.get_columns("actors", schema="marts")
        assert [c["name"] for c in columns] == [n for n, _ in MART_COLUMNS["actors"]]
        assert all(c["comment"] for c in columns)  # dbt's descriptions, over the wire too
        types = {c["name"]: c["type"] for c in columns}
        assert isinstance(types["actor_name"], sqlalchemy.String)
        assert isinstance(types["mention_count"], sqlalchemy.BigInteger)
        assert isinstance(types["first_seen"], sqlalchemy.Date)
        frame = pd.read_sql(text("select issue_id, published_date from marts.issue_daily"),
                            engine)
        assert len(frame) > 0 and DAY_1 in set(frame["published_date"])
    finally:
        engine.dispose()


@pytest.mark.parametrize("password", [None, "wrong-" + TOKEN, TOKEN[:-1]])
def test_without_the_token_or_with_a_wrong_one_the_client_is_refused(port, password):
    with pytest.raises(psycopg2.OperationalError,
                       match="Invalid password|password authentication|no password"):
        connect(port, password=password)


@pytest.mark.parametrize("statement", [
    "create table marts.scratch as select 1 as x",
    "insert into marts.actors select * from marts.actors",
    "delete from marts.statements",
    "drop table marts.issues",
    "copy marts.actors to '{root}/leak.csv'",
    "attach '{warehouse}' as w",
    "select * from read_csv('{warehouse}')",
    "set enable_external_access = true; select 1",
    "install httpfs",
    "call pragma_version()",
])
def test_writes_and_file_access_are_refused_and_change_nothing(port, bi_site, statement):
    root = bi_site.warehouse.parent
    before = fingerprint(root)
    conn = connect(port)
    try:
        cur = conn.cursor()
        with pytest.raises(psycopg2.Error) as refused:
            cur.execute(statement.format(root=root, warehouse=bi_site.warehouse))
        # (the PostgreSQL-to-DuckDB rewrite turns some non-PostgreSQL statements, such as
        # INSTALL, into a syntax error: refused all the same)
        assert re.search(r"refused|disabled by configuration|read-only|Parser Error",
                         str(refused.value))
        conn.rollback()
        cur.execute("select count(*) from marts.issues")  # the session carries on
        assert cur.fetchone()[0] > 0
    finally:
        conn.close()
    after = fingerprint(root)
    assert {k: v for k, v in after.items() if "/dbt/" not in k} == \
        {k: v for k, v in before.items() if "/dbt/" not in k}


def test_the_server_does_not_start_without_a_real_token(bi_site):
    for token in (None, "short"):
        env = {**os.environ}
        env.pop("NEWSDW_SERVE_TOKEN", None)
        if token:
            env["NEWSDW_SERVE_TOKEN"] = token
        proc = subprocess.run([str(BIN / "newsdw"), "serve", "--warehouse",
                               str(bi_site.warehouse), "--port", "0"], env=env, cwd=REPO,
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2
        assert proc.stderr.startswith("newsdw serve: ") and proc.stderr.count("\n") == 1
        assert "Traceback" not in proc.stderr


def test_new_connections_read_the_new_snapshot_open_ones_keep_theirs(tmp_path):
    working = make_working(tmp_path / "wh" / "news.duckdb")
    snapshot = working.with_name("news_bi.duckdb")
    publish_snapshot(working, snapshot)
    query = "select count(*), max(published_date) from marts.articles"
    with serving(working) as p:
        held = connect(p)
        try:
            held_cur = held.cursor()
            held_cur.execute(query)
            old = held_cur.fetchone()
            with duckdb.connect(str(working)) as con:
                con.execute("insert into marts.articles values ('a5', ?, 'Five')", [D4])
            publish_snapshot(working, snapshot)  # renamed over the served file
            time.sleep(0.1)
            fresh = connect(p)
            try:
                fresh_cur = fresh.cursor()
                fresh_cur.execute(query)
                assert fresh_cur.fetchone() == (old[0] + 1, D4)
            finally:
                fresh.close()
            held_cur.execute(query)  # an open connection keeps its consistent view
            assert held_cur.fetchone() == old
        finally:
            held.close()
