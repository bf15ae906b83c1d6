"""Run dbt against the working warehouse. dbt runs in its own process: it keeps its own
logging and memory, and the same command works from Airflow, the CLI and a shell."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from newsdw.settings import DUCKDB_MEMORY_LIMIT_ENV, Settings, duckdb_memory_limit

log = logging.getLogger(__name__)


class DbtFailed(RuntimeError):
    """dbt exited non-zero; the message carries the failing nodes."""


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
    }
    log.info("running %s", " ".join(cmd))
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    for line in proc.stdout.splitlines():
        log.info("dbt | %s", line)
    if proc.returncode != 0:
        failures = [
            line for line in proc.stdout.splitlines()
            if "ERROR" in line or "FAIL" in line or "Failure" in line
        ]
        raise DbtFailed(
            f"dbt {command} failed (exit {proc.returncode}):\n"
            + "\n".join(failures[-30:] or proc.stdout.splitlines()[-30:])
            + (f"\n{proc.stderr[-2000:]}" if proc.stderr.strip() else "")
        )
    return proc.stdout
