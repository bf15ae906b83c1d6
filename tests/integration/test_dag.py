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


def test_validations_fail_without_retry_and_every_failure_alerts(repo, airflow_home, monkeypatch):
    monkeypatch.setenv("AIRFLOW_HOME", str(airflow_home))
    from airflow.dag_processing.dagbag import DagBag

    from extract import alerts

    dag = DagBag(dag_folder=str(repo / "dags")).dags["news_daily"]
    assert dag.get_task("validate_raw").retries == 0
    assert dag.get_task("validate_marts").retries == 0
    assert dag.get_task("extract").retries > 0  # transient errors do retry
    for task in dag.tasks:
        callbacks = task.on_failure_callback
        callbacks = callbacks if isinstance(callbacks, list) else [callbacks]
        assert [c.__qualname__ for c in callbacks] == [alerts.report_failure.__qualname__], task
        assert callbacks[0].__module__ == "extract.alerts"
