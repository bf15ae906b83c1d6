"""Shared helpers for the NLP tests: one spaCy model and tagger per test session (loading the
model takes seconds), the sample article, and small lookups over a TaggedArticle."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from extract.records import Actor, Statement, TaggedArticle
from extract.sources.documents import split_header

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "2024-04-20-blinken-china-visit.txt"


@lru_cache(maxsize=1)
def shared_tagger():
    from extract.nlp.tagger import Tagger

    return Tagger()


def sample_body() -> str:
    return split_header(SAMPLE.read_text(encoding="utf-8"))[1]


@lru_cache(maxsize=1)
def tagged_sample() -> TaggedArticle:
    return shared_tagger().tag("sample", sample_body())


def actor_by_name(tagged: TaggedArticle, name: str) -> Actor:
    hits = [a for a in tagged.actors if a.name == name]
    assert hits, f"no actor {name!r} in {[a.name for a in tagged.actors]}"
    return hits[0]


def speaker_name(tagged: TaggedArticle, st: Statement) -> str | None:
    actors = {a.actor_id: a for a in tagged.actors}
    a = actors.get(st.speaker_actor_id) if st.speaker_actor_id else None
    return a.name if a else None


def statement_with(tagged: TaggedArticle, text: str) -> Statement:
    hits = [s for s in tagged.statements if text in s.content.text]
    assert hits, f"no statement containing {text!r}: {[s.content.text for s in tagged.statements]}"
    return hits[0]


def tag(text: str) -> TaggedArticle:
    return shared_tagger().tag("t", text)
