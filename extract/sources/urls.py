"""Canonical URLs: one spelling per article, so the same story fetched twice is one row."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track the click, never select content.
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ref|ref_src|cmpid|"
    r"ocid|smid|taid|guccounter|__twitter_impression|outputtype)$",
    re.IGNORECASE,
)
_AMP_PATH = re.compile(r"(/amp/?$|\.amp(?=\.html?$|$))", re.IGNORECASE)
_BAD_HOST = re.compile(r"[\s<>\"{}|\\^`]")
WEB_SCHEMES = ("http", "https")


class BadUrl(ValueError):
    """A URL that cannot be parsed, or is not a web address; str(exc) is the reason, naming
    the URL (``bad URL 'http://x:abc/': Port could not be cast to integer value as 'abc'``)."""


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop default ports, tracking parameters, fragments,
    AMP variants and trailing slashes; sort the remaining query parameters. Raises BadUrl
    when the URL cannot be parsed (a port that is not a number or out of range, a broken
    IPv6 host)."""
    url = url.strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise BadUrl(f"bad URL {url[:300]!r}: {exc}") from None
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "").lower()
    if host.startswith("amp."):
        host = host[4:]
    if host.startswith("www."):
        host = host[4:]
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else (
        f"{host}:{port}"
    )
    path = _AMP_PATH.sub("", parts.path) or "/"
    path = re.sub(r"/{2,}", "/", path)
    if len(path) > 1:
        path = path.rstrip("/")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING.match(k) and not (k.lower() == "amp" and v in ("", "1", "true"))
    ]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


def web_url(url: str) -> str:
    """The canonical form of an article's URL, which must be a web address: http or https with
    a host. A URL written without its scheme (``example.com/a``) is taken as http. Raises
    BadUrl otherwise (``javascript:``, ``mailto:``, no host, a host with spaces, a bad port)."""
    url = url.strip()
    if not url:
        return ""
    if "://" not in url and re.match(r"[\w-]+(\.[\w-]+)+(:\d+)?(/|$)", url):
        url = "http://" + url
    canonical = canonical_url(url)
    parts = urlsplit(canonical)
    if parts.scheme not in WEB_SCHEMES:
        raise BadUrl(f"bad URL {url[:300]!r}: scheme {parts.scheme!r} is not http or https")
    if not parts.hostname:
        raise BadUrl(f"bad URL {url[:300]!r}: no host")
    if _BAD_HOST.search(parts.netloc):
        raise BadUrl(f"bad URL {url[:300]!r}: invalid host {parts.netloc!r}")
    return canonical
