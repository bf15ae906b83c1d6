"""What one run of the daily steps is about: a logical date, a run id and the settings. Cheap to
import (the DAG file and the CLI use it at parse time)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from newsdw.settings import Settings


@dataclass(frozen=True)
class RunContext:
    """One run of the pipeline for one logical date (the data interval start)."""

    logical_date: dt.date
    run_id: str
    settings: Settings

    @property
    def interval(self) -> tuple[dt.datetime, dt.datetime]:
        start = dt.datetime.combine(self.logical_date, dt.time())
        return start, start + dt.timedelta(days=1)

    @property
    def staging_dir(self) -> Path:
        return self.settings.staging_dir(self.logical_date.isoformat())

    def staged(self, name: str) -> Path:
        return self.staging_dir / f"{name}.parquet"

    def tag_shard_dir(self, shard: int) -> Path:
        return self.staging_dir / "tags" / f"shard-{shard:04d}"
