"""Fit the learned cue model (``cue_model.py``) on an annotated corpus's training split.

    newsdw train-statements --polnear DIR --out FILE

Steps: tag every training text with the rules, harvesting the frame every verb outside the cue
lexicon would give as a cue (``StatementFinder(harvest=True)``); label a frame positive when its
content matches (the scorer's rule: >= 30 % of the gold content's characters) a gold attribution
that the rules' own statements did not match; fit an L2-regularised logistic regression on the
frames' features; choose the decision threshold on out-of-fold probabilities (5 folds by text)
as the one that maximises the split's F1 @0.3 when the kept frames are added to the rules'
statements. Only the training split is read: dev is for measuring the result
(``NEWSDW_STATEMENT_MODEL=FILE newsdw eval --polnear DIR --split dev``), test stays held out.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date

import numpy as np
from scipy import sparse
from scipy.optimize import minimize

from extract.nlp import cue_model
from extract.nlp.evaluate import match_spans
from extract.nlp.polnear import (
    Document,
    load_split,
    match_document,
    spread,
    tag_documents,
)
from extract.nlp.statements import StatementFinder
from extract.nlp.tagger import Tagger
from extract.records import TaggedArticle

L2 = 1.0  # on the summed log-loss; 0.3 / 1 / 3 gave out-of-fold F1 gains within 0.002
MIN_COUNT = 2  # a feature seen once is noise
FOLDS = 5
THRESHOLD = 0.3  # the content-overlap threshold the labels use (the scorer's first)


@dataclass
class HarvestedArticle(TaggedArticle):
    """A tagged text with its learned-cue candidates: (features, token vectors, pieces)."""

    candidates: list[tuple[list[str], object, list[tuple[int, int]]]] = field(
        default_factory=list)


class HarvestTagger(Tagger):
    """The rules' tagger, recording the learned-cue candidates of every text."""

    def statement_finder(self, doc, body, actors) -> StatementFinder:
        self._finder = StatementFinder(doc, body, actors, harvest=True)
        return self._finder

    def tag_doc(self, article_id, body, doc) -> HarvestedArticle:
        tagged = super().tag_doc(article_id, body, doc)
        return HarvestedArticle(**{f.name: getattr(tagged, f.name) for f in fields(TaggedArticle)},
                                candidates=self._finder.candidates)


@dataclass
class Examples:
    """The labelled candidate frames of a split, and the rules' own counts on it."""

    features: list[list[str]]
    vectors: list[np.ndarray | None]
    labels: list[int]
    gold_ids: list[tuple[int, int] | None]  # (text, gold index) a positive matches
    texts: list[int]  # the text index of each example (folds are by text)
    gold: int  # gold attributions of the split
    predicted: int  # the rules' statements
    matched: int  # the rules' statements matching gold @0.3


def label(documents: list[Document], tagged: list[TaggedArticle]) -> Examples:
    ex = Examples([], [], [], [], [], 0, 0, 0)
    for ti, (doc, t) in enumerate(zip(documents, tagged, strict=True)):
        pairs = match_document(doc, t).pairs[THRESHOLD]
        ex.gold += len(doc.attributions)
        ex.predicted += len(t.statements)
        ex.matched += len(pairs)
        found = {gi for gi, _ in pairs}
        open_gold = [gi for gi in range(len(doc.attributions)) if gi not in found]
        candidates = getattr(t, "candidates", [])
        # one-to-one, as the scorer matches: of two frames over one gold content (a verb and
        # the verb of its complement) only the better one is right
        hits = {pi: open_gold[gi] for gi, pi in match_spans(
            [list(doc.attributions[g].content.pieces) for g in open_gold],
            [pieces for _, _, pieces in candidates], THRESHOLD)}
        for pi, (feats, vec, _) in enumerate(candidates):
            ex.features.append(feats)
            ex.vectors.append(vec)
            ex.labels.append(int(pi in hits))
            ex.gold_ids.append((ti, hits[pi]) if pi in hits else None)
            ex.texts.append(ti)
    return ex


def design(features: list[list[str]], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    rows, cols = [], []
    for r, feats in enumerate(features):
        for f in set(feats):
            c = vocabulary.get(f)
            if c is not None:
                rows.append(r)
                cols.append(c)
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)),
                             shape=(len(features), len(vocabulary)))


@dataclass(frozen=True)
class Scaler:
    """Standardises the token vectors (mean 0, variance 1 on the training rows), so one L2
    weight suits them and the one-hot features alike; folded into the weights when saved."""

    mean: np.ndarray
    scale: np.ndarray

    @classmethod
    def of(cls, vectors: np.ndarray) -> Scaler:
        return cls(vectors.mean(axis=0), vectors.std(axis=0) + 1e-6)

    def __call__(self, vectors: np.ndarray) -> np.ndarray:
        return (vectors - self.mean) / self.scale


def dense_matrix(vectors: list[np.ndarray | None]) -> np.ndarray:
    """The examples' token vectors as rows (zeros where a text had none)."""
    width = next((len(v) for v in vectors if v is not None), 0)
    return np.array([v if v is not None else np.zeros(width) for v in vectors],
                    dtype=float).reshape(len(vectors), width)


def full_design(ex: Examples, rows: np.ndarray, vocab: dict[str, int],
                scaler: Scaler) -> sparse.csr_matrix:
    x = design([ex.features[i] for i in rows], vocab)
    d = scaler(dense_matrix([ex.vectors[i] for i in rows]))
    return sparse.hstack([x, sparse.csr_matrix(d)]).tocsr()


def fit(x: sparse.csr_matrix, y: np.ndarray, l2: float = L2) -> tuple[np.ndarray, float]:
    """Weights and bias minimising the log-loss plus ``l2`` times the squared weights."""
    n, k = x.shape

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:k], theta[k]
        z = x @ w + b
        p = 1.0 / (1.0 + np.exp(-z))
        # log(1 + e^z) - y z, computed without overflow
        value = np.sum(np.logaddexp(0.0, z) - y * z) + l2 * w @ w
        r = p - y
        grad = np.concatenate([x.T @ r + 2 * l2 * w, [r.sum()]])
        return float(value), grad

    res = minimize(loss, np.zeros(k + 1), jac=True, method="L-BFGS-B",
                   options={"maxiter": 500})
    return res.x[:k], float(res.x[k])


def vocabulary_of(features: list[list[str]]) -> dict[str, int]:
    counts = Counter(f for feats in features for f in set(feats))
    kept = sorted(f for f, c in counts.items() if c >= MIN_COUNT)
    return {f: i for i, f in enumerate(kept)}


def out_of_fold(ex: Examples, l2: float = L2) -> np.ndarray:
    """Each example's probability from a model fitted on the other folds' texts."""
    y = np.array(ex.labels, dtype=float)
    fold = np.array([t % FOLDS for t in ex.texts])
    prob = np.zeros(len(y))
    dense = dense_matrix(ex.vectors)
    for k in range(FOLDS):
        train, held = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        vocab = vocabulary_of([ex.features[i] for i in train])
        scaler = Scaler.of(dense[train])
        w, b = fit(full_design(ex, train, vocab, scaler), y[train], l2)
        prob[held] = 1.0 / (1.0 + np.exp(-(full_design(ex, held, vocab, scaler) @ w + b)))
    return prob


@dataclass(frozen=True)
class Choice:
    threshold: float
    kept: int
    found: int  # distinct gold attributions the kept frames add
    f1_rules: float
    f1: float


def choose_threshold(ex: Examples, prob: np.ndarray) -> Choice:
    """The threshold with the best F1 @0.3 of the rules' statements plus the kept frames."""
    def f1(tp: int, pred: int) -> float:
        return 2 * tp / (pred + ex.gold) if pred + ex.gold else 0.0

    base = f1(ex.matched, ex.predicted)
    best = Choice(1.0, 0, 0, base, base)
    for t in np.arange(0.20, 0.91, 0.025):
        keep = prob >= t
        found = len({g for g, k in zip(ex.gold_ids, keep, strict=True) if k and g is not None})
        value = f1(ex.matched + found, ex.predicted + int(keep.sum()))
        if value > best.f1:
            best = Choice(round(float(t), 3), int(keep.sum()), found, base, value)
    return best


def train(root: str, *, limit: int | None = None, n_process: int | None = None,
          processes_for: Callable[[int], int] | None = None,
          progress: Callable[[str], None] | None = None,
          ) -> tuple[cue_model.CueModel, Choice, Examples]:
    """``n_process`` tagging processes, or ``processes_for(texts)``, or one."""
    documents = spread(load_split(root, "train"), limit)
    n = n_process or (processes_for(len(documents)) if processes_for else 1)
    tagger = HarvestTagger()
    tagged = tag_documents(documents, tagger, n)
    if progress:
        progress(f"tagged {len(documents)} training texts")
    ex = label(documents, tagged)
    if not ex.labels or not any(ex.labels):
        raise ValueError("no positive candidate frame in the training split: nothing to learn")
    prob = out_of_fold(ex)
    choice = choose_threshold(ex, prob)
    vocab = vocabulary_of(ex.features)
    rows = np.arange(len(ex.labels))
    scaler = Scaler.of(dense_matrix(ex.vectors))
    w, b = fit(full_design(ex, rows, vocab, scaler), np.array(ex.labels, dtype=float))
    weights = {f: round(float(w[i]), 5) for f, i in vocab.items() if abs(w[i]) >= 1e-4}
    # (v - mean) / scale . wd + b  ==  v . (wd / scale) + (b - mean . wd / scale)
    wd = w[len(vocab):] / scaler.scale
    b -= float(scaler.mean @ wd)
    meta = {
        "trained_on": f"PolNeAR train split ({len(documents)} texts)",
        "licence": "trained on PolNeAR, which has no licence for redistribution: "
                   "for your own use, do not publish this file",
        "date": date.today().isoformat(),
        "spacy_model": tagger.model_name,
        "candidates": len(ex.labels), "positives": int(sum(ex.labels)),
        "l2": L2, "min_count": MIN_COUNT,
        "out_of_fold": {"threshold": choice.threshold, "kept": choice.kept,
                        "gold_added": choice.found, "f1_rules": round(choice.f1_rules, 4),
                        "f1_with_model": round(choice.f1, 4)},
    }
    return cue_model.CueModel(weights, b, choice.threshold, meta,
                              tuple(float(x) for x in wd)), choice, ex


def main_train(root: str, out: str, *, limit: int | None = None, n_process: int | None = None,
               processes_for: Callable[[int], int] | None = None) -> int:
    """``newsdw train-statements``: exit 0, 1 when the split is missing or gives nothing."""
    try:
        model, choice, ex = train(root, limit=limit, n_process=n_process,
                                  processes_for=processes_for,
                                  progress=lambda m: print(m, file=sys.stderr))
    except (FileNotFoundError, ValueError) as exc:
        print(f"newsdw train-statements: {exc}", file=sys.stderr)
        return 1
    model.save(out)
    print(f"{len(ex.labels)} candidate frames ({sum(ex.labels)} positive) from "
          f"{model.meta['trained_on']}; {len(model.weights)} features")
    print(f"threshold {choice.threshold}: out-of-fold, the rules' F1 @0.3 {choice.f1_rules:.3f} "
          f"-> {choice.f1:.3f} ({choice.kept} frames kept, {choice.found} gold attributions "
          f"added)")
    print(f"model written to {out}; use it with {cue_model.MODEL_ENV}={out}")
    return 0
