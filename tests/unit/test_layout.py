"""The layout is the architecture (docs/architecture.md): each package imports only what its
part of the flow needs. Checked on the source (every import statement, also those inside
functions), so a shortcut across the layers fails here rather than in review."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO


def imports(path: Path) -> set[str]:
    """Every module a file imports (absolute names; relative imports are not used here)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def python_files(folder: str) -> list[Path]:
    return sorted((REPO / folder).rglob("*.py"))


def top(name: str) -> str:
    return name.split(".")[0]


@pytest.mark.parametrize("path", python_files("extract"), ids=lambda p: str(p.relative_to(REPO)))
def test_extract_is_extraction_only(path):
    """No DuckDB, no Airflow, nothing of the application: extract/ is a library that turns
    sources into articles and articles into tags."""
    forbidden = {"duckdb", "airflow", "dbt", "great_expectations", "newsdw", "expectations"}
    assert {top(name) for name in imports(path)} & forbidden == set()


@pytest.mark.parametrize("path", python_files("dags"), ids=lambda p: p.name)
def test_dag_files_import_only_wiring_at_module_level(path):
    """A DAG file imports Airflow's authoring API and the glue of newsdw.pipeline.orchestration
    and newsdw.ops.alerts; the steps are imported inside the tasks (test_dag checks the cost)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module_level = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            module_level.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            module_level.add(node.module)
    allowed = {"__future__", "os", "datetime", "airflow.sdk", "newsdw.ops.alerts",
               "newsdw.ops", "newsdw.pipeline.orchestration"}
    assert module_level - allowed == set()


def test_application_modules_live_in_their_rooms():
    """One package per part of the flow; no module left at the top of extract/ that is not
    extraction (the CLI, warehouse I/O, serving and operations are in newsdw/). processes.py
    starts the tagger's workers; the validation step's child uses it too, from the layer below
    both."""
    assert sorted(p.name for p in (REPO / "extract").glob("*.py")) == [
        "__init__.py", "extraction.py", "ids.py", "processes.py", "records.py"]
    rooms = {p.name for p in (REPO / "newsdw").iterdir() if p.is_dir() and p.name[0] != "_"}
    assert rooms >= {"pipeline", "warehouse", "serve", "ops"}


def test_expectations_do_not_import_the_pipeline_steps():
    """The suites and their runner read the warehouse; the steps call them, not the other way."""
    for path in python_files("expectations"):
        assert not {n for n in imports(path) if n.startswith("newsdw.pipeline")}, path
