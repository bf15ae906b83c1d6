"""Typed records that cross module boundaries (sources -> tagger -> stage -> load).

Offsets are character offsets into ``Article.body`` (Python string indices, end exclusive).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

ACTOR_TYPES = ("person", "organization", "country", "group", "anonymous", "place")
STATEMENT_KINDS = ("direct", "indirect", "mixed")
DATE_SOURCES = ("article", "feed", "fetch", "file")


@dataclass(frozen=True)
class Article:
    article_id: str
    source: str
    url: str
    canonical_url: str
    title: str
    published_at: dt.datetime  # UTC, naive
    date_source: str  # which evidence gave published_at: one of DATE_SOURCES
    body: str
    language: str
    content_hash: str
    extracted_at: dt.datetime  # UTC, naive
    location: str = ""  # where it came from: file path, feed URL, page URL
    author: str = ""

    @property
    def published_date(self) -> dt.date:
        return self.published_at.date()


@dataclass(frozen=True)
class Quarantined:
    """An input item we could not use, with the reason and (truncated) payload."""

    source: str
    location: str
    reason: str
    payload: str = ""


@dataclass(frozen=True)
class Duplicate:
    """An input item that duplicates an article already kept (same canonical URL or content)."""

    source: str
    location: str
    duplicate_of: str  # article_id of the kept copy
    reason: str  # "canonical_url" | "content_hash"


@dataclass
class Span:
    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Actor:
    actor_id: str
    name: str  # canonical name
    actor_type: str  # one of ACTOR_TYPES
    aliases: list[str] = field(default_factory=list)
    role: str = ""  # title or role, e.g. "Secretary of State"
    affiliation: str = ""  # organisation or country the actor speaks for
    country_code: str = ""  # ISO 3166-1 alpha-2 where known


@dataclass
class EntityMention:
    start: int
    end: int
    text: str
    ner_label: str  # spaCy label, or the rule that found it (e.g. "TITLE_RULE")
    actor_id: str


@dataclass
class Statement:
    content: Span
    kind: str  # one of STATEMENT_KINDS
    speaker: Span | None
    speaker_actor_id: str | None
    cue: Span | None
    # the cue is negated: "Israel has not confirmed its involvement in the strike", "did not
    # deny the claims"; the content is what the speaker did not say, confirm or deny
    negated: bool = False


@dataclass
class IssueMention:
    issue_id: str
    start: int
    end: int
    evidence: str
    statement_index: int | None = None  # index into TaggedArticle.statements


@dataclass
class IssueScore:
    """An issue an article (or one of its statements) is about: a CAP topic found by the topic
    classifier or a taxonomy issue named in the text, with a score in [0, 1]; one per article
    (and per statement) is primary. ``evidence``: the first matched span, or for a topic the
    sentence most typical of it."""

    issue_id: str
    score: float
    is_primary: bool
    evidence: str
    statement_index: int | None = None  # set for a statement's issues


@dataclass
class TaggedArticle:
    article_id: str
    actors: list[Actor]
    entities: list[EntityMention]
    statements: list[Statement]
    issues: list[IssueMention]
    candidate_issues: list[str] = field(default_factory=list)
    about: list[IssueScore] = field(default_factory=list)  # the article's issues, primary first
    statement_about: list[IssueScore] = field(default_factory=list)  # per statement
    # Set when tagging this article failed (``tagging failed: <type>: <message>``); everything
    # else is then empty, and the load quarantines the article with this reason.
    error: str | None = None
