"""What an article and each of its statements are about: ranked, scored issues, one primary.

Two signals meet here. The topic model (``model.py``) gives every text a probability per CAP
major topic, so every article gets a topic even when no curated issue applies. The taxonomy's
patterns (``extract/nlp/issues.py``) are high-precision evidence for the fine issues beneath the
topics, and the only way an ``event`` issue (a 2024 bill, an election) enters. An issue's score
mixes how strongly the article names it (mentions, saturating) with the probability of its
topic, so a passing mention in an article about something else ranks low. The primary issue is
the best-scored issue under the article's top topic, or that topic itself when none was named.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path

from extract.nlp.topics.model import TopicModel, TopicScores
from extract.records import IssueMention, IssueScore, Statement

LEAD_CHARS = 400  # the lead says what the article is about: its words count twice
MENTION_WEIGHT = 0.5  # share of an issue's score from its own mentions (the rest: its topic)
MENTION_SCALE = 2.0  # mentions for ~63% of the mention share: 1 -> 0.39, 3 -> 0.78, 6 -> 0.95
SECOND_TOPIC = 0.25  # another topic is listed when at least this probable
STATEMENT_TOPIC = 0.35  # a statement's own topic is kept when at least this probable
# The mean over a whole article's pieces is dominated by common words, so its logits are flat
# (the Blinken sample: 0.12 for its top topic, where 0.5-0.8 reads right): sharpened by these
# factors. Ranking is unchanged; only the scores mixed with mentions move.
ARTICLE_SHARPEN = 3.0
STATEMENT_SHARPEN = 2.0
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'\u201d\u2019)]*|\n|$)")


@dataclass(frozen=True)
class TaxonomyIssue:
    issue_id: str
    cap_code: int
    level: str  # "topic", "issue" or "event"


class Taxonomy:
    """The taxonomy's issues with their CAP code and level, and the topic row of each code."""

    def __init__(self, issues: list[TaxonomyIssue]):
        self.issues = {i.issue_id: i for i in issues}
        self.topic_of_code = {i.cap_code: i.issue_id for i in issues if i.level == "topic"}

    @classmethod
    def from_csv(cls, path: Path) -> Taxonomy:
        out = []
        with open(path, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row.get("issue_id") and (row.get("cap_code") or "").strip():
                    out.append(TaxonomyIssue(row["issue_id"].strip(), int(row["cap_code"]),
                                             (row.get("issue_level") or "issue").strip()))
        return cls(out)


class AboutTagger:
    def __init__(self, taxonomy: Taxonomy, model: TopicModel | None = None):
        self.taxonomy = taxonomy
        self.model = model or TopicModel.default()

    def topics(self, body: str) -> TopicScores:
        m = self.model
        return m.score_ids(m.ids(body[:LEAD_CHARS]) + m.ids(body), sharpen=ARTICLE_SHARPEN)

    def article(self, body: str, mentions: list[IssueMention]) -> list[IssueScore]:
        """Ranked issues of the article (the primary first): its topic(s) and every named
        issue, each with a score in [0, 1] and its evidence."""
        scores = self.topics(body)
        prob = dict(zip(scores.codes, scores.probs.tolist(), strict=True))
        ranked = scores.ranked()
        top_code = ranked[0][0]
        out = self._named(mentions, prob)
        named_in_top = [s for s in out if self._code(s.issue_id) == top_code]
        for code, p in ranked:
            if code != top_code and p < SECOND_TOPIC:
                break
            topic_id = self.taxonomy.topic_of_code.get(code)
            if topic_id is not None:
                out.append(IssueScore(topic_id, round(p, 4), False,
                                      self.typical_sentence(body, code)))
        primary = max(named_in_top, key=lambda s: s.score, default=None)
        if primary is None:
            primary = next((s for s in out if s.issue_id == self.taxonomy.topic_of_code.get(
                top_code)), None)
        if primary is not None:
            primary.is_primary = True
        out.sort(key=lambda s: (not s.is_primary, -s.score, s.issue_id))
        return out

    def statements(self, statements: list[Statement],
                   mentions: list[IssueMention]) -> list[IssueScore]:
        """Per statement (``statement_index`` set): the issues named inside it and, when the
        model is confident enough, its own topic; the best one primary."""
        out: list[IssueScore] = []
        by_statement: dict[int, list[IssueMention]] = {}
        for m in mentions:
            if m.statement_index is not None:
                by_statement.setdefault(m.statement_index, []).append(m)
        for i, st in enumerate(statements):
            scores = self.model.score_ids(self.model.ids(st.content.text),
                                          sharpen=STATEMENT_SHARPEN)
            prob = dict(zip(scores.codes, scores.probs.tolist(), strict=True))
            rows = self._named(by_statement.get(i, []), prob)
            code, p = scores.ranked(1)[0]
            topic_id = self.taxonomy.topic_of_code.get(code)
            if scores.pieces and p >= STATEMENT_TOPIC and topic_id is not None:
                rows.append(IssueScore(topic_id, round(p, 4), False, st.content.text))
            if rows:
                best = max(rows, key=lambda s: s.score)
                best.is_primary = True
                for r in rows:
                    r.statement_index = i
                out.extend(sorted(rows, key=lambda s: (not s.is_primary, -s.score)))
        return out

    def _code(self, issue_id: str) -> int | None:
        issue = self.taxonomy.issues.get(issue_id)
        return issue.cap_code if issue else None

    def _named(self, mentions: list[IssueMention], prob: dict[int, float]) -> list[IssueScore]:
        counts: dict[str, int] = {}
        first: dict[str, IssueMention] = {}
        for m in mentions:
            counts[m.issue_id] = counts.get(m.issue_id, 0) + 1
            first.setdefault(m.issue_id, m)
        out = []
        for issue_id, n in counts.items():
            code = self._code(issue_id)
            p = prob.get(code, 0.0) if code is not None else 0.0
            strength = 1.0 - math.exp(-n / MENTION_SCALE)
            score = MENTION_WEIGHT * strength + (1 - MENTION_WEIGHT) * p
            out.append(IssueScore(issue_id, round(score, 4), False, first[issue_id].evidence))
        return out

    def typical_sentence(self, body: str, code: int) -> str:
        """The sentence the model finds most typical of topic ``code`` (the evidence of a
        topic found by the classifier rather than by a pattern)."""
        k = self.model.codes.index(code)
        best, best_z = "", -math.inf
        for m in _SENTENCE.finditer(body[:20_000]):
            text = m.group().strip()
            ids = self.model.ids(text)
            if len(ids) < 4:
                continue
            z = float(self.model.logits_of_ids(ids)[k])
            if z > best_z:
                best, best_z = text, z
        return best[:300]
