"""Shared fixtures: the repo paths, an embedded Airflow home per test session, and helpers to
run the real `newsdw` CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def airflow_home(tmp_path_factory) -> Path:
    """A fresh embedded Airflow (SQLite metadata DB), migrated once per session."""
    home = tmp_path_factory.mktemp("airflow_home")
    env = airflow_env(home)
    subprocess.run([str(BIN / "airflow"), "db", "migrate"], env=env, check=True,
                   capture_output=True)
    (home / ".migrated").touch()
    return home


def airflow_env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
    }


def newsdw(*args: str, home: Path, check: bool = True) -> subprocess.CompletedProcess:
    """Run the real CLI, as a user would."""
    proc = subprocess.run([str(BIN / "newsdw"), *args], env=airflow_env(home),
                          capture_output=True, text=True, cwd=REPO)
    if check and proc.returncode != 0:
        raise AssertionError(
            f"newsdw {' '.join(args)} exited {proc.returncode}\n"
            f"--- stdout ---\n{proc.stdout[-6000:]}\n--- stderr ---\n{proc.stderr[-6000:]}"
        )
    return proc
