"""ValidationReport / ValidationFailed / record_results without running GX."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from expectations import runner as v

DAY = dt.date(2024, 4, 20)
AT = dt.datetime(2024, 4, 21, 2, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def _result(success: bool, severity: str = "critical", **kw) -> v.ExpectationResult:
    fields = {
        "suite": "raw.articles",
        "expectation": "expect_column_values_to_be_unique",
        "table": "raw.articles",
        "column": "article_id",
        "observed_value": "0 of 2 unexpected (0.0%)",
    }
    fields.update(kw)
    return v.ExpectationResult(success=success, severity=severity, **fields)


def _report(*results: v.ExpectationResult) -> v.ValidationReport:
    return v.ValidationReport("raw", DAY, "run-1", dt.datetime(2024, 4, 21), list(results))


def test_success_ignores_warnings() -> None:
    report = _report(_result(True), _result(False, "warning", explanation="short"))
    assert report.success and report.failures == [] and len(report.warnings) == 1
    v.raise_for_failures(report)
    assert "passed" in report.summary() and "1 warnings" in report.summary()


def test_validation_failed_names_expectation_target_and_values() -> None:
    failed = _result(
        False,
        explanation="2 of 3 unexpected (66.7%); offending values: 'a1'; rows: article_id=a1",
    )
    other = _result(
        False,
        expectation="expect_column_values_to_be_in_set",
        column="language",
        explanation="1 of 3 unexpected; offending values: 'xx'",
    )
    report = _report(_result(True), failed, other)
    assert not report.success
    with pytest.raises(v.ValidationFailed) as excinfo:
        v.raise_for_failures(report)
    message = str(excinfo.value)
    assert "raw validation failed for 2024-04-20 (run run-1): 2 critical" in message
    assert "- expect_column_values_to_be_unique on raw.articles.article_id: 2 of 3" in message
    assert "- expect_column_values_to_be_in_set on raw.articles.language:" in message
    assert "'xx'" in message


def test_explanation_shows_at_most_five_values() -> None:
    class Cfg:
        notes = None
        meta: dict = {}

    result = {
        "unexpected_count": 7,
        "element_count": 9,
        "unexpected_percent": 77.7,
        "partial_unexpected_index_list": [{"article_id": f"a{i}"} for i in range(7)],
    }
    values = [f"v{i}" for i in range(7)]
    text = v._explain(Cfg(), {"column": "x"}, result, values, None, ("article_id",))
    assert "'v4'" in text and "'v5'" not in text and "(+2 more)" in text
    assert "rows: article_id=a0; article_id=a1" in text and "a5" not in text


@pytest.mark.parametrize(
    ("value", "plain"),
    [
        (np.int64(3), 3),
        (np.float64(350.0), 350),
        (float("nan"), None),
        (pd.NaT, None),
        (pd.Timestamp("2024-04-22"), dt.date(2024, 4, 22)),
        (pd.Timestamp("2024-04-22 08:30"), dt.datetime(2024, 4, 22, 8, 30)),
        ((np.float64(2.0), np.int64(5)), (2, 5)),
        ("abc", "abc"),
    ],
)
def test_plain_values(value, plain) -> None:
    assert v._plain(value) == plain


def test_pair_values_are_named() -> None:
    values = v._distinct_values([(np.float64(350.0), np.int64(9999))] * 2, ("len", "end"))
    assert values == [{"len": 350, "end": 9999}]
    assert v._fmt(values[0]) == "(len=350, end=9999)"


def test_record_results_appends_naive_utc_rows(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    report = _report(_result(True), _result(False, "warning", column=None, observed_value="0"))
    assert v.record_results(warehouse, report, DAY, "run-1", AT) == 2
    assert v.record_results(warehouse, report, DAY, "run-1", AT) == 2  # append-only
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(
            "select run_id, logical_date, validated_at, layer, table_name, column_name, success, "
            "severity, observed_value from audit.validation_results order by success"
        ).fetchall()
    finally:
        con.close()
    assert len(rows) == 4
    assert rows[0] == (
        "run-1",
        DAY,
        dt.datetime(2024, 4, 21, 0, 0),
        "raw",
        "raw.articles",
        None,
        False,
        "warning",
        "0",
    )


def test_record_results_takes_validated_at_without_default() -> None:
    import inspect

    params = inspect.signature(v.record_results).parameters
    assert list(params) == ["warehouse", "report", "logical_date", "run_id", "validated_at"]
    assert params["validated_at"].default is inspect.Parameter.empty
    params = inspect.signature(v.validate_layer).parameters
    assert list(params)[:5] == ["warehouse", "layer", "logical_date", "run_id", "docs_dir"]
    assert params["validated_at"].kind is inspect.Parameter.KEYWORD_ONLY
