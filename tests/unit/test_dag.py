"""The DAG file imports cleanly, cheaply, and wires the daily steps in order. No metadata DB is
needed: parsing a DAG file is what the DAG processor does before any DB work."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

ORDER = ["extract", "plan_shards", "tag", "load_raw", "validate_raw", "dbt_build",
         "validate_marts", "publish"]
# What a task imports when it runs, never the scheduler when it parses the file.
HEAVY_MODULES = ("duckdb", "spacy", "pyarrow", "numpy", "pandas", "great_expectations", "gcld3",
                 "datasketch", "dbt", "requests", "trafilatura", "feedparser", "extract.nlp",
                 "extract.extraction", "expectations.runner", "newsdw.pipeline.steps")


@pytest.fixture(scope="module")
def dag(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AIRFLOW_HOME", str(tmp_path_factory.mktemp("airflow_home")))
        from airflow.dag_processing.dagbag import DagBag

        bag = DagBag(dag_folder=str(REPO / "dags"))
    assert bag.import_errors == {}
    return bag.dags["news_daily"]


def test_news_daily_has_the_daily_steps_in_order(dag):
    assert sorted(t.task_id for t in dag.tasks) == sorted(ORDER)
    for upstream, downstream in zip(ORDER, ORDER[1:], strict=False):
        assert downstream in dag.get_task(upstream).downstream_task_ids
    assert dag.max_active_runs == 1 and dag.catchup
    assert {"newsdw", "daily"} <= set(dag.tags)
    assert dag.doc_md
    assert dag.get_task("load_raw").outlets and dag.get_task("publish").outlets


def test_validations_fail_without_retry_and_every_failure_alerts(dag):
    from newsdw.ops import alerts

    assert dag.get_task("validate_raw").retries == 0
    assert dag.get_task("validate_marts").retries == 0
    assert dag.get_task("extract").retries > 0  # transient errors do retry
    for task in dag.tasks:
        callbacks = task.on_failure_callback
        callbacks = callbacks if isinstance(callbacks, list) else [callbacks]
        assert [c.__qualname__ for c in callbacks] == [alerts.report_failure.__qualname__], task
        assert callbacks[0].__module__ == "newsdw.ops.alerts"


PARSE = """
import json, sys, time
from airflow.dag_processing.dagbag import DagBag  # Airflow itself is the scheduler's cost
before = set(sys.modules)
started = time.perf_counter()
bag = DagBag(dag_folder=sys.argv[1])
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "errors": {k: str(v) for k, v in bag.import_errors.items()},
                  "imported": sorted(set(sys.modules) - before)}))
"""


def test_parsing_the_dag_file_is_wiring_only_and_fast(tmp_path):
    """A fresh interpreter, as the DAG processor parses: under 2 s, and none of the heavy
    libraries the steps use is imported (they load inside the tasks)."""
    env = {"AIRFLOW_HOME": str(tmp_path), "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
           "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", PARSE, str(REPO / "dags")], env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["errors"] == {}
    assert result["seconds"] < 2.0, result["seconds"]
    heavy = [m for m in result["imported"]
             if any(m == h or m.startswith(h + ".") for h in HEAVY_MODULES)]
    assert heavy == [], f"the DAG file imports {heavy} at parse time"
