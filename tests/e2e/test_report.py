"""`newsdw report`: the static HTML briefing rendered from the BI snapshot of two real daily
runs (the bundled sample on 2024-04-20, tests/e2e/data/landing on 2024-04-21)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import duckdb
import pytest

from tests.conftest import newsdw
from tests.e2e.conftest import DAY_2


class Page(HTMLParser):
    """Section ids, links, and whatever would load something from elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.external: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a":
            self.links.append(attrs.get("href", ""))
        if tag in ("script", "link", "img", "iframe") or (tag != "a" and "src" in attrs):
            self.external.append(f"<{tag} {attrs}>")


@pytest.fixture(scope="module")
def report(second_day, airflow_home, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "briefing.html"
    proc = newsdw("report", "--date", DAY_2, "--warehouse", str(second_day.warehouse),
                  "--out", str(out), home=airflow_home)
    assert str(out) in proc.stdout
    text = out.read_text(encoding="utf-8")
    page = Page()
    page.feed(text)
    return text, page


def facts(snapshot, sql):
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return con.execute(sql, [DAY_2]).fetchall()


def test_the_briefing_is_self_contained(report):
    text, page = report
    assert text.startswith("<!doctype html>")
    assert "<style>" in text and page.external == []
    assert not re.search(r"""(src|href)=["']?//""", text)
    assert "News briefing &middot; Sunday, 21 April 2024" in text
    assert {"numbers", "issue-coverage", "top-issues", "top-speakers", "statements",
            "top-actors", "articles"} <= page.ids


def test_issue_coverage_chart_is_inline_svg_over_both_days(report, second_day):
    text, page = report
    svg = re.search(r"<svg class=\"chart\".*?</svg>", text, re.DOTALL).group(0)
    assert "<polyline" in svg  # two days: lines, not just points
    top_level = facts(second_day.snapshot, """
        select issue_name from marts.issue_daily
        where published_date <= ? and parent_issue_id is null
        group by issue_name order by sum(mention_count) desc, issue_name limit 1""")
    assert f'data-issue="{html.escape(top_level[0][0])}"' in svg
    assert "Apr 20" in svg and "Apr 21" in svg


def test_top_speakers_and_actors_of_the_day(report, second_day):
    text, _ = report
    speakers = re.search(r'id="top-speakers".*?</section>', text, re.DOTALL).group(0)
    assert "Antony Blinken" in speakers and "Janet Yellen" in speakers
    top_speaker = facts(second_day.snapshot, """
        select speaker_name from marts.statements where published_date = ?
          and speaker_name is not null
        group by speaker_name order by count(*) desc, speaker_name limit 1""")[0][0]
    assert html.escape(top_speaker) in speakers
    actors = re.search(r'id="top-actors".*?</section>', text, re.DOTALL).group(0)
    top_actor = facts(second_day.snapshot, """
        select actor_name from marts.actor_daily where published_date = ?
        order by mention_count desc, statement_count desc, actor_name limit 1""")[0][0]
    assert html.escape(top_actor) in actors


def test_notable_statements_link_to_their_articles(report, second_day):
    text, page = report
    statements = re.search(r'id="statements".*?</section>', text, re.DOTALL).group(0)
    quotes = re.findall(r"<blockquote.*?</blockquote>", statements, re.DOTALL)
    assert quotes
    urls = dict(facts(second_day.snapshot,
                      "select title, url from marts.articles where published_date = ?"))
    assert all(url.startswith("https://news.example.org/") for url in urls.values())
    for quote in quotes:  # every statement of the day links to its article
        assert any(f'href="{url}"' in quote for url in urls.values()), quote
    # Yellen's quote (invented for the fixture) is there, with her article's headline
    yellen = [q for q in quotes if "Janet Yellen" in q]
    assert yellen and "Yellen warns of response to Chinese overcapacity" in yellen[0]
    assert set(urls.values()) <= set(page.links)
