"""Issues: taxonomy patterns matched in the body, and candidate issues for taxonomy review.

The taxonomy CSV (``dbt/seeds/issue_taxonomy.csv``) gives each issue ``patterns``:
``|``-separated case-insensitive regular expressions, matched on word boundaries. The body is
scanned once, word start by word start: patterns are bucketed by the two (or one) letters they
must start with, so at each word start only the small alternations of its prefix are tried;
where one matches, the few issues with a pattern in that bucket are tested, so overlapping
issues all count. (One alternation of all ~3,000 patterns at every position is ~20x slower.)
"""

from __future__ import annotations

import csv
import logging
import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from extract.nlp import rules
from extract.records import IssueMention, Statement

log = logging.getLogger(__name__)

# Candidate issues (word lists in extract/nlp/rules/): head nouns never proposed, and the
# determiners that end a candidate phrase on the left.
STOP_HEADS = rules.words("candidate_stop_heads")
DETERMINERS = rules.words("candidate_determiners")


@dataclass
class Issue:
    issue_id: str
    patterns: list[str]
    regex: re.Pattern


def _wrap(pattern: str) -> str:
    return rf"(?<!\w)(?:{pattern})(?!\w)"


_LOOKBEHIND = re.compile(r"^\(\?<[!=](?:[^()\\]|\\.)*\)")
_WORD_START = re.compile(r"(?<!\w)\w")


def _literal_prefix(pattern: str, n: int = 2) -> str:
    """Up to ``n`` lower-cased letters every match of ``pattern`` starts with ("" if none)."""
    p = pattern
    while (m := _LOOKBEHIND.match(p)) is not None:
        p = p[m.end():]
    out = ""
    for i, c in enumerate(p[:n]):
        if not c.isalnum() or p[i + 1:i + 2] in ("?", "*", "{", "|"):
            break
        out += c.lower()
    return out


class IssueMatcher:
    def __init__(self, issues: list[Issue]):
        self.issues = issues
        by_prefix: dict[str, list[str]] = {}
        issues_by_prefix: dict[str, list[Issue]] = {}
        for issue in issues:
            for p in issue.patterns:
                prefix = _literal_prefix(p)
                by_prefix.setdefault(prefix, []).append(p)
                bucket = issues_by_prefix.setdefault(prefix, [])
                if not bucket or bucket[-1] is not issue:
                    bucket.append(issue)
        self.buckets = {
            prefix: (re.compile(_wrap("|".join(pats)), re.IGNORECASE), issues_by_prefix[prefix])
            for prefix, pats in by_prefix.items()
        }

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
        buckets = self.buckets
        for w in _WORD_START.finditer(body):
            i = w.start()
            candidates: list[Issue] = []
            low = body[i:i + 2].lower()
            for key in (low, low[:1], ""):
                bucket = buckets.get(key)
                if bucket is not None and bucket[0].match(body, i):
                    candidates = candidates + bucket[1]
            if not candidates:
                continue
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
    """Salient noun phrases for taxonomy review: a common noun with its compound and adjective
    modifiers ("export controls", "defense industrial base"), seen at least twice, not part
    of an entity name and overlapping no issue match; most frequent first."""
    covered = sorted((m.start, m.end) for m in issues)
    starts = [a for a, _ in covered]
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.dep_ in ("compound", "amod") or tok.ent_type_ or \
                tok.lower_ in STOP_HEADS or len(tok.text) < 3:
            continue
        s_i = tok.i
        for c in reversed(list(tok.lefts)):
            if c.i != s_i - 1 or c.dep_ not in ("compound", "amod") or c.ent_type_ or \
                    c.lower_ in DETERMINERS or not c.is_alpha:
                break
            s_i = c.i
        s, e = doc[s_i].idx, tok.idx + len(tok.text)
        k = bisect_right(starts, e) - 1
        if k >= 0 and covered[k][1] > s:
            continue
        phrase = " ".join(t.lower_ for t in doc[s_i:tok.i + 1])
        counts[phrase] = counts.get(phrase, 0) + 1
        first.setdefault(phrase, s)
    keep = [p for p, c in counts.items() if c >= 2]
    keep.sort(key=lambda p: (-counts[p], first[p]))
    return keep[:limit]
