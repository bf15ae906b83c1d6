"""Feed documents (RSS 0.9x/1.0/2.0, Atom) and the dates found in feeds and pages, normalised to
naive UTC."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from dataclasses import dataclass, field

from extract.sources.documents import BadInput, parse_date

_HTML_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype\s+html|<html)",
                         re.IGNORECASE | re.DOTALL)
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF|channel)[\s>]", re.IGNORECASE)


@dataclass
class Entry:
    link: str
    title: str = ""
    author: str = ""
    summary: str = ""  # plain text of the entry's content or summary
    published: dt.datetime | None = None  # naive UTC; None when the entry carries no date
    entry_id: str = ""


@dataclass
class Feed:
    url: str
    version: str  # feedparser's name for the format: rss20, rss10, atom10, ...
    title: str = ""
    language: str = ""
    published: dt.datetime | None = None  # the feed's own date (updated / lastBuildDate)
    entries: list[Entry] = field(default_factory=list)
    problem: str = ""  # parse trouble worth mentioning (recoverable malformed XML)


def normalise_date(raw: object, parsed: time.struct_time | None = None) -> dt.datetime | None:
    """A feed or page date as naive UTC, or None when there is none or it cannot be read.

    feedparser's `*_parsed` values are already UTC (it knows RFC 822 zone names such as EDT);
    the raw string is used only when feedparser could not parse it. Dates without a zone are
    taken as UTC."""
    if parsed is not None:
        try:
            return dt.datetime(*parsed[:6])
        except (TypeError, ValueError):
            pass
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        return parse_date(raw)
    except BadInput:
        return None


def looks_like_html(data: bytes, content_type: str = "") -> bool:
    head = data[:4096]
    if _HTML_START.match(head):
        return True
    return "html" in content_type and not _FEED_ROOT.search(head)


def parse_feed(url: str, data: bytes, content_type: str = "") -> Feed:
    """Entries of a feed document. Raises BadInput when the document is HTML or not a feed."""
    import feedparser

    if not data.strip():
        raise BadInput("empty feed document")
    parsed = feedparser.parse(data, response_headers={"content-type": content_type or
                                                      "application/xml"})
    problem = ""
    if parsed.bozo:
        exc = parsed.get("bozo_exception")
        problem = f"{type(exc).__name__}: {exc}" if exc is not None else "unknown error"
    if not parsed.version and looks_like_html(data, content_type):
        raise BadInput("feed URL returned HTML, not a feed")
    if not parsed.entries:
        if parsed.bozo:
            raise BadInput(f"malformed feed: {problem}")
        if not parsed.version:
            raise BadInput(f"not a feed (content type {content_type or 'unknown'!r})")
    meta = parsed.feed
    feed = Feed(
        url=url,
        version=parsed.version or "unknown",
        title=str(meta.get("title") or ""),
        language=str(meta.get("language") or "").lower()[:2],
        published=normalise_date(meta.get("updated") or meta.get("published"),
                                 meta.get("updated_parsed") or meta.get("published_parsed")),
        problem=problem,
    )
    for raw in parsed.entries:
        feed.entries.append(_entry(raw))
    return feed


def _entry(raw) -> Entry:
    link = str(raw.get("link") or "")
    entry_id = str(raw.get("id") or "")
    if not link and entry_id.startswith(("http://", "https://")):
        link = entry_id
    content = raw.get("content") or []
    html = content[0].get("value", "") if content else ""
    summary = html_text(html or str(raw.get("summary") or ""))
    published = normalise_date(raw.get("published"), raw.get("published_parsed"))
    if published is None:
        published = normalise_date(raw.get("updated"), raw.get("updated_parsed"))
    return Entry(link=link.strip(), title=str(raw.get("title") or "").strip(),
                 author=str(raw.get("author") or "").strip(), summary=summary,
                 published=published, entry_id=entry_id)


def html_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed summary), one paragraph per block."""
    if "<" not in fragment:
        return " ".join(fragment.split())
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, TypeError, lxml.etree.ParserError):
        return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3", "h4", "blockquote"):
        block.tail = "\n" + (block.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


# -- page dates ----------------------------------------------------------------------------------

_META_KEYS = (
    "article:published_time", "og:article:published_time", "datepublished", "pubdate",
    "publishdate", "publish-date", "date", "dc.date", "dc.date.issued", "dcterms.created",
    "sailthru.date", "parsely-pub-date",
)


def page_published(html: str) -> dt.datetime | None:
    """The publication timestamp a page declares (meta tags, JSON-LD, <time itemprop>), with
    its time and zone, as naive UTC. trafilatura only keeps the day; this keeps the instant.
    None when the page declares no timestamp with a time of day."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    candidates: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _META_KEYS and meta.get("content"):
            candidates.setdefault(key, meta.get("content"))
    for script in root.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            value = _jsonld_published(script.text)
            if value:
                candidates.setdefault("datepublished", value)
    for node in root.iter("time"):
        if (node.get("itemprop") or "").lower() == "datepublished" and node.get("datetime"):
            candidates.setdefault("datepublished", node.get("datetime"))
    for key in _META_KEYS:
        value = candidates.get(key, "")
        if "T" in value or ":" in value:  # a time of day, not just a date
            found = normalise_date(value)
            if found is not None:
                return found
    return None


def _jsonld_published(text: str) -> str:
    try:
        doc = json.loads(text)
    except ValueError:
        return ""
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            value = node.get("datePublished")
            if isinstance(value, str) and value:
                return value
            stack.extend(v for v in node.values() if isinstance(v, list | dict))
    return ""
