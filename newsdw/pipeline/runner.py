"""Run the daily steps in-process, in the DAG's order, without a scheduler (``newsdw run
--in-process``): for benchmarks, crash tests and machines without Airflow. Users normally run
days through Airflow (``newsdw run``), which calls the same steps."""

from __future__ import annotations

import datetime as dt

from newsdw.pipeline import steps
from newsdw.pipeline.context import RunContext


def run_day(ctx: RunContext, started_at: dt.datetime) -> dict:
    extracted = steps.extract_step(ctx)
    shards = steps.plan_shards(
        extracted["articles"], ctx.settings.shard_size, ctx.settings.max_shards
    )
    for shard in shards:
        steps.tag_step(ctx, shard["shard"], shard["shards"])
    loaded = steps.load_step(ctx, started_at, shards=len(shards))
    steps.validate_step(ctx, "raw", started_at)
    steps.transform_step(ctx)
    steps.validate_step(ctx, "marts", started_at)
    published = steps.publish_step(ctx)
    return {"extracted": extracted, "loaded": loaded, "published": published}
