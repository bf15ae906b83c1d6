"""Consistency of the gold set (tests/gold): every annotation points into its article body, every
speaker is a listed actor, every issue is in the taxonomy. See README.md for the guidelines."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from expectations.config import MART_ACTOR_TYPES

GOLD = Path(__file__).resolve().parent
TAXONOMY = GOLD.parents[1] / "dbt" / "seeds" / "issue_taxonomy.csv"
CASES = sorted(p.stem for p in GOLD.glob("*.json"))
KINDS = {"direct", "indirect", "mixed"}


def body_of(text: str) -> str:
    """The body per docs/contracts.md: the text after the date / title / url header lines.

    The bundled sample runs its first paragraph on after the date on the same line; the body then
    starts after the date token."""
    m = re.match(r"\s*date[ \t]+\d{4}-\d{2}-\d{2}[ \t]*\n?", text)
    assert m, "missing date line"
    rest = text[m.end():]
    while h := re.match(r"(?:title|url):[^\n]*\n", rest):
        rest = rest[h.end():]
    return rest


def load(name: str) -> tuple[str, dict]:
    body = body_of((GOLD / f"{name}.txt").read_text(encoding="utf-8"))
    return body, json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))


def test_every_article_is_annotated():
    assert len(CASES) >= 18
    assert sorted(p.stem for p in GOLD.glob("*.txt")) == CASES


@pytest.mark.parametrize("name", CASES)
def test_statements_point_into_body(name):
    body, gold = load(name)
    names = {a["name"] for a in gold["actors"]}
    starts = []
    for s in gold["statements"]:
        content, occ = s["content"], s.get("occurrence", 1)
        assert content and content == content.strip(), content
        assert body.count(content) >= occ, f"{content!r} not found {occ}x"
        pos = -1
        for _ in range(occ):
            pos = body.find(content, pos + 1)
        starts.append(pos)
        assert s["kind"] in KINDS
        assert isinstance(s.get("negated", False), bool), s
        assert s["speaker"] is None or s["speaker"] in names, s["speaker"]
    assert starts == sorted(starts), "statements not in text order"
    assert len(set(starts)) == len(starts)


@pytest.mark.parametrize("name", CASES)
def test_actors_and_issues(name):
    _, gold = load(name)
    with open(TAXONOMY, newline="", encoding="utf-8") as fh:
        ids = {row["issue_id"] for row in csv.DictReader(fh)}
    names = [a["name"] for a in gold["actors"]]
    assert len(names) == len(set(names))
    assert all(a["type"] in MART_ACTOR_TYPES for a in gold["actors"])
    assert gold["issues"] and set(gold["issues"]) <= ids, set(gold["issues"]) - ids
