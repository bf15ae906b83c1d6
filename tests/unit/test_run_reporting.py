"""How a run reports validation: the Airflow task fails without retries naming the failing
expectations, and `newsdw run` ends its summary with the Data Docs path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from expectations.runner import ExpectationResult, ValidationFailed, ValidationReport
from extract.sources.config import SourceConfigError
from newsdw import cli
from newsdw.pipeline import orchestration, steps

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


def _context(tmp_path: Path) -> dict:
    """An Airflow task context as the steps see it (plain dict access)."""
    return {"logical_date": dt.datetime(2024, 4, 20, tzinfo=dt.UTC), "run_id": "run-1",
            "params": {"warehouse": str(tmp_path / "news.duckdb")}}


def test_a_failed_validation_fails_the_task_without_retry(tmp_path, monkeypatch) -> None:
    from airflow.sdk.exceptions import AirflowFailException

    def failing_step(ctx, layer, validated_at):
        raise ValidationFailed(_failed_report())

    monkeypatch.setattr(steps, "validate_step", failing_step)
    with pytest.raises(AirflowFailException) as excinfo:
        orchestration.run_step(_context(tmp_path), "validate_step", "raw",
                               dt.datetime(2024, 4, 21))
    message = str(excinfo.value)
    assert "expect_column_values_to_be_between on raw.nlp_health.speaker_share" in message
    assert "offending values: 0" in message and "Data Docs: /d/index.html" in message
    assert isinstance(excinfo.value.__cause__, ValidationFailed)


def test_a_passing_validation_returns_the_step_result(tmp_path, monkeypatch) -> None:
    done = {"layer": "raw", "expectations": 3, "warnings": 0, "data_docs": "/d/index.html"}
    monkeypatch.setattr(steps, "validate_step", lambda ctx, layer, at: done)
    result = orchestration.run_step(_context(tmp_path), "validate_step", "raw",
                                    dt.datetime(2024, 4, 21))
    assert result == done


def test_other_errors_keep_their_type_and_retries(tmp_path, monkeypatch) -> None:
    def locked(ctx, layer, validated_at):
        raise OSError("warehouse is locked")

    monkeypatch.setattr(steps, "validate_step", locked)
    with pytest.raises(OSError, match="locked"):
        orchestration.run_step(_context(tmp_path), "validate_step", "raw",
                               dt.datetime(2024, 4, 21))


@pytest.mark.parametrize("code", [0, 1])
def test_newsdw_run_ends_with_the_data_docs_path(tmp_path, monkeypatch, capsys, code) -> None:
    import newsdw.serve.summary

    docs = tmp_path / "data_docs" / "index.html"
    docs.parent.mkdir()
    docs.write_text("<html></html>")
    monkeypatch.setattr(cli, "_run_days", lambda settings, days, options: code)
    monkeypatch.setattr(newsdw.serve.summary, "print_summary", lambda db, day: print("what landed"))
    assert cli.main(["run", "--date", "2024-04-20", "--warehouse",
                     str(tmp_path / "news.duckdb")]) == code
    out, err = capsys.readouterr()
    if code == 0:
        assert out.splitlines() == ["what landed", f"Data Docs: {docs}"]
    else:  # a failed run points at the Data Docs too, on stderr next to the failure
        assert out == "" and err.splitlines()[-1] == f"Data Docs: {docs}"


@pytest.mark.parametrize("error", [
    SourceConfigError("sources.yml: sources[0] (a): unknown key 'lanugage'"),
    OSError(28, "No space left on device"),
    ValueError("[E088] Text of length 5000001 exceeds maximum of 1000000."),
    RuntimeError("IO Error: No space left on device"),
])
def test_what_a_retry_cannot_fix_fails_at_once_in_one_line(tmp_path, monkeypatch, error) -> None:
    from airflow.sdk.exceptions import AirflowFailException

    from newsdw.pipeline.failures import last_failure

    def broken(ctx):
        raise error

    monkeypatch.setattr(steps, "extract_step", broken)
    with pytest.raises(AirflowFailException) as excinfo:
        orchestration.run_step(_context(tmp_path), "extract_step")
    assert excinfo.value.__cause__ is error and "\n" not in str(excinfo.value)
    failure = last_failure(tmp_path)
    assert failure.task_id == "extract_step" and failure.permanent
    assert failure.message == str(error).splitlines()[0]


def test_transient_errors_are_recorded_and_keep_their_retries(tmp_path, monkeypatch) -> None:
    from newsdw.pipeline.failures import last_failure

    def busy(ctx):
        raise RuntimeError("IO Error: Could not set lock on file news.duckdb")

    monkeypatch.setattr(steps, "load_step", busy)
    with pytest.raises(RuntimeError, match="Could not set lock"):
        orchestration.run_step(_context(tmp_path), "load_step")
    assert not last_failure(tmp_path).permanent


def test_a_failed_run_says_which_task_failed_and_why_in_one_line(tmp_path, monkeypatch,
                                                                 capsys) -> None:
    from newsdw.ops import embedded_airflow
    from newsdw.pipeline.failures import record_failure

    def failing_dags_test(dag_id, day, conf, **output):
        record_failure(tmp_path, "extract", OSError(28, "No space left on device"))
        return 1

    monkeypatch.setattr(embedded_airflow, "dags_test", failing_dags_test)
    code = cli.main(["run", "--date", "2024-04-20", "--warehouse", str(tmp_path / "news.duckdb")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert err[0] == ("newsdw: news_daily for 2024-04-20: task extract failed (not retried: a "
                      "retry cannot fix it): OSError: [Errno 28] No space left on device; the BI "
                      "snapshot was not published: BI keeps the previous one")
    assert err[1].startswith(f"newsdw: the full log is {tmp_path / 'logs'}/run-2024-04-20-")
    assert len(err) == 2


def test_a_second_run_of_the_same_date_in_one_embedded_airflow_is_refused(
        tmp_path, monkeypatch, capsys) -> None:
    """Two warehouses, one embedded Airflow, one date: the second run is refused with the
    reason (it would replace the first one's DAG run in the shared metadata DB)."""
    from newsdw.ops import embedded_airflow

    home = tmp_path / "airflow"
    monkeypatch.setenv("AIRFLOW_HOME", str(home))
    monkeypatch.setattr(embedded_airflow, "ensure_metadata_db", lambda env: None)
    started = []
    monkeypatch.setattr(embedded_airflow.subprocess, "run", lambda *a, **k: started.append(a))
    with embedded_airflow.run_slot(home, "news_daily", "2024-04-20", "/elsewhere/news.duckdb"):
        code = cli.main(["run", "--date", "2024-04-20",
                         "--warehouse", str(tmp_path / "wh" / "news.duckdb")])
    err = capsys.readouterr().err
    assert code == 75 and started == []
    assert "already running news_daily for 2024-04-20" in err
    assert "/elsewhere/news.duckdb" in err and len(err.strip().splitlines()) == 1
