"""Killing a daily run at any step and re-running the date gives the same warehouse as an
uninterrupted run, and the BI snapshot never shows a partial day."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from newsdw.ops.faults import CRASH_POINTS
from tests.conftest import REPO, gold_landing, table_contents

DAY_1, DAY_2 = "2024-04-19", "2024-04-20"


def run_day(day: str, sources: Path, warehouse: Path, crash_at: str | None = None):
    env = {k: v for k, v in os.environ.items() if k != "NEWSDW_CRASH_AT"}
    if crash_at:
        env["NEWSDW_CRASH_AT"] = crash_at
    return subprocess.run(
        [sys.executable, "-m", "newsdw.cli", "run", "--in-process", "--date", day,
         "--sources", str(sources), "--warehouse", str(warehouse),
         "--run-id", f"test__{day}__{crash_at or 'clean'}"],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=600,
    )


def ok(proc) -> None:
    assert proc.returncode == 0, proc.stderr[-4000:]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """Day 1 published (the starting point of every crash) and an uninterrupted day 2."""
    root = tmp_path_factory.mktemp("crash")
    sources = gold_landing(root, (DAY_1, DAY_2))
    after_day_1 = root / "after_day_1"
    ok(run_day(DAY_1, sources, after_day_1 / "news.duckdb"))
    uninterrupted = root / "uninterrupted"
    shutil.copytree(after_day_1, uninterrupted)
    ok(run_day(DAY_2, sources, uninterrupted / "news.duckdb"))
    return root, sources, after_day_1, uninterrupted


@pytest.mark.parametrize("stage", CRASH_POINTS)
def test_a_run_killed_at_any_step_recovers_on_re_run(reference, stage, tmp_path):
    root, sources, after_day_1, uninterrupted = reference
    warehouse_dir = tmp_path / "warehouse"
    shutil.copytree(after_day_1, warehouse_dir)
    warehouse, snapshot = warehouse_dir / "news.duckdb", warehouse_dir / "news_bi.duckdb"
    published_before = table_contents(snapshot, ("marts", "audit"))

    killed = run_day(DAY_2, sources, warehouse, crash_at=stage)
    assert killed.returncode == -signal.SIGKILL
    # No partial day is ever visible to BI: the snapshot is still day 1's.
    assert table_contents(snapshot, ("marts", "audit")) == published_before

    ok(run_day(DAY_2, sources, warehouse))
    assert not [p for p in warehouse_dir.iterdir() if ".tmp-" in p.name]
    expected = table_contents(uninterrupted / "news.duckdb", ("raw", "marts"))
    assert table_contents(warehouse, ("raw", "marts")) == expected
    assert table_contents(snapshot, ("marts",)) == table_contents(
        uninterrupted / "news_bi.duckdb", ("marts",)
    )


def test_dates_loaded_in_reverse_order_give_the_same_warehouse(reference, tmp_path):
    root, sources, _, uninterrupted = reference
    warehouse = tmp_path / "news.duckdb"
    ok(run_day(DAY_2, sources, warehouse))
    ok(run_day(DAY_1, sources, warehouse))
    assert table_contents(warehouse, ("raw", "marts")) == table_contents(
        uninterrupted / "news.duckdb", ("raw", "marts")
    )
