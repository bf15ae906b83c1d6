"""Wall-clock deadlines against a real server on 127.0.0.1 that trickles bytes: a declared body
sent a few bytes a second, headers sent slowly, a connection never answered, a chunked body, a
gzip body, a redirect to a trickling URL and a redirect whose own body trickles. Every fetch
must end by its deadline (+1 s of slack) however slowly the bytes come, which a per-read
timeout alone never does; and a web source of trickling pages ends by its source deadline with
every page settled with a reason."""

from __future__ import annotations

import datetime as dt
import gzip
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator

import pytest

from extract.sources.config import SourceConfig
from extract.sources.http import FetchError, HttpClient, HttpOptions
from extract.sources.web import read_web_source

DEADLINE = 2.0  # total_timeout of every fetch here
SLACK = 1.0  # how late past a deadline a fetch may end
TICK = 0.2  # the trickle: one byte (or one chunk) every TICK seconds, always within `timeout`
HARD_STOP = 15.0  # a handler gives up after this long, so a broken client cannot hang the tests
OPTIONS = {"timeout": 5.0, "total_timeout": DEADLINE, "retries": 0, "backoff_base": 0.2,
           "backoff_max": 0.2}  # timeout > DEADLINE: only the deadline can end these fetches

HEAD_200 = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
PAGE = (b"<html><head><title>Fine</title></head><body><article><h1>Fine</h1>"
        + b"".join(b"<p>The council met on Saturday to discuss the budget and the new tram "
                   b"line, officials said in a statement issued after the meeting (%d).</p>" % i
                   for i in range(6))
        + b"</article></body></html>")


class Trickler:
    """A raw-socket HTTP/1.1 server, one thread per connection, one request per connection.
    `close()` stops every handler (they wait on `stop`, never on a bare sleep) and joins them."""

    def __init__(self) -> None:
        self.routes: dict[str, Callable[[socket.socket], None]] = {}
        self.hits: Counter[str] = Counter()
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.handlers: list[threading.Thread] = []
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.listener.settimeout(0.1)
        self.base = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.acceptor = threading.Thread(target=self._accept, name="trickler", daemon=True)
        self.acceptor.start()

    def url(self, path: str) -> str:
        return self.base + path

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            handler = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            with self.lock:
                self.handlers.append(handler)
            handler.start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(1.0)
            request = b""
            try:
                while b"\r\n\r\n" not in request:
                    data = conn.recv(4096)
                    if not data:
                        return
                    request += data
                path = request.split(b" ", 2)[1].decode()
                with self.lock:
                    self.hits[path] += 1
                self.routes[path](conn)
            except OSError:
                pass  # the client shut the connection down at its deadline: expected

    def wait(self, seconds: float) -> bool:
        """Sleep `seconds`; False when the server is closing."""
        return not self.stop.wait(seconds)

    def trickle(self, conn: socket.socket, data: bytes, step: int = 1) -> None:
        """`data`, `step` bytes every TICK, until sent, the client leaves or HARD_STOP."""
        started = time.monotonic()
        for i in range(0, len(data), step):
            if not self.wait(TICK) or time.monotonic() - started > HARD_STOP:
                return
            conn.sendall(data[i:i + step])

    def close(self) -> None:
        self.stop.set()
        self.listener.close()
        self.acceptor.join(5)
        with self.lock:
            handlers = list(self.handlers)
        for handler in handlers:
            handler.join(5)
        assert not self.acceptor.is_alive()
        assert not any(h.is_alive() for h in handlers), "a server thread did not stop"


# -- the routes ----------------------------------------------------------------------------------


def declared_body(server: Trickler) -> Callable[[socket.socket], None]:
    """Content-Length 100000, then one byte every TICK."""
    def serve(conn: socket.socket) -> None:
        conn.sendall(f"{HEAD_200}Content-Length: 100000\r\n\r\n".encode())
        server.trickle(conn, b"x" * 100_000)
    return serve


def slow_headers(server: Trickler) -> Callable[[socket.socket], None]:
    """The status line at once, then the headers one byte every TICK, never ending."""
    def serve(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        server.trickle(conn, b"X-Padding: " + b"a" * 10_000 + b"\r\n")
    return serve


def silent(server: Trickler) -> Callable[[socket.socket], None]:
    """Reads the request and never answers."""
    def serve(conn: socket.socket) -> None:
        server.wait(HARD_STOP)
    return serve


def chunked(server: Trickler) -> Callable[[socket.socket], None]:
    """Transfer-Encoding: chunked, one 1-byte chunk every TICK."""
    def serve(conn: socket.socket) -> None:
        conn.sendall(f"{HEAD_200}Transfer-Encoding: chunked\r\n\r\n".encode())
        server.trickle(conn, b"1\r\nx\r\n" * 10_000, step=6)
    return serve


def gzipped(server: Trickler) -> Callable[[socket.socket], None]:
    """A gzip body (Content-Length of the compressed bytes), one compressed byte every TICK."""
    body = gzip.compress(PAGE * 50)
    def serve(conn: socket.socket) -> None:
        conn.sendall(f"{HEAD_200}Content-Encoding: gzip\r\nContent-Length: {len(body)}\r\n\r\n"
                     .encode())
        server.trickle(conn, body)
    return serve


def redirect(to: str, body_length: int = 0, server: Trickler | None = None):
    """302 to `to`; with `body_length`, a declared redirect body that trickles."""
    def serve(conn: socket.socket) -> None:
        # one request per connection, so it says so: a client that kept the connection for
        # the redirect's target would race the server's close (connection reset)
        conn.sendall(f"HTTP/1.1 302 Found\r\nLocation: {to}\r\n"
                     f"Content-Length: {body_length}\r\nConnection: close\r\n\r\n".encode())
        if body_length and server is not None:
            server.trickle(conn, b"r" * body_length)
    return serve


def fine(conn: socket.socket) -> None:
    conn.sendall(f"{HEAD_200}Content-Length: {len(PAGE)}\r\nConnection: close\r\n\r\n".encode()
                 + PAGE)


@pytest.fixture
def server() -> Iterator[Trickler]:
    srv = Trickler()
    srv.routes.update({
        "/declared": declared_body(srv),
        "/slow-headers": slow_headers(srv),
        "/silent": silent(srv),
        "/chunked": chunked(srv),
        "/gzip": gzipped(srv),
        "/redirect": redirect("/declared"),
        "/slow-redirect": redirect("/fine", body_length=1000, server=srv),
        "/fine": fine,
    })
    for n in range(6):
        srv.routes[f"/news/{n}"] = declared_body(srv)
    try:
        yield srv
    finally:
        srv.close()


def timed_fetch(url: str, **options) -> tuple[FetchError, float]:
    client = HttpClient(HttpOptions(**{**OPTIONS, **options}))
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        client.get(url)
    return caught.value, time.monotonic() - started


# -- one fetch -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/declared", r"^deadline of 2 s exceeded after \d+ of 100,000 bytes$"),
        ("/slow-headers", r"^deadline of 2 s exceeded waiting for the response$"),
        ("/silent", r"^deadline of 2 s exceeded waiting for the response$"),
        ("/chunked", r"^deadline of 2 s exceeded after \d+ bytes$"),
        ("/gzip", r"^deadline of 2 s exceeded after \d+ of \d{1,3}(,\d{3})* bytes$"),
        ("/redirect", r"^deadline of 2 s exceeded after \d+ of 100,000 bytes$"),
        ("/slow-redirect", r"^deadline of 2 s exceeded waiting for the response$"),
    ],
    ids=["declared-length", "slow-headers", "silent", "chunked", "gzip", "redirect",
         "slow-redirect-body"],
)
def test_a_trickling_server_cannot_hold_a_fetch_past_its_deadline(server, path, reason):
    error, elapsed = timed_fetch(server.url(path))
    assert DEADLINE - 0.1 <= elapsed <= DEADLINE + SLACK, f"{path}: {elapsed:.2f}s ({error})"
    assert error.transient
    assert error.reason == str(error)
    assert re.match(reason, error.reason), error.reason
    if "after" in error.reason:  # the trickle got somewhere, and the reason says how far
        got = int(error.reason.split("after ")[1].split(" ")[0].replace(",", ""))
        assert 0 < got < 100, error.reason
    if path == "/slow-redirect":
        assert server.hits["/fine"] == 0  # the redirect's own body used up the deadline


def test_each_retry_is_bounded_and_the_reason_counts_the_attempts(server):
    error, elapsed = timed_fetch(server.url("/declared"), retries=1)
    # Two attempts of at most DEADLINE each, one backoff wait of 0.2 s.
    assert 2 * DEADLINE <= elapsed <= 2 * DEADLINE + 0.2 + SLACK, elapsed
    assert server.hits["/declared"] == 2
    assert error.reason.startswith("deadline of 2 s exceeded after ")
    assert error.reason.endswith(" of 100,000 bytes (2 attempts)")


def test_fast_pages_are_read_whole_and_redirects_still_work(server):
    client = HttpClient(HttpOptions(**OPTIONS))
    started = time.monotonic()
    for _ in range(3):
        got = client.get(server.url("/fine"))
        assert (got.status, got.body) == (200, PAGE)
    server.routes["/to-fine"] = redirect("/fine")
    got = client.get(server.url("/to-fine"))
    assert (got.status, got.body, got.final_url) == (200, PAGE, server.url("/fine"))
    assert time.monotonic() - started < 1


# -- one source ----------------------------------------------------------------------------------


def test_a_source_of_trickling_pages_ends_by_its_source_deadline_and_settles_every_page(server):
    urls = (server.url("/fine"), *(server.url(f"/news/{n}") for n in range(6)))
    source = SourceConfig(name="slow", type="urls", urls=urls, options={
        **OPTIONS, "source_timeout": 3.0, "retries": 1, "max_concurrency_per_host": 2,
    })
    fetches: list = []
    started = time.monotonic()
    items = list(read_web_source(source, dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1),
                                 fetches=fetches))
    elapsed = time.monotonic() - started
    assert elapsed <= 3.0 + SLACK, elapsed
    # Every page is one item: the fast one read, the slow ones quarantined with a reason.
    assert [i.location for i in items] == list(urls)
    assert items[0].draft is not None and items[0].error is None
    reasons = [i.error or "" for i in items[1:]]
    assert all(i.draft is None for i in items[1:])
    started_then_cut = [r for r in reasons if " exceeded after " in r]
    never_started = [r for r in reasons if r == "source deadline of 3 s exceeded before fetching"]
    assert started_then_cut and never_started, reasons
    assert len(started_then_cut) + len(never_started) == 6, reasons
    # Pages cut by the source deadline say so; fetches are recorded as transient (retried by the
    # next run) for every page.
    assert any(r.startswith("source deadline of 3 s exceeded after ") for r in started_then_cut)
    pages = {f.requested_url: f for f in fetches if f.kind == "page"}
    assert set(pages) == set(urls)
    assert all(pages[u].transient and pages[u].error for u in urls[1:])
