"""deploy/docker-compose.yml parses and names real Airflow settings (no Docker needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "deploy" / "docker-compose.yml"
AIRFLOW_SERVICES = {"airflow-init", "airflow-apiserver", "airflow-scheduler",
                    "airflow-dag-processor", "airflow-worker", "airflow-triggerer"}
# [celery] options come from the Celery provider (in the image, not in the venv); the ones we set.
CELERY_OPTIONS = {"broker_url", "result_backend", "worker_concurrency"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_the_services_of_a_celery_deployment(compose):
    assert set(compose["services"]) == AIRFLOW_SERVICES | {"postgres", "redis"}
    commands = {name: compose["services"][name].get("command") for name in AIRFLOW_SERVICES}
    assert commands["airflow-apiserver"] == "api-server"
    assert commands["airflow-worker"] == "celery worker"
    assert {commands[n] for n in ("airflow-scheduler", "airflow-dag-processor",
                                  "airflow-triggerer")} == {"scheduler", "dag-processor",
                                                            "triggerer"}
    init = "\n".join(compose["services"]["airflow-init"]["command"])
    assert "airflow db migrate" in init and "airflow users create --role Admin" in init


def test_every_airflow_setting_exists_and_every_component_agrees(compose):
    from airflow.configuration import conf

    known = conf.configuration_description
    envs = {name: compose["services"][name]["environment"] for name in AIRFLOW_SERVICES}
    for name, env in envs.items():
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
        assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == (
            "http://airflow-apiserver:8080/execution/"), name
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://")
        assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://redis:6379/")
        assert "AIRFLOW__API_AUTH__JWT_SECRET" in env, name
        assert env["NEWSDW_WAREHOUSE"] == "/shared/warehouse/news.duckdb", name
        for key in env:
            match = re.fullmatch(r"AIRFLOW__([A-Z_]+?)__([A-Z_]+)", key)
            if not match:
                continue
            section, option = match.group(1).lower(), match.group(2).lower()
            if section == "celery":
                assert option in CELERY_OPTIONS, key
            else:
                assert option in known.get(section, {}).get("options", {}), f"{name}: {key}"


def test_the_workers_share_the_warehouse_volume(compose):
    mounts = compose["services"]["airflow-worker"]["volumes"]
    assert "newsdw-shared:/shared" in mounts
    assert "newsdw-shared" in compose["volumes"]
