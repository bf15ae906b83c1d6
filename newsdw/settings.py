"""Where things live and how the pipeline is tuned. One place, overridable by environment
variables (``NEWSDW_*``) so the same code runs embedded, in CI and on a real deployment."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
# Auto n_process: parallel tagging once every worker gets this many articles (~15 s of parsing).
MIN_ARTICLES_PER_WORKER = 16
# DuckDB takes up to 80 % of RAM by default; the pipeline's connections and dbt are capped
# (they spill to disk beyond it) so a day's peak memory does not grow with the warehouse.
DUCKDB_MEMORY_LIMIT_ENV = "NEWSDW_DUCKDB_MEMORY_LIMIT"
DEFAULT_DUCKDB_MEMORY_LIMIT = "1GB"


def duckdb_memory_limit() -> str:
    limit = os.environ.get(DUCKDB_MEMORY_LIMIT_ENV) or DEFAULT_DUCKDB_MEMORY_LIMIT
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", limit, flags=re.IGNORECASE):
        raise ValueError(f"{DUCKDB_MEMORY_LIMIT_ENV}={limit!r}: expected a size like 1GB, 512MiB")
    return limit


def limit_memory(con):
    """Apply the pipeline's DuckDB memory limit to a connection; returns it."""
    con.execute(f"set memory_limit = '{duckdb_memory_limit()}'")
    return con


def _path(env: str, default: Path, given: str | Path | None = None) -> Path:
    """An explicit path (a CLI flag, a DAG param) wins over the environment variable, which
    wins over the default; relative paths are taken from the current directory."""
    value = given or os.environ.get(env)
    return Path(value).expanduser().resolve() if value else default


@dataclass(frozen=True)
class Settings:
    warehouse: Path  # working warehouse, written only by the pipeline
    sources_file: Path
    spacy_model: str | None  # None: best installed English pipeline
    batch_size: int
    n_process: int  # tagging processes per tagging task; 0 = auto (see processes_for)
    shard_size: int = 2000  # articles per tagging task (a mapped Airflow task each)
    max_shards: int = 16
    dbt_project_dir: Path = REPO_ROOT / "dbt"

    @property
    def warehouse_dir(self) -> Path:
        return self.warehouse.parent

    @property
    def bi_snapshot(self) -> Path:
        """The published read-only copy BI tools open (never the working file)."""
        return self.warehouse_dir / f"{self.warehouse.stem}_bi{self.warehouse.suffix}"

    @property
    def staging_root(self) -> Path:
        return self.warehouse_dir / "staging"

    @property
    def parquet_dir(self) -> Path:
        return self.warehouse_dir / "parquet"

    @property
    def data_docs_dir(self) -> Path:
        return self.warehouse_dir / "data_docs"

    def staging_dir(self, logical_date: str) -> Path:
        return self.staging_root / logical_date

    def processes_for(self, articles: int) -> int:
        """Tagging processes for `articles`: the configured number, or on auto all cores once
        each worker gets enough articles to pay for its start (a model load, ~3 s)."""
        if self.n_process > 0:
            return self.n_process
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
        return cores if articles >= MIN_ARTICLES_PER_WORKER * cores else 1

    def with_overrides(self, **changes: object) -> Settings:
        clean = {k: v for k, v in changes.items() if v is not None}
        return replace(self, **clean)

    @classmethod
    def from_env(cls, *, warehouse: str | Path | None = None,
                 sources_file: str | Path | None = None) -> Settings:
        """The settings of this process: ``NEWSDW_*`` variables, then defaults. ``warehouse``
        and ``sources_file`` (CLI flags, DAG params) override their variables: the one way
        every entry point resolves them."""
        return cls(
            warehouse=_path("NEWSDW_WAREHOUSE", REPO_ROOT / "warehouse" / "news.duckdb",
                            warehouse),
            sources_file=_path("NEWSDW_SOURCES", REPO_ROOT / "sources.yml", sources_file),
            spacy_model=os.environ.get("NEWSDW_SPACY_MODEL") or None,
            batch_size=int(os.environ.get("NEWSDW_BATCH_SIZE", "16")),
            n_process=int(os.environ.get("NEWSDW_N_PROCESS", "0")),
            shard_size=int(os.environ.get("NEWSDW_SHARD_SIZE", "2000")),
            max_shards=int(os.environ.get("NEWSDW_MAX_SHARDS", "16")),
        )
