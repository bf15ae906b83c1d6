"""news_daily under a real scheduler: LocalExecutor (parallelism 2), a PostgreSQL metadata DB,
the tag step mapped over several shards; its marts equal those of a one-shard run.

The fixture starts a throwaway PostgreSQL cluster (``initdb``/``pg_ctl`` from the Debian
``postgresql`` package; as the ``postgres`` OS user when running as root) on a free loopback
port, then the Airflow 3 components LocalExecutor needs as separate processes: ``scheduler``,
``dag-processor`` and ``api-server`` (the Execution API the task processes report to). The
DAG's schedule is pinned to the test's day (``NEWSDW_START_DATE``/``NEWSDW_END_DATE``), so
unpausing it starts no catch-up runs: the only run is the one the test triggers (while the DAG
is still paused) with ``--conf {"sources": ..., "warehouse": ...}``. Four gold articles of
2024-04-20 with ``NEWSDW_SHARD_SIZE=1`` give four mapped ``tag`` tasks.

Without the PostgreSQL binaries the test skips, except in CI (``CI`` or
``NEWSDW_REQUIRE_POSTGRES`` set: ``.ci/run`` installs them), where it fails instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from tests.conftest import airflow_env

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DAY = "2024-04-20"
RUN_ID = f"scale_out__{DAY}"
GOLD_ARTICLES = (  # the gold set's articles dated 2024-04-20
    "blinken_china_visit", "myanmar_myawaddy_conflict", "sudan_el_fasher_multiparagraph",
    "ukraine_aid_house_vote_quotes",
)
RUN_TIMEOUT = 600  # seconds for the triggered run
STOP_TIMEOUT = 30  # seconds for a process (group) to exit after SIGTERM


def _unavailable(reason: str) -> None:
    """Skip on a developer machine; fail in CI, which must run this test."""
    if os.environ.get("CI") or os.environ.get("NEWSDW_REQUIRE_POSTGRES"):
        pytest.fail(f"{reason} (required in CI: .ci/run installs the postgresql package)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, chars: int = 4000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError as exc:
        return f"<{path}: {exc}>"


# -- PostgreSQL ------------------------------------------------------------------------------


def _pg_bindir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@dataclass
class Postgres:
    bindir: Path
    base: Path  # data dir, socket and log live here
    port: int
    as_owner: list[str] = field(default_factory=list)  # command prefix: run as the cluster owner

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def log(self) -> Path:
        return self.base / "postgres.log"

    def url(self, database: str = "airflow") -> str:
        return f"postgresql+psycopg2://airflow@127.0.0.1:{self.port}/{database}"

    def run(self, *args: str, timeout: float = 120) -> None:
        proc = subprocess.run([*self.as_owner, *args], capture_output=True, text=True,
                              timeout=timeout, cwd=self.base)
        if proc.returncode != 0:
            raise RuntimeError(f"{args[0]} exited {proc.returncode}: {proc.stderr}{proc.stdout}\n"
                               f"--- postgres.log ---\n{_tail(self.log)}")

    def start(self) -> None:
        self.run(str(self.bindir / "initdb"), "-D", str(self.data), "--username=airflow",
                 "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.base} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self.run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                 "-o", options, "-w", "-t", "60", "start")
        import psycopg2

        con = psycopg2.connect(host="127.0.0.1", port=self.port, user="airflow",
                               dbname="postgres")
        try:
            con.autocommit = True
            con.cursor().execute("create database airflow")
        finally:
            con.close()

    def stop(self) -> None:
        pid_file = self.data / "postmaster.pid"
        for mode in ("fast", "immediate"):
            if not pid_file.exists():
                return
            with contextlib.suppress(Exception):
                self.run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w",
                         "-t", str(STOP_TIMEOUT), "stop", timeout=STOP_TIMEOUT + 10)
        with contextlib.suppress(OSError, ValueError, IndexError):  # pg_ctl gave up: the postmaster
            os.kill(int(pid_file.read_text().splitlines()[0]), signal.SIGKILL)


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    """A throwaway PostgreSQL cluster on a free loopback port, removed afterwards."""
    bindir = _pg_bindir()
    if bindir is None:
        _unavailable("PostgreSQL server binaries (initdb, pg_ctl) not installed: "
                     "apt-get install postgresql")
    try:
        import asyncpg  # noqa: F401
        import psycopg2  # noqa: F401
    except ImportError as exc:
        _unavailable(f"Postgres drivers missing ({exc}): pip install -c constraints.txt -e .[dev]")
    as_owner: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="newsdw-pg-"))  # not under pytest's 0700 tmp dirs
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: hand the cluster to `postgres`
        import pwd

        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(base)
            _unavailable("running as root and there is no `postgres` OS user to own the cluster")
        os.chown(base, owner.pw_uid, owner.pw_gid)
        runuser = shutil.which("runuser")
        as_owner = [runuser, "-u", "postgres", "--"] if runuser else ["setpriv", "--reuid",
                    str(owner.pw_uid), "--regid", str(owner.pw_gid), "--clear-groups", "--"]
    pg = Postgres(bindir=bindir, base=base, port=_free_port(), as_owner=as_owner)
    try:
        pg.start()
        yield pg
    finally:
        pg.stop()
        shutil.rmtree(base, ignore_errors=True)


# -- Airflow components ----------------------------------------------------------------------


class Components:
    """`airflow` processes, each in its own process group, stopped together: long-running
    components (which must stay up) and one-off commands (waited for)."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.procs: dict[str, subprocess.Popen] = {}
        self.one_off: set[str] = set()

    def start(self, name: str, args: list[str], env: dict[str, str], one_off=False) -> None:
        with open(self.logs / f"{name}.log", "wb") as out:
            self.procs[name] = subprocess.Popen(
                [str(BIN / "airflow"), *args], env=env, stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, cwd=self.logs, start_new_session=True,
            )
        if one_off:
            self.one_off.add(name)

    def wait(self, name: str, timeout: float) -> None:
        try:
            code = self.procs[name].wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            code = "still running"
        if code != 0:
            raise AssertionError(f"airflow {name}: {code}\n{_tail(self.logs / f'{name}.log')}")

    def check_alive(self) -> None:
        for name, proc in self.procs.items():
            if name not in self.one_off and proc.poll() is not None:
                raise AssertionError(f"airflow {name} exited {proc.returncode}\n"
                                     f"{_tail(self.logs / f'{name}.log')}")

    def diagnostics(self) -> str:
        return "\n".join(f"--- {name}.log ---\n{_tail(self.logs / f'{name}.log', 3000)}"
                         for name in self.procs)

    def stop(self) -> None:
        import psutil

        descendants: list[psutil.Process] = []
        for proc in self.procs.values():
            with contextlib.suppress(psutil.Error):
                descendants += psutil.Process(proc.pid).children(recursive=True)
        for proc in reversed(self.procs.values()):  # scheduler first: no new task after it
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for proc in self.procs.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        for proc in self.procs.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # the group: stragglers of a clean exit too
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=10)
        for child in descendants:  # any that left the process group
            with contextlib.suppress(psutil.Error):
                child.kill()
        psutil.wait_procs(descendants, timeout=10)


def _wait_for(what: str, check, timeout: float, components: Components, every: float = 2.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        components.check_alive()
        result = check()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}\n"
                         f"{components.diagnostics()}")


def _query(pg: Postgres, sql: str, params=()) -> list[tuple]:
    import psycopg2

    con = psycopg2.connect(host="127.0.0.1", port=pg.port, user="airflow", dbname="airflow")
    try:
        with con.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()
    finally:
        con.close()


def _api_ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/execution/health", timeout=5) as r:
            return r.status == 200
    except OSError:
        return False


# -- the data --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    """A landing folder with the gold articles of DAY, and its sources.yml."""
    root = tmp_path_factory.mktemp("landing")
    (root / "articles").mkdir()
    for name in GOLD_ARTICLES:
        shutil.copy(REPO / "tests" / "gold" / f"{name}.txt", root / "articles")
    (root / "sources.yml").write_text(
        "sources:\n  - name: landing\n    type: folder\n    path: articles\n    language: en\n"
    )
    return root / "sources.yml"


def marts(db: Path) -> dict[str, list[tuple]]:
    """Every row of every marts table, in a canonical order."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' "
            "and table_type = 'BASE TABLE' order by 1").fetchall()]
        return {t: sorted(con.execute(f"select * from marts.{t}").fetchall(), key=repr)
                for t in tables}


def _released_together(tags: list[tuple]) -> int:
    """How many tag shards the scheduler queued before the first one finished.

    Whether two shards then *run* at overlapping instants depends on how the OS schedules the
    executor's worker processes on a loaded machine (one-article shards last about a second);
    what the DAG controls is that nothing (a pool, ``max_active_tis_per_dag``, a chained
    dependency) holds the mapped tasks back, so the scheduler hands them to the executor at once.
    """
    first_end = min(end for *_, end in tags)
    return sum(1 for *_, queued, _start, _end in tags if queued < first_end)


# -- the test --------------------------------------------------------------------------------


def test_a_sharded_run_under_a_real_scheduler_equals_a_one_shard_run(
    postgres, landing, airflow_home, tmp_path
):
    home = tmp_path / "airflow_home"
    logs = tmp_path / "components"
    home.mkdir()
    logs.mkdir()
    scaled = tmp_path / "scaled" / "news.duckdb"
    single = tmp_path / "single" / "news.duckdb"
    api_port = _free_port()
    base = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env = {
        **base,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__CORE__PARALLELISM": "2",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": postgres.url(),
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{api_port}/execution/",
        "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{api_port}",
        "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(32),  # shared by all components
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
        "PYTHONPATH": str(REPO),
        # One article per mapped tag task; the schedule pinned to DAY: no catch-up runs.
        "NEWSDW_SHARD_SIZE": "1",
        "NEWSDW_START_DATE": DAY,
        "NEWSDW_END_DATE": DAY,
        "NEWSDW_WAREHOUSE": str(scaled),
        "NEWSDW_SOURCES": str(landing),
    }
    conf = json.dumps({"sources": str(landing), "warehouse": str(scaled)})
    started = time.monotonic()
    components = Components(logs)
    try:
        # Meanwhile, the same day in one shard in the embedded Airflow (`dags test`, SQLite),
        # into another warehouse: the reference the scaled-out run's marts must equal.
        single_env = {**airflow_env(airflow_home), "PYTHONPATH": str(REPO),
                      "NEWSDW_SHARD_SIZE": "100000"}
        components.start("single-shard", [
            "dags", "test", "news_daily", DAY,
            "--conf", json.dumps({"sources": str(landing), "warehouse": str(single)}),
        ], single_env, one_off=True)
        subprocess.run([str(BIN / "airflow"), "db", "migrate"], env=env, check=True,
                       capture_output=True, timeout=300)
        print(f"migrated: {time.monotonic() - started:.0f}s")
        # The Execution API is all LocalExecutor's task processes need from the api-server.
        components.start("api-server", ["api-server", "--apps", "execution", "--host",
                                        "127.0.0.1", "--port", str(api_port), "--workers", "1"],
                         env)
        components.start("dag-processor", ["dag-processor"], env)
        components.start("scheduler", ["scheduler"], env)
        _wait_for("the api-server", lambda: _api_ready(api_port), 180, components)
        print(f"api-server up: {time.monotonic() - started:.0f}s")

        def parsed() -> bool:
            errors = _query(postgres, "select filename, stacktrace from import_error")
            assert not errors, f"DAG import errors: {errors}"
            return bool(_query(postgres, "select 1 from serialized_dag s join dag d "
                               "using (dag_id) where dag_id = 'news_daily' and d.is_paused"))

        _wait_for("news_daily to be parsed (paused)", parsed, 240, components)
        print(f"parsed: {time.monotonic() - started:.0f}s")
        # Trigger while paused (the run waits queued), then unpause: the scheduler runs it.
        for args in (["dags", "trigger", "news_daily", "--logical-date", f"{DAY}T00:00:00+00:00",
                      "--run-id", RUN_ID, "--conf", conf], ["dags", "unpause", "news_daily"]):
            proc = subprocess.run([str(BIN / "airflow"), *args], env=env, capture_output=True,
                                  text=True, timeout=180)
            assert proc.returncode == 0, f"airflow {args[:2]}: {proc.stderr[-3000:]}"
        print(f"triggered: {time.monotonic() - started:.0f}s")

        def finished() -> str | None:
            broken = _query(postgres, "select task_id, map_index, state from task_instance "
                            "where dag_id = 'news_daily' and run_id = %s and state in "
                            "('failed', 'up_for_retry', 'upstream_failed')", (RUN_ID,))
            state = _query(postgres, "select state from dag_run where dag_id = 'news_daily' "
                           "and run_id = %s", (RUN_ID,))[0][0]
            if broken or state == "failed":
                task_logs = sorted((home / "logs").rglob("*.log"), key=lambda p: p.stat().st_mtime)
                raise AssertionError(
                    f"run {state}, tasks {broken}\n{components.diagnostics()}\n" + "\n".join(
                        f"--- {p.relative_to(home)} ---\n{_tail(p, 3000)}" for p in task_logs[-3:]
                    ))
            return state if state == "success" else None

        _wait_for(f"run {RUN_ID} to succeed", finished, RUN_TIMEOUT, components, every=3)
        scaled_seconds = time.monotonic() - started

        runs = _query(postgres, "select run_id, run_type from dag_run where dag_id = 'news_daily'")
        tags = _query(postgres, "select map_index, state, queued_dttm, start_date, end_date "
                      "from task_instance "
                      "where dag_id = 'news_daily' and run_id = %s and task_id = 'tag'", (RUN_ID,))
        components.wait("single-shard", timeout=RUN_TIMEOUT)
        print(f"single-shard run done: {time.monotonic() - started:.0f}s")
    finally:
        components.stop()

    assert runs == [(RUN_ID, "manual")], "the pinned schedule started no other run"
    assert sorted(m for m, *_ in tags) == list(range(len(GOLD_ARTICLES))) and len(tags) >= 3
    assert {state for _, state, *_ in tags} == {"success"}
    assert _released_together(tags) >= 2, "the scheduler released the tag shards together"

    expected, got = marts(single), marts(scaled)
    assert set(got) == set(expected) and got["statements"] and got["articles"]
    assert len(got["articles"]) == len(GOLD_ARTICLES)
    for table in expected:
        assert got[table] == expected[table], f"marts.{table} differs"
    print(f"scale-out run: {scaled_seconds:.0f}s, {len(tags)} tag shards")
