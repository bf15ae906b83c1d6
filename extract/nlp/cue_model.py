"""The learned cue model: which verbs outside the cue lexicon report speech or a stance here.

The rules (``statements.py``) fire only on the verbs of ``rules/cue_verbs.tsv``. Annotated news
also attributes with verbs no lexicon lists for every sense ("seemed to back", "voted to
repeal", "made clear that", "took aim at"), and most of their uses are no attribution at all.
With a model (``NEWSDW_STATEMENT_MODEL=FILE``) the finder builds the frame every other verb
would give as a cue (its subject as speaker, its complement or objects as content: the same
code as for a lexicon verb of mode ``both``) and keeps it when this model says so.

The model is a logistic regression over sparse features of that frame (the verb's form and
crude stem, its dependency and tense, how its content attaches, what its subject is, the size
of the content), stored as JSON: feature -> weight, a bias and a decision threshold. Scoring is
a dictionary lookup per feature, no library. ``python -m extract.nlp.cue_training`` (``newsdw
train-statements``) fits one on a corpus's training split.

No model ships with newsdw: the only annotated corpus it has been trained on (PolNeAR) has no
licence for redistribution, so a user trains it on their own copy; the file records what it was
trained on.
"""

from __future__ import annotations

import functools
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Token

    from extract.nlp.statements import Frame, StatementFinder

MODEL_ENV = "NEWSDW_STATEMENT_MODEL"
FORMAT = "newsdw-cue-model/1"

# Pronoun subjects by what they say about the speaker (a person speaks, "it" rarely does).
_PERSON_PRONOUNS = frozenset({"i", "we", "you", "he", "she", "they", "who"})
# Auxiliaries and copulas are never cues themselves: the verb they support is the candidate.
_NEVER = frozenset({"be", "is", "are", "was", "were", "been", "being", "am", "'s", "'re", "'m",
                    "do", "does", "did", "have", "has", "had", "having", "get", "got", "gets"})


class ModelError(ValueError):
    """A cue-model file that cannot be used (missing, not JSON, another format)."""


@dataclass(frozen=True)
class CueModel:
    """Weights of the logistic regression, and the probability above which a frame is kept.
    ``dense``: the weights of the parser's token vectors (see :func:`vector`), empty for a
    model of sparse features only."""

    weights: dict[str, float]
    bias: float
    threshold: float
    meta: dict = field(default_factory=dict)
    dense: tuple[float, ...] = ()

    def probability(self, features: list[str], vec: np.ndarray | None = None) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        if self.dense and vec is not None and len(vec) == len(self.dense):
            z += float(np.dot(self._dense, vec))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @functools.cached_property
    def _dense(self) -> np.ndarray:
        return np.asarray(self.dense, dtype=np.float32)

    def accepts(self, features: list[str], vec: np.ndarray | None = None) -> bool:
        return self.probability(features, vec) >= self.threshold

    def save(self, path: str | Path) -> None:
        doc = {"format": FORMAT, "threshold": self.threshold, "bias": self.bias,
               "meta": self.meta, "dense": [round(x, 6) for x in self.dense],
               "weights": dict(sorted(self.weights.items()))}
        Path(path).write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> CueModel:
        try:
            doc = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ModelError(f"cue model {path}: no such file") from None
        except (OSError, json.JSONDecodeError) as exc:
            raise ModelError(f"cue model {path}: not readable as JSON ({exc})") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise ModelError(f"cue model {path}: not a {FORMAT} file")
        return cls({str(k): float(v) for k, v in doc["weights"].items()}, float(doc["bias"]),
                   float(doc["threshold"]), doc.get("meta", {}),
                   tuple(float(x) for x in doc.get("dense", ())))


@functools.lru_cache(maxsize=4)
def _load_cached(path: str) -> CueModel:
    return CueModel.load(path)


def configured() -> CueModel | None:
    """The model ``NEWSDW_STATEMENT_MODEL`` names (loaded once per process), or None."""
    path = os.environ.get(MODEL_ENV, "").strip()
    return _load_cached(str(Path(path).expanduser().resolve())) if path else None


def is_candidate(tok: Token) -> bool:
    """A verb that could be a cue (not an auxiliary, a copula or a modal), or an adjective
    after a copula ("were willing to", "is confident that")."""
    return (tok.tag_.startswith("VB") or tok.pos_ == "ADJ" and tok.dep_ == "acomp") \
        and tok.dep_ not in ("aux", "auxpass") and tok.lower_ not in _NEVER and tok.is_alpha


def stem(word: str) -> str:
    """A crude stem, so that "votes", "voted" and "voting" share weight (the tagger runs
    without spaCy's lemmatizer)."""
    for suffix, keep in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""),
                         ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: len(word) - len(suffix)] + keep
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # "planned" -> "plann" -> "plan"
    return word.rstrip("e")


def vector(finder: StatementFinder, tok: Token, frame: Frame) -> np.ndarray | None:
    """The parser's own context vectors (``doc.tensor``) of the verb, its subject and the
    content's first word, end to end: they carry what the verb's form does not ("implored",
    "propounding": verbs too rare in training for a weight of their own). None when the
    pipeline keeps no tensor."""
    t = finder.doc.tensor
    if t is None or len(t.shape) != 2 or t.shape[0] != len(finder.doc) or not t.shape[1]:
        return None
    first = min(finder._tok_at(frame.pieces[0][0]), len(finder.doc) - 1)
    subj = t[frame.speaker_head] if frame.speaker_head is not None else np.zeros(t.shape[1])
    return np.concatenate([t[tok.i], subj, t[first]]).astype(np.float32)


@functools.cache
def _speech_nouns() -> frozenset[str]:
    # statements imports this module: its word lists are read at first use
    from extract.nlp.statements import CUE_NOUNS, SPEECH_OBJECTS, STATEMENT_NOUNS

    return frozenset(SPEECH_OBJECTS) | frozenset(STATEMENT_NOUNS) | frozenset(CUE_NOUNS)


def _size(words: int) -> str:
    return "1-3" if words <= 3 else "4-8" if words <= 8 else "9-20" if words <= 20 else "21+"


def features(finder: StatementFinder, tok: Token, frame: Frame,
             lemma: str | None = None) -> list[str]:
    """The sparse features of the frame a candidate verb gives (``lemma``: a lexicon verb's)."""
    doc = finder.doc
    w, s = tok.lower_, lemma or stem(tok.lower_)
    start_char = frame.pieces[0][0]
    first = finder._tok_at(start_char)
    # how the content attaches: the verb's child whose subtree holds the content's first token
    attach = "trailing" if frame.trailing else "other"
    if not frame.trailing:
        for c in tok.children:
            if c.left_edge.i <= first <= c.right_edge.i:
                attach = c.dep_ + (":" + c.lower_ if c.dep_ in ("prep", "prt") else "")
                break
    subj = doc[frame.speaker_head] if frame.speaker_head is not None else None
    if subj is None:
        subj_kind = "none"
    elif subj.pos_ == "PRON":
        subj_kind = "pron:" + ("person" if subj.lower_ in _PERSON_PRONOUNS else subj.lower_)
    elif subj.ent_type_:
        subj_kind = "ent:" + subj.ent_type_
    else:
        subj_kind = subj.pos_.lower()
    if subj is not None and finder.idx.mention_at(subj.i) is not None:
        subj_kind += "+actor"
    words = sum(len(finder.body[a:b].split()) for a, b in frame.pieces)
    quoted = finder.tok_quote[first] >= 0 if first < len(doc) else False
    modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in tok.children)
    xhead = tok.head.lower_ if tok.dep_ in ("xcomp", "ccomp", "conj", "advcl") else "-"
    out = [
        f"w={w}", f"s={s}", f"tag={tok.tag_}", f"dep={tok.dep_}", f"attach={attach}",
        f"subj={subj_kind}", f"size={_size(words)}", f"quoted={quoted}", f"modal={modal}",
        f"s|attach={s}|{attach}", f"s|dep={s}|{tok.dep_}", f"s|subj={s}|{subj_kind.split(':')[0]}",
        f"s|size={s}|{_size(words)}", f"attach|size={attach}|{_size(words)}",
        f"dep|attach={tok.dep_}|{attach}", f"head={xhead}", f"s|head={s}|{xhead}",
        f"pieces={len(frame.pieces)}", f"inherited={frame.inherited_from is not None}",
        f"lexicon={lemma is not None}",
    ]
    # what the verb acts on: "sent a letter", "unleashed a flurry of tweets", "took aim at":
    # a speech noun there (the lexicon's lists) says more than the rare verb
    obj = next((c for c in tok.children if c.i > tok.i and c.dep_ in ("dobj", "attr", "oprd")),
               None)
    if obj is not None:
        noun = obj.lower_.rstrip("s") if obj.pos_ == "NOUN" else obj.pos_
        out += [f"obj={noun}", f"s|obj={s}|{noun}",
                f"obj_speech={any(t.lower_ in _speech_nouns() for t in obj.subtree)}"]
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None:
        out.append(f"s|next={s}|{nxt.lower_ if nxt.is_alpha else nxt.tag_}")
    if first < len(doc):
        out.append(f"s|first={s}|{doc[first].lower_ if doc[first].is_stop else doc[first].pos_}")
    return out
