"""What a source yields for each input item: a draft article or the reason it is unusable."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from extract.sources.documents import Draft


@dataclass
class Item:
    source: str
    location: str
    draft: Draft | None = None
    error: str | None = None  # quarantine reason when draft is None
    payload: str = ""  # truncated raw input, kept for quarantined items
    fetched_at: dt.datetime | None = None  # naive UTC
    feed_published: dt.datetime | None = None  # the feed entry's date, a fallback
    date_source: str = "article"
