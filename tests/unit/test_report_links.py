"""The briefing links articles only through http(s) URLs (newsdw.serve.report.http_url and
templates/report.html.j2): a `javascript:`, `data:` or `file:` URL in the warehouse renders as
escaped text, never as a link."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest

from newsdw.serve.report import Briefing, http_url, render

DAY = dt.date(2024, 4, 20)

SAFE = ["https://news.example.org/a?x=1&y=2#top", "http://example.com", "HTTPS://EXAMPLE.COM/A"]
UNSAFE = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "vbscript:msgbox(1)",
    "//evil.example.org/x",
    "/relative/path",
    "https:evil.example.org",
    "https://",
    "https://exa mple.org/",
    "https://example.org/\nline",
    "ftp://example.org/file",
    "",
    None,
]


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href", ""))


@pytest.mark.parametrize("url", SAFE)
def test_http_urls_are_links(url):
    assert http_url(url) == url


@pytest.mark.parametrize("url", UNSAFE)
def test_other_urls_are_not(url):
    assert http_url(url) == ""


def briefing(urls: list[str | None]) -> Briefing:
    articles = [{"title": f"Article {i}", "url": url, "source": "samples", "word_count": 100,
                 "article_id": f"a{i}", "statements": 1} for i, url in enumerate(urls)]
    statements = [{"statement_id": f"s{i}", "speaker_name": "A Speaker", "kind": "direct",
                   "content": "We will act.", "cue_text": "said", "title": f"Article {i}",
                   "url": url, "source": "samples", "article_id": f"a{i}", "issues": []}
                  for i, url in enumerate(urls)]
    return Briefing(day=DAY, snapshot="news_bi.duckdb", generated_at="now", window=[DAY],
                    numbers={"articles": len(urls), "statements": len(urls), "speakers": 1,
                             "actors": 0, "issues": 0},
                    issue_series=[], top_issues=[], speakers=[], statements=statements,
                    actors=[], articles=articles)


def test_only_http_urls_become_links_and_the_rest_is_escaped_text():
    hostile = [u for u in UNSAFE if u]
    html = render(briefing(SAFE + hostile))
    page = Links()
    page.feed(html)
    # every safe URL is linked from its statement and its article row, nothing else is
    assert sorted(page.hrefs) == sorted(SAFE * 2)
    assert "javascript:" not in " ".join(page.hrefs).lower()
    assert "<script>alert(1)</script>" not in html
    assert "data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, escaped
    assert "file:///etc/passwd" in html  # shown as text
    assert 'href="https://news.example.org/a?x=1&amp;y=2#top"' in html  # attribute escaped


def test_a_quote_in_a_url_cannot_break_out_of_the_attribute():
    url = 'https://example.org/"onmouseover="alert(1)'
    html = render(briefing([url]))
    page = Links()
    page.feed(html)
    assert page.hrefs == [url, url]  # the whole URL stays inside href
    assert 'onmouseover="alert' not in html
