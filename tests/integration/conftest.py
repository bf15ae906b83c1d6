"""A published BI site for the BI-client and `newsdw serve` tests: the raw rows of
test_dbt_project loaded into a working warehouse, the real dbt project built on it (as the DAG
runs it, `newsdw.warehouse.dbt_runner`), then the real publish: snapshot and Parquet export."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from newsdw.settings import Settings


@dataclass(frozen=True)
class BiSite:
    warehouse: Path
    snapshot: Path
    parquet: Path


@pytest.fixture(scope="session")
def bi_site(tmp_path_factory) -> BiSite:
    from newsdw.warehouse.dbt_runner import run_dbt
    from newsdw.warehouse.publish import export_parquet, publish_snapshot
    from tests.integration.test_dbt_project import load_raw

    warehouse = tmp_path_factory.mktemp("bi_site") / "news.duckdb"
    load_raw(warehouse)
    settings = Settings.from_env(warehouse=warehouse)
    run_dbt(settings, "build")  # its own process, as in the DAG
    publish_snapshot(warehouse, settings.bi_snapshot)
    export_parquet(settings.bi_snapshot, settings.parquet_dir)
    return BiSite(warehouse, settings.bi_snapshot, settings.parquet_dir)
