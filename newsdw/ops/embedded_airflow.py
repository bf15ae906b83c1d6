"""The embedded Airflow: a SQLite metadata DB in `.airflow/` inside the repo and `airflow dags
test` to run a whole DAG in-process. A real deployment sets AIRFLOW_HOME and AIRFLOW__* itself
(Postgres, Celery/Kubernetes executors); nothing here is assumed by the DAG code."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from newsdw.settings import REPO_ROOT
from newsdw.warehouse.locking import LockHeld, exclusive_lock


class AirflowBusy(RuntimeError):
    """Another run of the same DAG and date is using this embedded Airflow."""


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
    # its log lines are not the run's: shown only when the migration fails
    proc = subprocess.run([_airflow(), "db", "migrate"], env=env, check=False,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"airflow db migrate failed (exit {proc.returncode}):\n"
                           + (proc.stdout + proc.stderr)[-3000:])
    marker.touch()


@contextlib.contextmanager
def run_slot(home: Path, dag_id: str, logical_date: str, warehouse: str) -> Iterator[None]:
    """One run per (DAG, logical date) in an embedded Airflow: `airflow dags test` of a date
    replaces that date's DAG run in the metadata DB, so a second run of the same date (on
    another warehouse) would pull the first one's run from under it ("DAG run not found").
    The second is refused with the reason instead. Runs of other dates do not collide."""
    lock = home / "locks" / f"{dag_id}__{logical_date}.lock"
    try:
        with exclusive_lock(lock, f"pid {os.getpid()} for the warehouse {warehouse}"):
            yield
    except LockHeld as held:
        raise AirflowBusy(
            f"the embedded Airflow in {home} is already running {dag_id} for {logical_date} "
            f"({held.holder}); runs of one date share its metadata DB: wait for that run to "
            "finish, or give this one its own AIRFLOW_HOME"
        ) from None


def dags_test(dag_id: str, logical_date: str, conf: dict | None = None, *,
              output: Callable[[str], None] | None = None,
              extra_env: dict[str, str] | None = None) -> int:
    """Run the whole DAG for one logical date in this machine's embedded Airflow. Every line
    the run prints goes to ``output`` (default: inherited stdout/stderr). Raises AirflowBusy
    when another run of the same date is using it.

    Through ``newsdw.ops.airflow_cli``: Airflow's CLI with the run's real start date and
    without the graphviz warning."""
    env = {**airflow_env(), **(extra_env or {})}
    ensure_metadata_db(env)
    cmd = [sys.executable, "-m", "newsdw.ops.airflow_cli", "dags", "test", dag_id,
           logical_date]
    if conf:
        cmd += ["--conf", json.dumps(conf)]
    warehouse = (conf or {}).get("warehouse", "(default)")
    with run_slot(Path(env["AIRFLOW_HOME"]), dag_id, logical_date, warehouse):
        if output is None:
            return subprocess.run(cmd, env=env, check=False).returncode
        with subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, errors="replace") as proc:
            assert proc.stdout is not None
            for line in proc.stdout:
                output(line)
        return proc.returncode
