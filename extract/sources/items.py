"""What a source yields for each input item: a draft article or the reason it is unusable."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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
    notes: list[str] = field(default_factory=list)  # warnings that do not stop the article
    # Settled without reading (web sources, from the warehouse state):
    duplicate_of: str | None = None  # article_id already loaded for another date: seen before
    other_date: bool = False  # belongs to another logical date's run (known from its date)
    # Not an input by the source's rules (hidden file, fifo, symlink out of the folder): why.
    skipped: str | None = None


@dataclass
class FetchRecord:
    """What the last HTTP fetch of one URL found: the web sources' state, kept in the warehouse
    (`state.http_cache`, one row per kind and url) and read back at the next extract."""

    url: str  # key: the feed URL as configured, or the canonical URL of a page
    kind: str  # "feed" | "page"
    source: str  # the source that fetched it
    requested_url: str
    fetched_at: dt.datetime  # naive UTC
    first_fetched_at: dt.datetime  # the first fetch ever: the "fetch" date of undated items
    final_url: str = ""  # after redirects
    status: int | None = None  # HTTP status (304: unchanged); None when there was no response
    error: str | None = None  # why the fetch or its reading failed; None when it worked
    transient: bool = False  # the failure may go away (5xx, timeout, connection)
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    body: bytes | None = None  # feeds only: the last good document, re-read on a 304
    published_at: dt.datetime | None = None  # pages: the date the item settled on
    date_source: str | None = None  # pages: article | feed | fetch
    logical_date: dt.date | None = None  # the run that wrote the record (read back only)


@dataclass
class KnownArticles:
    """Articles already in the warehouse from other logical dates (seen before)."""

    by_id: dict[str, str] = field(default_factory=dict)  # article_id -> logical date
    by_hash: dict[str, str] = field(default_factory=dict)  # content_hash -> article_id
    # Web sources: canonical URL (the article's, and the page URL it was read from) ->
    # article_id, so known pages are not fetched again ...
    by_url: dict[str, str] = field(default_factory=dict)
    # ... and the last fetch of each feed (validators, document) and page (state.http_cache).
    feeds: dict[str, FetchRecord] = field(default_factory=dict)
    pages: dict[str, FetchRecord] = field(default_factory=dict)
