"""The topic model at run time: a text in, a probability per CAP major topic out.

A text is split into BERT word pieces (lower-cased, accents stripped, greedy longest match as
WordPiece does), each piece looks up one row of ``table`` (its weighted static embedding already
multiplied by the classifier's weights, so a row is one logit contribution per topic) and the
rows are averaged: the classifier is linear in the mean embedding, so folding it into the table
is exact and a text costs one table lookup per piece. The artefact is a small ``.npz``; it is
loaded once per process (``TopicModel.default()``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_MODEL = DATA / "cap_topic_model.npz"

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_MAX_WORD = 40  # longer "words" (URLs, hashes) say nothing about the topic


def words(text: str) -> list[str]:
    """Lower-cased, accent-stripped words as BERT's basic tokenizer sees them (punctuation
    dropped: it carries no topic)."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return [w for w in _WORD.findall(text) if len(w) <= _MAX_WORD]


@dataclass(frozen=True)
class TopicScores:
    """Probabilities over ``codes`` (CAP major topic codes), highest first in ``ranked``."""

    codes: tuple[int, ...]
    probs: np.ndarray  # shape (len(codes),)
    pieces: int  # word pieces that counted; 0 means the text said nothing the model knows

    def ranked(self, k: int | None = None) -> list[tuple[int, float]]:
        order = np.argsort(-self.probs)[:k]
        return [(self.codes[i], float(self.probs[i])) for i in order]


class TopicModel:
    def __init__(self, vocab: list[str], table: np.ndarray, bias: np.ndarray,
                 codes: list[int]):
        self.index = {t: i for i, t in enumerate(vocab)}
        self.table = table.astype(np.float32)
        self.bias = bias.astype(np.float32)
        self.codes = tuple(int(c) for c in codes)

    @classmethod
    def load(cls, path: Path = DEFAULT_MODEL) -> TopicModel:
        with np.load(path, allow_pickle=False) as z:
            return cls(list(z["vocab"]), z["table"], z["bias"], list(z["codes"]))

    @staticmethod
    @functools.cache
    def default() -> TopicModel:
        """The shipped model, loaded once per process."""
        return TopicModel.load(DEFAULT_MODEL)

    @functools.lru_cache(maxsize=200_000)  # noqa: B019 - one model per process, words repeat
    def pieces(self, word: str) -> tuple[int, ...]:
        """WordPiece: the longest vocabulary prefix, then ``##`` continuations; a word with an
        unknown piece contributes nothing (BERT would give it [UNK])."""
        index = self.index
        if word in index:
            return (index[word],)
        out, start = [], 0
        while start < len(word):
            end, found = len(word), None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in index:
                    found = index[piece]
                    break
                end -= 1
            if found is None:
                return ()
            out.append(found)
            start = end
        return tuple(out)

    def ids(self, text: str) -> list[int]:
        out: list[int] = []
        for w in words(text):
            out.extend(self.pieces(w))
        return out

    def logits_of_ids(self, ids: list[int]) -> np.ndarray:
        if not ids:
            return self.bias.copy()
        return self.table[ids].mean(axis=0) + self.bias

    def score(self, text: str) -> TopicScores:
        ids = self.ids(text)
        return self.score_ids(ids)

    def score_ids(self, ids: list[int], sharpen: float = 1.0) -> TopicScores:
        z = self.logits_of_ids(ids) * sharpen
        p = np.exp(z - z.max())
        return TopicScores(self.codes, p / p.sum(), len(ids))
