"""Glue between an Airflow task context and the pipeline steps (plain dict access, so it is
testable without a scheduler). The partition key is the run's logical date: for scheduled runs,
backfills, `dags test` and REST triggers it is the data interval start, but `airflow dags
trigger --logical-date D` (Airflow 3.3) puts the data interval at the trigger time and keeps
D as the logical date. Runs without a logical date fall back to the data interval start."""

from __future__ import annotations

import datetime as dt
from typing import Any

from newsdw.pipeline.context import RunContext
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


def validate_or_fail(ctx: RunContext, layer: str, validated_at: dt.datetime) -> dict:
    """``steps.validate_step`` for an Airflow task: a failed validation raises
    ``AirflowFailException`` (the task fails at once, whatever its retries: re-running cannot
    fix the data), with the ``ValidationFailed`` message naming the failing expectations,
    their tables/columns and offending values, chained to it."""
    from airflow.sdk.exceptions import AirflowFailException

    from expectations.runner import ValidationFailed
    from newsdw.pipeline import steps

    try:
        return steps.validate_step(ctx, layer, validated_at)
    except ValidationFailed as exc:
        raise AirflowFailException(str(exc)) from exc
