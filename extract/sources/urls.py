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


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop default ports, tracking parameters, fragments,
    AMP variants and trailing slashes; sort the remaining query parameters."""
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "").lower()
    if host.startswith("amp."):
        host = host[4:]
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
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
