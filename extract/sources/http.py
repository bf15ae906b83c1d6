"""HTTP for web sources: polite, bounded, and clear about why a fetch failed.

One `HttpClient` per source read. It identifies itself (`USER_AGENT`), caps every request
(connect/read timeout, a wall-clock deadline per fetch, a response size cap, a redirect limit),
retries only what can get better by waiting (5xx, 429, timeouts, connection errors; never other
4xx) with capped exponential backoff, sends conditional requests when given validators, and never
runs more than `max_concurrency_per_host` requests against one host at a time.

Deadlines are wall-clock, not per read. A fetch attempt (connect, every redirect hop, headers,
body) ends by `total_timeout` however slowly the server trickles bytes: a watchdog thread shuts
down the attempt's socket at its deadline, which wakes the blocked read (the connect timeout of
each hop is capped to the time left; only DNS resolution cannot be interrupted). The body is read
with `read1`, one socket read at a time, so the reason says how far it got. After
`start_source_deadline()` the whole source (retries and backoff sleeps included) also ends by
`source_timeout`: waits are never longer than the time left, an attempt's deadline is capped to
it, and once it has passed a `get` fails at once ("source deadline of 900 s exceeded before
fetching") so every item is still settled with a reason.

Failures are `FetchError`s whose text is the quarantine reason ("HTTP 404 Not Found",
"timed out after 5s (3 attempts)", "redirect loop: more than 10 redirects", "page larger than
1000000 bytes", "deadline of 10 s exceeded after 3,412 of 100,000 bytes").
"""

from __future__ import annotations

import datetime as dt
import heapq
import http.client
import itertools
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, fields
from email.utils import parsedate_to_datetime
from typing import TypeVar
from urllib.parse import urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from extract import __version__

USER_AGENT = f"newsdw/{__version__} (+https://github.com/newsdw)"
PAYLOAD_BYTES = 2_000  # bytes of an error response kept for the quarantine payload
_CHUNK = 64 * 1024

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class HttpOptions:
    """Per-source HTTP settings (`sources.yml` keys of the same name)."""

    timeout: float = 20.0  # seconds to connect, and between two reads
    total_timeout: float | None = None  # wall-clock bound of one attempt; default 3 x timeout
    source_timeout: float = 900.0  # wall-clock bound of a whole source read, retries included
    max_bytes: int = 10_000_000  # larger responses fail with "page larger than N bytes"
    retries: int = 3  # extra attempts after the first, on transient failures only
    backoff_base: float = 1.0  # first retry waits this long, then 2x, 4x, ...
    backoff_max: float = 60.0  # no single wait is longer (Retry-After included)
    max_concurrency_per_host: int = 2
    max_workers: int = 8  # concurrent requests of one source, over all hosts
    max_redirects: int = 10

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> HttpOptions:
        """The HTTP subset of a source's options; other keys are ignored here (config.py checks
        them). Raises ValueError naming a bad value."""
        values: dict[str, object] = {}
        for f in fields(cls):
            if f.name not in options or options[f.name] is None:
                continue
            value = options[f.name]
            integral = f.name in ("max_bytes", "retries", "max_concurrency_per_host",
                                  "max_workers", "max_redirects")
            if isinstance(value, bool) or not isinstance(value, int | float) or (
                integral and not isinstance(value, int)
            ):
                kind = "an integer" if integral else "a number"
                raise ValueError(f"option {f.name!r} must be {kind}, got {value!r}")
            if value < 0 or (value == 0 and f.name != "retries" and f.name != "backoff_base"):
                raise ValueError(f"option {f.name!r} must be positive, got {value!r}")
            values[f.name] = value
        return cls(**values)  # type: ignore[arg-type]

    @property
    def deadline(self) -> float:
        return self.total_timeout if self.total_timeout is not None else 3 * self.timeout


class FetchError(Exception):
    """A request that did not produce a usable response; str() is the quarantine reason."""

    def __init__(self, reason: str, *, transient: bool = False, status: int | None = None,
                 payload: bytes = b"", retry_after: float | None = None,
                 connection: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient  # worth retrying (5xx, 429, timeout, connection)
        self.status = status
        self.payload = payload
        self.retry_after = retry_after
        self.connection = connection  # no HTTP response at all (refused, DNS, timeout)

    def __str__(self) -> str:
        return self.reason


@dataclass(frozen=True)
class Response:
    url: str  # as requested
    final_url: str  # after redirects
    status: int  # 200, or 304 for a conditional request whose resource did not change
    headers: Mapping[str, str]
    body: bytes
    fetched_at: dt.datetime  # naive UTC
    attempts: int = 1

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return (self.headers.get("content-type") or "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in (self.headers.get("content-type") or "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag") or None

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified") or None


def backoff_delay(attempt: int, base: float, cap: float, retry_after: float | None = None) -> float:
    """Seconds to wait after failed attempt number `attempt` (1-based): base * 2**(attempt - 1),
    or the server's Retry-After when that is longer; never more than `cap`."""
    delay = base * (2 ** (attempt - 1))
    if retry_after is not None:
        delay = max(delay, retry_after)
    return max(0.0, min(cap, delay))


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Retry-After as seconds: delta-seconds or an HTTP date. None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{(parts.hostname or '').lower()}:{parts.port or ''}"


def _short(exc: BaseException) -> str:
    """The innermost useful message of a requests/urllib3 exception chain."""
    text = str(exc)
    for marker in ("Failed to establish a new connection: ", "NameResolutionError(", "] "):
        if marker in text:
            text = text.split(marker, 1)[1]
            break
    while text and text[-1] in "'\") ":
        text = text[:-1]
    return text[:200] or type(exc).__name__


# -- deadlines -------------------------------------------------------------------------------------


class _Watch:
    """The deadline of one fetch attempt: the sockets it uses are shut down when it passes,
    which wakes a read blocked on a server that trickles bytes (a read then sees end-of-file)."""

    def __init__(self, deadline_at: float, clock: Callable[[], float]) -> None:
        self.deadline_at = deadline_at  # in `clock` time
        self.clock = clock
        self.fire_at = time.monotonic() + (deadline_at - clock())  # in real time
        self.fired = False
        self._done = False
        self._sockets: list[object] = []
        self._lock = threading.Lock()

    def left(self) -> float:
        return self.deadline_at - self.clock()

    def expired(self) -> bool:
        return self.fired or self.left() <= 0

    def attach(self, sock: object | None) -> None:
        if sock is None:
            return
        with self._lock:
            if self._done:
                return
            if not any(s is sock for s in self._sockets):
                self._sockets.append(sock)
            fired = self.fired
        if fired:  # a socket opened after the deadline (a redirect hop): no reading on it
            _shutdown(sock)

    def fire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.fired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shutdown(sock)

    def disarm(self) -> bool:
        """Stop watching (the attempt is over); True if the deadline had already fired."""
        with self._lock:
            self._done = True
            self._sockets.clear()
            return self.fired

    @property
    def done(self) -> bool:
        return self._done


def _shutdown(sock: object) -> None:
    """Shut the socket down at the OS level (not the TLS layer, which another thread may be
    using): a blocked recv returns at once and every later one sees end-of-file."""
    raw = sock if isinstance(sock, socket.socket) else getattr(sock, "socket", None)
    if isinstance(raw, socket.socket):
        with suppress(OSError):  # already closed, or never connected
            socket.socket.shutdown(raw, socket.SHUT_RDWR)


class _Watchdog:
    """One daemon thread firing the watches whose deadline has passed; it exits when idle."""

    IDLE_SECONDS = 30.0

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, _Watch]] = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None

    def add(self, watch: _Watch) -> None:
        with self._cond:
            heapq.heappush(self._heap, (watch.fire_at, next(self._seq), watch))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="newsdw-http-deadlines",
                                                daemon=True)
                self._thread.start()
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while True:
                    while self._heap and self._heap[0][2].done:
                        heapq.heappop(self._heap)
                    if not self._heap:
                        self._cond.wait(self.IDLE_SECONDS)
                        if not self._heap:
                            self._thread = None
                            return
                        continue
                    wait = self._heap[0][0] - time.monotonic()
                    if wait <= 0:
                        break
                    self._cond.wait(wait)
                _, _, watch = heapq.heappop(self._heap)
            watch.fire()


_WATCHDOG = _Watchdog()
_current = threading.local()  # .watch: the deadline of the attempt running on this thread


def _attach(sock: object | None) -> None:
    watch: _Watch | None = getattr(_current, "watch", None)
    if watch is not None:
        watch.attach(sock)


class _WatchedHTTPConnection(HTTPConnection):
    """Registers its socket with the running attempt's watch: when connected (the raw socket,
    so a stalled TLS handshake is covered too) and before every request (a kept-alive one)."""

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _attach(sock)
        return sock

    def connect(self) -> None:
        super().connect()
        _attach(self.sock)

    def request(self, *args, **kwargs) -> None:  # type: ignore[override]
        _attach(self.sock)
        super().request(*args, **kwargs)


class _WatchedHTTPSConnection(_WatchedHTTPConnection, HTTPSConnection):
    pass


class _WatchedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection  # type: ignore[assignment]


_WATCHED_POOLS = {"http": _WatchedHTTPConnectionPool, "https": _WatchedHTTPSConnectionPool}


class _DeadlineAdapter(HTTPAdapter):
    """requests' adapter on watched connections; each hop's timeouts capped to the time left."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _WATCHED_POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs):
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if manager.pool_classes_by_scheme.get("http") is HTTPConnectionPool:  # not SOCKS
            manager.pool_classes_by_scheme = _WATCHED_POOLS
        return manager

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        watch: _Watch | None = getattr(_current, "watch", None)
        if watch is not None and isinstance(timeout, tuple):
            left = watch.left()
            if left <= 0:  # a redirect hop after the deadline
                raise requests.ConnectTimeout("deadline exceeded before connecting",
                                              request=request)
            timeout = tuple(left if t is None else min(t, left) for t in timeout)
        return super().send(request, stream=stream, timeout=timeout, verify=verify, cert=cert,
                            proxies=proxies)


class _NotStarted(FetchError):
    """The source deadline passed before this attempt could start."""


_READ_ERRORS = (requests.RequestException, urllib3.exceptions.HTTPError,
                http.client.HTTPException, OSError)


class HttpClient:
    """Polite GETs, safe to call from many threads."""

    def __init__(self, options: HttpOptions | None = None, *,
                 session_factory: Callable[[], requests.Session] = requests.Session,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.options = options or HttpOptions()
        self._session_factory = session_factory
        self._sleep = sleep
        self._clock = clock
        self._local = threading.local()
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._source_deadline: float | None = None  # in `clock` time
        self.requests = 0  # HTTP requests sent, retries included

    # -- public ------------------------------------------------------------------------------

    def start_source_deadline(self) -> None:
        """From now on, every `get` ends by `source_timeout` from now, retries and waits
        included; once it has passed, `get` fails at once without a request."""
        self._source_deadline = self._clock() + self.options.source_timeout

    def source_time_left(self) -> float | None:
        """Seconds left before the source deadline; None when there is none."""
        if self._source_deadline is None:
            return None
        return self._source_deadline - self._clock()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str | None = None, what: str = "page") -> Response:
        """GET `url`, retrying transient failures. With `etag`/`last_modified` the request is
        conditional and an unchanged resource comes back as status 304 with an empty body.
        Each attempt ends by its wall-clock deadline ("deadline of 10 s exceeded after 3,412 of
        100,000 bytes", transient); retries and their waits end by the source deadline when one
        was started. Raises FetchError."""
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"unsupported URL {url[:200]!r}: only http and https are fetched")
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
        if accept:
            headers["Accept"] = accept
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        opts = self.options
        attempts = opts.retries + 1
        last: FetchError | None = None
        for attempt in range(1, attempts + 1):
            try:
                with self._host_slot(url):
                    return self._once(url, headers, attempt, what)
            except _NotStarted:
                if last is None:
                    raise
                raise self._give_up(last, attempt - 1, source_deadline=True) from last.__cause__
            except FetchError as exc:
                if not exc.transient or attempt == attempts:
                    self._give_up(exc, attempt)
                    raise
                delay = backoff_delay(attempt, opts.backoff_base, opts.backoff_max,
                                      exc.retry_after)
                left = self.source_time_left()
                if left is not None and left <= delay:  # no time to wait and try again
                    self._give_up(exc, attempt, source_deadline=True)
                    raise
                last = exc
                self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """`fn` over `items` on a thread pool, results in input order, with a bounded number of
        results in flight. `fn` should not raise; a raised exception propagates here."""
        return ordered_map(fn, items, self.options.max_workers)

    # -- internals ---------------------------------------------------------------------------

    def _give_up(self, exc: FetchError, attempts: int, source_deadline: bool = False) -> FetchError:
        notes = [f"{attempts} attempts"] if attempts > 1 else []
        if source_deadline and not exc.reason.startswith("source deadline"):
            notes.append(f"stopped by the source deadline of {self.options.source_timeout:g} s")
        if notes:
            exc.reason = f"{exc.reason} ({'; '.join(notes)})"
        return exc

    @contextmanager
    def _host_slot(self, url: str) -> Iterator[None]:
        host = _host(url)
        with self._lock:
            slot = self._hosts.get(host)
            if slot is None:
                slot = self._hosts[host] = threading.BoundedSemaphore(
                    self.options.max_concurrency_per_host
                )
        with slot:
            yield

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = self._session_factory()
            session.max_redirects = self.options.max_redirects
            if isinstance(session, requests.Session):
                adapter = _DeadlineAdapter()
                for prefix in ("http://", "https://"):
                    if type(session.adapters.get(prefix)) is HTTPAdapter:  # not a custom one
                        session.mount(prefix, adapter)
        return session

    def _once(self, url: str, headers: dict[str, str], attempt: int, what: str) -> Response:
        """One attempt, within its deadline: `total_timeout`, or the time left to the source
        deadline when that is shorter."""
        opts = self.options
        started = self._clock()
        budget, label = opts.deadline, f"deadline of {opts.deadline:g} s"
        left = self.source_time_left()
        if left is not None and left < budget:
            budget, label = left, f"source deadline of {opts.source_timeout:g} s"
            if budget <= 0:
                raise _NotStarted(f"{label} exceeded before fetching", transient=True)
        with self._lock:
            self.requests += 1
        watch = _Watch(started + budget, self._clock)
        outer, _current.watch = getattr(_current, "watch", None), watch
        _WATCHDOG.add(watch)
        try:
            return self._exchange(url, headers, attempt, what, watch, label)
        finally:
            watch.disarm()
            _current.watch = outer

    def _exchange(self, url: str, headers: dict[str, str], attempt: int, what: str,
                  watch: _Watch, label: str) -> Response:
        opts = self.options
        connect = min(opts.timeout, max(watch.left(), 0.001))
        try:
            resp = self._session().get(url, headers=headers, timeout=(connect, opts.timeout),
                                       stream=True, allow_redirects=True)
        except _READ_ERRORS as exc:  # requests', and urllib3's from a redirect body cut short
            if watch.expired():
                raise FetchError(f"{label} exceeded waiting for the response", transient=True,
                                 connection=True) from exc
            if isinstance(exc, requests.TooManyRedirects):
                raise FetchError(
                    f"redirect loop: more than {opts.max_redirects} redirects") from exc
            if isinstance(exc, requests.Timeout):
                raise FetchError(f"timed out after {opts.timeout:g}s", transient=True,
                                 connection=True) from exc
            if isinstance(exc, requests.ConnectionError):
                raise FetchError(f"connection failed: {_short(exc)}", transient=True,
                                 connection=True) from exc
            if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                                requests.exceptions.InvalidSchema)):
                raise FetchError(f"invalid URL {url[:200]!r}: {_short(exc)}") from exc
            raise FetchError(f"request failed: {_short(exc)}", transient=True) from exc
        with resp:
            if watch.expired():  # headers cut short by the shutdown read as if they had ended
                raise FetchError(f"{label} exceeded waiting for the response", transient=True,
                                 connection=True)
            _attach(getattr(getattr(resp.raw, "connection", None), "sock", None))
            response_headers = {k.lower(): v for k, v in resp.headers.items()}
            if resp.status_code == 304:
                return Response(url, resp.url, 304, response_headers, b"", _utcnow(), attempt)
            if resp.status_code >= 400:
                payload = self._read(resp, watch, label, PAYLOAD_BYTES, what, truncate=True)
                retry_after = parse_retry_after(response_headers.get("retry-after"))
                raise FetchError(
                    f"HTTP {resp.status_code} {resp.reason or ''}".strip(),
                    transient=resp.status_code >= 500 or resp.status_code == 429,
                    status=resp.status_code, payload=payload, retry_after=retry_after,
                )
            if resp.status_code != 200:
                raise FetchError(f"unexpected HTTP {resp.status_code} {resp.reason or ''}".strip(),
                                 status=resp.status_code)
            declared = response_headers.get("content-length", "")
            if declared.isdigit() and int(declared) > opts.max_bytes:
                raise FetchError(f"{what} larger than {opts.max_bytes} bytes "
                                 f"(Content-Length {declared})", status=resp.status_code)
            body = self._read(resp, watch, label, opts.max_bytes, what)
            return Response(url, resp.url, resp.status_code, response_headers, body, _utcnow(),
                            attempt)

    def _read(self, resp: requests.Response, watch: _Watch, label: str, limit: int, what: str,
              truncate: bool = False) -> bytes:
        """The body, one socket read at a time: stop past `limit` bytes (an error unless
        `truncate`, which keeps what came in time) or at the attempt's deadline (the watchdog
        ends a read blocked past it)."""
        raw = resp.raw
        if isinstance(raw, urllib3.BaseHTTPResponse):
            def read(n: int) -> bytes:
                return raw.read1(n, decode_content=True)
        else:  # a file-like body (tests, custom adapters)
            read = getattr(raw, "read1", None) or raw.read
        chunks: list[bytes] = []
        size = 0
        try:
            while not watch.expired() and (chunk := read(_CHUNK)):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    if truncate:
                        break
                    raise FetchError(f"{what} larger than {limit} bytes", status=resp.status_code)
        except _READ_ERRORS as exc:
            if truncate:
                return b"".join(chunks)[:limit]
            if watch.expired():
                raise self._past_deadline(resp, label, size) from exc
            if isinstance(exc, requests.Timeout | urllib3.exceptions.ReadTimeoutError
                          | TimeoutError):
                raise FetchError(f"timed out after {self.options.timeout:g}s reading the {what}",
                                 transient=True, status=resp.status_code) from exc
            raise FetchError(f"connection broken while reading the {what}: {_short(exc)}",
                             transient=True, status=resp.status_code) from exc
        if truncate:
            return b"".join(chunks)[:limit]
        # An end-of-file after the watchdog fired may be a body cut short by the shutdown.
        if watch.disarm() or watch.expired():
            raise self._past_deadline(resp, label, size)
        return b"".join(chunks)

    @staticmethod
    def _past_deadline(resp: requests.Response, label: str, decoded: int) -> FetchError:
        """"deadline of 10 s exceeded after 3,412 of 100,000 bytes" (bytes on the wire when
        known, so they compare with Content-Length)."""
        tell = getattr(resp.raw, "tell", None)
        try:
            got = int(tell()) if callable(tell) else decoded
        except (OSError, ValueError, TypeError):
            got = decoded
        declared = (resp.headers.get("content-length") or "").strip()
        of = f" of {int(declared):,}" if declared.isdigit() else ""
        return FetchError(f"{label} exceeded after {got:,}{of} bytes", transient=True,
                          status=resp.status_code)


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int,
                window: int | None = None) -> Iterator[R]:
    """Like `map(fn, items)` on `workers` threads: results in input order, at most `window`
    (default 2 x workers) submitted and not yet consumed, so large inputs stay bounded."""
    window = window or 2 * workers
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="newsdw-http")
    pending: deque[Future[R]] = deque()
    try:
        for item in items:
            pending.append(pool.submit(fn, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
