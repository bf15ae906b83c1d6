"""Shared fixtures: the repo paths, an embedded Airflow home per test session, and helpers to
run the real `newsdw` CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# The test tiers are the folders: `make check` selects `unit` (seconds to a few minutes, no
# Airflow run, no dbt), `make test` runs every tier. `slow` is set by hand on top.
TIERS = {"unit": "unit", "gold": "unit", "integration": "integration", "e2e": "e2e"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        folder = Path(str(item.fspath)).relative_to(REPO / "tests").parts[0]
        item.add_marker(getattr(pytest.mark, TIERS[folder]))


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


def newsdw(*args: str, home: Path, check: bool = True,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the real CLI, as a user would (`env`: extra environment variables)."""
    proc = subprocess.run([str(BIN / "newsdw"), *args], env={**airflow_env(home), **(env or {})},
                          capture_output=True, text=True, cwd=REPO)
    if check and proc.returncode != 0:
        raise AssertionError(
            f"newsdw {' '.join(args)} exited {proc.returncode}\n"
            f"--- stdout ---\n{proc.stdout[-6000:]}\n--- stderr ---\n{proc.stderr[-6000:]}"
        )
    return proc


def table_contents(db: Path, schemas: tuple[str, ...]) -> dict[str, list[tuple]]:
    """Every row of every table in the schemas, in a canonical order: two warehouses with
    equal contents compare equal whatever their load order or file layout."""
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        tables = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_schema in (select unnest(?)) and table_type = 'BASE TABLE' order by 1",
            [list(schemas)],
        ).fetchall()
        for (name,) in tables:
            out[name] = sorted(con.execute(f"select * from {name}").fetchall(), key=repr)
    return out


def gold_landing(root: Path, dates: tuple[str, ...]) -> Path:
    """A landing folder with the gold articles of the given dates and its sources.yml."""
    folder = root / "landing"
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted((REPO / "tests" / "gold").glob("*.txt")):
        first = path.read_text(encoding="utf-8").lstrip().split(maxsplit=2)[:2]
        if len(first) == 2 and first[1] in dates:
            (folder / path.name).write_bytes(path.read_bytes())
    sources = root / "sources.yml"
    sources.write_text(
        "sources:\n  - name: landing\n    type: folder\n    path: landing\n    language: en\n"
    )
    return sources
