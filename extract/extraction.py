"""The extract step: read every configured source for one data interval and settle each input
item in exactly one place: an article, a duplicate of one, or quarantine with its reason."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from extract import ids
from extract.records import Article, Duplicate, Quarantined
from extract.sources.config import SourceConfig
from extract.sources.folder import read_folder
from extract.sources.items import FetchRecord, Item, KnownArticles
from extract.sources.urls import BadUrl, web_url

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

# Wire copies of one story share most 5-word shingles; 0.8 estimated Jaccard links copies with
# different headlines, datelines or a trimmed last paragraph, but not two stories on one topic.
STORY_SIMILARITY = 0.8
_PERMUTATIONS = 64


OUTCOMES = ("article", "duplicate", "quarantined", "other_date", "over_limit", "skipped")


@dataclass
class SourceSummary:
    """What became of one source's input items. `found` counts every item the source yielded:
    for a folder, every entry under it that is not a directory (hidden, a fifo, a symlink:
    all count), a JSONL file as its non-blank lines (or one bad item if it has none); for a web
    source, every feed entry, listed URL and unusable feed. Each is settled exactly once, so

        found == loaded + duplicates + quarantined + other_dates + over_limit + skipped

    (`balanced()`), also when the source failed part-way (`error`: the items read until then).
    `flagged` counts loaded articles that carry a warning (e.g. undecodable bytes replaced by
    U+FFFD); they are among `loaded`, not a settlement of their own."""

    source: str
    found: int = 0  # input items read from the source
    loaded: int = 0
    duplicates: int = 0
    quarantined: int = 0
    other_dates: int = 0  # items that belong to another logical date's run
    over_limit: int = 0
    skipped: int = 0  # not inputs by the source's rules: hidden files, fifos, outside symlinks
    flagged: int = 0  # loaded with a warning (logged)
    error: str | None = None  # the source as a whole could not be read

    @property
    def settled(self) -> int:
        return (self.loaded + self.duplicates + self.quarantined + self.other_dates
                + self.over_limit + self.skipped)

    def balanced(self) -> bool:
        """Every item found was settled exactly once (the invariant above)."""
        return self.found == self.settled


@dataclass(frozen=True)
class Outcome:
    """Where one input item went: one of OUTCOMES, with the quarantine, skip or duplicate
    reason."""

    source: str
    location: str
    outcome: str
    reason: str = ""


@dataclass
class ExtractResult:
    articles: list[Article] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    summaries: list[SourceSummary] = field(default_factory=list)
    story_ids: dict[str, str] = field(default_factory=dict)  # article_id -> story_id
    fetches: list[FetchRecord] = field(default_factory=list)  # HTTP fetches of web sources
    outcomes: list[Outcome] = field(default_factory=list)  # every input item, in input order


def read_source(
    source: SourceConfig,
    start: dt.datetime,
    end: dt.datetime,
    known: KnownArticles | None = None,
    fetches: list[FetchRecord] | None = None,
) -> Iterator[Item]:
    if source.type == "folder":
        return read_folder(source)
    from extract.sources.web import read_web_source  # HTTP stack only when needed

    return read_web_source(source, start, end, known, fetches)


def extract_interval(
    sources: Iterable[SourceConfig],
    start: dt.datetime,
    end: dt.datetime,
    known: KnownArticles | None = None,
) -> ExtractResult:
    """Articles published in [start, end) from all sources. A source that fails entirely is
    reported in its summary and the others still load; an item that fails in an unexpected
    way is quarantined with the error and the next one is settled."""
    known = known or KnownArticles()
    result = ExtractResult()
    by_url: dict[str, str] = {}
    by_hash: dict[str, str] = {}
    for source in sources:
        summary = SourceSummary(source.name)
        result.summaries.append(summary)
        try:
            for item in read_source(source, start, end, known, result.fetches):
                summary.found += 1
                settled = summary.settled
                try:
                    _clean_item(item)
                    _settle(item, source, start, end, known, by_url, by_hash, result, summary)
                except Exception as exc:  # one bad item never stops the others
                    log.exception("%s: could not settle %s", source.name, item.location)
                    if summary.settled == settled:
                        _quarantine(item, f"could not settle the item: {type(exc).__name__}: "
                                          f"{exc}", item.payload, result, summary)
        except Exception as exc:  # one broken source never fails the run
            summary.error = f"{type(exc).__name__}: {exc}"
            log.error("source %s failed: %s", source.name, summary.error)
        _log_skipped(result, summary)
        if not summary.balanced():  # a bug: say so loudly, the counts are in the audit
            log.error("source %s: %d items found but %d settled", source.name, summary.found,
                      summary.settled)
    result.articles.sort(key=lambda a: a.article_id)
    result.story_ids = link_stories(result.articles)
    return result


def _quarantine(item: Item, reason: str, payload: str, result: ExtractResult,
                summary: SourceSummary) -> None:
    reason, payload, location = _text(reason), _text(payload), _text(item.location)
    summary.quarantined += 1
    result.quarantined.append(Quarantined(item.source, location, reason, payload))
    result.outcomes.append(Outcome(item.source, location, "quarantined", reason))


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _text(value: str) -> str:
    """`value` with lone surrogates (which UTF-8, Parquet and DuckDB refuse) as U+FFFD."""
    return _SURROGATE.sub("\ufffd", value) if value else value


def _clean_item(item: Item) -> None:
    """Make the item's text storable: a JSON "\\ud800" escape or a file name that is not
    UTF-8 would otherwise fail staging the whole day. A body or title so repaired is noted."""
    item.location = _text(item.location)
    item.payload = _text(item.payload)
    item.error = _text(item.error) if item.error else item.error
    item.skipped = _text(item.skipped) if item.skipped else item.skipped
    draft = item.draft
    if draft is None:
        return
    repaired = False
    for name in ("body", "title", "url", "author", "language"):
        value = getattr(draft, name)
        if value and _SURROGATE.search(value):
            setattr(draft, name, _text(value))
            repaired = True
    if repaired:
        item.notes.append("lone surrogates (invalid characters) replaced by U+FFFD")


def _log_skipped(result: ExtractResult, summary: SourceSummary) -> None:
    if not summary.skipped:
        return
    reasons = Counter(o.reason.split(" (")[0] for o in result.outcomes
                      if o.source == summary.source and o.outcome == "skipped")
    log.warning("source %s: %d entries skipped (%s)", summary.source, summary.skipped,
                ", ".join(f"{n} {reason}" for reason, n in
                          sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))))


def _settle(item: Item, source: SourceConfig, start: dt.datetime, end: dt.datetime,
            known: KnownArticles, by_url: dict[str, str], by_hash: dict[str, str],
            result: ExtractResult, summary: SourceSummary) -> None:
    """Settle one item: exactly one counter of `summary` moves, as the last thing done, so an
    exception before it leaves the item unsettled (the caller quarantines it)."""

    def quarantine(reason: str, payload: str = "") -> None:
        _quarantine(item, reason, payload, result, summary)

    def outcome(what: str, reason: str = "") -> None:
        result.outcomes.append(Outcome(item.source, item.location, what, reason))

    def duplicate(first: str, reason: str) -> None:
        summary.duplicates += 1
        result.duplicates.append(Duplicate(item.source, item.location, first, reason))
        outcome("duplicate", reason)

    if item.skipped is not None:  # not an input by the source's rules
        summary.skipped += 1
        log.info("skipped %s (%s): %s", item.location, item.source, item.skipped)
        outcome("skipped", item.skipped)
        return
    if item.other_date:  # a web source knew without fetching: another date's run takes it
        summary.other_dates += 1
        outcome("other_date")
        return
    if item.duplicate_of:  # a web source knew without fetching: loaded for another date
        duplicate(item.duplicate_of, "seen_before")
        return
    if item.draft is None:
        quarantine(item.error or "unreadable input", item.payload)
        return
    draft = item.draft
    if draft.published is not None:
        published, date_source = draft.published, item.date_source
    elif item.feed_published is not None:
        published, date_source = item.feed_published, "feed"
    elif item.fetched_at is not None:
        published, date_source = item.fetched_at, "fetch"
    else:
        quarantine("no usable publication date", draft.body[:2000])
        return
    if not start <= published < end:
        summary.other_dates += 1
        outcome("other_date")
        return
    language = (draft.language or detect_language(draft.body)).lower()[:2]
    if source.language and language != source.language:
        quarantine(f"language {language!r} outside the source's filter {source.language!r}",
                   draft.body[:2000])
        return
    if source.limit is not None and summary.loaded >= source.limit:
        summary.over_limit += 1
        outcome("over_limit")
        return
    try:
        url = web_url(draft.url) if draft.url else ""
    except BadUrl as exc:
        quarantine(str(exc), draft.body[:2000])
        return
    body_hash = ids.content_hash(draft.body)
    article_id = ids.article_id(url or None, body_hash)
    for key, seen, reason in ((url, by_url, "canonical_url"), (body_hash, by_hash, "content_hash")):
        if key and key in seen:
            duplicate(seen[key], reason)
            return
    if article_id in known.by_id or body_hash in known.by_hash:
        duplicate(article_id if article_id in known.by_id else known.by_hash[body_hash],
                  "seen_before")
        return
    article = Article(
        article_id=article_id,
        source=item.source,
        url=draft.url,
        canonical_url=url,
        title=draft.title,
        published_at=published,
        date_source=date_source,
        body=draft.body,
        language=language,
        content_hash=body_hash,
        extracted_at=item.fetched_at or published,
        location=item.location,
        author=draft.author,
    )
    if url:
        by_url[url] = article_id
    by_hash[body_hash] = article_id
    summary.loaded += 1
    result.articles.append(article)
    outcome("article")
    if item.notes:
        summary.flagged += 1
        for note in item.notes:
            log.warning("loaded %s (%s) with a warning: %s", item.location, item.source, note)


@functools.cache
def _language_identifier():
    """Google's CLD3 (a small neural model in C++): ~0.1 ms an article, where langdetect took
    ~20. Built on first use, so importing this module (the DAG file does, indirectly) is cheap."""
    import gcld3

    return gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=2000)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (CLD3's best guess); "und" without letters."""
    sample = text[:2000]
    if not any(ch.isalpha() for ch in sample):
        return "und"
    return _language_identifier().FindLanguage(text=sample).language


def _shingle_hashes(text: str, size: int = 5) -> np.ndarray:
    """Distinct stable 32-bit hashes of the text's word `size`-grams: crc32 of every word,
    combined over each window with numpy (hashing the joined 5-word strings one by one was
    most of the extract step's time)."""
    import numpy as np

    words = np.array([zlib.crc32(w.encode()) for w in text.lower().split()] or [0],
                     dtype=np.uint64)
    count = max(1, len(words) - size + 1)
    hashes = np.zeros(count, dtype=np.uint64)
    for k in range(min(size, len(words))):
        hashes = (hashes * np.uint64(1_000_003) + words[k : k + count]) & np.uint64(0xFFFFFFFF)
    return np.unique(hashes)


def link_stories(articles: list[Article]) -> dict[str, str]:
    """story_id per article: near-identical copies (MinHash LSH over word shingles) share the
    id of the first copy in article_id order, so the result does not depend on input order."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=STORY_SIMILARITY, num_perm=_PERMUTATIONS)
    # The shingles are hashed already: the MinHash takes them as they are (hashfunc=int).
    template = MinHash(num_perm=_PERMUTATIONS, seed=1, hashfunc=int)
    story: dict[str, str] = {}
    for article in sorted(articles, key=lambda a: a.article_id):
        signature = MinHash(num_perm=_PERMUTATIONS, hashfunc=int,
                            permutations=template.permutations, scheme=template.scheme)
        signature.update_batch(_shingle_hashes(article.body))
        matches = sorted(lsh.query(signature))
        story[article.article_id] = story[matches[0]] if matches else article.article_id
        lsh.insert(article.article_id, signature)
    return story
