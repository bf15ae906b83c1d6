"""The DAG file imports cleanly and wires the daily steps in order."""

import pytest

pytestmark = pytest.mark.integration


def test_news_daily_imports_without_errors_and_has_the_daily_steps(repo, airflow_home, monkeypatch):
    monkeypatch.setenv("AIRFLOW_HOME", str(airflow_home))
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(repo / "dags"))
    assert bag.import_errors == {}
    dag = bag.dags["news_daily"]
    order = ["extract", "plan_shards", "tag", "load_raw", "validate_raw", "dbt_build",
             "validate_marts", "publish"]
    assert sorted(t.task_id for t in dag.tasks) == sorted(order)
    for upstream, downstream in zip(order, order[1:], strict=False):
        assert downstream in dag.get_task(upstream).downstream_task_ids
    assert dag.max_active_runs == 1 and dag.catchup
    assert {"newsdw", "daily"} <= set(dag.tags)
    assert dag.doc_md
    assert dag.get_task("load_raw").outlets and dag.get_task("publish").outlets
