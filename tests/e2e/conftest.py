"""Real daily runs shared by the analyst-guide, BI-reader, Parquet and report tests (a run costs
a minute or two, so each happens once per session):

- `sample_run`: `newsdw run` of 2024-04-20 on a landing folder holding the bundled sample and
  the two 2024-04-21 articles of tests/e2e/data/landing (which that run leaves for their own
  date). Its BI snapshot, copied aside, is exactly what `make demo` publishes.
- `second_day`: the run of 2024-04-21 on the same warehouse while two SQLAlchemy readers
  (tests/e2e/bi_reader.py, separate processes) query the BI snapshot in a loop.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO, newsdw

DAY_1 = "2024-04-20"
DAY_2 = "2024-04-21"
DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class SampleRun:
    warehouse: Path
    sources: Path
    snapshot: Path  # a copy of the BI snapshot right after the sample day (never changes)


@dataclass(frozen=True)
class SecondDay:
    warehouse: Path
    snapshot: Path
    parquet: Path
    stdout: str
    run_started: float
    run_ended: float
    readers: dict[str, list[dict]]  # mode -> logged rounds


@pytest.fixture(scope="session")
def two_day_landing(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("landing_two_days")
    landing = root / "landing"
    shutil.copytree(REPO / "samples", landing)
    for path in (DATA / "landing").glob("*.txt"):
        shutil.copy(path, landing / path.name)
    sources = root / "sources.yml"
    sources.write_text(
        "sources:\n  - name: samples\n    type: folder\n    path: landing\n    language: en\n"
    )
    return sources


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory, airflow_home, two_day_landing) -> SampleRun:
    warehouse = tmp_path_factory.mktemp("wh_two_days") / "news.duckdb"
    newsdw("run", "--date", DAY_1, "--sources", str(two_day_landing),
           "--warehouse", str(warehouse), home=airflow_home)
    copy = tmp_path_factory.mktemp("sample_snapshot") / "news_bi.duckdb"
    shutil.copy(warehouse.with_name("news_bi.duckdb"), copy)
    copy.chmod(0o444)
    return SampleRun(warehouse, two_day_landing, copy)


def _start_reader(snapshot: Path, mode: str, out: Path, stop: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.bi_reader", "--snapshot", str(snapshot),
         "--mode", mode, "--out", str(out), "--stop", str(stop)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _read_log(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _wait_for_rounds(path: Path, rounds: int, proc: subprocess.Popen, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while len(_read_log(path)) < rounds:
        if proc.poll() is not None:
            raise AssertionError(f"reader exited early: {proc.communicate()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"reader logged fewer than {rounds} rounds in {timeout}s")
        time.sleep(0.2)


@pytest.fixture(scope="session")
def second_day(sample_run, airflow_home, tmp_path_factory) -> SecondDay:
    """Run 2024-04-21 while a holding and a fresh-connection reader query the BI snapshot."""
    logs = tmp_path_factory.mktemp("bi_readers")
    snapshot = sample_run.warehouse.with_name("news_bi.duckdb")
    stop = logs / "stop"
    readers = {mode: _start_reader(snapshot, mode, logs / f"{mode}.jsonl", stop)
               for mode in ("hold", "fresh")}
    try:
        for mode, proc in readers.items():
            _wait_for_rounds(logs / f"{mode}.jsonl", 3, proc)
        started = time.time()
        # Tagged on two worker processes, one article each: the parallel path under Airflow.
        proc = newsdw("run", "--date", DAY_2, "--sources", str(sample_run.sources),
                      "--warehouse", str(sample_run.warehouse), home=airflow_home,
                      env={"NEWSDW_N_PROCESS": "2", "NEWSDW_BATCH_SIZE": "1"})
        ended = time.time()
        # a few more rounds after the publish: the held connection must still answer
        for mode, reader in readers.items():
            _wait_for_rounds(logs / f"{mode}.jsonl", len(_read_log(logs / f"{mode}.jsonl")) + 3,
                             reader)
    finally:
        stop.touch()
        for reader in readers.values():
            try:
                reader.wait(timeout=60)
            except subprocess.TimeoutExpired:
                reader.kill()
    for mode, reader in readers.items():
        assert reader.returncode == 0, (mode, reader.stderr.read() if reader.stderr else "")
    return SecondDay(
        warehouse=sample_run.warehouse, snapshot=snapshot,
        parquet=sample_run.warehouse.with_name("parquet"), stdout=proc.stdout,
        run_started=started, run_ended=ended,
        readers={mode: _read_log(logs / f"{mode}.jsonl") for mode in readers},
    )
