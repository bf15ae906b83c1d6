"""``python -m newsdw.ops.airflow_cli dags test DAG DATE ...``: Airflow's own CLI, with two
corrections for the embedded runs of ``newsdw run``/``backfill`` (nothing else changes; a
deployed Airflow never goes through here):

- **The run's real start.** ``dag.test()`` (Airflow 3.3) creates its DAG run with
  ``start_date=logical_date``, so a two-minute run of 2024-04-19 "started" in 2024: the UI
  shows a duration of years, and the tasks (``orchestration.run_started_at``) stamp the audit
  tables with the logical date. The run is created with the wall-clock start instead.
- **No warnings nobody can act on.** ``airflow dags test`` imports its graph renderer, which
  warns on every run that the optional graphviz package is missing (we never render the
  graph), and its in-process API client warns about a test-client deprecation.
"""

from __future__ import annotations

import functools
import sys
import warnings
from typing import Any


def honest_start_date() -> None:
    """Create ``dags test`` runs with the wall-clock start (``dag.test`` imports
    ``get_or_create_dagrun`` from its module when it runs, so patching the module suffices)."""
    from airflow.models import dagrun
    from airflow.sdk import timezone

    original = dagrun.get_or_create_dagrun
    if getattr(original, "__newsdw_honest__", False):
        return

    @functools.wraps(original)
    def create(*args: Any, **kwargs: Any) -> Any:
        if "start_date" in kwargs:
            kwargs["start_date"] = timezone.utcnow()
        return original(*args, **kwargs)

    create.__newsdw_honest__ = True  # type: ignore[attr-defined]
    dagrun.get_or_create_dagrun = create


def main(argv: list[str]) -> None:
    warnings.filterwarnings("ignore", message="Could not import graphviz")
    # dag.test's in-process Execution API client; nothing of ours to act on
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    honest_start_date()
    from airflow.__main__ import main as airflow_main

    sys.argv = ["airflow", *argv]
    airflow_main()


if __name__ == "__main__":
    main(sys.argv[1:])
