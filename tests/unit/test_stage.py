"""Staged Parquet: written in row groups as rows come, read back in slices."""

from __future__ import annotations

import pytest

from newsdw.warehouse import staging


def candidate_rows(n: int, offset: int = 0) -> list[dict]:
    return [{"article_id": f"a{i:05d}", "phrase": f"phrase {i}", "frequency": i}
            for i in range(offset, offset + n)]


def test_a_table_written_in_pieces_reads_back_whole_and_in_order(tmp_path):
    path = tmp_path / "candidate_issues.parquet"
    with staging.TableWriter(path, "candidate_issues", row_group_rows=100) as writer:
        for start in range(0, 1050, 70):
            writer.write(candidate_rows(min(70, 1050 - start), start))
    assert writer.rows == 1050
    assert staging.read_table(path).to_pylist() == candidate_rows(1050)
    assert staging.count_rows(path) == 1050


def test_an_empty_table_still_has_its_schema(tmp_path):
    path = staging.write_table(tmp_path / "statements.parquet", "statements", [])
    table = staging.read_table(path)
    assert table.num_rows == 0 and table.schema == staging.SCHEMAS["statements"]


def test_a_writer_that_fails_leaves_no_file_behind(tmp_path):
    path = tmp_path / "candidate_issues.parquet"
    with pytest.raises(RuntimeError), staging.TableWriter(path, "candidate_issues") as writer:
        writer.write(candidate_rows(10))
        raise RuntimeError("tagging failed")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("start", "stop"), [(0, 3000), (0, 1), (1000, 2100), (2999, 3000),
                                             (1500, 1500)])
def test_read_rows_returns_exactly_the_slice(tmp_path, start, stop):
    path = staging.write_table(tmp_path / "c.parquet", "candidate_issues", candidate_rows(3000))
    rows = staging.read_rows(path, ["article_id", "frequency"], start, stop)
    assert rows == [{"article_id": r["article_id"], "frequency": r["frequency"]}
                    for r in candidate_rows(3000)[start:stop]]
