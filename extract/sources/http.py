"""HTTP for web sources: polite, bounded, and clear about why a fetch failed.

One `HttpClient` per source read. It identifies itself (`USER_AGENT`), caps every request
(connect/read timeout, a total download deadline, a response size cap, a redirect limit), retries
only what can get better by waiting (5xx, 429, timeouts, connection errors; never other 4xx) with
capped exponential backoff, sends conditional requests when given validators, and never runs
more than `max_concurrency_per_host` requests against one host at a time.

Failures are `FetchError`s whose text is the quarantine reason ("HTTP 404 Not Found",
"timed out after 5s (3 attempts)", "redirect loop: more than 10 redirects", "page larger than
1000000 bytes").
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, fields
from email.utils import parsedate_to_datetime
from typing import TypeVar
from urllib.parse import urlsplit

import requests

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
    total_timeout: float | None = None  # whole download deadline; default 3 x timeout
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
        self.requests = 0  # HTTP requests sent, retries included

    # -- public ------------------------------------------------------------------------------

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str | None = None, what: str = "page") -> Response:
        """GET `url`, retrying transient failures. With `etag`/`last_modified` the request is
        conditional and an unchanged resource comes back as status 304 with an empty body.
        Raises FetchError."""
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
        attempts = self.options.retries + 1
        for attempt in range(1, attempts + 1):
            try:
                with self._host_slot(url):
                    return self._once(url, headers, attempt, what)
            except FetchError as exc:
                if not exc.transient or attempt == attempts:
                    if attempt > 1:
                        exc.reason = f"{exc.reason} ({attempt} attempts)"
                    raise
                self._sleep(backoff_delay(attempt, self.options.backoff_base,
                                          self.options.backoff_max, exc.retry_after))
        raise AssertionError("unreachable")  # pragma: no cover

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """`fn` over `items` on a thread pool, results in input order, with a bounded number of
        results in flight. `fn` should not raise; a raised exception propagates here."""
        return ordered_map(fn, items, self.options.max_workers)

    # -- internals ---------------------------------------------------------------------------

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
        return session

    def _once(self, url: str, headers: dict[str, str], attempt: int, what: str) -> Response:
        opts = self.options
        with self._lock:
            self.requests += 1
        started = self._clock()
        try:
            resp = self._session().get(url, headers=headers, timeout=(opts.timeout, opts.timeout),
                                       stream=True, allow_redirects=True)
        except requests.TooManyRedirects as exc:
            raise FetchError(f"redirect loop: more than {opts.max_redirects} redirects") from exc
        except requests.Timeout as exc:
            raise FetchError(f"timed out after {opts.timeout:g}s", transient=True,
                             connection=True) from exc
        except requests.ConnectionError as exc:
            raise FetchError(f"connection failed: {_short(exc)}", transient=True,
                             connection=True) from exc
        except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                requests.exceptions.InvalidSchema) as exc:
            raise FetchError(f"invalid URL {url[:200]!r}: {_short(exc)}") from exc
        except requests.RequestException as exc:
            raise FetchError(f"request failed: {_short(exc)}", transient=True) from exc
        with resp:
            response_headers = {k.lower(): v for k, v in resp.headers.items()}
            if resp.status_code == 304:
                return Response(url, resp.url, 304, response_headers, b"", _utcnow(), attempt)
            if resp.status_code >= 400:
                payload = self._read(resp, started, PAYLOAD_BYTES, what, truncate=True)
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
            body = self._read(resp, started, opts.max_bytes, what)
            return Response(url, resp.url, resp.status_code, response_headers, body, _utcnow(),
                            attempt)

    def _read(self, resp: requests.Response, started: float, limit: int, what: str,
              truncate: bool = False) -> bytes:
        """The body, streamed: stop past `limit` bytes (an error unless `truncate`) or past the
        download deadline."""
        chunks, size = [], 0
        try:
            for chunk in resp.iter_content(_CHUNK):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    if truncate:
                        break
                    raise FetchError(f"{what} larger than {limit} bytes", status=resp.status_code)
                if self._clock() - started > self.options.deadline:
                    raise FetchError(
                        f"timed out after {self.options.deadline:g}s reading the {what}",
                        transient=True, status=resp.status_code,
                    )
        except requests.Timeout as exc:
            if truncate:
                return b"".join(chunks)[:limit]
            raise FetchError(f"timed out after {self.options.timeout:g}s reading the {what}",
                             transient=True, status=resp.status_code) from exc
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError) as exc:
            if truncate:
                return b"".join(chunks)[:limit]
            raise FetchError(f"connection broken while reading the {what}: {_short(exc)}",
                             transient=True, status=resp.status_code) from exc
        return b"".join(chunks)[:limit] if truncate else b"".join(chunks)


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
