"""The topic dev set (``tests/topics_dev/cap_dev.tsv``) and its scorer.

Items are Wikinews headlines with their first sentence, each coded by hand with one CAP major
topic (``tests/topics_dev/GUIDELINES.md``). The scorer reports what ``newsdw eval --topics``
prints: coverage (items given a topic), top-1 and top-3 accuracy, macro-F1 over the topics the
set holds, and per topic precision, recall and F1.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

DEV_SET = Path(__file__).resolve().parents[3] / "tests/topics_dev/cap_dev.tsv"


@dataclass(frozen=True)
class DevItem:
    item_id: str
    cap_code: int
    text: str  # title, then the lead sentence


def load_dev(path: Path = DEV_SET) -> list[DevItem]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        return [DevItem(r["item_id"], int(r["cap_code"]),
                        ". ".join(p for p in (r["title"].strip(), r["lead"].strip()) if p))
                for r in rows]


@dataclass
class TopicFigures:
    n: int
    covered: int
    top1: int
    top3: int
    per_topic: dict[int, tuple[int, int, int]] = field(default_factory=dict)  # tp, fp, fn

    @property
    def coverage(self) -> float:
        return self.covered / self.n if self.n else 0.0

    @property
    def top1_accuracy(self) -> float:
        return self.top1 / self.n if self.n else 0.0

    @property
    def top3_accuracy(self) -> float:
        return self.top3 / self.n if self.n else 0.0

    def f1(self, code: int) -> float:
        tp, fp, fn = self.per_topic.get(code, (0, 0, 0))
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    @property
    def macro_f1(self) -> float:
        """Over the topics the gold set holds (a topic only ever predicted counts as 0 in its
        precision but has no gold row of its own)."""
        gold = [c for c, (tp, _, fn) in self.per_topic.items() if tp + fn]
        return sum(self.f1(c) for c in gold) / len(gold) if gold else 0.0


def score(items: Iterable[DevItem],
          predict: Callable[[str], list[tuple[int, float]]]) -> TopicFigures:
    """``predict(text)`` returns ranked ``(cap_code, score)``; an empty list is no topic."""
    items = list(items)
    fig = TopicFigures(len(items), 0, 0, 0)
    counts: dict[int, list[int]] = {}
    for it in items:
        ranked = predict(it.text)
        top = [c for c, _ in ranked[:3]]
        if top:
            fig.covered += 1
        fig.top1 += bool(top) and top[0] == it.cap_code
        fig.top3 += it.cap_code in top
        counts.setdefault(it.cap_code, [0, 0, 0])
        if top and top[0] == it.cap_code:
            counts[it.cap_code][0] += 1
        else:
            counts[it.cap_code][2] += 1
            if top:
                counts.setdefault(top[0], [0, 0, 0])[1] += 1
    fig.per_topic = {c: (v[0], v[1], v[2]) for c, v in sorted(counts.items())}
    return fig


def report(fig: TopicFigures, names: dict[int, str]) -> str:
    lines = [
        f"items {fig.n}  coverage {fig.coverage:.3f}  top-1 {fig.top1_accuracy:.3f}  "
        f"top-3 {fig.top3_accuracy:.3f}  macro-F1 {fig.macro_f1:.3f}",
        "",
        f"{'cap':>4}  {'topic':<46} {'gold':>5} {'pred':>5} {'prec':>6} {'rec':>6} {'F1':>6}",
    ]
    for code, (tp, fp, fn) in fig.per_topic.items():
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        lines.append(f"{code:>4}  {names.get(code, '?')[:46]:<46} {tp + fn:>5} {tp + fp:>5} "
                     f"{prec:>6.3f} {rec:>6.3f} {fig.f1(code):>6.3f}")
    return "\n".join(lines)


def main_topics(path: Path | None = None) -> int:
    """``newsdw eval --topics [FILE]``: the shipped topic model on the dev set."""
    from extract.nlp.topics.model import TopicModel
    from extract.nlp.topics.train import cap_topics

    model = TopicModel.default()
    fig = score(load_dev(path or DEV_SET), lambda text: model.score(text).ranked(3))
    print(report(fig, {int(t["cap_code"]): t["name"] for t in cap_topics()}))
    return 0
