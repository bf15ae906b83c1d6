"""Web sources: `feed` (RSS 0.9x/1.0/2.0 and Atom by URL; each entry's page is fetched and its
article extracted) and `urls` (a list of article URLs, fetched and extracted the same way).

Which run takes an item:
- a feed entry with a date belongs to the run whose interval holds that date (UTC); entries of
  other dates are counted, never fetched. The page's own timestamp is kept when it falls in the
  same interval (date_source "article"), else the entry's date is (date_source "feed"), so an
  entry picked by its date is never lost to a page that disagrees by a few hours;
- an undated entry or a listed URL is fetched and dated by its page; failing that by the date it
  got before (sticky, from the state), the feed's own date, then the first time it was fetched.

Nothing is fetched twice without need: URLs whose article is already in the warehouse (another
logical date) are duplicates "seen_before"; pages the state says belong to another date are
counted there; feeds are fetched conditionally (ETag / Last-Modified) and a 304 re-reads the
feed document kept in the state, so it costs one empty response (and pages of entries already
settled cost nothing).

Every entry becomes exactly one item: a draft, a quarantine reason, a seen-before duplicate or
an other-date marker. A source whose feeds (or, for `urls`, every page) cannot be reached at
all raises SourceUnavailable, which the extract step records as the source's error.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from extract.sources.config import SourceConfig
from extract.sources.documents import (
    MIN_BODY_CHARS,
    BadInput,
    Draft,
    decode_text,
    extract_html,
    truncate,
)
from extract.sources.feeds import Entry, Feed, looks_like_html, page_published, parse_feed
from extract.sources.http import FetchError, HttpClient, HttpOptions, Response
from extract.sources.items import FetchRecord, Item, KnownArticles
from extract.sources.urls import BadUrl, canonical_url, web_url

log = logging.getLogger(__name__)

FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/rdf+xml, "
               "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
HTML_TYPES = ("text/html", "application/xhtml+xml", "")
WEAK_DATE_SOURCES = ("feed", "fetch")


class SourceUnavailable(RuntimeError):
    """No feed (or, for a `urls` source, no page) of the source could be reached."""


def read_web_source(
    source: SourceConfig,
    start: dt.datetime,
    end: dt.datetime,
    known: KnownArticles | None = None,
    fetches: list[FetchRecord] | None = None,
    client: HttpClient | None = None,
) -> Iterator[Item]:
    """Items of a `feed` or `urls` source for the interval [start, end). `known` is the
    warehouse state (articles of other dates, last fetches); each fetch made is appended to
    `fetches` for the load step to keep. All fetching ends by the source's `source_timeout`
    (from this call): what is left then is settled with that reason, not fetched. A `client`
    passed in keeps its own source deadline (`HttpClient.start_source_deadline`)."""
    if client is None:
        client = HttpClient(HttpOptions.from_options(source.options))
        client.start_source_deadline()
    reader = _Reader(source, start, end, known, client, fetches if fetches is not None else [])
    return reader.feeds() if source.type == "feed" else reader.urls()


@dataclass
class _Task:
    """A page to fetch for one feed entry or listed URL."""

    location: str  # the URL as given (feed link or list line)
    key: str  # its canonical URL
    entry: Entry | None = None
    feed: Feed | None = None


@dataclass
class _Page:
    response: Response | None = None
    error: FetchError | None = None


@dataclass
class _FeedResult:
    url: str
    record: FetchRecord
    feed: Feed | None = None
    error: str | None = None
    payload: str = ""
    unreachable: bool = False


class _Reader:
    def __init__(self, source: SourceConfig, start: dt.datetime, end: dt.datetime,
                 known: KnownArticles | None, client: HttpClient,
                 fetches: list[FetchRecord]) -> None:
        self.source, self.start, self.end = source, start, end
        self.client = client
        self.fetches = fetches
        known = known or KnownArticles()
        self.by_url: dict[str, str] = dict(known.by_url)
        self.feed_state: dict[str, FetchRecord] = dict(known.feeds)
        self.page_state: dict[str, FetchRecord] = dict(known.pages)
        self._memo: dict[str, Future[_Page]] = {}
        self._lock = threading.Lock()

    def _in_interval(self, when: dt.datetime | None) -> bool:
        return when is not None and self.start <= when < self.end

    # -- feed sources ------------------------------------------------------------------------

    def feeds(self) -> Iterator[Item]:
        results = list(self.client.map(self._fetch_feed, self.source.urls))
        self.fetches.extend(r.record for r in results)
        unreachable = [r for r in results if r.unreachable]
        if unreachable and len(unreachable) == len(results):
            raise SourceUnavailable("; ".join(f"feed {r.url}: {r.error}" for r in unreachable))
        plan: list[Item | _Task] = []
        for result in results:
            if result.feed is None:
                plan.append(Item(self.source.name, result.url, error=result.error,
                                 payload=result.payload))
                continue
            if result.feed.problem:
                log.warning("feed %s is malformed (%s); reading the %d entries recovered",
                            result.url, result.feed.problem, len(result.feed.entries))
            for n, entry in enumerate(result.feed.entries, start=1):
                plan.append(self._isolated(entry.link or f"{result.feed.url}#entry-{n}",
                                           self._plan_entry, result.feed, n, entry))
        for planned, page in self.client.map(self._fetch_planned, plan):
            yield planned if page is None else self._isolated(planned.location,
                                                              self._page_item, planned, page)

    def _fetch_feed(self, url: str) -> _FeedResult:
        prev = self.feed_state.get(url)
        cached = prev is not None and bool(prev.body) and bool(prev.etag or prev.last_modified)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        first = prev.first_fetched_at if prev else now
        record = FetchRecord(url=url, kind="feed", source=self.source.name, requested_url=url,
                             fetched_at=now, first_fetched_at=first)
        try:
            resp = self.client.get(url, etag=prev.etag if cached else None,
                                   last_modified=prev.last_modified if cached else None,
                                   accept=FEED_ACCEPT, what="feed")
        except FetchError as exc:
            # Keep the last good document and validators: the next run can still get a 304.
            record = replace(record, status=exc.status, error=exc.reason, transient=exc.transient,
                             etag=prev.etag if prev else None,
                             last_modified=prev.last_modified if prev else None,
                             content_type=prev.content_type if prev else None,
                             body=prev.body if prev else None)
            return _FeedResult(url, record, error=exc.reason, unreachable=True)
        record = replace(record, fetched_at=resp.fetched_at, final_url=resp.final_url,
                         status=resp.status)
        if resp.not_modified and prev is not None and prev.body:
            body, content_type = prev.body, prev.content_type or ""
            etag, last_modified = resp.etag or prev.etag, resp.last_modified or prev.last_modified
        else:
            body, content_type = resp.body, resp.content_type
            etag, last_modified = resp.etag, resp.last_modified
        try:
            feed = parse_feed(url, body, content_type)
        except Exception as exc:  # BadInput, or a parser failure: this feed only is bad
            reason = str(exc) if isinstance(exc, BadInput) else (
                f"could not parse the feed: {type(exc).__name__}: {exc}")
            record = replace(record, error=reason, content_type=content_type)
            return _FeedResult(url, record, error=reason, payload=truncate(body))
        record = replace(record, etag=etag, last_modified=last_modified,
                         content_type=content_type, body=body)
        return _FeedResult(url, record, feed=feed)

    def _plan_entry(self, feed: Feed, n: int, entry: Entry) -> Item | _Task:
        location = entry.link or f"{feed.url}#entry-{n}"
        if entry.published is not None and not self._in_interval(entry.published):
            return Item(self.source.name, location, other_date=True,
                        feed_published=entry.published, date_source="feed")
        if not entry.link:
            return self._summary_item(_Task(location, "", entry, feed), "feed entry has no link",
                                      None)
        return self._plan_page(_Task(location, canonical_url(entry.link), entry, feed),
                               dated=entry.published is not None)

    # -- url sources -------------------------------------------------------------------------

    def urls(self) -> Iterator[Item]:
        plan = [self._isolated(url, lambda u: self._plan_page(_Task(u, canonical_url(u)),
                                                              dated=False), url)
                for url in self.source.urls]
        items, attempted, unreachable = [], 0, []
        for planned, page in self.client.map(self._fetch_planned, plan):
            if page is None:
                items.append(planned)
                continue
            attempted += 1
            if page.error is not None and page.error.connection:
                unreachable.append(f"{planned.location}: {page.error}")
            items.append(self._isolated(planned.location, self._page_item, planned, page))
        if attempted and len(unreachable) == attempted:
            raise SourceUnavailable("no listed URL could be reached: " + "; ".join(unreachable[:5]))
        yield from items

    # -- pages -------------------------------------------------------------------------------

    def _plan_page(self, task: _Task, dated: bool) -> Item | _Task:
        """Settle a page without fetching it when the warehouse already knows it."""
        if task.key in self.by_url:
            return Item(self.source.name, task.location, duplicate_of=self.by_url[task.key])
        prev = self.page_state.get(task.key)
        if not dated and prev is not None and not prev.transient:
            when = prev.published_at or prev.first_fetched_at
            if not self._in_interval(when):
                return Item(self.source.name, task.location, other_date=True,
                            feed_published=when, date_source=prev.date_source or "fetch")
        return task

    def _fetch_planned(self, planned: Item | _Task) -> tuple[Item | _Task, _Page | None]:
        if isinstance(planned, Item):
            return planned, None
        with self._lock:  # one fetch per page and source, however many entries link it
            future = self._memo.get(planned.key)
            owner = future is None
            if owner:
                future = self._memo[planned.key] = Future()
        if not owner:
            return planned, future.result()
        try:
            page = _Page(response=self.client.get(planned.location, accept=PAGE_ACCEPT))
        except FetchError as exc:
            page = _Page(error=exc)
        except Exception as exc:  # never leave a waiter hanging
            page = _Page(error=FetchError(f"fetch failed: {type(exc).__name__}: {exc}"))
        future.set_result(page)
        return planned, page

    def _page_item(self, task: _Task, page: _Page) -> Item:
        prev = self.page_state.get(task.key)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        first = prev.first_fetched_at if prev else now
        resp = page.response
        record = FetchRecord(url=task.key, kind="page", source=self.source.name,
                             requested_url=task.location,
                             fetched_at=resp.fetched_at if resp else now, first_fetched_at=first,
                             final_url=resp.final_url if resp else "",
                             status=resp.status if resp else page.error.status,
                             content_type=resp.content_type if resp else None)
        if page.error is not None:
            item = self._summary_item(task, str(page.error), prev, page.error.payload)
            self._record(replace(record, error=str(page.error), transient=page.error.transient,
                                 published_at=item.draft.published if item.draft else None,
                                 date_source=item.date_source if item.draft else None))
            return item
        assert resp is not None
        try:
            html, note = self._html(resp)
            draft = extract_html(html, resp.final_url)
        except Exception as exc:  # BadInput, or an extractor failure: this page only is bad
            reason = str(exc) if isinstance(exc, BadInput) else (
                f"could not extract the page: {type(exc).__name__}: {exc}")
            self._record(replace(record, error=reason))
            return Item(self.source.name, task.location, error=reason,
                        payload=truncate(resp.body), fetched_at=resp.fetched_at)
        try:
            declared = web_url(draft.url) if draft.url else ""
        except BadUrl:  # an og:url that is no web address (bad port, javascript:): ignored
            declared = ""
        if not declared or urlsplit(declared).path == "/" != urlsplit(task.key).path:
            draft.url = resp.final_url  # no og:url, or one pointing at the home page
        page_date = page_published(html) or draft.published
        published, date_source = self._date(task, page_date, prev, first)
        draft.published = published
        self._record(replace(record, published_at=published, date_source=date_source))
        return Item(self.source.name, task.location, draft=draft, fetched_at=resp.fetched_at,
                    feed_published=task.entry.published if task.entry else None,
                    date_source=date_source, notes=[note] if note else [])

    def _isolated(self, location: str, step: Callable[..., Item | _Task],
                  *args: object) -> Item | _Task:
        """step(*args) for one entry, URL or page; if it fails, a quarantined item for that
        one only (BadInput and BadUrl say why; anything else is named with its type)."""
        try:
            return step(*args)
        except Exception as exc:
            if not isinstance(exc, BadInput | BadUrl):
                log.exception("%s: unexpected error on %s", self.source.name, location)
            reason = str(exc) if isinstance(exc, BadInput | BadUrl) else (
                f"could not process the item: {type(exc).__name__}: {exc}")
            return Item(self.source.name, location, error=reason)

    def _date(self, task: _Task, page_date: dt.datetime | None, prev: FetchRecord | None,
              first: dt.datetime) -> tuple[dt.datetime, str]:
        entry_date = task.entry.published if task.entry else None
        if entry_date is not None:  # the entry's date chose this run: the page may refine it
            if self._in_interval(page_date):
                return page_date, "article"
            return entry_date, "feed"
        if page_date is not None:
            return page_date, "article"
        return self._weak_date(task, prev, first)

    def _weak_date(self, task: _Task, prev: FetchRecord | None,
                   first: dt.datetime) -> tuple[dt.datetime, str]:
        """An undated item's date: the one it got before (so it does not move with the feed),
        the feed's own date, then the first time it was fetched."""
        if prev is not None and prev.published_at and prev.date_source in WEAK_DATE_SOURCES:
            return prev.published_at, prev.date_source
        if task.feed is not None and task.feed.published is not None:
            return task.feed.published, "feed"
        return first, "fetch"

    def _summary_item(self, task: _Task, reason: str, prev: FetchRecord | None,
                      payload: bytes = b"") -> Item:
        """The feed entry's own text when its page cannot be had, if it is article-length;
        else the item is quarantined with `reason`."""
        entry = task.entry
        summary = entry.summary.strip() if entry else ""
        if len(summary) < MIN_BODY_CHARS:
            if entry is not None:
                reason = (f"{reason} (the feed summary has {len(summary)} characters, too "
                          f"short to stand in for the article)")
            return Item(self.source.name, task.location, error=reason,
                        payload=truncate(payload) or truncate(summary))
        assert entry is not None and task.feed is not None
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        if entry.published is not None:
            published, date_source = entry.published, "feed"
        else:
            published, date_source = self._weak_date(task, prev, prev.first_fetched_at if prev
                                                     else now)
        log.info("%s: page unavailable (%s); using the feed summary", task.location, reason)
        draft = Draft(body=summary, title=entry.title, url=entry.link, author=entry.author,
                      published=published, language=task.feed.language)
        return Item(self.source.name, task.location, draft=draft, fetched_at=now,
                    feed_published=entry.published or task.feed.published,
                    date_source=date_source)

    @staticmethod
    def _html(resp: Response) -> tuple[str, str]:
        """The page's text and a note if undecodable bytes were replaced."""
        if resp.content_type not in HTML_TYPES and not looks_like_html(resp.body):
            raise BadInput(f"page is {resp.content_type!r}, not HTML")
        if resp.charset:
            try:
                return resp.body.decode(resp.charset), ""
            except (LookupError, UnicodeDecodeError):
                pass
        decoded = decode_text(resp.body)
        return decoded.text, decoded.note

    def _record(self, record: FetchRecord) -> None:
        with self._lock:
            self.fetches.append(record)
