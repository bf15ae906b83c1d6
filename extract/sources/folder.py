"""Folder sources: a landing directory of .txt (sample format), .jsonl and .html files.

Every entry under the folder that is not a directory is one input item (a JSONL file: one item
per non-blank line), and yields exactly one Item: a draft, a bad input with its reason, or a
skipped entry with its reason. Skipped, never opened: hidden files and everything under hidden
directories, symlinks that lead out of the folder or to a directory, fifos, sockets and devices
(opening a fifo blocks). Nothing about one item (reading, decoding, parsing) can stop the
others: an unexpected error costs that item only, quarantined with the error.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from extract.sources.config import SourceConfig
from extract.sources.documents import (
    PAYLOAD_LIMIT,
    BadInput,
    Draft,
    check_body,
    decode_text,
    extract_html,
    parse_date,
    parse_text_article,
    truncate,
)
from extract.sources.items import Item

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 20_000_000
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_READ_CHUNK = 1 << 20
_KINDS = (
    (stat.S_ISFIFO, "a fifo"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def read_folder(source: SourceConfig) -> Iterator[Item]:
    """Every entry under the folder yields one item (a JSONL file one per line): drafts, bad
    inputs with their reason, or skipped entries with theirs. Raises FileNotFoundError only
    when the folder itself is missing or cannot be listed."""
    assert source.path is not None
    if not source.path.is_dir():
        raise FileNotFoundError(f"source {source.name!r}: folder not found: {source.path}")
    names = sorted(os.listdir(source.path))  # an unreadable root fails the source, loudly
    # Locations under the folder as configured; symlink targets compared with its real path.
    yield from _walk(source.name, source.path.resolve(), source.path, names, hidden_in=None)


def _walk(source: str, root: Path, folder: Path, names: list[str],
          hidden_in: str | None) -> Iterator[Item]:
    """The entries of `folder` in name order, depth first (the order of sorted paths)."""
    for name in names:
        path = folder / name
        try:
            info = path.lstat()
            if stat.S_ISDIR(info.st_mode):
                try:
                    children = sorted(os.listdir(path))
                except OSError as exc:
                    yield Item(source, str(path), error=f"could not list the directory: {exc}")
                    continue
                inner = hidden_in or (name if name.startswith(".") else None)
                yield from _walk(source, root, path, children, inner)
                continue
            reason = _skip_reason(root, path, name, info, hidden_in)
            if reason:
                yield Item(source, str(path), skipped=reason)
            else:
                yield from _read_file(source, path)
        except BadInput as exc:  # e.g. a broken symlink
            yield Item(source, str(path), error=str(exc))
        except Exception as exc:  # whatever it is, it costs this entry only
            log.exception("%s: unexpected error reading %s", source, path)
            yield Item(source, str(path), error=f"could not read the file: "
                                                 f"{type(exc).__name__}: {exc}")


def _skip_reason(root: Path, path: Path, name: str, info: os.stat_result,
                 hidden_in: str | None) -> str:
    """Why the entry is not an input ("" when it is one). Raises BadInput for a broken
    symlink: meant as an input, unusable."""
    if hidden_in is not None:
        return f"in a hidden directory ({hidden_in})"
    if name.startswith("."):
        return "hidden file"
    if stat.S_ISLNK(info.st_mode):
        target = os.readlink(path)
        try:
            resolved = path.resolve(strict=True)
        except RuntimeError:  # Python < 3.13 reports a loop so
            raise BadInput(f"symlink loop ({name} -> {target})") from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise BadInput(f"symlink loop ({name} -> {target})") from None
            raise BadInput(f"broken symlink ({name} -> {target}): target not found") from None
        if not resolved.is_relative_to(root):
            return f"symlink out of the folder (-> {resolved})"
        info = resolved.stat()
        if stat.S_ISDIR(info.st_mode):
            return f"symlink to a directory (-> {resolved}), not followed"
    if not stat.S_ISREG(info.st_mode):
        kind = next((what for test, what in _KINDS if test(info.st_mode)), "not a file")
        return f"not a regular file ({kind})"
    return ""


def _read_file(source: str, path: Path) -> Iterator[Item]:
    location = str(path)
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES:
        yield Item(source, location, error=f"unsupported file type {suffix or '(none)'!r}",
                   payload=_head(path))
        return
    try:
        data, landed = _read_bounded(path)
    except BadInput as exc:
        yield Item(source, location, error=str(exc), payload=_head(path))
        return
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(source, location, data, landed)
        return
    try:
        decoded = decode_text(data)
        text = decoded.text
        draft = extract_html(text) if suffix in HTML_SUFFIXES else parse_text_article(text)
    except BadInput as exc:
        yield Item(source, location, error=str(exc), payload=truncate(data))
        return
    except Exception as exc:  # a parser failure: this file only is bad
        yield Item(source, location, payload=truncate(data),
                   error=f"could not parse the file: {type(exc).__name__}: {exc}")
        return
    yield Item(source, location, draft=draft, fetched_at=landed, date_source="article",
               notes=[decoded.note] if decoded.note else [])


def _read_bounded(path: Path) -> tuple[bytes, dt.datetime]:
    """The file's bytes and its mtime (when it landed: a stable stand-in for the fetch time).
    The size is checked before reading, and at most MAX_FILE_BYTES + 1 bytes are ever read,
    so a file growing meanwhile cannot take more memory. Opened non-blocking and checked
    again once open, so an entry swapped for a fifo cannot hang the run."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise BadInput("not a regular file once opened")
        landed = dt.datetime.fromtimestamp(info.st_mtime, dt.UTC).replace(tzinfo=None)
        if info.st_size > MAX_FILE_BYTES:
            raise BadInput(f"file too large ({info.st_size} bytes > {MAX_FILE_BYTES})")
        chunks, total = [], 0
        want = info.st_size + 1  # one more: a file that grew is noticed
        while total <= MAX_FILE_BYTES:
            chunk = os.read(fd, min(want, MAX_FILE_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = _READ_CHUNK
        if total > MAX_FILE_BYTES:
            raise BadInput(f"file too large (grew past {MAX_FILE_BYTES} bytes while read)")
        return b"".join(chunks), landed
    finally:
        os.close(fd)


def _head(path: Path) -> str:
    """The first bytes of a file that is not read, for the quarantine payload."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return ""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return ""
        return truncate(os.read(fd, PAYLOAD_LIMIT))
    except OSError:
        return ""
    finally:
        os.close(fd)


def _read_jsonl(source: str, location: str, data: bytes,
                landed: dt.datetime) -> Iterator[Item]:
    """One item per non-blank line. Lines end at "\\n" only (a "\\r" before it is dropped):
    U+2028, U+2029, form feeds and vertical tabs are valid inside a JSON string and stay in
    their line. JSON Lines is UTF-8; each line is decoded on its own, so one bad line costs
    that line only. A file with no line at all is one bad item."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):  # UTF-16/32 BOM
        try:
            lines = [line.encode("utf-8", "surrogatepass")
                     for line in decode_text(data).text.split("\n")]
        except BadInput as exc:
            yield Item(source, location, error=str(exc), payload=truncate(data))
            return
    else:
        lines = data.split(b"\n")
    yielded = False
    for n, raw in enumerate(lines, start=1):
        if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        raw = raw.removesuffix(b"\r")
        if not raw.strip():
            continue
        yielded = True
        where = f"{location}:{n}"
        try:
            decoded = decode_text(raw)
            draft = _json_draft(decoded.text)
        except BadInput as exc:
            yield Item(source, where, error=str(exc), payload=truncate(raw))
            continue
        except Exception as exc:  # e.g. RecursionError on absurd nesting: this line only
            yield Item(source, where, payload=truncate(raw),
                       error=f"could not read the JSON line: {type(exc).__name__}: {exc}")
            continue
        yield Item(source, where, draft=draft, fetched_at=landed, date_source="article",
                   notes=[decoded.note] if decoded.note else [])
    if not yielded:
        yield Item(source, location, error="empty or whitespace-only input",
                   payload=truncate(data))


def _json_draft(line: str) -> Draft:
    try:
        # strict=False: control characters (a form feed, a tab) raw inside strings are accepted
        obj = json.loads(line, strict=False)
    except json.JSONDecodeError as exc:
        raise BadInput(f"malformed JSON: {exc.msg} at column {exc.colno}") from exc
    if not isinstance(obj, dict):
        raise BadInput(f"JSON line is not an object (a {type(obj).__name__})")
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
