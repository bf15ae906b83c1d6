"""Run the daily steps in-process, in the DAG's order, without a scheduler: for benchmarks
and crash tests. Users run days through Airflow (`newsdw run`), which calls the same steps.

    python -m extract.runner --date 2024-04-20 [--sources F] [--warehouse W] [--run-id ID]
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from pathlib import Path

from extract import pipeline
from extract.settings import Settings


def run_day(ctx: pipeline.RunContext, started_at: dt.datetime) -> dict:
    extracted = pipeline.extract_step(ctx)
    shards = pipeline.plan_shards(
        extracted["articles"], ctx.settings.shard_size, ctx.settings.max_shards
    )
    for shard in shards:
        pipeline.tag_step(ctx, shard["shard"], shard["shards"])
    loaded = pipeline.load_step(ctx, started_at, shards=len(shards))
    pipeline.validate_step(ctx, "raw", started_at)
    pipeline.transform_step(ctx)
    pipeline.validate_step(ctx, "marts", started_at)
    published = pipeline.publish_step(ctx)
    return {"extracted": extracted, "loaded": loaded, "published": published}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract.runner", description=__doc__)
    parser.add_argument("--date", required=True, type=dt.date.fromisoformat)
    parser.add_argument("--sources")
    parser.add_argument("--warehouse")
    parser.add_argument("--run-id")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = Settings.from_env().with_overrides(
        warehouse=Path(args.warehouse).resolve() if args.warehouse else None,
        sources_file=Path(args.sources).resolve() if args.sources else None,
    )
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # the CLI boundary owns the clock
    run_id = args.run_id or f"runner__{args.date}__{started:%Y%m%dT%H%M%S}"
    ctx = pipeline.RunContext(args.date, run_id, settings)
    run_day(ctx, started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
