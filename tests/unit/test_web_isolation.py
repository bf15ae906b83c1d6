"""Web sources, per-item isolation: a bad link, a page whose processing fails in an unexpected
way, a listed URL that does not parse: each costs that item only. Scripted HTTP, no network."""

from __future__ import annotations

import pytest

from extract.sources import web
from extract.sources.http import Response
from tests.unit.test_web_state import D1, FEED, Client, ok, page, read, rss

A, B, C = (f"http://news.example/{x}" for x in "abc")
BAD = "http://news.example:abc/p/b"
DATE = "Sat, 20 Apr 2024 10:00:00 GMT"


def test_a_feed_entry_with_a_bad_url_costs_that_entry_only():
    client = Client({FEED: ok(FEED, rss([(A, DATE), (BAD, DATE), (B, DATE)]),
                                  "application/rss+xml"),
                     A: ok(A, page()), B: ok(B, page())})
    items, _ = read(client, D1)
    assert [(i.location, i.error) for i in items] == [
        (A, None),
        (BAD, "bad URL 'http://news.example:abc/p/b': Port could not be cast to integer value "
              "as 'abc'"),
        (B, None),
    ]
    assert items[0].draft is not None and items[2].draft is not None


def test_a_listed_url_that_does_not_parse_costs_that_url_only():
    client = Client({A: ok(A, page("2024-04-20T09:00:00Z")), B: ok(B, page("2024-04-20T09:00Z"))})
    items, _ = read(client, D1, urls=(A, "http://[::1/broken", B), kind="urls")
    assert [i.error for i in items] == [None, "bad URL 'http://[::1/broken': Invalid IPv6 URL",
                                        None]


def test_an_unexpected_failure_processing_one_page_costs_that_page_only(monkeypatch):
    real = web.page_published

    def flaky(html: str):
        if "EXPLODE" in html:
            raise KeyError("boom")
        return real(html)

    monkeypatch.setattr(web, "page_published", flaky)
    bad_page = page().replace(b"<h1>T</h1>", b"<h1>T</h1><p>EXPLODE</p>")
    client = Client({FEED: ok(FEED, rss([(A, DATE), (B, DATE), (C, DATE)]),
                              "application/rss+xml"),
                     A: ok(A, page()), B: ok(B, bad_page), C: ok(C, page())})
    items, _ = read(client, D1)
    assert [i.location for i in items] == [A, B, C]
    assert items[0].draft is not None and items[2].draft is not None
    assert items[1].draft is None
    assert items[1].error == "could not process the item: KeyError: 'boom'"


@pytest.mark.parametrize("og_url", ["javascript:alert(1)", "http://news.example:abc/x"])
def test_an_og_url_that_is_no_web_address_falls_back_to_the_page_url(og_url):
    html = page().replace(b"<title>T</title>",
                          f'<title>T</title><meta property="og:url" content="{og_url}">'.encode())
    client = Client({A: Response(A, A, 200, {"content-type": "text/html"}, html,
                                 ok(A, b"").fetched_at)})
    items, _ = read(client, D1, urls=(A,), kind="urls")
    assert items[0].error is None and items[0].draft.url == A


def test_undecodable_bytes_in_a_page_are_a_note_or_past_the_limit_a_quarantine():
    few = page().replace(b"the budget", b"the bud\x80\x81et", 1)  # 2 bytes of 919
    many = page().replace(b"the budget", b"the bud\x80\x81et")  # 12: over 1%
    client = Client({A: ok(A, few, "text/html"), B: ok(B, many, "text/html")})  # no charset
    items, _ = read(client, D1, urls=(A, B), kind="urls")
    assert items[0].draft is not None and "bud\ufffd\ufffdet" in items[0].draft.body
    assert items[0].notes == ["undecodable bytes: 2 of 919 replaced by U+FFFD (decoded as "
                              "utf-8)"]
    assert items[1].draft is None and items[1].error == "undecodable bytes: 12 of 924"
