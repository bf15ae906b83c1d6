"""BI tools, tested the way they connect (docs/bi-recipes.md, one test per recipe): SQLAlchemy's
inspector through duckdb-engine as Superset lists schemas, tables and columns; pandas
`read_sql`; the Parquet export through pyarrow with dates as dates; dbt's descriptions as
DuckDB comments in the snapshot; and a snapshot file older DuckDB drivers can open."""

from __future__ import annotations

import datetime as dt
import os
import struct
import subprocess

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pytest
import sqlalchemy
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from newsdw.warehouse.publish import SNAPSHOT_STORAGE_VERSION, publish_snapshot, storage_version
from tests.integration.test_dbt_project import DAY_1, DAY_2, MART_COLUMNS
from tests.integration.test_publish import make_working

# The storage version number in the header of a file in format v1.0.0: what DuckDB 1.0 and 1.1
# read ("we can only read version 64"); DuckDB 2.0's own format writes another.
STORAGE_NUMBER_V1_0 = 64


@pytest.fixture(scope="module")
def engine(bi_site):
    """As docs/bi-recipes.md (and Superset's engine parameters) connect."""
    eng = create_engine(f"duckdb:///{bi_site.snapshot}", connect_args={"read_only": True},
                        poolclass=NullPool)
    yield eng
    eng.dispose()


def mart_comments(snapshot) -> dict[str, dict[str | None, str | None]]:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        rows = con.execute(
            "select table_name, column_name, comment from duckdb_columns() "
            "where schema_name = 'marts' union all "
            "select table_name, null, comment from duckdb_tables() where schema_name = 'marts'"
        ).fetchall()
    out: dict[str, dict[str | None, str | None]] = {}
    for table, column, comment in rows:
        out.setdefault(table, {})[column] = comment
    return out


def test_the_pinned_sqlalchemy_is_one_whose_reflection_works():
    # SQLAlchemy 2.1's PostgreSQL reflection (inherited by duckdb-engine 0.17) reads
    # pg_catalog.pg_collation, which DuckDB lacks and no file can add (constraints.txt)
    assert sqlalchemy.__version__.startswith("2.0.")


def test_sqlalchemy_inspector_lists_what_superset_lists(engine):
    inspector = inspect(engine)
    schemas = inspector.get_schema_names()
    assert {"news_bi.marts", "news_bi.audit"} <= set(schemas)
    assert set(inspector.get_table_names(schema="marts")) == set(MART_COLUMNS)
    for mart, columns in MART_COLUMNS.items():
        reflected = inspector.get_columns(mart, schema="marts")
        assert [c["name"] for c in reflected] == [name for name, _ in columns], mart
        assert all(c["comment"] for c in reflected), f"{mart}: a column without description"
        assert inspector.get_table_comment(mart, schema="marts")["text"], mart
        # no keys are declared on the marts: the answer is empty, not an error (REGCLASS)
        assert inspector.get_pk_constraint(mart, schema="marts")["constrained_columns"] == []
        assert inspector.get_foreign_keys(mart, schema="marts") == []
    statements = {c["name"]: c for c in inspector.get_columns("statements", schema="marts")}
    assert isinstance(statements["published_date"]["type"], sqlalchemy.Date)
    assert isinstance(statements["statement_index"]["type"], sqlalchemy.Integer)


def test_pandas_read_sql(engine):
    with engine.connect() as conn:  # the recipe's query, as written there
        rows = conn.execute(text(
            "select speaker_name, count(*) as statements from marts.statements "
            "where published_date = :day group by 1 order by 2 desc limit 10"
        ), {"day": "2024-04-20"}).all()
    assert rows and rows[0].statements >= 1
    frame = pd.read_sql(text("select * from marts.issue_daily where published_date = :day"),
                        engine, params={"day": "2024-04-20"})
    assert len(frame) > 0
    assert set(frame["published_date"]) == {DAY_1}  # datetime.date values, not text
    assert frame["article_count"].dtype.kind == "i"


def test_pyarrow_reads_published_date_as_a_date(bi_site):
    # the recipe of docs/bi-recipes.md: declare the partition column's type
    partitioning = ds.partitioning(pa.schema([("published_date", pa.date32())]), flavor="hive")
    statements = ds.dataset(bi_site.parquet / "statements", format="parquet",
                            partitioning=partitioning)
    table = statements.to_table(filter=ds.field("published_date") == DAY_2)
    assert statements.schema.field("published_date").type == pa.date32()
    assert table.num_rows > 0
    assert set(table.column("published_date").to_pylist()) == {DAY_2}
    frame = pd.read_parquet(bi_site.parquet / "statements", partitioning=partitioning)
    assert {d for d in frame["published_date"]} == {DAY_1, DAY_2}
    assert isinstance(frame["published_date"].iloc[0], dt.date)


def test_dbt_descriptions_are_comments_in_the_warehouse_and_the_snapshot(bi_site):
    for db in (bi_site.warehouse, bi_site.snapshot):
        comments = mart_comments(db)
        assert set(comments) == set(MART_COLUMNS)
        missing = [(t, c) for t, cols in comments.items() for c, text_ in cols.items()
                   if not text_]
        assert missing == [], f"{db.name}: tables/columns without a comment"
    assert mart_comments(bi_site.snapshot) == mart_comments(bi_site.warehouse)


def test_comments_follow_a_changed_description_into_an_updated_snapshot(tmp_path):
    working = make_working(tmp_path / "news.duckdb")
    snapshot = tmp_path / "news_bi.duckdb"
    publish_snapshot(working, snapshot)
    with duckdb.connect(str(working)) as con:
        con.execute("comment on table marts.articles is 'One row per article.'")
        con.execute("comment on column marts.articles.title is 'Headline.'")
    publish_snapshot(working, snapshot)  # articles updated by date, not rebuilt
    comments = mart_comments(snapshot)["articles"]
    assert comments[None] == "One row per article."
    assert comments["title"] == "Headline."


def header_storage_number(db) -> int:
    """DuckDB's main header: 8 bytes checksum, b"DUCK", then the storage version number."""
    with open(db, "rb") as f:
        head = f.read(20)
    assert head[8:12] == b"DUCK"
    return struct.unpack("<Q", head[12:20])[0]


def test_the_snapshot_is_written_for_older_duckdb_drivers(bi_site):
    assert SNAPSHOT_STORAGE_VERSION == "v1.0.0"
    assert storage_version(bi_site.snapshot) == "v1.0.0"
    assert header_storage_number(bi_site.snapshot) == STORAGE_NUMBER_V1_0
    # the working warehouse keeps DuckDB 2.0's format: only the published file is for readers
    assert header_storage_number(bi_site.warehouse) != STORAGE_NUMBER_V1_0


def test_a_snapshot_in_a_newer_format_is_rebuilt_in_the_old_one(tmp_path):
    working = make_working(tmp_path / "news.duckdb")
    snapshot = tmp_path / "news_bi.duckdb"
    with duckdb.connect(str(snapshot)) as con:  # as the publish wrote it before
        con.execute("create table t as select 1 as x")
    assert storage_version(snapshot) != SNAPSHOT_STORAGE_VERSION
    publish_snapshot(working, snapshot)
    assert storage_version(snapshot) == SNAPSHOT_STORAGE_VERSION
    with duckdb.connect(str(snapshot), read_only=True) as con:
        assert con.execute("select count(*) from marts.articles").fetchone()[0] == 4


OLD_DUCKDB_PYTHON = os.environ.get("NEWSDW_OLD_DUCKDB_PYTHON")


@pytest.mark.skipif(not OLD_DUCKDB_PYTHON,
                    reason="set NEWSDW_OLD_DUCKDB_PYTHON to a Python with an older duckdb")
def test_an_older_duckdb_reads_the_snapshot(bi_site):
    """Run by hand with an older driver (docs/bi-recipes.md lists the versions verified):
    python3.11 -m venv /tmp/oldduck && /tmp/oldduck/bin/pip install duckdb==1.0.0
    NEWSDW_OLD_DUCKDB_PYTHON=/tmp/oldduck/bin/python pytest -k older_duckdb"""
    script = (
        "import duckdb, sys\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "print(duckdb.__version__, con.execute('select count(*), min(published_date) "
        "from marts.statements').fetchone())\n"
    )
    proc = subprocess.run([OLD_DUCKDB_PYTHON, "-c", script, str(bi_site.snapshot)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    version, answer = proc.stdout.split(" ", 1)
    assert not version.startswith("2."), f"{OLD_DUCKDB_PYTHON} has duckdb {version}"
    assert "datetime.date(2024, 4, 20)" in answer
