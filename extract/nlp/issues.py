"""Issues: taxonomy patterns matched in the body, and candidate issues for taxonomy review.

The taxonomy CSV (``dbt/seeds/issue_taxonomy.csv``) gives each issue ``patterns``:
``|``-separated case-insensitive regular expressions, matched on word boundaries. The body is
scanned once, word start by word start: patterns are bucketed by the letter they must start
with, so at each word start only one compiled alternation (that letter's) is tried; where it
matches, the few issues with a pattern in that bucket are tested, so overlapping issues all
count. (One alternation of all ~3,000 patterns, tried at every position, is ~10x slower.)
"""

from __future__ import annotations

import csv
import logging
import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from extract.records import IssueMention, Statement

log = logging.getLogger(__name__)

STOP_HEADS = {
    "time", "times", "year", "years", "day", "days", "week", "weeks", "month", "months",
    "way", "ways", "thing", "things", "part", "lot", "number", "people", "official",
    "officials", "statement", "comment", "comments", "spokesperson", "spokesman", "others",
    "one", "ones", "end", "side", "kind", "point", "percent", "%", "today", "yesterday",
}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his",
               "her", "our", "my", "your", "some", "any", "all", "other", "such", "many",
               "much", "more", "most", "several", "each", "every", "both", "no"}


@dataclass
class Issue:
    issue_id: str
    patterns: list[str]
    regex: re.Pattern


def _wrap(pattern: str) -> str:
    return rf"(?<!\w)(?:{pattern})(?!\w)"


_LOOKBEHIND = re.compile(r"^\(\?<[!=](?:[^()\\]|\\.)*\)")
_WORD_START = re.compile(r"(?<!\w)\w")


def _first_letter(pattern: str) -> str | None:
    """The letter every match of ``pattern`` starts with, if it is a plain literal."""
    p = pattern
    while (m := _LOOKBEHIND.match(p)) is not None:
        p = p[m.end():]
    if p[:1].isalnum() and p[1:2] not in ("?", "*", "{"):
        return p[0].lower()
    return None


class IssueMatcher:
    def __init__(self, issues: list[Issue]):
        self.issues = issues
        by_letter: dict[str | None, list[str]] = {}
        issues_by_letter: dict[str | None, list[Issue]] = {}
        for issue in issues:
            for p in issue.patterns:
                letter = _first_letter(p)
                by_letter.setdefault(letter, []).append(p)
                bucket = issues_by_letter.setdefault(letter, [])
                if not bucket or bucket[-1] is not issue:
                    bucket.append(issue)
        self.buckets = {
            letter: (re.compile(_wrap("|".join(pats)), re.IGNORECASE), issues_by_letter[letter])
            for letter, pats in by_letter.items()
        }
        self.generic = self.buckets.pop(None, None)

    @classmethod
    def from_csv(cls, path: Path | None) -> IssueMatcher:
        if path is None or not Path(path).exists():
            log.warning("issue taxonomy %s not found: no issues will be tagged", path)
            return cls([])
        issues = []
        with open(path, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                issue_id = (row.get("issue_id") or "").strip()
                raw = (row.get("patterns") or "").strip()
                if not issue_id or not raw:
                    continue
                pats = []
                for p in raw.split("|"):
                    p = p.strip()
                    if not p:
                        continue
                    try:
                        re.compile(p)
                    except re.error as exc:
                        log.warning("issue %s: bad pattern %r skipped (%s)", issue_id, p, exc)
                        continue
                    pats.append(p)
                if pats:
                    regex = re.compile(_wrap("|".join(pats)), re.IGNORECASE)
                    issues.append(Issue(issue_id, pats, regex))
        return cls(issues)

    def match(self, body: str, statements: list[Statement]) -> list[IssueMention]:
        if not self.issues:
            return []
        starts = [s.content.start for s in statements]
        order = sorted(range(len(statements)), key=lambda i: starts[i])
        sorted_starts = [starts[i] for i in order]
        out: list[IssueMention] = []
        buckets, generic = self.buckets, self.generic
        for w in _WORD_START.finditer(body):
            i = w.start()
            candidates: list[Issue] = []
            bucket = buckets.get(body[i].lower())
            if bucket is not None and bucket[0].match(body, i):
                candidates = bucket[1]
            if generic is not None and generic[0].match(body, i):
                candidates = candidates + generic[1]
            seen: set[str] = set()
            for issue in candidates:
                if issue.issue_id in seen:
                    continue
                seen.add(issue.issue_id)
                im = issue.regex.match(body, i)
                if im is None or im.end() == im.start():
                    continue
                s, e = im.start(), im.end()
                out.append(IssueMention(issue.issue_id, s, e, body[s:e],
                                        _statement_at(s, e, sorted_starts, order, statements)))
        return out


def _statement_at(s: int, e: int, sorted_starts: list[int], order: list[int],
                  statements: list[Statement]) -> int | None:
    k = bisect_right(sorted_starts, s) - 1
    while k >= 0:
        st = statements[order[k]]
        if st.content.start <= s and e <= st.content.end:
            return order[k]
        if st.content.end < s and k < len(order) - 1 and sorted_starts[k] < s - 5000:
            break
        k -= 1
    return None


def candidate_issues(doc: Doc, issues: list[IssueMention], limit: int = 20) -> list[str]:
    """Salient noun phrases for taxonomy review: noun chunks (without determiners) seen at
    least twice, that are not entity names and overlap no issue match; most frequent first."""
    covered = [(m.start, m.end) for m in issues]
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for chunk in doc.noun_chunks:
        root = chunk.root
        if root.pos_ not in ("NOUN",) or root.ent_type_ or root.lower_ in STOP_HEADS:
            continue
        toks = [t for t in chunk if t.lower_ not in DETERMINERS and not t.is_punct
                and t.pos_ not in ("PRON", "NUM") and not t.ent_type_]
        if not toks or toks[-1].i != root.i:
            continue
        s, e = toks[0].idx, root.idx + len(root.text)
        if any(a < e and s < b for a, b in covered):
            continue
        phrase = " ".join(t.lower_ for t in toks)
        if len(phrase) < 4:
            continue
        counts[phrase] = counts.get(phrase, 0) + 1
        first.setdefault(phrase, s)
    keep = [p for p, c in counts.items() if c >= 2]
    keep.sort(key=lambda p: (-counts[p], first[p]))
    return keep[:limit]
