"""Run the daily steps in-process, in the DAG's order, without a scheduler (``newsdw run
--in-process``): for benchmarks, crash tests and machines without Airflow. Users normally run
days through Airflow (``newsdw run``), which calls the same steps. Each step reports its
progress under its DAG task's name, so both ways print the same lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from newsdw.ops import progress
from newsdw.pipeline import steps
from newsdw.pipeline.context import RunContext
from newsdw.pipeline.orchestration import progress_counts


def _reported(task_id: str, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    with progress.step(task_id) as reported:
        result = call(*args, **kwargs)
        reported.update(progress_counts(result))
        return result


def run_day(ctx: RunContext, started_at: dt.datetime) -> dict:
    extracted = _reported("extract", steps.extract_step, ctx)
    shards = steps.plan_shards(
        extracted["articles"], ctx.settings.shard_size, ctx.settings.max_shards
    )
    for shard in shards:
        _reported("tag", steps.tag_step, ctx, shard["shard"], shard["shards"])
    loaded = _reported("load_raw", steps.load_step, ctx, started_at, shards=len(shards))
    _reported("validate_raw", steps.validate_step, ctx, "raw", started_at)
    _reported("dbt_build", steps.transform_step, ctx)
    _reported("validate_marts", steps.validate_step, ctx, "marts", started_at)
    published = _reported("publish", steps.publish_step, ctx)
    return {"extracted": extracted, "loaded": loaded, "published": published}
