"""Turn raw bytes from a file or an HTTP response into article fields, or a clear reason why not."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes
from dateutil import parser as date_parser

PAYLOAD_LIMIT = 2_000  # characters of a bad input kept in raw.quarantine
MIN_BODY_CHARS = 200  # shorter is a teaser or an error page, not an article


class BadInput(ValueError):
    """An input item that cannot become an article; str(exc) is the quarantine reason."""


@dataclass
class Draft:
    """Article fields as read, before ids, dates and language are settled."""

    body: str
    title: str = ""
    url: str = ""
    author: str = ""
    published: dt.datetime | None = None
    language: str = ""


def decode(data: bytes) -> str:
    """Decode text, detecting the encoding when it is not UTF-8. Raises BadInput for
    empty, binary or undecodable input."""
    if not data.strip():
        raise BadInput("empty or whitespace-only input")
    if b"\x00" in data[:8192]:
        raise BadInput("binary content (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise BadInput("not decodable as text in any known encoding") from None
        return str(best)


def parse_date(value: str) -> dt.datetime:
    """Parse a date or timestamp into naive UTC. Raises BadInput with the offending value."""
    try:
        parsed = date_parser.parse(value.strip())
    except (ValueError, OverflowError) as exc:
        raise BadInput(f"malformed date {value.strip()[:40]!r}") from exc
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed


_HEADER = re.compile(r"^(title|url|author|language)\s*:\s*(.*)$", re.IGNORECASE)
_DATE_LINE = re.compile(r"^date\s+(\S+)(?:[ \t]+(.*))?$", re.IGNORECASE)


def split_header(text: str) -> tuple[dict[str, str], str]:
    """The plain-text landing format, split: the header (``date`` from the first line
    ``date YYYY-MM-DD``, then optional ``title:``, ``url:``, ``author:``, ``language:`` lines)
    and the body. A text whose first line is not a date line has no header: all body. Values
    are not checked here (``parse_text_article`` does)."""
    lines = text.lstrip("\ufeff").splitlines()
    first = lines[0].strip() if lines else ""
    match = _DATE_LINE.match(first)
    if not match:
        return {}, text.strip()
    headers = {"date": match.group(1)}
    if match.group(2):  # some landing files run the body on after the date
        lines[0:1] = ["", match.group(2)]
    i = 1
    while i < len(lines) and (header := _HEADER.match(lines[i].strip())):
        headers[header.group(1).lower()] = header.group(2).strip()
        i += 1
    return headers, "\n".join(lines[i:]).strip()


def parse_text_article(text: str) -> Draft:
    """A landing text file as a draft article; BadInput without a valid date line or body."""
    headers, body = split_header(text)
    lines = text.lstrip("\ufeff").splitlines()
    first = lines[0].strip() if lines else ""
    if "date" not in headers:
        raise BadInput(f"missing date line: expected 'date YYYY-MM-DD', got {first[:60]!r}")
    try:
        published = dt.datetime.strptime(headers["date"], "%Y-%m-%d")
    except ValueError:
        raise BadInput(f"malformed date line {first[:40]!r}: expected 'date YYYY-MM-DD'") from None
    draft = Draft(body=body, published=published, title=headers.get("title", ""),
                  url=headers.get("url", ""), author=headers.get("author", ""),
                  language=headers.get("language", ""))
    check_body(draft.body)
    return draft


def check_body(body: str) -> None:
    if len(body.strip()) < MIN_BODY_CHARS:
        raise BadInput(f"no article text (body has {len(body.strip())} characters)")


def extract_html(html: str, url: str = "") -> Draft:
    """Main text and metadata of a web page, via trafilatura."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url or None, with_metadata=True, include_comments=False, favor_precision=True
    )
    if doc is None or not (doc.text or "").strip():
        raise BadInput("HTML page with no article text")
    check_body(doc.text)
    published = None
    if doc.date:
        try:
            published = parse_date(doc.date)
        except BadInput:
            published = None
    return Draft(
        body=doc.text.strip(),
        title=doc.title or "",
        url=doc.url or url,
        author=doc.author or "",
        published=published,
        language=doc.language or "",
    )


def truncate(payload: str | bytes) -> str:
    if isinstance(payload, bytes):
        payload = payload[:PAYLOAD_LIMIT].decode("utf-8", errors="replace")
    return payload[:PAYLOAD_LIMIT]
