"""The HTTP policy (retries, backoff, caps, conditional requests) on a scripted session, and the
date parsing and normalisation of feeds and pages. No network."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import requests
from requests.structures import CaseInsensitiveDict

from extract.sources.documents import BadInput
from extract.sources.feeds import normalise_date, page_published, parse_feed
from extract.sources.http import (
    USER_AGENT,
    FetchError,
    HttpClient,
    HttpOptions,
    backoff_delay,
    parse_retry_after,
)

# -- retry and backoff policy --------------------------------------------------------------------


def test_backoff_doubles_from_the_base_and_is_capped():
    assert [backoff_delay(n, 0.5, 30) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 4.0]
    assert backoff_delay(10, 1, 30) == 30
    assert backoff_delay(1, 1, 30, retry_after=12) == 12  # the server asks for longer
    assert backoff_delay(3, 1, 30, retry_after=1) == 4  # but never shortens our own wait
    assert backoff_delay(1, 1, 30, retry_after=3600) == 30


def test_retry_after_reads_seconds_and_http_dates():
    now = dt.datetime(2024, 4, 20, 12, 0, tzinfo=dt.UTC)
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Sat, 20 Apr 2024 12:00:30 GMT", now) == 30
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def response(status: int = 200, body: bytes = b"<html>ok</html>", headers=None,
             url: str = "http://example.org/a") -> requests.Response:
    resp = requests.Response()
    resp.status_code = status
    resp.reason = {200: "OK", 304: "Not Modified", 404: "Not Found", 429: "Too Many Requests",
                   500: "Internal Server Error", 503: "Service Unavailable"}.get(status, "")
    resp.headers = CaseInsensitiveDict({"Content-Type": "text/html", **(headers or {})})
    resp.raw = io.BytesIO(body)
    resp.url = url
    return resp


class Script:
    """A session whose GETs return (or raise) the scripted outcomes in order."""

    def __init__(self, *outcomes) -> None:
        self.outcomes = list(outcomes)
        self.calls: list[dict] = []
        self.max_redirects = 30

    def __call__(self):  # used as the session factory
        return self

    def get(self, url, **kwargs):
        self.calls.append({"url": url, **kwargs})
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def client(script: Script, **options) -> tuple[HttpClient, list[float]]:
    sleeps: list[float] = []
    opts = HttpOptions(**{"retries": 3, "backoff_base": 0.5, "backoff_max": 30, **options})
    return HttpClient(opts, session_factory=script, sleep=sleeps.append), sleeps


def test_5xx_is_retried_with_exponential_backoff_until_it_works():
    script = Script(response(503), response(500), response(200, b"<html>fine</html>"))
    http, sleeps = client(script)
    got = http.get("http://example.org/a")
    assert (got.status, got.body, got.attempts) == (200, b"<html>fine</html>", 3)
    assert sleeps == [0.5, 1.0]
    assert script.calls[0]["headers"]["User-Agent"] == USER_AGENT
    assert script.calls[0]["timeout"] == (20.0, 20.0) and script.calls[0]["stream"] is True


def test_retries_are_bounded_and_the_reason_says_how_many_attempts():
    script = Script(*[requests.ReadTimeout("read timed out")] * 4)
    http, sleeps = client(script, timeout=5)
    with pytest.raises(FetchError, match=r"^timed out after 5s \(4 attempts\)$") as caught:
        http.get("http://example.org/a")
    assert caught.value.transient and caught.value.connection
    assert sleeps == [0.5, 1.0, 2.0] and not script.outcomes


def test_connection_errors_are_retried_4xx_and_redirect_loops_are_not():
    script = Script(requests.ConnectionError("Failed to establish a new connection: "
                                             "[Errno 111] Connection refused"), response(200))
    http, sleeps = client(script)
    assert http.get("http://example.org/a").status == 200 and sleeps == [0.5]

    http, sleeps = client(script := Script(response(404, b"<h1>gone</h1>")))
    with pytest.raises(FetchError, match="^HTTP 404 Not Found$") as caught:
        http.get("http://example.org/a")
    assert (caught.value.status, caught.value.transient, caught.value.payload) == (
        404, False, b"<h1>gone</h1>")
    assert sleeps == [] and len(script.calls) == 1

    http, sleeps = client(Script(requests.TooManyRedirects("Exceeded 10 redirects.")),
                          max_redirects=10)
    with pytest.raises(FetchError, match="^redirect loop: more than 10 redirects$"):
        http.get("http://example.org/a")
    assert sleeps == []


def test_429_waits_as_long_as_the_server_asks_within_the_cap():
    script = Script(response(429, headers={"Retry-After": "7"}), response(200))
    http, sleeps = client(script)
    assert http.get("http://example.org/a").status == 200
    assert sleeps == [7]


def test_conditional_requests_send_validators_and_304_is_an_empty_response():
    script = Script(response(304, b"", headers={"ETag": '"v2"'}))
    http, _ = client(script)
    got = http.get("http://example.org/feed", etag='"v1"', last_modified="Sat, 20 Apr 2024")
    headers = script.calls[0]["headers"]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Sat, 20 Apr 2024"
    assert got.not_modified and got.body == b"" and got.etag == '"v2"'


def test_the_size_cap_applies_to_declared_and_to_streamed_lengths():
    http, _ = client(Script(response(200, b"x" * 10, headers={"Content-Length": "5000"})),
                     max_bytes=1000)
    with pytest.raises(FetchError, match=r"^page larger than 1000 bytes \(Content-Length 5000\)"):
        http.get("http://example.org/a")
    http, sleeps = client(Script(response(200, b"x" * 200_000)), max_bytes=100_000)
    with pytest.raises(FetchError, match="^page larger than 100000 bytes$") as caught:
        http.get("http://example.org/a")
    assert not caught.value.transient and sleeps == []


def test_only_http_urls_are_fetched():
    http, _ = client(Script())
    with pytest.raises(FetchError, match="only http and https"):
        http.get("file:///etc/passwd")


# -- deadlines (a scripted clock; the real trickling server is in test_http_deadlines.py) ------


class Clock:
    """A clock that moves only when slept on or told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


class Trickle(io.RawIOBase):
    """A body that costs `seconds` of the clock per byte read."""

    def __init__(self, clock: Clock, seconds: float, size: int = 100) -> None:
        self.clock, self.seconds, self.left = clock, seconds, size

    def readable(self) -> bool:
        return True

    def read1(self, n: int = -1) -> bytes:
        if not self.left:
            return b""
        self.clock.now += self.seconds
        self.left -= 1
        return b"x"


def timed_client(script: Script, clock: Clock, **options) -> tuple[HttpClient, list[float]]:
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock.sleep(seconds)

    opts = HttpOptions(**{"retries": 3, "backoff_base": 1, "backoff_max": 30, **options})
    return HttpClient(opts, session_factory=script, sleep=sleep, clock=clock), sleeps


def test_a_body_that_trickles_ends_at_the_deadline_however_small_the_reads():
    clock = Clock()
    slow = response(200, headers={"Content-Length": "100"})
    slow.raw = Trickle(clock, 1.0)
    http, sleeps = timed_client(Script(slow), clock, total_timeout=3, retries=0)
    with pytest.raises(FetchError) as caught:
        http.get("http://example.org/a")
    assert caught.value.reason == "deadline of 3 s exceeded after 3 of 100 bytes"
    assert caught.value.transient and not caught.value.connection and caught.value.status == 200
    # A body that comes in time is read whole, one read at a time.
    fine = response(200)
    fine.raw = Trickle(clock, 0.01, size=50)
    http, _ = timed_client(Script(fine), clock, total_timeout=3)
    assert http.get("http://example.org/a").body == b"x" * 50


def test_backoff_waits_never_run_past_the_source_deadline():
    clock = Clock()
    http, sleeps = timed_client(Script(*(response(503) for _ in range(6))), clock, retries=5,
                                source_timeout=5)
    http.start_source_deadline()
    with pytest.raises(FetchError) as caught:
        http.get("http://example.org/a")
    # Attempts at t=0, 1, 3; the next wait (4 s) would end past t=5: no more attempts.
    assert sleeps == [1, 2] and clock.now == 3
    assert caught.value.reason == (
        "HTTP 503 Service Unavailable (3 attempts; stopped by the source deadline of 5 s)")
    assert caught.value.transient


def test_past_the_source_deadline_nothing_is_fetched_and_the_reason_says_so():
    clock = Clock()
    script = Script()
    http, _ = timed_client(script, clock, source_timeout=60)
    http.start_source_deadline()
    clock.now = 61
    with pytest.raises(FetchError) as caught:
        http.get("http://example.org/a")
    assert caught.value.reason == "source deadline of 60 s exceeded before fetching"
    assert caught.value.transient and not caught.value.connection
    assert script.calls == [] and http.requests == 0
    assert http.source_time_left() == -1


def test_an_attempt_ends_at_the_source_deadline_when_that_comes_first():
    clock = Clock()
    slow = response(200, headers={"Content-Length": "100"})
    slow.raw = Trickle(clock, 1.0)
    http, sleeps = timed_client(Script(slow), clock, total_timeout=30, source_timeout=10)
    http.start_source_deadline()
    clock.now = 8
    with pytest.raises(FetchError) as caught:
        http.get("http://example.org/a")
    assert caught.value.reason == "source deadline of 10 s exceeded after 2 of 100 bytes"
    assert sleeps == [] and clock.now == 10  # no retry: no time was left for one


def test_without_a_source_deadline_the_client_never_runs_out_of_time():
    clock = Clock()
    http, _ = timed_client(Script(response(200)), clock)
    clock.now = 10**9
    assert http.source_time_left() is None
    assert http.get("http://example.org/a").status == 200


def test_real_sessions_get_the_watched_adapter_and_custom_adapters_are_kept():
    from extract.sources import http as module

    http = HttpClient(HttpOptions())
    session = http._session()
    assert isinstance(session.get_adapter("http://example.org/"), module._DeadlineAdapter)
    assert isinstance(session.get_adapter("https://example.org/"), module._DeadlineAdapter)

    class Custom(requests.adapters.HTTPAdapter):
        pass

    def factory() -> requests.Session:
        s = requests.Session()
        s.mount("https://", Custom())
        return s

    session = HttpClient(HttpOptions(), session_factory=factory)._session()
    assert isinstance(session.get_adapter("https://example.org/"), Custom)
    assert isinstance(session.get_adapter("http://example.org/"), module._DeadlineAdapter)


def test_options_are_validated():
    assert HttpOptions.from_options({"timeout": 2, "retries": 0}).retries == 0
    assert HttpOptions.from_options({"timeout": 2}).deadline == 6
    assert HttpOptions().source_timeout == 900
    assert HttpOptions.from_options({"source_timeout": 120}).source_timeout == 120
    with pytest.raises(ValueError, match="source_timeout"):
        HttpOptions.from_options({"source_timeout": 0})
    with pytest.raises(ValueError, match="timeout"):
        HttpOptions.from_options({"timeout": "fast"})
    with pytest.raises(ValueError, match="max_concurrency_per_host"):
        HttpOptions.from_options({"max_concurrency_per_host": 0})
    with pytest.raises(ValueError, match="retries"):
        HttpOptions.from_options({"retries": 1.5})


# -- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Sat, 20 Apr 2024 10:00:00 +0200", dt.datetime(2024, 4, 20, 8, 0)),
        ("2024-04-20T23:30:00-05:00", dt.datetime(2024, 4, 21, 4, 30)),
        ("2024-04-20T10:00:00Z", dt.datetime(2024, 4, 20, 10, 0)),
        ("2024-04-20T10:00:00", dt.datetime(2024, 4, 20, 10, 0)),  # no zone: UTC
        ("2024-04-20", dt.datetime(2024, 4, 20)),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_dates_are_normalised_to_naive_utc(raw, expected):
    assert normalise_date(raw) == expected


def feed_dates(xml: str) -> list[dt.datetime | None]:
    return [e.published for e in parse_feed("http://example.org/f", xml.encode()).entries]


def test_feed_entry_dates_in_every_format_come_out_in_utc():
    rss2 = ('<rss version="2.0"><channel><title>t</title>'
            "<item><link>http://e/1</link><pubDate>Sat, 20 Apr 2024 10:00:00 EDT</pubDate></item>"
            "<item><link>http://e/2</link><pubDate>Sat, 20 Apr 2024 10:00:00 GMT</pubDate></item>"
            "<item><link>http://e/3</link></item></channel></rss>")
    assert feed_dates(rss2) == [dt.datetime(2024, 4, 20, 14), dt.datetime(2024, 4, 20, 10), None]
    atom = ('<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
            '<entry><link href="http://e/1"/><updated>2024-04-20T01:00:00+03:00</updated></entry>'
            '<entry><link href="http://e/2"/><published>2024-04-20T09:00:00Z</published>'
            "<updated>2024-04-22T09:00:00Z</updated></entry></feed>")
    # updated only: that date; published and updated: the publication date.
    assert feed_dates(atom) == [dt.datetime(2024, 4, 19, 22), dt.datetime(2024, 4, 20, 9)]
    rdf = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
           'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
           '<channel rdf:about="http://e/"><title>t</title><link>http://e/</link></channel>'
           '<item rdf:about="http://e/1"><title>x</title><link>http://e/1</link>'
           "<dc:date>2024-04-20T15:00:00+01:00</dc:date></item></rdf:RDF>")
    assert feed_dates(rdf) == [dt.datetime(2024, 4, 20, 14)]


def test_feeds_that_are_html_or_broken_say_so():
    with pytest.raises(BadInput, match="^feed URL returned HTML, not a feed$"):
        parse_feed("u", b"<!DOCTYPE html><html><body><p>Home</p></body></html>", "text/html")
    with pytest.raises(BadInput, match="^malformed feed: "):
        parse_feed("u", b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</ti')
    with pytest.raises(BadInput, match="^empty feed document$"):
        parse_feed("u", b"  ")


def test_page_timestamps_keep_the_time_and_zone_that_trafilatura_drops():
    meta = ('<html><head><meta property="article:published_time" '
            'content="2024-04-20T22:30:00-05:00"></head><body></body></html>')
    assert page_published(meta) == dt.datetime(2024, 4, 21, 3, 30)
    ld = ('<html><head><script type="application/ld+json">{"@graph": [{"@type": "NewsArticle",'
          ' "datePublished": "2024-04-20T08:00:00+02:00"}]}</script></head><body></body></html>')
    assert page_published(ld) == dt.datetime(2024, 4, 20, 6, 0)
    day_only = '<html><head><meta name="date" content="2024-04-20"></head><body></body></html>'
    assert page_published(day_only) is None
