"""Score the tagger against the hand-annotated gold set (``tests/gold/NAME.txt`` + ``NAME.json``).

Metrics (per file and in total):

- statement content precision/recall/F1: a predicted statement matches a gold one when their
  content spans overlap by at least 30% (and, separately, 80%) of the gold span; matching is
  one-to-one, greedy by overlap;
- speaker accuracy over the statements matched at 30%: the predicted speaker actor's canonical
  name (or one of its aliases) equals the gold speaker name, case- and accent-insensitively
  (a gold ``null`` speaker matches a prediction without speaker actor);
- negation agreement over the same matched statements: the gold ``negated`` flag (default
  false: "did not deny the claims" is negated) equals the prediction's;
- actor precision/recall/F1: (normalised name, type) pairs, places excluded; a predicted actor
  also matches through one of its aliases;
- issue precision/recall/F1: the set of issue ids of the article.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extract.ids import normalise_name
from extract.sources.documents import split_header

THRESHOLDS = (0.3, 0.8)
@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class FileReport:
    name: str
    statements: dict[float, Counts] = field(default_factory=dict)
    speaker_correct: int = 0
    speaker_total: int = 0
    negation_errors: int = 0  # matched statements whose negated flag differs from the gold's
    actors: Counts = field(default_factory=Counts)
    issues: Counts = field(default_factory=Counts)
    # "about" vs "mentioned" (#15): is the article's primary issue one of the gold issues?
    primary_correct: int = 0
    primary_total: int = 0
    errors: list[str] = field(default_factory=list)  # human-readable misses, for tuning

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_total if self.speaker_total else 1.0


@dataclass
class EvalReport:
    files: list[FileReport]
    total: FileReport  # the floors CI holds it to: tests/gold/test_gold_floor.py


def name_key(name: str | None) -> str:
    """The comparison key of a name: case-, accent- and space-insensitive, dots dropped, ’ as '."""
    return normalise_name(name or "").replace(".", "").replace("\u2019", "'")


def _locate(body: str, content: str, occurrence: int) -> tuple[int, int] | None:
    pos = -1
    for _ in range(max(1, occurrence)):
        pos = body.find(content, pos + 1)
        if pos < 0:
            return None
    return pos, pos + len(content)


Pieces = Sequence[tuple[int, int]]  # a span, possibly discontinuous: [start, end) pieces


def overlap(a: Pieces, b: Pieces) -> int:
    """Characters two (possibly discontinuous) spans share; pieces of one span never overlap."""
    return sum(max(0, min(ae, be) - max(as_, bs)) for as_, ae in a for bs, be in b)


def match_spans(gold: list[Pieces], pred: list[Pieces],
                threshold: float) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs, greedy by overlap: a pair qualifies when the
    overlap covers at least ``threshold`` of the gold span's characters (all its pieces)."""
    cands = []
    for gi, g in enumerate(gold):
        glen = max(1, sum(e - s for s, e in g))
        for pi, p in enumerate(pred):
            ov = overlap(g, p)
            if ov > 0 and ov / glen >= threshold:
                cands.append((ov, -gi, -pi))
    cands.sort(reverse=True)
    used_g, used_p, pairs = set(), set(), []
    for _ov, ngi, npi in cands:
        gi, pi = -ngi, -npi
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def _match_statements(gold: list[tuple[int, int]], pred: list[tuple[int, int]],
                      threshold: float) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs, greedy by overlap."""
    return match_spans([[g] for g in gold], [[p] for p in pred], threshold)


def actor_keys(actor) -> set[str]:
    """The normalised keys a predicted actor answers to: its canonical name and its aliases."""
    return {name_key(actor.name), *(name_key(a) for a in actor.aliases)}


def evaluate_file(name: str, text: str, gold: dict, tagger) -> FileReport:
    _header, body = split_header(text)
    tagged = tagger.tag(name, body)
    report = FileReport(name)
    actors = {a.actor_id: a for a in tagged.actors}
    # statements
    gold_spans, gold_rows = [], []
    for g in gold.get("statements", []):
        loc = _locate(body, g["content"], int(g.get("occurrence", 1) or 1))
        if loc is None:
            report.errors.append(f"gold content not found in body: {g['content'][:60]!r}")
            continue
        gold_spans.append(loc)
        gold_rows.append(g)
    pred_spans = [(s.content.start, s.content.end) for s in tagged.statements]
    for th in THRESHOLDS:
        pairs = _match_statements(gold_spans, pred_spans, th)
        report.statements[th] = Counts(len(pairs), len(pred_spans) - len(pairs),
                                       len(gold_spans) - len(pairs))
        if th != THRESHOLDS[0]:
            continue
        matched_g = {g for g, _ in pairs}
        matched_p = {p for _, p in pairs}
        for gi, pi in pairs:
            gname = gold_rows[gi].get("speaker")
            st = tagged.statements[pi]
            actor = actors.get(st.speaker_actor_id) if st.speaker_actor_id else None
            if gname is None:
                ok = actor is None
            elif actor is None:
                ok = False
            else:
                ok = name_key(gname) in actor_keys(actor)
            report.speaker_total += 1
            report.speaker_correct += int(ok)
            if bool(gold_rows[gi].get("negated", False)) != st.negated:
                report.negation_errors += 1
                report.errors.append(f"negation: gold {bool(gold_rows[gi].get('negated'))}, "
                                     f"got {st.negated} for {gold_rows[gi]['content'][:60]!r}")
            if not ok:
                report.errors.append(
                    f"speaker: gold {gname!r}, got {actor.name if actor else None!r} "
                    f"for {gold_rows[gi]['content'][:60]!r}")
        for gi, g in enumerate(gold_rows):
            if gi not in matched_g:
                report.errors.append(f"missed statement ({g.get('speaker')}): "
                                     f"{g['content'][:90]!r}")
        for pi, st in enumerate(tagged.statements):
            if pi not in matched_p:
                a = actors.get(st.speaker_actor_id) if st.speaker_actor_id else None
                report.errors.append(f"extra statement ({a.name if a else None}): "
                                     f"{st.content.text[:90]!r}")
    # actors (places excluded)
    gold_actors = {(name_key(a["name"]), a["type"]) for a in gold.get("actors", [])
                   if a.get("type") != "place"}
    pred_actors = [a for a in tagged.actors if a.actor_type != "place"]
    matched = set()
    fp = []
    for a in pred_actors:
        keys = [(name_key(n), a.actor_type) for n in [a.name, *a.aliases]]
        hit = next((k for k in keys if k in gold_actors and k not in matched), None)
        if hit is None:
            fp.append(a)
        else:
            matched.add(hit)
    report.actors = Counts(len(matched), len(fp), len(gold_actors) - len(matched))
    report.errors.extend(f"extra actor: {a.name} ({a.actor_type})" for a in fp)
    report.errors.extend(f"missed actor: {n} ({t})" for n, t in sorted(gold_actors - matched))
    # issues
    gold_issues = set(gold.get("issues", []))
    pred_issues = {m.issue_id for m in tagged.issues}
    report.issues = Counts(len(gold_issues & pred_issues), len(pred_issues - gold_issues),
                           len(gold_issues - pred_issues))
    report.errors.extend(f"extra issue: {i}" for i in sorted(pred_issues - gold_issues))
    report.errors.extend(f"missed issue: {i}" for i in sorted(gold_issues - pred_issues))
    primary = next((s.issue_id for s in tagged.about if s.is_primary), None)
    if gold_issues and primary is not None:
        report.primary_total = 1
        report.primary_correct = int(primary in gold_issues)
        if primary not in gold_issues:
            report.errors.append(f"primary issue not in gold: {primary}")
    return report


def evaluate(gold_dir: Path, tagger) -> EvalReport:
    """Tag every ``NAME.txt`` that has a ``NAME.json`` in ``gold_dir`` and score it."""
    gold_dir = Path(gold_dir)
    files = []
    for txt in sorted(gold_dir.glob("*.txt")):
        ann = txt.with_suffix(".json")
        if not ann.exists():
            continue
        gold = json.loads(ann.read_text(encoding="utf-8"))
        files.append(evaluate_file(txt.stem, txt.read_text(encoding="utf-8"), gold, tagger))
    total = FileReport("TOTAL")
    for th in THRESHOLDS:
        total.statements[th] = Counts()
    for f in files:
        for th in THRESHOLDS:
            total.statements[th].add(f.statements[th])
        total.speaker_correct += f.speaker_correct
        total.speaker_total += f.speaker_total
        total.negation_errors += f.negation_errors
        total.actors.add(f.actors)
        total.issues.add(f.issues)
        total.primary_correct += f.primary_correct
        total.primary_total += f.primary_total
    return EvalReport(files, total)


def render(report: EvalReport, details: bool = False) -> str:
    """A plain-text table: one row per file, then the totals."""
    head = (f"{'file':38s} {'stmt P/R/F1 @0.3':>18s} {'F1@0.8':>7s} {'speaker':>8s} "
            f"{'actor P/R/F1':>16s} {'issue P/R':>10s}")
    lines = [head, "-" * len(head)]
    for f in [*report.files, report.total]:
        s3, s8 = f.statements.get(0.3, Counts()), f.statements.get(0.8, Counts())
        if f is report.total:
            lines.append("-" * len(head))
        lines.append(
            f"{f.name[:38]:38s} {s3.precision:5.2f}/{s3.recall:4.2f}/{s3.f1:4.2f}    "
            f"{s8.f1:7.2f} {f.speaker_accuracy:8.2f} "
            f"{f.actors.precision:5.2f}/{f.actors.recall:4.2f}/{f.actors.f1:4.2f} "
            f"{f.issues.precision:5.2f}/{f.issues.recall:4.2f}")
    t = report.total
    s3 = t.statements[0.3]
    lines.append("")
    lines.append(
        f"statements: {s3.tp} matched of {s3.tp + s3.fn} gold, {s3.tp + s3.fp} predicted; "
        f"speakers {t.speaker_correct}/{t.speaker_total}; negation errors {t.negation_errors}; "
        f"actors {t.actors.tp} matched, {t.actors.fp} extra, {t.actors.fn} missed")
    lines.append(
        f"issues: mentioned P/R {t.issues.precision:.2f}/{t.issues.recall:.2f}; primary issue "
        f"(what the article is about) in gold {t.primary_correct}/{t.primary_total}")
    if details:
        for f in report.files:
            if f.errors:
                lines.append(f"\n== {f.name}")
                lines.extend("  " + e for e in f.errors)
    return "\n".join(lines)


def main_eval(gold_dir: str, details: bool = False) -> int:
    """``newsdw eval GOLD_DIR``: print the report; exit 0, or 1 when there is nothing to score
    or the gold directory is missing."""
    path = Path(gold_dir)
    if not path.is_dir():
        print(f"gold directory not found: {gold_dir}", file=sys.stderr)
        return 1
    from extract.nlp.tagger import Tagger

    report = evaluate(path, Tagger())
    if not report.files:
        print(f"no gold files (NAME.txt + NAME.json) in {gold_dir}", file=sys.stderr)
        return 1
    print(render(report, details=details))
    return 0
