"""How a run reports validation: the Airflow task fails without retries naming the failing
expectations, and `newsdw run` ends its summary with the Data Docs path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from expectations.runner import ExpectationResult, ValidationFailed, ValidationReport
from newsdw import cli
from newsdw.pipeline import orchestration, steps
from newsdw.pipeline.context import RunContext
from newsdw.settings import Settings

DAY = dt.date(2024, 4, 20)


def _failed_report() -> ValidationReport:
    result = ExpectationResult(
        suite="raw.nlp_health", expectation="expect_column_values_to_be_between",
        table="raw.nlp_health", column="speaker_share", success=False, severity="critical",
        observed_value="0 (statements=40, statements_with_speaker=0)",
        explanation="1 of 1 unexpected (100.0%); offending values: 0; expected min_value=0.5",
        unexpected_values=(0,),
    )
    return ValidationReport("raw", DAY, "run-1", None, [result], docs_index=Path("/d/index.html"))


def _ctx(tmp_path: Path) -> RunContext:
    settings = Settings.from_env(warehouse=tmp_path / "news.duckdb")
    return RunContext(DAY, "run-1", settings)


def test_a_failed_validation_fails_the_task_without_retry(tmp_path, monkeypatch) -> None:
    from airflow.sdk.exceptions import AirflowFailException

    def failing_step(ctx, layer, validated_at):
        raise ValidationFailed(_failed_report())

    monkeypatch.setattr(steps, "validate_step", failing_step)
    with pytest.raises(AirflowFailException) as excinfo:
        orchestration.validate_or_fail(_ctx(tmp_path), "raw", dt.datetime(2024, 4, 21))
    message = str(excinfo.value)
    assert "expect_column_values_to_be_between on raw.nlp_health.speaker_share" in message
    assert "offending values: 0" in message and "Data Docs: /d/index.html" in message
    assert isinstance(excinfo.value.__cause__, ValidationFailed)


def test_a_passing_validation_returns_the_step_result(tmp_path, monkeypatch) -> None:
    done = {"layer": "raw", "expectations": 3, "warnings": 0, "data_docs": "/d/index.html"}
    monkeypatch.setattr(steps, "validate_step", lambda ctx, layer, at: done)
    assert orchestration.validate_or_fail(_ctx(tmp_path), "raw", dt.datetime(2024, 4, 21)) == done


def test_other_errors_keep_their_type_and_retries(tmp_path, monkeypatch) -> None:
    def locked(ctx, layer, validated_at):
        raise OSError("warehouse is locked")

    monkeypatch.setattr(steps, "validate_step", locked)
    with pytest.raises(OSError, match="locked"):
        orchestration.validate_or_fail(_ctx(tmp_path), "raw", dt.datetime(2024, 4, 21))


@pytest.mark.parametrize("code", [0, 1])
def test_newsdw_run_ends_with_the_data_docs_path(tmp_path, monkeypatch, capsys, code) -> None:
    import newsdw.serve.summary

    docs = tmp_path / "data_docs" / "index.html"
    docs.parent.mkdir()
    docs.write_text("<html></html>")
    monkeypatch.setattr(cli, "_run_days", lambda settings, days: code)
    monkeypatch.setattr(newsdw.serve.summary, "print_summary", lambda db, day: print("what landed"))
    assert cli.main(["run", "--date", "2024-04-20", "--warehouse",
                     str(tmp_path / "news.duckdb")]) == code
    out, err = capsys.readouterr()
    if code == 0:
        assert out.splitlines() == ["what landed", f"Data Docs: {docs}"]
    else:  # a failed run points at the Data Docs too, on stderr next to the failure
        assert out == "" and err.splitlines()[-1] == f"Data Docs: {docs}"
