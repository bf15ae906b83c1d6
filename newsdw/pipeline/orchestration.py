"""Glue between an Airflow task context and the pipeline steps (plain dict access, so it is
testable without a scheduler). The partition key is the run's logical date: for scheduled runs,
backfills, `dags test` and REST triggers it is the data interval start, but `airflow dags
trigger --logical-date D` (Airflow 3.3) puts the data interval at the trigger time and keeps
D as the logical date. Runs without a logical date fall back to the data interval start."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any

from newsdw.pipeline.context import RunContext
from newsdw.pipeline.failures import one_line, record_failure
from newsdw.settings import Settings


def run_context(context: dict[str, Any]) -> RunContext:
    start = context.get("logical_date") or context["data_interval_start"]
    params = context.get("params") or {}
    settings = Settings.from_env(warehouse=params.get("warehouse"),
                                 sources_file=params.get("sources"))
    return RunContext(logical_date=start.date(), run_id=str(context["run_id"]), settings=settings)


def run_started_at(context: dict[str, Any]) -> dt.datetime:
    """When this DAG run started: audit timestamps come from the run, not the wall clock."""
    dag_run = context.get("dag_run")
    started = getattr(dag_run, "start_date", None) or context.get("data_interval_end")
    return started.astimezone(dt.UTC).replace(tzinfo=None)


@contextlib.contextmanager
def failing_fast(ctx: RunContext, task_id: str) -> Iterator[None]:
    """Run a task's step: any error is recorded for the CLI (``failures.record_failure``);
    an error a retry cannot fix (``failures.is_permanent``: bad config, no model, full disk,
    failed validation, dbt model error) becomes ``AirflowFailException`` (no retries) with the
    error in one line, chained to the original; others keep their type and Airflow's retries."""
    try:
        yield
    except Exception as exc:
        failure = record_failure(ctx.settings.warehouse_dir, task_id, exc)
        if not failure.permanent:
            raise
        from airflow.sdk.exceptions import AirflowFailException

        # A validation's whole message names every failing expectation: keep it for the log.
        detail = str(exc) if type(exc).__name__ == "ValidationFailed" else one_line(exc)
        raise AirflowFailException(f"{type(exc).__name__}: {detail}") from exc


def run_step(context: dict[str, Any], step: str, *args: Any, **kwargs: Any) -> Any:
    """Run ``newsdw.pipeline.steps.<step>`` for the task whose Airflow ``context`` this is,
    failing fast on what a retry cannot fix (``failing_fast``): a failed validation fails its
    task at once, with the ``ValidationFailed`` message naming the failing expectations,
    their tables/columns and offending values. The steps module is imported here, when the
    task runs, never when the DAG file is parsed."""
    from newsdw.ops import progress
    from newsdw.pipeline import steps

    ctx = run_context(context)
    ti = context.get("ti") or context.get("task_instance")
    task_id = getattr(ti, "task_id", None) or step
    with failing_fast(ctx, task_id), progress.step(task_id) as reported:
        result = getattr(steps, step)(ctx, *args, **kwargs)
        reported.update(progress_counts(result))
        return result


def progress_counts(result: Any) -> dict[str, Any]:
    """The scalars of a step's result (counts, the dbt line): what its progress line shows."""
    if not isinstance(result, dict):
        return {}
    return {k: v for k, v in result.items() if isinstance(v, int | float | str)}
