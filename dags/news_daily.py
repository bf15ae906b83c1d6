"""news_daily: one day of news, from sources to the BI snapshot.

Wiring only: every task calls a step in `newsdw.pipeline.steps` with the run's context. The steps
exchange small dicts over XCom where a task needs them (the article count plans the tagging
shards, the shard count tells the load what to read); the rest are ordered by dependencies.
Articles and tags travel as Parquet files staged per logical date.

Cheap to parse: only the wiring is imported here; each task imports its step (spaCy, DuckDB,
Great Expectations, dbt) when it runs. `tests/unit/test_dag.py` keeps it that way. Errors a
retry cannot fix (bad config, no model, full disk, failed validation) fail their task at once
(`newsdw.pipeline.orchestration.failing_fast`); others are retried.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from airflow.sdk import Asset, Param, dag, task

from newsdw.ops import alerts
from newsdw.pipeline.orchestration import run_context, run_started_at, run_step

RAW_ASSET = Asset(name="newsdw_raw", uri="file:///newsdw/warehouse/raw")
MARTS_ASSET = Asset(name="newsdw_marts", uri="file:///newsdw/warehouse/marts")
BI_ASSET = Asset(name="newsdw_bi_snapshot", uri="file:///newsdw/warehouse/news_bi")

DOC = """
### news_daily
Extract the day's articles from every source in `sources.yml` → tag them with spaCy (actors,
statements, issues) in shards (dynamic task mapping: parallel on Celery/Kubernetes workers) →
load the `raw` tables in one transaction (replacing the day) → validate raw with Great
Expectations → `dbt build` (models and data tests) → validate the marts →
publish `news_bi.duckdb` for BI. A failed validation fails its task at once (no retries) and
stops the run before publish, so the previous snapshot stays. Every failed task calls
`newsdw.ops.alerts.report_failure` (log; webhook `NEWSDW_ALERT_WEBHOOK`, mail `NEWSDW_ALERT_EMAIL`).

Partition key: the logical date (`data_interval_start` of scheduled runs). Params `sources`
and `warehouse` override the defaults (`NEWSDW_SOURCES`, `NEWSDW_WAREHOUSE`).
`NEWSDW_START_DATE`/`NEWSDW_END_DATE` (YYYY-MM-DD) bound the schedule.
"""


def _schedule_date(env: str, default: str | None) -> datetime | None:
    """The schedule's first (NEWSDW_START_DATE) and last (NEWSDW_END_DATE) day, YYYY-MM-DD:
    a deployment starting later, or a test pinning the schedule to one day, skips the
    catch-up runs from the default start."""
    value = os.environ.get(env) or default
    return datetime.strptime(value, "%Y-%m-%d") if value else None


@dag(
    dag_id="news_daily",
    schedule="@daily",
    start_date=_schedule_date("NEWSDW_START_DATE", "2024-04-01"),
    end_date=_schedule_date("NEWSDW_END_DATE", None),
    catchup=True,
    max_active_runs=1,
    doc_md=DOC,
    tags=["newsdw", "daily"],
    default_args={
        "owner": "newsdw",
        "retries": 2,
        "retry_delay": timedelta(minutes=2),
        "retry_exponential_backoff": True,
        "on_failure_callback": alerts.report_failure,  # logs; webhook/email when configured
    },
    params={
        "sources": Param(None, type=["null", "string"], description="sources.yml to read"),
        "warehouse": Param(None, type=["null", "string"], description="working DuckDB file"),
    },
)
def news_daily():
    @task
    def extract(**context) -> dict:
        return run_step(context, "extract_step")

    @task
    def plan_shards(extracted: dict, **context) -> list[dict]:
        from newsdw.pipeline.steps import plan_shards as plan

        settings = run_context(context).settings
        return plan(extracted["articles"], settings.shard_size, settings.max_shards)

    @task
    def tag(shard: dict, **context) -> dict:
        return run_step(context, "tag_step", shard["shard"], shard["shards"])

    @task(outlets=[RAW_ASSET])
    def load_raw(tagged: list[dict], **context) -> dict:
        # len(), not len(list()): iterating the lazy XCom sequence reads one past its end
        # and the Execution API logs that miss as "[error] XCom not found".
        return run_step(context, "load_step", run_started_at(context), shards=len(tagged))

    @task(retries=0)
    def validate_raw(**context) -> dict:
        return run_step(context, "validate_step", "raw", run_started_at(context))

    @task(outlets=[MARTS_ASSET])
    def dbt_build(**context) -> dict:
        return run_step(context, "transform_step")

    @task(retries=0)
    def validate_marts(**context) -> dict:
        return run_step(context, "validate_step", "marts", run_started_at(context))

    @task(outlets=[BI_ASSET])
    def publish(**context) -> dict:
        return run_step(context, "publish_step")

    tagged = tag.expand(shard=plan_shards(extract()))
    load_raw(tagged) >> validate_raw() >> dbt_build() >> validate_marts() >> publish()


news_daily()
