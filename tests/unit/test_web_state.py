"""Web source decisions with a scripted HTTP client: which run takes an entry, what the state
saves from fetching again, and what makes a whole source fail. No network."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.sources.config import SourceConfig
from extract.sources.http import FetchError, Response
from extract.sources.items import KnownArticles
from extract.sources.web import SourceUnavailable, read_web_source

FEED = "http://news.example/feed.xml"
D1 = (dt.datetime(2024, 4, 20), dt.datetime(2024, 4, 21))
D2 = (dt.datetime(2024, 4, 21), dt.datetime(2024, 4, 22))
TEXT = "".join(f"<p>The council met on Saturday to discuss the budget and the new tram line, "
               f"officials said in a statement issued after the meeting ({i}).</p>"
               for i in range(6))


def page(published: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (f"<html><head><title>T</title>{meta}</head><body><article><h1>T</h1>{TEXT}"
            "</article></body></html>").encode()


def rss(items: list[tuple[str, str | None]], feed_date: str | None = None) -> bytes:
    channel_date = f"<lastBuildDate>{feed_date}</lastBuildDate>" if feed_date else ""
    body = "".join(f"<item><title>x</title><link>{link}</link>"
                   + (f"<pubDate>{date}</pubDate>" if date else "") + "</item>"
                   for link, date in items)
    return (f'<rss version="2.0"><channel><title>t</title><link>http://news.example/</link>'
            f"{channel_date}{body}</channel></rss>").encode()


def ok(url: str, body: bytes, content_type: str = "text/html", etag: str | None = None):
    headers = {"content-type": content_type, **({"etag": etag} if etag else {})}
    return Response(url, url, 200, headers, body, dt.datetime(2026, 1, 1))


class Client:
    """Scripted responses by URL; a feed answers 304 when sent its current ETag."""

    def __init__(self, routes: dict) -> None:
        self.routes = routes
        self.calls: list[tuple[str, str | None]] = []

    def get(self, url, *, etag=None, last_modified=None, accept=None, what="page"):
        self.calls.append((url, etag))
        outcome = self.routes[url]
        if isinstance(outcome, FetchError):
            raise outcome
        if etag and outcome.etag == etag:
            return Response(url, url, 304, {"etag": etag}, b"", dt.datetime(2026, 1, 2))
        return outcome

    def map(self, fn, items):
        return map(fn, items)


def read(client, window, known=None, urls=(FEED,), kind="feed"):
    fetches: list = []
    source = SourceConfig(name="s", type=kind, urls=tuple(urls))
    items = list(read_web_source(source, *window, known, fetches, client=client))
    return items, fetches


def test_a_304_on_the_next_day_still_yields_that_days_entries():
    """Catch-up: the feed has not changed since the run for the 20th fetched it, but entries of
    the 21st were in it. A 304 re-reads the kept document instead of yielding nothing."""
    feed = rss([("http://news.example/a", "Sat, 20 Apr 2024 10:00:00 GMT"),
                ("http://news.example/b", "Sun, 21 Apr 2024 10:00:00 GMT")])
    client = Client({FEED: ok(FEED, feed, "application/rss+xml", etag='"v1"'),
                     "http://news.example/a": ok("http://news.example/a", page()),
                     "http://news.example/b": ok("http://news.example/b", page())})
    first, fetches = read(client, D1)
    assert [bool(i.draft) for i in first] == [True, False] and first[1].other_date
    feed_state = fetches[0]
    assert (feed_state.etag, feed_state.body) == ('"v1"', feed)

    known = KnownArticles(by_url={"http://news.example/a": "art_a"}, feeds={FEED: feed_state})
    client.calls.clear()
    second, fetches = read(client, D2, known)
    assert client.calls == [(FEED, '"v1"'), ("http://news.example/b", None)]
    assert second[0].other_date and second[1].draft is not None
    assert second[1].draft.published == dt.datetime(2024, 4, 21, 10)
    assert (fetches[0].status, fetches[0].body) == (304, feed)  # the document stays in the state


def test_known_urls_are_seen_before_and_not_fetched():
    feed = rss([("http://news.example/a?utm_source=rss", "Sat, 20 Apr 2024 10:00:00 GMT")])
    client = Client({FEED: ok(FEED, feed, "application/rss+xml")})
    items, _ = read(client, D1, KnownArticles(by_url={"http://news.example/a": "art_a"}))
    assert items[0].duplicate_of == "art_a"
    assert client.calls == [(FEED, None)]


def test_an_undated_entry_keeps_the_date_it_first_got_while_the_feed_date_moves():
    link = "http://news.example/undated"
    client = Client({FEED: ok(FEED, rss([(link, None)], "Sun, 21 Apr 2024 00:03:00 GMT"),
                              "application/rss+xml"),
                     link: ok(link, page())})
    first, fetches = read(client, D1)
    # Dated by the feed (00:03 on the 21st): the run for the 20th does not take it ...
    assert first[0].draft.published == dt.datetime(2024, 4, 21, 0, 3)
    assert first[0].date_source == "feed"
    page_state = next(f for f in fetches if f.kind == "page")
    # ... and the run for the 21st does, although by then the feed's date is the 22nd.
    client.routes[FEED] = ok(FEED, rss([(link, None)], "Mon, 22 Apr 2024 00:01:00 GMT"),
                             "application/rss+xml")
    second, _ = read(client, D2, KnownArticles(pages={page_state.url: page_state}))
    assert second[0].draft.published == dt.datetime(2024, 4, 21, 0, 3)


def test_a_page_settled_for_another_date_is_not_fetched_again():
    link = "http://news.example/listed"
    client = Client({link: ok(link, page("2024-04-20T09:00:00Z"))})
    first, fetches = read(client, D1, urls=(link,), kind="urls")
    assert first[0].draft.published == dt.datetime(2024, 4, 20, 9)
    client.calls.clear()
    second, _ = read(client, D2, KnownArticles(pages={fetches[0].url: fetches[0]}),
                     urls=(link,), kind="urls")
    assert second[0].other_date and client.calls == []


def test_the_feed_summary_stands_in_for_a_page_that_cannot_be_fetched():
    link = "http://news.example/gone"
    summary = "The harbour reopened on Saturday after a week of repairs. " * 5
    feed = (f'<rss version="2.0"><channel><title>t</title><link>http://news.example/</link>'
            f"<language>en</language><item><title>Harbour</title><link>{link}</link>"
            f"<pubDate>Sat, 20 Apr 2024 10:00:00 GMT</pubDate>"
            f"<description>{summary}</description></item></channel></rss>").encode()
    client = Client({FEED: ok(FEED, feed, "application/rss+xml"),
                     link: FetchError("HTTP 410 Gone", status=410)})
    items, fetches = read(client, D1)
    draft = items[0].draft
    assert draft.body == summary.strip() and draft.title == "Harbour"
    assert (draft.published, items[0].date_source, draft.language) == (
        dt.datetime(2024, 4, 20, 10), "feed", "en")
    assert next(f for f in fetches if f.kind == "page").error == "HTTP 410 Gone"


def test_one_unreachable_feed_is_quarantined_all_unreachable_fail_the_source():
    other = "http://other.example/feed.xml"
    down = FetchError("connection failed: [Errno 111] Connection refused (4 attempts)",
                      transient=True, connection=True)
    client = Client({FEED: ok(FEED, rss([]), "application/rss+xml"), other: down})
    items, fetches = read(client, D1, urls=(FEED, other))
    assert [(i.location, i.error) for i in items] == [(other, str(down))]
    assert {f.url: f.transient for f in fetches} == {FEED: False, other: True}
    with pytest.raises(SourceUnavailable, match="feed http://other.example/feed.xml: connection"):
        read(Client({other: down}), D1, urls=(other,))
