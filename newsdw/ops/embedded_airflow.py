"""The embedded Airflow: a SQLite metadata DB in `.airflow/` inside the repo and `airflow dags
test` to run a whole DAG in-process. A real deployment sets AIRFLOW_HOME and AIRFLOW__* itself
(Postgres, Celery/Kubernetes executors); nothing here is assumed by the DAG code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from newsdw.settings import REPO_ROOT


def airflow_env() -> dict[str, str]:
    home = Path(os.environ.get("AIRFLOW_HOME", REPO_ROOT / ".airflow"))
    env = {**os.environ, "AIRFLOW_HOME": str(home)}
    env.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(REPO_ROOT / "dags"))
    env.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    env.setdefault("AIRFLOW__CORE__UNIT_TEST_MODE", "False")
    env.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "INFO")
    env.setdefault("PYTHONPATH", str(REPO_ROOT))
    return env


def _airflow() -> str:
    candidate = Path(sys.executable).with_name("airflow")
    return str(candidate) if candidate.exists() else "airflow"


def ensure_metadata_db(env: dict[str, str]) -> None:
    """Create or upgrade the metadata DB (idempotent; fast when already current)."""
    home = Path(env["AIRFLOW_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    marker = home / ".migrated"
    if marker.exists():
        return
    subprocess.run([_airflow(), "db", "migrate"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    marker.touch()


def dags_test(dag_id: str, logical_date: str, conf: dict | None = None) -> int:
    """Run the whole DAG for one logical date in this machine's embedded Airflow."""
    env = airflow_env()
    ensure_metadata_db(env)
    cmd = [_airflow(), "dags", "test", dag_id, logical_date]
    if conf:
        cmd += ["--conf", json.dumps(conf)]
    return subprocess.run(cmd, env=env, check=False).returncode
