"""Folder sources: a landing directory of .txt (sample format), .jsonl and .html files."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from extract.sources.config import SourceConfig
from extract.sources.documents import (
    BadInput,
    Draft,
    check_body,
    decode,
    extract_html,
    parse_date,
    parse_text_article,
    truncate,
)
from extract.sources.items import Item

MAX_FILE_BYTES = 20_000_000
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


def read_folder(source: SourceConfig) -> Iterator[Item]:
    """Every file under the folder yields items: drafts, or bad inputs with their reason."""
    assert source.path is not None
    if not source.path.is_dir():
        raise FileNotFoundError(f"source {source.name!r}: folder not found: {source.path}")
    for path in sorted(p for p in source.path.rglob("*") if p.is_file()):
        if path.name.startswith("."):
            continue
        yield from _read_file(source.name, path)


def _read_file(source: str, path: Path) -> Iterator[Item]:
    location = str(path)
    # The file's mtime is when it landed: a stable stand-in for the fetch time.
    landed = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).replace(tzinfo=None)
    data = path.read_bytes()
    suffix = path.suffix.lower()
    try:
        if len(data) > MAX_FILE_BYTES:
            raise BadInput(f"file too large ({len(data)} bytes > {MAX_FILE_BYTES})")
        if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES:
            raise BadInput(f"unsupported file type {suffix or '(none)'!r}")
        text = decode(data)
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(source, location, text, landed)
            return
        draft = extract_html(text) if suffix in HTML_SUFFIXES else parse_text_article(text)
        yield Item(source, location, draft=draft, fetched_at=landed, date_source="article")
    except BadInput as exc:
        yield Item(source, location, error=str(exc), payload=truncate(data))


def _read_jsonl(source: str, location: str, text: str, landed: dt.datetime) -> Iterator[Item]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{location}:{n}"
        try:
            yield Item(source, where, draft=_json_draft(line), fetched_at=landed,
                       date_source="article")
        except BadInput as exc:
            yield Item(source, where, error=str(exc), payload=truncate(line))


def _json_draft(line: str) -> Draft:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadInput(f"malformed JSON: {exc.msg} at column {exc.colno}") from exc
    if not isinstance(obj, dict):
        raise BadInput("JSON line is not an object")
    url = str(obj.get("url") or "")
    if obj.get("body"):
        draft = Draft(body=str(obj["body"]).strip(), title=str(obj.get("title") or ""), url=url)
        check_body(draft.body)
    elif obj.get("html"):
        draft = extract_html(str(obj["html"]), url)
    else:
        raise BadInput("JSON article has neither `body` nor `html`")
    draft.title = str(obj.get("title") or draft.title)
    draft.author = str(obj.get("author") or draft.author)
    draft.language = str(obj.get("language") or draft.language)
    if obj.get("published"):
        draft.published = parse_date(str(obj["published"]))
    return draft
