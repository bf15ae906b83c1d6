"""Run dbt against the working warehouse. dbt runs in its own process: it keeps its own
logging and memory, and the same command works from Airflow, the CLI and a shell."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

from newsdw.ops import progress
from newsdw.settings import DUCKDB_MEMORY_LIMIT_ENV, Settings, duckdb_memory_limit

log = logging.getLogger(__name__)


class DbtFailed(RuntimeError):
    """dbt exited non-zero; the message carries the failing nodes, ``output`` all of dbt's."""

    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.output = output


# dbt's on_schema_change='fail' (macros/incremental_marts.sql): an incremental model's columns
# differ from its table's, i.e. the project changed since the warehouse was built
SCHEMA_CHANGED = "The source and target schemas on this incremental model are out of sync"


def dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def run_dbt(settings: Settings, command: str = "build", *args: str,
            variables: dict | None = None) -> str:
    """Run `dbt <command>` on the project; return its output, raise DbtFailed on failure."""
    target = settings.warehouse_dir / "dbt" / "target"
    cmd = [
        dbt_executable(), command,
        "--project-dir", str(settings.dbt_project_dir),
        "--profiles-dir", str(settings.dbt_project_dir),
        "--target-path", str(target),
        "--log-path", str(settings.warehouse_dir / "dbt" / "logs"),
        *args,
    ]
    if variables:
        cmd += ["--vars", json.dumps(variables)]
    env = {
        **os.environ,
        "NEWSDW_WAREHOUSE": str(settings.warehouse),
        # the profile reads it: one default and one validation for Python and dbt
        DUCKDB_MEMORY_LIMIT_ENV: duckdb_memory_limit(),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_USE_COLORS": "false",  # its lines land in log files: no ANSI codes
    }
    log.info("running %s", " ".join(cmd))
    # Streamed, not collected at the end: the log shows dbt as it works and the run's
    # progress line counts the nodes done.
    lines: list[str] = []
    # stderr joins stdout: one pipe cannot fill up unread while the other is being read.
    with subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True) as proc:
        assert proc.stdout is not None
        for raw in proc.stdout:
            line = raw.rstrip("\n")
            lines.append(line)
            log.info("dbt | %s", line)
            if done := node_done(line):
                progress.progress("dbt_build", *done, "nodes")
    stdout = "\n".join(lines) + "\n" if lines else ""
    if proc.returncode != 0:
        failures = [
            line for line in lines
            if "ERROR" in line or "FAIL" in line or "Failure" in line
        ]
        raise DbtFailed(
            f"dbt {command} failed (exit {proc.returncode}):\n"
            + "\n".join(failures[-30:] or lines[-30:]),
            stdout,
        )
    return stdout


# "12:00:03  7 of 58 OK created sql view model main_staging.stg_articles .... [OK in 0.1s]"
_NODE_DONE = re.compile(r"^\S*\s*(\d+) of (\d+) (?:OK|PASS|WARN|ERROR|FAIL|SKIP)\b")


def node_done(line: str) -> tuple[int, int] | None:
    """(n, total) when dbt reports node n of total finished (built, tested or skipped)."""
    match = _NODE_DONE.match(line)
    return (int(match[1]), int(match[2])) if match else None
