"""Web sources against a real HTTP server on 127.0.0.1: RSS 2.0, Atom and RSS 1.0 feeds, article
pages and every bad case (404, 500 then 200, a page slower than the timeout, a redirect loop, a
page over the size cap, a page with no text, a French page under an English filter, a feed URL
serving HTML, a truncated feed, an unreachable host, a feed failing with 500), through the real
extract and load steps; then the next day's run, which must not fetch again what it knows."""

from __future__ import annotations

import datetime as dt
import hashlib
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest

from extract.extraction import extract_interval
from extract.sources.config import SourceConfig, load_sources
from extract.sources.http import USER_AGENT
from newsdw.pipeline import steps
from newsdw.pipeline.context import RunContext
from newsdw.settings import Settings
from newsdw.warehouse import staging

DAY = dt.date(2024, 4, 20)
NEXT_DAY = dt.date(2024, 4, 21)
SLOW_SECONDS = 1.5  # the slow page's delay; the sources' timeout is well below it
FAST = {"timeout": 0.5, "retries": 1, "backoff_base": 0.01, "backoff_max": 0.05,
        "max_bytes": 1_000_000, "max_redirects": 5, "max_concurrency_per_host": 2}


# -- the site ------------------------------------------------------------------------------------


def paragraphs(topic: str, n: int = 6) -> str:
    sentences = [
        f"Officials involved in the {topic} said on Saturday that the next round of talks "
        f"would take place within days, according to people familiar with the matter.",
        f"The {topic} has drawn criticism from opposition lawmakers, who argue that the "
        f"government has not explained how the plan would be paid for.",
        f"Analysts said the outcome of the {topic} could shape the regional economy for years, "
        f"with investors watching closely for any sign of a compromise.",
    ]
    return "".join(f"<p>{sentences[i % 3]} (Paragraph {i + 1} on the {topic}.)</p>"
                   for i in range(n))


def article(title: str, topic: str, *, published: str | None = None, author: str = "",
            lang: str = "en", og_url: str = "", body: str | None = None) -> bytes:
    meta = [f'<meta property="og:title" content="{title}">']
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}">')
    if author:
        meta.append(f'<meta name="author" content="{author}">')
    if og_url:
        meta.append(f'<meta property="og:url" content="{og_url}">')
    byline = f'<p class="byline">By {author}</p>' if author else ""
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{title} | The Daily Test</title>{''.join(meta)}</head><body>"
        '<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>{title}</h1>{byline}{body if body is not None else paragraphs(topic)}"
        "</article><footer>Copyright The Daily Test</footer></body></html>"
    ).encode()


FRENCH = "".join(
    f"<p>Le gouvernement a annoncé mardi une nouvelle réforme des retraites qui sera présentée "
    f"au parlement avant l'été, selon plusieurs ministres interrogés par la presse ({i}).</p>"
    for i in range(6)
)


class Site:
    """A tiny news site: routes by path, counting requests and the peak concurrency (of the
    requests the client still waits for: an abandoned slow request does not count)."""

    def __init__(self) -> None:
        self.routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        self.hits: Counter[str] = Counter()
        self.user_agents: set[str] = set()
        self.statuses: list[tuple[str, int]] = []
        self.in_flight = self.peak = 0
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                metered = path != "/news/slow"
                with site.lock:
                    site.hits[path] += 1
                    site.user_agents.add(self.headers.get("User-Agent", ""))
                    site.in_flight += metered
                    site.peak = max(site.peak, site.in_flight)
                try:
                    site.routes.get(path, not_found)(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading (size cap, timeout): expected
                finally:
                    with site.lock:
                        site.in_flight -= metered

            def send_response(self, code, message=None):
                with site.lock:
                    site.statuses.append((self.path.split("?")[0], code))
                super().send_response(code, message)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def reset(self) -> None:
        with self.lock:
            self.hits.clear()
            self.statuses.clear()
            self.peak = 0


def send(handler, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8",
         headers: dict[str, str] | None = None, length: bool = True) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    if length:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if body:
        handler.wfile.write(body)


def not_found(handler) -> None:
    send(handler, 404, b"<html><body><h1>Not found</h1></body></html>")


def page(body: bytes, content_type: str = "text/html; charset=utf-8"):
    return lambda h: send(h, 200, body, content_type)


def feed(body: bytes, content_type: str, *, etag: bool = True):
    """A feed with validators: ETag (or only Last-Modified) and a 304 when they match."""
    tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
    modified = format_datetime(dt.datetime(2024, 4, 20, 23, 0, tzinfo=dt.UTC), usegmt=True)

    def serve(h) -> None:
        validators = {"Last-Modified": modified, **({"ETag": tag} if etag else {})}
        if (etag and h.headers.get("If-None-Match") == tag) or (
            not etag and h.headers.get("If-Modified-Since") == modified
        ):
            send(h, 304, headers=validators, length=False)
        else:
            send(h, 200, body, content_type, headers=validators)

    return serve


def flaky(body: bytes):
    calls = Counter()

    def serve(h) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            send(h, 500, b"<html><body>Internal error</body></html>")
        else:
            send(h, 200, body)

    return serve


def slow(h) -> None:
    time.sleep(SLOW_SECONDS)
    send(h, 200, article("Too late", "slow page"))


def loop(h) -> None:
    h.send_response(302)
    h.send_header("Location", "/news/loop")
    h.send_header("Content-Length", "0")
    h.end_headers()


def huge(h) -> None:  # 5 MB, streamed without Content-Length: only the size cap stops it
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.end_headers()
    chunk = b"<p>" + b"x" * 65_530 + b"</p>"
    h.wfile.write(b"<html><body>")
    for _ in range(80):
        h.wfile.write(chunk)


def rss_item(title: str, link: str, date: str | None, summary: str = "Short teaser.") -> str:
    pub = f"<pubDate>{date}</pubDate>" if date else ""
    return (f"<item><title>{title}</title><link>{link}</link>{pub}"
            f"<description><![CDATA[{summary}]]></description></item>")


LONG_SUMMARY = "<p>" + " ".join(
    ["The port authority confirmed the closure of the northern terminal after the storm."] * 4
) + "</p>"


def build(site: Site) -> None:
    u = site.url
    site.routes.update({
        "/news/a1": page(article("Talks resume in Geneva", "Geneva talks",
                                 published="2024-04-20T10:15:00+02:00", author="Jane Doe",
                                 og_url=u("/news/a1?utm_source=og"))),
        "/news/a2": page(article("Budget vote delayed", "budget vote",
                                 published="2024-04-20T12:00:00Z", author="Sam Lee")),
        "/news/a3": page(article("Rail strike ends", "rail strike",
                                 published="2024-04-20T15:00:00+01:00")),
        "/news/a4": page(article("Harbour reopens", "harbour reopening",
                                 published="2024-04-20T09:00:00Z")),
        "/news/undated-entry": page(article("Drought measures", "drought measures",
                                            published="2024-04-20T18:45:00Z")),
        "/news/flaky": flaky(article("Election results", "election count",
                                     published="2024-04-20T07:00:00Z")),
        "/news/evening": page(article("Late vote", "late-night vote",
                                      published="2024-04-20T22:30:00-05:00")),
        "/news/disagree": page(article("Midnight session", "midnight session",
                                       published="2024-04-21T00:10:00Z")),
        "/news/broken": lambda h: send(h, 500, b"<html><body>Internal error</body></html>"),
        "/news/slow": slow,
        "/news/loop": loop,
        "/news/huge": huge,
        "/news/empty": page(article("Empty", "", body="<p>Subscribe.</p>")),
        "/news/french": page(article("Réforme des retraites", "", lang="fr", body=FRENCH,
                                     published="2024-04-20T11:00:00+02:00")),
        "/news/pdf": page(b"%PDF-1.4 not html", "application/pdf"),
        "/news/undated": page(article("Undated feature", "undated feature")),
        "/feeds/500": lambda h: send(h, 500, b"busy"),
        "/feeds/html": page(b"<!doctype html><html><head><title>News</title></head>"
                            b"<body><p>Welcome to our homepage</p></body></html>"),
        "/feeds/truncated.xml": page(b'<?xml version="1.0"?>\n<rss version="2.0"><channel>'
                                     b"<title>Cut</title><link>http://x</link><descr",
                                     "application/rss+xml"),
    })
    rss = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Daily Test</title><link>{u('/')}</link><description>d</description>"
        + rss_item("Talks resume", u("/news/a1?utm_source=rss"), "Sat, 20 Apr 2024 10:00:00 +0200")
        + rss_item("Missing", u("/news/missing"), "Sat, 20 Apr 2024 11:00:00 +0200")
        + rss_item("Port closed", u("/news/gone"), "Sat, 20 Apr 2024 11:30:00 GMT", LONG_SUMMARY)
        + rss_item("Election", u("/news/flaky"), "Sat, 20 Apr 2024 09:00:00 +0200")
        + rss_item("Slow", u("/news/slow"), "Sat, 20 Apr 2024 12:00:00 GMT")
        + rss_item("Loop", u("/news/loop"), "Sat, 20 Apr 2024 12:05:00 GMT")
        + rss_item("Huge", u("/news/huge"), "Sat, 20 Apr 2024 12:10:00 GMT")
        + rss_item("Empty", u("/news/empty"), "Sat, 20 Apr 2024 12:15:00 GMT")
        + rss_item("Réforme", u("/news/french"), "Sat, 20 Apr 2024 12:20:00 GMT")
        + rss_item("Yesterday", u("/news/old"), "Fri, 19 Apr 2024 18:00:00 GMT")
        # 22:30 in Chicago on the 20th is the 21st in UTC: the next day's run takes it.
        + rss_item("Late vote", u("/news/evening"), "Sat, 20 Apr 2024 22:30:00 -0500")
        # The page says 00:10 the next day: the entry's date chose the run, so it stays.
        + rss_item("Midnight", u("/news/disagree"), "Sat, 20 Apr 2024 23:50:00 GMT")
        + "</channel></rss>"
    ).encode()
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f'<title>Atom Test</title><id>{u("/atom")}</id><updated>2024-04-20T20:00:00Z</updated>'
        f'<entry><title>Budget</title><id>a2</id><link rel="alternate" href="{u("/news/a2")}"/>'
        "<updated>2024-04-20T12:00:00Z</updated><author><name>Sam Lee</name></author></entry>"
        f'<entry><title>Talks again</title><id>a1</id><link href="{u("/news/a1")}"/>'
        "<published>2024-04-20T08:00:00Z</published><updated>2024-04-20T08:00:00Z</updated>"
        "</entry>"
        f'<entry><title>Drought</title><id>u1</id><link href="{u("/news/undated-entry")}"/>'
        "</entry></feed>"
    ).encode()
    rdf = (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<channel rdf:about="{u("/feeds/rss1.rdf")}"><title>RDF Test</title>'
        f"<link>{u('/')}</link><description>d</description></channel>"
        f'<item rdf:about="{u("/news/a3")}"><title>Rail</title><link>{u("/news/a3")}</link>'
        "<dc:date>2024-04-20T15:00:00+01:00</dc:date></item></rdf:RDF>"
    ).encode()
    site.routes["/feeds/rss2.xml"] = feed(rss, "application/rss+xml; charset=utf-8")
    site.routes["/feeds/atom.xml"] = feed(atom, "application/atom+xml")
    site.routes["/feeds/rss1.rdf"] = feed(rdf, "application/rdf+xml", etag=False)


@pytest.fixture(scope="module")
def site():
    site = Site()
    build(site)
    site.thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sources_yml(tmp: Path, site: Site) -> Path:
    u = site.url
    (tmp / "urls.txt").write_text(
        "# listed articles\n" + "\n".join([
            u("/news/a4"), u("/news/missing"), u("/news/a2?utm_medium=email"), u("/news/pdf"),
            u("/news/undated"), u("/news/broken"),
        ]) + "\n", encoding="utf-8")
    opts = "".join(f"    {k}: {v}\n" for k, v in FAST.items())
    path = tmp / "sources.yml"
    path.write_text(
        "sources:\n"
        "  - name: wire\n    type: feed\n    language: en\n    urls:\n"
        f"      - {u('/feeds/rss2.xml')}\n      - {u('/feeds/atom.xml')}\n"
        f"      - {u('/feeds/rss1.rdf')}\n{opts}"
        "  - name: listed\n    type: urls\n    file: urls.txt\n" + opts
        + "  - name: broken\n    type: feed\n    urls:\n"
        f"      - {u('/feeds/html')}\n      - {u('/feeds/truncated.xml')}\n{opts}"
        f"  - name: down\n    type: feed\n    url: http://127.0.0.1:{closed_port()}/feed.xml\n{opts}"
        f"  - name: failing\n    type: feed\n    url: {u('/feeds/500')}\n{opts}",
        encoding="utf-8",
    )
    return path


def context(tmp: Path, day: dt.date, monkeypatch) -> RunContext:
    monkeypatch.setenv("NEWSDW_WAREHOUSE", str(tmp / "warehouse" / "news.duckdb"))
    monkeypatch.setenv("NEWSDW_SOURCES", str(tmp / "sources.yml"))
    return RunContext(day, f"test__{day}", Settings.from_env())


def load(ctx: RunContext) -> dict:
    """The load step, with empty tag shards (tagging is not under test here)."""
    for name in staging.TAG_TABLES:
        staging.write_table(ctx.tag_shard_dir(0) / f"{name}.parquet", name, [])
    return steps.load_step(ctx, dt.datetime(2024, 4, 22))


def rows(ctx: RunContext, sql: str, params=None) -> list[tuple]:
    with duckdb.connect(str(ctx.settings.warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def outcomes(ctx: RunContext, day: dt.date) -> dict[tuple[str, str], str]:
    """Where every item of the day ended, by (source, location path): 'article',
    'dup:<reason>' or the quarantine reason."""
    found = [
        *rows(ctx, "select source, location, 'article' from raw.articles "
                   "where logical_date = ?", [day]),
        *rows(ctx, "select source, location, 'dup:' || reason from raw.duplicates "
                   "where logical_date = ?", [day]),
        *rows(ctx, "select source, location, reason from raw.quarantine "
                   "where logical_date = ?", [day]),
    ]
    out = {(source, loc.split("127.0.0.1:")[-1].split("/", 1)[-1]): v for source, loc, v in found}
    assert len(out) == len(found), "an item landed in two places"
    return out


# -- the tests -----------------------------------------------------------------------------------


def test_a_day_of_web_sources_settles_every_item_and_the_next_day_fetches_nothing_twice(
    site, tmp_path, monkeypatch
):
    sources_yml(tmp_path, site)
    ctx = context(tmp_path, DAY, monkeypatch)
    site.reset()
    summary = steps.extract_step(ctx)
    load(ctx)
    got = outcomes(ctx, DAY)

    # Articles: from all three feed formats, the summary fallback, a retried 500, a listed URL.
    for path in ("news/a1?utm_source=rss", "news/gone", "news/flaky", "news/a2",
                 "news/undated-entry", "news/a3", "news/disagree"):
        assert got.pop(("wire", path)) == "article", path
    assert got.pop(("listed", "news/a4")) == "article"
    assert got.pop(("wire", "news/a1")) == "dup:canonical_url"  # the Atom entry of the story
    # Listed with tracking parameters: the same story as the feed's.
    assert got.pop(("listed", "news/a2?utm_medium=email")) == "dup:canonical_url"
    short = "(the feed summary has 13 characters, too short to stand in for the article)"
    expected = {
        ("wire", "news/missing"): f"HTTP 404 Not Found {short}",
        ("wire", "news/slow"): f"timed out after 0.5s (2 attempts) {short}",
        ("wire", "news/loop"): f"redirect loop: more than 5 redirects {short}",
        ("wire", "news/huge"): f"page larger than 1000000 bytes {short}",
        ("wire", "news/empty"): "no article text (body has 16 characters)",
        ("wire", "news/french"): "language 'fr' outside the source's filter 'en'",
        ("listed", "news/missing"): "HTTP 404 Not Found",
        ("listed", "news/pdf"): "page is 'application/pdf', not HTML",
        ("listed", "news/broken"): "HTTP 500 Internal Server Error (2 attempts)",
        ("broken", "feeds/html"): "feed URL returned HTML, not a feed",
        ("broken", "feeds/truncated.xml"): "malformed feed: SAXParseException",
    }
    for key, reason in expected.items():
        assert got.pop(key).startswith(reason), (key, reason)
    assert got == {}  # nothing else, and nothing lost: counts below

    by_source = {s["source"]: s for s in summary["sources"]}
    wire, listed, broken = by_source["wire"], by_source["listed"], by_source["broken"]
    assert (wire["found"], wire["loaded"], wire["duplicates"], wire["quarantined"],
            wire["other_dates"]) == (16, 7, 1, 6, 2)  # 12 RSS + 3 Atom + 1 RDF entries
    # `listed` also has /news/missing (404, no summary to fall back on) and one undated page,
    # dated by its fetch time (today, not 2024-04-20).
    assert (listed["found"], listed["loaded"], listed["duplicates"], listed["quarantined"],
            listed["other_dates"]) == (6, 1, 1, 3, 1)
    assert (broken["found"], broken["quarantined"], broken["error"]) == (2, 2, None)
    for s in summary["sources"]:
        assert s["found"] == (s["loaded"] + s["duplicates"] + s["quarantined"] + s["other_dates"]
                              + s["over_limit"]), s
    assert by_source["down"]["error"].startswith("SourceUnavailable: feed http://127.0.0.1:")
    assert "connection failed" in by_source["down"]["error"]
    assert by_source["failing"]["error"].endswith("HTTP 500 Internal Server Error (2 attempts)")
    assert rows(ctx, "select count(*) from raw.articles where logical_date = ?", [DAY]) == [(8,)]

    # Fields: the precise page timestamp in UTC, the author, the feed date for the fallback.
    articles = {r[0].split("/news/")[-1]: r[1:] for r in rows(
        ctx, "select location, published_at, date_source, author, title, canonical_url "
             "from raw.articles")}
    assert articles["a1?utm_source=rss"][:3] == (dt.datetime(2024, 4, 20, 8, 15), "article",
                                                "Jane Doe")
    assert articles["a1?utm_source=rss"][4] == site.url("/news/a1")
    assert articles["gone"][:2] == (dt.datetime(2024, 4, 20, 11, 30), "feed")
    assert articles["a3"][:2] == (dt.datetime(2024, 4, 20, 14, 0), "article")
    assert articles["disagree"][:2] == (dt.datetime(2024, 4, 20, 23, 50), "feed")

    # HTTP behaviour: retried once, never the slow page more than twice, no page of another
    # date, one fetch per page per source, a clear User-Agent, at most 2 requests per host.
    assert site.hits["/news/flaky"] == 2 and site.hits["/news/slow"] == 2
    assert site.hits["/news/missing"] == 2  # once per source: 404 is not retried
    assert site.hits["/news/old"] == 0 and site.hits["/news/evening"] == 0
    assert site.hits["/news/a1"] == 1
    assert site.hits["/feeds/500"] == 2
    assert site.user_agents == {USER_AGENT}
    assert site.peak <= FAST["max_concurrency_per_host"]

    # The state the load kept: feed validators and documents, page outcomes.
    state = {(k, u.split("127.0.0.1:")[-1].split("/", 1)[-1]): (s, e, t, b)
             for k, u, s, e, t, b in rows(
                 ctx, "select kind, url, status, error, transient, body is not null "
                      "from state.http_cache")}
    assert state[("feed", "feeds/rss2.xml")] == (200, None, False, True)
    assert state[("feed", "feeds/html")][1] == "feed URL returned HTML, not a feed"
    assert state[("page", "news/slow")][2] is True
    assert state[("page", "news/missing")][:3] == (404, "HTTP 404 Not Found", False)

    # The next day: feeds answer 304, and only the one entry of that day is fetched (and the
    # listed page that failed with a 500, which may work now).
    ctx2 = context(tmp_path, NEXT_DAY, monkeypatch)
    site.reset()
    summary2 = steps.extract_step(ctx2)
    assert sorted(p for p, code in site.statuses if code == 304) == [
        "/feeds/atom.xml", "/feeds/rss1.rdf", "/feeds/rss2.xml"]
    pages = {p for p in site.hits if p.startswith("/news/")}
    assert pages == {"/news/evening", "/news/broken"}
    assert summary2["http_not_modified"] == 3
    by_source = {s["source"]: s for s in summary2["sources"]}
    # The undated Atom entry is now known by its URL: seen before, not fetched.
    assert (by_source["wire"]["loaded"], by_source["wire"]["duplicates"],
            by_source["wire"]["other_dates"]) == (1, 1, 14)
    # Listed URLs already in the warehouse are duplicates seen before; the others were settled
    # by the first run (its quarantine / its date) and are not fetched again, except the
    # transient failure.
    assert (by_source["listed"]["duplicates"], by_source["listed"]["other_dates"],
            by_source["listed"]["quarantined"]) == (2, 3, 1)
    load(ctx2)
    evening = rows(ctx2, "select published_at, date_source from raw.articles "
                         "where logical_date = ?", [NEXT_DAY])
    assert evening == [(dt.datetime(2024, 4, 21, 3, 30), "article")]
    seen = rows(ctx2, "select location, duplicate_of from raw.duplicates "
                      "where logical_date = ? and reason = 'seen_before' order by 1", [NEXT_DAY])
    a4 = rows(ctx2, "select article_id from raw.articles where location like '%/news/a4'")[0][0]
    assert (site.url("/news/a4"), a4) in seen


def test_a_re_run_of_the_day_gets_304s_and_still_rebuilds_the_day(site, tmp_path, monkeypatch):
    sources_yml(tmp_path, site)
    ctx = context(tmp_path, DAY, monkeypatch)
    first = steps.extract_step(ctx)
    load(ctx)
    before = rows(ctx, "select article_id from raw.articles order by 1")
    site.reset()
    again = steps.extract_step(ctx)  # the feed document comes from the state on a 304
    load(ctx)
    assert ("/feeds/rss2.xml", 304) in site.statuses
    assert rows(ctx, "select article_id from raw.articles order by 1") == before
    assert again["articles"] == first["articles"] == 8


def test_limit_and_a_feed_only_source_read_directly(site):
    wire = SourceConfig(name="wire", type="feed", urls=(site.url("/feeds/rss2.xml"),),
                        language="en", limit=1, options=FAST)
    result = extract_interval([wire], dt.datetime(2024, 4, 20), dt.datetime(2024, 4, 21))
    summary = result.summaries[0]
    assert summary.loaded == 1 and summary.over_limit == 3
    assert summary.found == (summary.loaded + summary.duplicates + summary.quarantined
                             + summary.other_dates + summary.over_limit)


def test_sources_file_checks_web_options(tmp_path, site):
    path = tmp_path / "sources.yml"
    path.write_text(f"sources:\n  - name: w\n    type: feed\n    url: {site.url('/f')}\n"
                    "    timeuot: 3\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"unknown key 'timeuot' \(did you mean 'timeout'\?\)"):
        load_sources(path)
    path.write_text(f"sources:\n  - name: w\n    type: feed\n    url: {site.url('/f')}\n"
                    "    timeout: -1\n", encoding="utf-8")
    with pytest.raises(Exception, match="timeout"):
        load_sources(path)
