"""Stable, content-derived identifiers: the same input always yields the same id, on any
machine and in any load order, so marts accumulate across days and re-runs replace rows."""

from __future__ import annotations

import hashlib
import unicodedata


def stable_id(*parts: object, length: int = 16) -> str:
    """Hex digest of the parts joined by an unambiguous separator."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def normalise_name(name: str) -> str:
    """Case-, accent- and whitespace-insensitive key for a canonical name."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def actor_id(name: str, actor_type: str) -> str:
    return "act_" + stable_id(normalise_name(name), actor_type)


def article_id(canonical_url: str | None, content_hash: str) -> str:
    return "art_" + stable_id(canonical_url or f"content:{content_hash}")


def content_hash(body: str) -> str:
    """Hash of the whitespace-normalised body: identical copies collide, layout does not matter."""
    return hashlib.sha256(" ".join(body.split()).encode("utf-8")).hexdigest()


def statement_id(article_id_: str, content_start: int, content_end: int) -> str:
    return "stm_" + stable_id(article_id_, content_start, content_end)
