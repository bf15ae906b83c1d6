"""docs/analyst-guide.md: every worked query runs on the BI snapshot of a real run of the
bundled sample and shows what the guide states; the guide shows each query's SQL as in
docs/analyst_queries.yml and its ER diagram names every mart."""

from __future__ import annotations

import re

import duckdb
import pytest

from newsdw.serve import guide

QUERIES = guide.load_queries()


@pytest.fixture(scope="module")
def snapshot_con(sample_run):
    with duckdb.connect(str(sample_run.snapshot), read_only=True) as con:
        yield con


def test_the_guide_has_at_least_ten_worked_questions():
    assert len(QUERIES) >= 10
    text = guide.GUIDE_FILE.read_text(encoding="utf-8")
    for query in QUERIES:
        block = guide.block_pattern(query.name).search(text)
        assert block, f"no result block for {query.name}"
        assert f"```sql\n{query.sql}\n```" in block.group(2), (
            f"{query.name}: the guide's SQL differs from analyst_queries.yml; "
            "run newsdw guide"
        )
        assert guide.describe_expectations(query) in block.group(2), query.name


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_worked_query_shows_what_the_guide_states(snapshot_con, query):
    result = guide.run(snapshot_con, query)
    assert guide.check(query, result) == []


def test_the_er_diagram_names_every_mart(snapshot_con):
    text = guide.GUIDE_FILE.read_text(encoding="utf-8")
    diagram = re.search(r"```mermaid\n(erDiagram.*?)```", text, re.DOTALL).group(1)
    entities = set(re.findall(r"^    (\w+) \{$", diagram, re.MULTILINE))
    marts = {name for (name,) in snapshot_con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts'"
    ).fetchall()}
    assert entities == marts
    for mart in marts:  # every column of every mart is in the diagram
        columns = [c for (c,) in snapshot_con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = ? order by ordinal_position", [mart]
        ).fetchall()]
        body = re.search(rf"^    {mart} \{{\n(.*?)^    \}}", diagram, re.MULTILINE | re.DOTALL)
        listed = re.findall(r"^\s+\S+ (\w+)", body.group(1), re.MULTILINE)
        assert listed == columns, mart
