"""Score the statement finder on PolNeAR (Political News Attribution Relations, brat standoff).

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates every attribution of 1,008 US political
news articles of 2015-2016: ``T`` lines are text-bound spans (``Source``, ``Cue``, ``Content``,
``Attribution``; a discontinuous span is ``Content 10 20;30 40``) and an ``E`` line ties the
roles of one attribution (``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1``; an
``Attribution-no-source`` event has no Source, a few events carry a second content piece as
``Content2``). Offsets are code-point offsets into ``<name>.txt`` (checked on every span of the
train and dev splits: ``text[start:end]`` is the span text, pieces joined by a space).

Layout: ``ROOT/{train,dev}/text/<name>.txt`` and
``ROOT/{train,dev}/attributions/<name>_<annotator>.ann`` (``ROOT`` is the corpus' ``data``
folder, or the folder above it), ``ROOT/metadata.tsv`` for the publisher. A text annotated by
several annotators is scored against **the first of its annotation files in sorted order**
(deterministic; the choice is counted in the report). An event without any Content span cannot
be matched and is skipped (counted); an event whose Source is "said" (or another bare
reporting word) and whose Cue is a name was annotated with the two roles swapped, and is
swapped back (counted). ``Discuss`` and ``Discard`` spans are annotators' notes,
not attributions, and are ignored. The ``test`` split is held out: :func:`load_split` refuses
it unless told it is the one scoring of a finished model.

Scoring (the rule of :mod:`extract.nlp.evaluate`, shared through ``match_spans``): the whole
``.txt`` (headline line included) is tagged as the body; a predicted statement matches a gold
attribution when its content span overlaps the gold content by at least 30% (and, separately,
80%) of the gold content's characters, all its pieces counted; one-to-one, greedy by overlap.
Over the attributions matched at 30%:

- **speaker accuracy**: correct when the predicted speaker span overlaps a piece of the gold
  Source span, or the predicted speaker actor's name or one of its aliases equals the gold
  Source text up to its first comma (an honorific dropped: "Mr. Trump"), or is a full name
  that text ends with after a title ("Democratic presidential candidate Bernie Sanders",
  "Jessie Elkins, 70,"; a trailing parenthesis dropped: "Sen. Ron Johnson (R-Wis.)";
  ``evaluate.name_key``: case-, accent-, space-insensitive), or the gold Source is a relative
  pronoun ("who") and the predicted span is its antecedent, ending at most
  ``RELATIVE_GAP`` characters before it ("Mark Zuckerberg, who"); a gold attribution
  without Source is correct only for a prediction without speaker (no span, no actor);
- **cue accuracy**: correct when the predicted cue span overlaps a piece of the gold Cue span;
  a gold attribution without Cue is correct only for a prediction without cue.

**Quoted vs unquoted**: a gold content is *quoted* when its text contains a double quotation
mark ``“``, ``”``, ``"`` or ``''`` (two apostrophes: the New York Times texts of PolNeAR write
their quotation marks so; a single ``’`` is not counted, it is mostly an apostrophe); a
predicted content when its text or the two characters right before or after it do (the
tagger's direct quotes leave the marks out, PolNeAR's contents include them); everything else
is *unquoted* (reported speech, paraphrase). Recall of a class is over the gold contents of that
class, precision over the predicted contents of that class.

**How sure**: a split of 84 texts gives a figure an interval, not a point. :func:`bootstrap`
draws the texts with replacement (``BOOTSTRAP_DRAWS`` times, fixed seed: the attributions of a
text are not independent, so the text is the unit) and reports, for each metric of
``TARGETS`` (the issue's targets), the 95% percentile interval and the share of draws that
meet the target: "0.796, 0.768-0.822, meets 0.78 in 86% of draws" says how much margin a
figure has.

The error analysis (``--errors FILE``, :func:`error_rows`) lists every missed gold attribution,
every false positive, every pair matched at 30% but not 80% (why: starts late, ends early ...)
and every speaker or cue error (plus a ``matched`` row per gold attribution found, so that
recall can be broken down by any feature), with features of the cue (text, lemma, POS,
"according to", passive, noun cue, in the rule lexicon), the source (pronoun, position and
distance to the cue), the content (quoted, length, sentence and paragraph index) and a marked
snippet. The tokens come from the same parse the tagger used (:class:`AnalysisTagger`).
"""

from __future__ import annotations

import csv
import functools
import json
import re
import sys
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from extract.nlp import rules
from extract.nlp.evaluate import THRESHOLDS, Counts, actor_keys, match_spans, name_key, overlap
from extract.nlp.tagger import Tagger
from extract.records import Actor, Statement, TaggedArticle

SPLITS = ("train", "dev", "test")
HELD_OUT_SPLIT = "test"
HELD_OUT_MESSAGE = (
    "the PolNeAR test split is held out: it is scored once, on a finished model, never while "
    "rules are developed. Use --split dev (or train); pass "
    "--i-am-scoring-the-held-out-test-split only for that one final scoring.")
QUOTE_MARKS = frozenset("\u201c\u201d\"")  # “ ” " (and '', see is_quoted)
ROLES = ("Source", "Cue", "Content")
BATCH_SIZE = 16
PRONOUN_SOURCES = frozenset({"i", "me", "we", "us", "you", "he", "him", "she", "her", "it",
                             "they", "them", "who", "which", "that", "this", "these", "those",
                             "one"})
# A gold Source that is a relative pronoun ("Mark Zuckerberg, who announced ...") is matched
# by a predicted speaker span ending at most this many characters before it (", " or "— "):
# the antecedent the rules resolve it to.
HONORIFICS = rules.words("honorifics")
RELATIVE_SOURCES = frozenset({"who", "which", "that"})
RELATIVE_GAP = 3
# The targets of issue #14 (on the held-out split; the dev figures are checked against them)
# and the resampling that says how sure a figure is of meeting them: the texts of the split
# drawn with replacement (a text's attributions are not independent of each other), with a
# fixed seed so that a rerun prints the same intervals.
TARGETS = {"content F1@0.3": 0.78, "content F1@0.8": 0.65, "quoted F1@0.3": 0.93,
           "unquoted F1@0.3": 0.70, "speaker accuracy": 0.92}
BOOTSTRAP_DRAWS = 1000
BOOTSTRAP_SEED = 0
SNIPPET_CONTEXT = 40  # characters of text shown around the marked spans
SNIPPET_SPAN = 160  # a marked span longer than this is shortened in the middle


class HeldOutSplit(ValueError):
    """Refusal to read the held-out test split."""


# -- the corpus ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BratSpan:
    """A text-bound annotation: one or more ``[start, end)`` pieces (code points into the
    text), in text order, and its text (the pieces' texts joined by a space)."""

    pieces: tuple[tuple[int, int], ...]
    text: str

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    @property
    def length(self) -> int:
        return sum(e - s for s, e in self.pieces)


@dataclass(frozen=True)
class Attribution:
    """One annotated attribution (a brat event): content, cue and source, each possibly
    missing (a content-less event is skipped by the loader, so ``content`` is set)."""

    event_id: str
    label: str  # "Attribution" or "Attribution-no-source"
    content: BratSpan
    cue: BratSpan | None
    source: BratSpan | None

    @property
    def quoted(self) -> bool:
        return is_quoted(self.content.text)


@dataclass
class Document:
    name: str  # the text's file stem
    split: str
    publisher: str
    text: str
    annotation_file: str  # the annotation scored (file name)
    annotation_files: int  # how many annotation files the text has
    attributions: list[Attribution]
    skipped_events: int = 0  # events without a Content span
    span_mismatches: int = 0  # spans whose .ann text differs from the .txt (0 in PolNeAR)
    swapped_roles: int = 0  # events whose Source and Cue were swapped back (_roles_swapped)


def is_quoted(text: str) -> bool:
    """A gold content is quoted when it contains a double quotation mark (“ ” ", or ''
    as the New York Times texts of PolNeAR write it)."""
    return any(c in QUOTE_MARKS for c in text) or "''" in text


def pred_quoted(body: str, start: int, end: int) -> bool:
    """A predicted content is quoted when it, or the two characters right before or after
    it, hold a double quotation mark: the tagger's direct quotes leave the marks out."""
    return is_quoted(body[max(0, start - 2):end + 2])


_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")


def parse_ann(ann: str) -> tuple[dict[str, tuple[str, tuple[tuple[int, int], ...], str]],
                                 list[tuple[str, list[tuple[str, str]]]]]:
    """The ``T`` spans (id -> label, pieces, annotated text) and ``E`` events (id, [(role,
    span id)]) of a brat ``.ann`` text. Other lines (notes, and the continuation lines of a
    span text that holds a line break) are ignored."""
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...], str]] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for line in ann.split("\n"):
        if m := _T_LINE.match(line):
            pieces = tuple(tuple(int(x) for x in p.split())  # type: ignore[misc]
                           for p in m.group(3).split(";"))  # as annotated, not sorted
            spans[m.group(1)] = (m.group(2), pieces, m.group(4))
        elif m := _E_LINE.match(line):
            roles = [tuple(arg.split(":", 1)) for arg in m.group(2).split() if ":" in arg]
            events.append((m.group(1), roles))  # type: ignore[arg-type]
    return spans, events


def _role(name: str) -> str:
    """``Content2`` -> ``Content``: brat numbers a repeated role."""
    return name.rstrip("0123456789")


def parse_document(name: str, split: str, publisher: str, text: str, ann: str,
                   annotation_file: str, annotation_files: int = 1) -> Document:
    """A :class:`Document` from a text and one of its ``.ann`` files."""
    spans, events = parse_ann(ann)
    mismatches = sum(
        1 for _label, pieces, shown in spans.values()
        if " ".join(text[s:e] for s, e in pieces).split("\n")[0] != shown)
    attributions, skipped, swapped = [], 0, 0
    for event_id, args in events:
        if not args:
            continue
        label = args[0][0]
        pieces: dict[str, list[tuple[int, int]]] = {}
        for role, tid in args[1:]:
            role = _role(role)
            if role in ROLES and tid in spans:
                pieces.setdefault(role, []).extend(spans[tid][1])

        def bspan(role: str, pieces=pieces) -> BratSpan | None:
            ps = tuple(sorted(set(pieces.get(role, ()))))
            if not ps:
                return None
            return BratSpan(ps, " ".join(text[s:e] for s, e in ps))

        content = bspan("Content")
        if content is None:
            skipped += 1
            continue
        cue, source = bspan("Cue"), bspan("Source")
        if _roles_swapped(cue, source):
            cue, source = source, cue
            swapped += 1
        attributions.append(Attribution(event_id, label, content, cue, source))
    attributions.sort(key=lambda a: (a.content.start, a.content.end))
    return Document(name, split, publisher, text, annotation_file, annotation_files,
                    attributions, skipped, mismatches, swapped)


# An annotator's slip: '"Tom is a real visionary," said Robert McAtee' annotated with "said" as
# the Source and the name as the Cue. Swapped back on loading (counted in the report), or the
# speaker rule would demand "said" as the speaker.
_SWAPPED_SOURCE_WORDS = frozenset({"said", "says", "say", "told", "tells", "asked", "added",
                                   "wrote", "writes", "according to"})


def _roles_swapped(cue: BratSpan | None, source: BratSpan | None) -> bool:
    return cue is not None and source is not None and \
        source.text.strip().lower() in _SWAPPED_SOURCE_WORDS and \
        cue.text.strip()[:1].isupper() and cue.text.strip().lower() not in _SWAPPED_SOURCE_WORDS


def data_root(root: str | Path) -> Path:
    """The corpus' ``data`` folder: ``root`` itself, or ``root/data``."""
    root = Path(root)
    if not (root / "metadata.tsv").exists() and (root / "data").is_dir():
        return root / "data"
    return root


def publishers(root: Path) -> dict[str, str]:
    """file stem -> publisher code, from ``metadata.tsv`` (empty when it is missing)."""
    path = root / "metadata.tsv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["filename"]: row["publisher"]
                for row in csv.DictReader(fh, delimiter="\t") if row.get("filename")}


def load_split(root: str | Path, split: str, *, allow_held_out: bool = False) -> list[Document]:
    """Every annotated text of ``split`` (sorted by name), scored against the first of its
    annotation files in sorted order. Texts without an annotation file are left out."""
    if split not in SPLITS:
        raise ValueError(f"unknown PolNeAR split {split!r}: one of {', '.join(SPLITS)}")
    if split == HELD_OUT_SPLIT and not allow_held_out:
        raise HeldOutSplit(HELD_OUT_MESSAGE)
    root = data_root(root)
    folder = root / split
    if not (folder / "text").is_dir() or not (folder / "attributions").is_dir():
        raise FileNotFoundError(f"no PolNeAR {split} split under {root} "
                                f"(expected {folder}/text and {folder}/attributions)")
    meta = publishers(root)
    anns: dict[str, list[Path]] = {}
    for path in sorted((folder / "attributions").glob("*.ann")):
        stem = path.stem
        name = stem.rsplit("_", 1)[0] if "_" in stem else stem
        if not (folder / "text" / f"{name}.txt").exists():  # "<name>.ann", no annotator
            name = stem
        anns.setdefault(name, []).append(path)
    docs = []
    for txt in sorted((folder / "text").glob("*.txt")):
        files = anns.get(txt.stem)
        if not files:
            continue
        ann = files[0]  # sorted: the first annotator's file
        docs.append(parse_document(
            txt.stem, split, meta.get(txt.stem) or txt.stem.split("_", 1)[0],
            txt.read_text(encoding="utf-8"), ann.read_text(encoding="utf-8"), ann.name,
            len(files)))
    return docs


def spread(items: list, limit: int | None) -> list:
    """``limit`` items spread evenly over ``items`` (every k-th, in order), so a limited run
    still covers every publisher of a split sorted by name; all of them without a limit."""
    if not limit or limit >= len(items):
        return list(items)
    return [items[i * len(items) // limit] for i in range(limit)]


# -- the tokens of the error analysis ---------------------------------------------------------


@dataclass(frozen=True)
class TokenTable:
    """The parse of one text, column by column (small to send back from a worker)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    lemmas: tuple[str, ...]
    pos: tuple[str, ...]
    deps: tuple[str, ...]
    heads: tuple[int, ...]
    sents: tuple[int, ...]

    def covering(self, pieces: Sequence[tuple[int, int]]) -> list[int]:
        """Indexes of the tokens that overlap any piece."""
        out: list[int] = []
        for s, e in pieces:
            i = max(0, bisect_right(self.starts, s) - 1)
            while i < len(self.starts) and self.starts[i] < e:
                if self.ends[i] > s:
                    out.append(i)
                i += 1
        return sorted(set(out))

    def at(self, char: int) -> int | None:
        """The token at or right after ``char``."""
        if not self.starts:
            return None
        i = max(0, bisect_right(self.starts, char) - 1)
        if self.ends[i] <= char and i + 1 < len(self.starts):
            i += 1
        return i

    def sentence(self, char: int) -> int | None:
        i = self.at(char)
        return None if i is None else self.sents[i]


@dataclass
class AnalysedArticle(TaggedArticle):
    """A TaggedArticle with the tokens of its parse (``None`` for a body tagged in pieces)."""

    tokens: TokenTable | None = None


class AnalysisTagger(Tagger):
    """The :class:`~extract.nlp.tagger.Tagger`, returning :class:`AnalysedArticle`: the same
    statements (same Doc, same rules), plus the parse's lemmas, POS, dependencies and
    sentences. Lemmas come from the model's rule lemmatizer (the tagger runs without it),
    applied to the parsed tokens only; without one, the lower-cased word."""

    @functools.cached_property
    def lemmatizer(self):
        import spacy

        from extract.nlp.model import PARAGRAPH_COMPONENT, UNUSED_COMPONENTS

        others = [n for n in self.nlp.component_names if n != PARAGRAPH_COMPONENT]
        others += [c for c in UNUSED_COMPONENTS if c != "lemmatizer"]
        try:
            lem = spacy.load(self.model_name, exclude=others)
            return lem.get_pipe("lemmatizer") if "lemmatizer" in lem.pipe_names else None
        except (OSError, KeyError, ValueError):
            return None

    def tag_doc(self, article_id, body, doc):
        tagged = super().tag_doc(article_id, body, doc)
        lem = self.lemmatizer
        sents = [0] * len(doc)
        for si, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                sents[i] = si

        def lemma(tok) -> str:
            if lem is None or tok.is_space or tok.is_punct:
                return tok.lower_
            try:
                return (lem.lemmatize(tok) or [tok.lower_])[0].lower()
            except Exception:  # a lemmatizer table missing for this POS
                return tok.lower_

        table = TokenTable(
            tuple(t.idx for t in doc), tuple(t.idx + len(t.text) for t in doc),
            tuple(lemma(t) for t in doc), tuple(t.pos_ for t in doc),
            tuple(t.dep_ for t in doc), tuple(t.head.i for t in doc), tuple(sents))
        return AnalysedArticle(**{f.name: getattr(tagged, f.name) for f in fields(TaggedArticle)},
                               tokens=table)


# -- scoring -----------------------------------------------------------------------------


@dataclass
class SplitCounts:
    """Matching counts of one content class (quoted or unquoted): recall over the gold
    contents of the class, precision over the predicted contents of the class."""

    gold: int = 0
    gold_matched: int = 0
    pred: int = 0
    pred_matched: int = 0

    def add(self, other: SplitCounts) -> None:
        self.gold += other.gold
        self.gold_matched += other.gold_matched
        self.pred += other.pred
        self.pred_matched += other.pred_matched

    @property
    def precision(self) -> float:
        return self.pred_matched / self.pred if self.pred else 1.0

    @property
    def recall(self) -> float:
        return self.gold_matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    def add(self, other: Accuracy) -> None:
        self.correct += other.correct
        self.total += other.total

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 1.0


CLASSES = ("quoted", "unquoted")


@dataclass
class Score:
    """The metrics of one text, a publisher or a whole split."""

    name: str
    texts: int = 0
    statements: dict[float, Counts] = field(
        default_factory=lambda: {th: Counts() for th in THRESHOLDS})
    classes: dict[float, dict[str, SplitCounts]] = field(
        default_factory=lambda: {th: {c: SplitCounts() for c in CLASSES} for th in THRESHOLDS})
    speaker: Accuracy = field(default_factory=Accuracy)
    cue: Accuracy = field(default_factory=Accuracy)
    speaker_by_class: dict[str, Accuracy] = field(
        default_factory=lambda: {c: Accuracy() for c in CLASSES})
    failures: int = 0  # texts whose tagging failed (scored as predicting nothing)

    @property
    def gold(self) -> int:
        c = self.statements[THRESHOLDS[0]]
        return c.tp + c.fn

    @property
    def predicted(self) -> int:
        c = self.statements[THRESHOLDS[0]]
        return c.tp + c.fp

    def add(self, other: Score) -> None:
        self.texts += other.texts
        self.failures += other.failures
        for th in THRESHOLDS:
            self.statements[th].add(other.statements[th])
            for c in CLASSES:
                self.classes[th][c].add(other.classes[th][c])
        self.speaker.add(other.speaker)
        self.cue.add(other.cue)
        for c in CLASSES:
            self.speaker_by_class[c].add(other.speaker_by_class[c])

    def as_dict(self) -> dict:
        def counts(c: Counts) -> dict:
            return {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": round(c.precision, 4),
                    "recall": round(c.recall, 4), "f1": round(c.f1, 4)}

        def split(c: SplitCounts) -> dict:
            return {**asdict(c), "precision": round(c.precision, 4),
                    "recall": round(c.recall, 4), "f1": round(c.f1, 4)}

        def acc(a: Accuracy) -> dict:
            return {"correct": a.correct, "total": a.total, "accuracy": round(a.value, 4)}

        return {
            "texts": self.texts, "gold": self.gold, "predicted": self.predicted,
            "tagging_failures": self.failures,
            "content": {str(th): counts(self.statements[th]) for th in THRESHOLDS},
            "by_class": {str(th): {c: split(self.classes[th][c]) for c in CLASSES}
                         for th in THRESHOLDS},
            "speaker": acc(self.speaker), "cue": acc(self.cue),
            "speaker_by_class": {c: acc(self.speaker_by_class[c]) for c in CLASSES},
        }


def _pieces(span) -> list[tuple[int, int]]:
    return [(span.start, span.end)]


def has_speaker(st: Statement) -> bool:
    return st.speaker is not None or st.speaker_actor_id is not None


def speaker_correct(att: Attribution, st: Statement, actors: dict[str, Actor]) -> bool:
    """The speaker rule of the module docstring."""
    if att.source is None:
        return not has_speaker(st)
    if st.speaker is not None and overlap(att.source.pieces, _pieces(st.speaker)) > 0:
        return True
    if st.speaker is not None and _norm(att.source.text) in RELATIVE_SOURCES and \
            0 <= att.source.start - st.speaker.end <= RELATIVE_GAP:
        return True  # "Mark Zuckerberg, who announced ...": the antecedent is the speaker
    actor = actors.get(st.speaker_actor_id) if st.speaker_actor_id else None
    if actor is None:
        return False
    # the Source names the actor, maybe after a title and before an appositive: "Democratic
    # presidential candidate Bernie Sanders", "Jessie Elkins, 70,"
    # ... and before a party-and-state label: "Sen. Ron Johnson (R-Wis.)"
    named = name_key(re.sub(r"\s*\([^)]*\)\s*$", "", att.source.text.split(",")[0]))
    first, _, rest = named.partition(" ")
    if rest and (first in HONORIFICS or first + "." in HONORIFICS):
        named = rest  # "Mr. Trump" names the actor "Trump" answers to
    # (a full name only: a surname alias would credit "Jane Sanders" to Bernie Sanders)
    return any(named == key or (" " in key and named.endswith(" " + key))
               for key in actor_keys(actor) if key)


def cue_correct(att: Attribution, st: Statement) -> bool:
    if att.cue is None:
        return st.cue is None
    return st.cue is not None and overlap(att.cue.pieces, _pieces(st.cue)) > 0


@dataclass
class Matching:
    """The pairs of one text at each threshold (gold index, prediction index)."""

    doc: Document
    tagged: TaggedArticle
    pairs: dict[float, list[tuple[int, int]]]


def match_document(doc: Document, tagged: TaggedArticle) -> Matching:
    gold = [list(a.content.pieces) for a in doc.attributions]
    pred = [_pieces(st.content) for st in tagged.statements]
    return Matching(doc, tagged, {th: match_spans(gold, pred, th) for th in THRESHOLDS})


def score_document(doc: Document, tagged: TaggedArticle,
                   matching: Matching | None = None) -> Score:
    """The metrics of one text (``tagged`` is the tagger's result for ``doc.text``)."""
    m = matching or match_document(doc, tagged)
    score = Score(doc.name, texts=1, failures=int(tagged.error is not None))
    statements = tagged.statements
    actors = {a.actor_id: a for a in tagged.actors}
    gold_class = ["quoted" if a.quoted else "unquoted" for a in doc.attributions]
    pred_class = ["quoted" if pred_quoted(doc.text, st.content.start, st.content.end)
                  else "unquoted" for st in statements]
    for th, pairs in m.pairs.items():
        score.statements[th] = Counts(len(pairs), len(statements) - len(pairs),
                                      len(doc.attributions) - len(pairs))
        for gi, pi in pairs:
            score.classes[th][gold_class[gi]].gold_matched += 1
            score.classes[th][pred_class[pi]].pred_matched += 1
        for c in gold_class:
            score.classes[th][c].gold += 1
        for c in pred_class:
            score.classes[th][c].pred += 1
    for gi, pi in m.pairs[THRESHOLDS[0]]:
        att, st = doc.attributions[gi], statements[pi]
        ok = speaker_correct(att, st, actors)
        score.speaker.correct += ok
        score.speaker.total += 1
        score.speaker_by_class[gold_class[gi]].correct += ok
        score.speaker_by_class[gold_class[gi]].total += 1
        score.cue.correct += cue_correct(att, st)
        score.cue.total += 1
    return score


@dataclass
class Report:
    split: str
    documents: list[Document]
    scores: list[Score]
    total: Score
    publishers: dict[str, Score]
    model: str = ""
    limit: int | None = None

    @functools.cached_property
    def intervals(self) -> list[Interval]:
        """The bootstrap of the split's texts, drawn once for the printed report and its
        JSON."""
        return bootstrap(self.scores)

    def as_dict(self) -> dict:
        docs = self.documents
        return {
            "corpus": "PolNeAR", "split": self.split, "model": self.model, "limit": self.limit,
            "annotation_choice": "first annotation file in sorted order",
            "texts_with_several_annotation_files": sum(d.annotation_files > 1 for d in docs),
            "gold_events_skipped_without_content": sum(d.skipped_events for d in docs),
            "gold_events_with_source_and_cue_swapped_back": sum(d.swapped_roles for d in docs),
            "quoted_rule": "gold: the content contains \u201c, \u201d, \" or ''; predicted: "
                           "the content or the two characters before or after it do",
            "thresholds": list(THRESHOLDS),
            "total": self.total.as_dict(),
            "bootstrap": {"draws": BOOTSTRAP_DRAWS, "seed": BOOTSTRAP_SEED,
                          "unit": "text, drawn with replacement",
                          "metrics": [asdict(iv) for iv in self.intervals]},
            "publishers": {p: s.as_dict() for p, s in sorted(self.publishers.items())},
        }


def score(documents: list[Document], tagged: list[TaggedArticle], split: str = "",
          matchings: list[Matching] | None = None) -> Report:
    """The report of a split: per text, per publisher and in total."""
    scores, by_pub = [], {}
    total = Score("TOTAL")
    for i, (doc, t) in enumerate(zip(documents, tagged, strict=True)):
        s = score_document(doc, t, matchings[i] if matchings else None)
        scores.append(s)
        total.add(s)
        by_pub.setdefault(doc.publisher, Score(doc.publisher)).add(s)
    return Report(split, documents, scores, total, by_pub)


def _f1(tp, pred, gold):
    """F1 of matched counts (arrays welcome): 2·tp / (pred + gold), 0 when both are 0."""
    import numpy as np

    total = np.asarray(pred + gold, dtype=float)
    return np.divide(2.0 * tp, total, out=np.zeros_like(total), where=total > 0)


@dataclass
class Interval:
    """A metric of the split, its 95% bootstrap interval and target."""

    metric: str
    value: float
    low: float
    high: float
    target: float
    meeting: float  # the share of the resampled splits whose value is at least the target


def bootstrap(scores: list[Score], draws: int = BOOTSTRAP_DRAWS,
              seed: int = BOOTSTRAP_SEED) -> list[Interval]:
    """The metrics of :data:`TARGETS` over ``draws`` resamples of the texts (with
    replacement): the 2.5th and 97.5th percentiles, and how often each meets its target."""
    import numpy as np

    if not scores:
        return []

    def column(get) -> np.ndarray:
        return np.array([get(s) for s in scores], dtype=float)

    low, high = THRESHOLDS[0], THRESHOLDS[-1]
    parts: dict[str, tuple] = {
        f"content F1@{th}": (
            column(lambda s, th=th: s.statements[th].tp),
            column(lambda s, th=th: s.statements[th].tp + s.statements[th].fp),
            column(lambda s, th=th: s.statements[th].tp + s.statements[th].fn))
        for th in (low, high)}
    for cls in CLASSES:
        # a class's F1 pairs its recall (gold side) with its precision (predicted side)
        parts[f"{cls} F1@{low}"] = tuple(column(lambda s, cls=cls, f=f: getattr(
            s.classes[low][cls], f)) for f in ("gold_matched", "gold", "pred_matched", "pred"))
    speaker = (column(lambda s: s.speaker.correct), column(lambda s: s.speaker.total))
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(scores), size=(draws, len(scores)))

    def value(name: str, idx) -> np.ndarray | float:
        def total(col):
            return col[idx].sum(axis=-1) if idx is not None else col.sum()
        if name == "speaker accuracy":
            c, n = (total(col) for col in speaker)
            return np.divide(c, n, out=np.ones_like(np.asarray(n, dtype=float)), where=n > 0)
        cols = [total(col) for col in parts[name]]
        if len(cols) == 3:  # tp, predicted, gold
            return _f1(*cols)
        gm, g, pm, p = cols
        r = np.divide(gm, g, out=np.ones_like(np.asarray(g, dtype=float)), where=g > 0)
        pr = np.divide(pm, p, out=np.ones_like(np.asarray(p, dtype=float)), where=p > 0)
        return np.divide(2 * pr * r, pr + r, out=np.zeros_like(pr), where=pr + r > 0)

    out = []
    for name, target in TARGETS.items():
        drawn = value(name, picks)
        out.append(Interval(name, float(value(name, None)),
                            float(np.percentile(drawn, 2.5)), float(np.percentile(drawn, 97.5)),
                            target, float((drawn >= target).mean())))
    return out


def render_intervals(intervals: list[Interval], texts: int) -> str:
    head = (f"{'target metric':18s} {'value':>6s} {'95% interval':>13s} {'target':>6s} "
            f"{'draws meeting it':>16s}")
    lines = [f"how sure (the {texts} texts drawn with replacement, {BOOTSTRAP_DRAWS} draws, "
             f"seed {BOOTSTRAP_SEED}):", head, "-" * len(head)]
    for iv in intervals:
        interval = f"{iv.low:.3f}-{iv.high:.3f}"
        lines.append(f"{iv.metric:18s} {iv.value:6.3f} {interval:>13s} {iv.target:6.2f} "
                     f"{iv.meeting:16.1%}")
    return "\n".join(lines)


def render(report: Report, details: bool = False) -> str:
    t = report.total
    docs = report.documents
    several = sum(d.annotation_files > 1 for d in docs)
    skipped = sum(d.skipped_events for d in docs)
    swapped = sum(d.swapped_roles for d in docs)
    lines = [
        f"PolNeAR {report.split}: {t.texts} texts"
        + (f" (--limit {report.limit}, spread over the split)" if report.limit else "")
        + f", {t.gold} gold attributions, {t.predicted} predicted statements"
        + (f" [model {report.model}]" if report.model else ""),
        f"  {several} texts with several annotation files: scored against the first in sorted "
        f"order; {skipped} gold events without content skipped; "
        f"{swapped} with Source and Cue swapped back ('said' as Source)"
        + (f"; {t.failures} texts failed to tag" if t.failures else ""),
        "",
    ]
    head = (f"{'':22s} {'gold':>6s} {'pred':>6s} {'TP (gold/pred)':>15s} {'P':>6s} {'R':>6s} "
            f"{'F1':>6s}")
    lines += [head, "-" * len(head)]
    for th in THRESHOLDS:
        c = t.statements[th]
        lines.append(f"{f'content @{th}':22s} {c.tp + c.fn:6d} {c.tp + c.fp:6d} {c.tp:15d} "
                     f"{c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}")
    for th in THRESHOLDS:
        for cls in CLASSES:
            c = t.classes[th][cls]
            tp = f"{c.gold_matched}/{c.pred_matched}"
            lines.append(f"{f'  {cls} @{th}':22s} {c.gold:6d} {c.pred:6d} {tp:>15s} "
                         f"{c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}")
    lines += [
        "  (quoted: the content contains \u201c \u201d \" or '' (a prediction: or the two "
        "characters before or after it); R over the gold contents of the class, P over the "
        "predicted ones)",
        "",
        f"speaker accuracy over the {t.speaker.total} matched @0.3: {t.speaker.value:.3f} "
        f"({t.speaker.correct}/{t.speaker.total}; quoted "
        f"{t.speaker_by_class['quoted'].value:.3f}, unquoted "
        f"{t.speaker_by_class['unquoted'].value:.3f})",
        f"cue accuracy over the {t.cue.total} matched @0.3:     {t.cue.value:.3f} "
        f"({t.cue.correct}/{t.cue.total})",
        "",
        render_intervals(report.intervals, t.texts),
        "",
    ]
    width = max([14, *(len(s.name) for s in report.scores)]) if details else 14
    ph = (f"{'publisher' + (' / text' if details else ''):{width}s} {'texts':>5s} {'gold':>5s} "
          f"{'pred':>5s} {'P@0.3':>6s} {'R@0.3':>6s} {'F1@0.3':>6s} {'F1@0.8':>6s} "
          f"{'speaker':>7s} {'cue':>6s}")
    lines += [ph, "-" * len(ph)]
    rows = sorted(report.publishers.values(), key=lambda s: s.name)
    if details:
        rows = [*rows, *report.scores]
    for s in rows:
        s3, s8 = s.statements[0.3], s.statements[0.8]
        lines.append(f"{s.name:{width}s} {s.texts:5d} {s.gold:5d} {s.predicted:5d} "
                     f"{s3.precision:6.3f} {s3.recall:6.3f} {s3.f1:6.3f} {s8.f1:6.3f} "
                     f"{s.speaker.value:7.3f} {s.cue.value:6.3f}")
    return "\n".join(lines)


def render_errors(matchings: list[Matching]) -> str:
    """Per text, its errors in one line each (``--details``): type, category, snippet."""
    lines = []
    for m in matchings:
        rows = error_rows(m)
        if not rows:
            continue
        lines.append(f"\n== {m.doc.name} ({m.doc.annotation_file})")
        for r in rows:
            lines.append(f"  {r['row_type']} [{r['category']}]: {r['snippet']}")
    return "\n".join(lines)


# -- error analysis ------------------------------------------------------------------------

COLUMNS = (
    "split", "doc", "publisher", "row_type", "category", "gold_id", "gold_start", "gold_end",
    "pred_start", "pred_end", "quoted", "content_chars", "content_words", "content_pieces",
    "sentence_index", "paragraph_index", "in_headline", "content_sentences",
    "cue_text", "cue_lemma", "cue_pos", "cue_in_lexicon", "according_to", "passive",
    "noun_cue", "has_source", "source_text", "source_pronoun", "source_position",
    "cue_source_gap_chars", "cue_source_gap_tokens", "pred_kind", "pred_speaker",
    "pred_speaker_actor", "pred_cue", "best_overlap", "uncovered_before", "uncovered_after",
    "extra_before", "extra_after", "gold_text", "pred_text", "snippet",
)


def _lexicon() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """(surface form -> cue lemma, cue lemma -> mode, cue nouns) of the rules."""
    from extract.nlp import rules
    from extract.nlp.statements import CUE_VERBS, FORM_LEMMA

    nouns = rules.words("statement_nouns") | rules.words("concern_nouns")
    modes = {lemma: cue.attach for lemma, cue in CUE_VERBS.items()}
    return FORM_LEMMA, modes, frozenset(nouns)


_BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s"})


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split())


def cue_features(text: str, span: BratSpan | tuple[int, int] | None,
                 toks: TokenTable | None) -> dict:
    """Cue text, lemma of its head (the first main verb, else the first noun, else the first
    word), POS class (verb, noun, other), "according to", passive, noun cue, and whether the
    head is in the rules' lexicon (a cue verb form, not an "event" verb, or a statement or
    concern noun). Without a parse: the words of the cue text stand for the head."""
    if span is None:
        return {"cue_text": "", "cue_lemma": "(none)", "cue_pos": "none",
                "cue_in_lexicon": False, "according_to": False, "passive": False,
                "noun_cue": False}
    pieces = span.pieces if isinstance(span, BratSpan) else (span,)
    cue_text = " ".join(text[s:e] for s, e in pieces)
    low = _norm(cue_text)
    forms, modes, nouns = _lexicon()
    according = "according to" in low
    lemma, pos, passive = low, "other", False
    head_words = low.split()  # the words whose entry in the lexicon counts
    if toks is not None:
        idx = [i for i in toks.covering(pieces) if toks.pos[i] not in ("PUNCT", "SPACE")]
        head = (next((i for i in idx if toks.pos[i] == "VERB"), None)
                or next((i for i in idx if toks.pos[i] in ("NOUN", "PROPN")), None)
                or next((i for i in idx if toks.pos[i] == "AUX"), None)
                or (idx[0] if idx else None))
        if head is not None:
            lemma = toks.lemmas[head]
            head_words = [_norm(text[toks.starts[head]:toks.ends[head]]), lemma]
            p = toks.pos[head]
            pos = "verb" if p in ("VERB", "AUX") else "noun" if p in ("NOUN", "PROPN") else "other"
            inside = set(idx)
            near = range(max(0, min(idx) - 20), min(len(toks.starts), max(idx) + 20))
            passive = any(toks.deps[i] in ("auxpass", "nsubjpass", "csubjpass", "agent")
                          and (i in inside or toks.heads[i] in inside) for i in near)
    else:
        words = low.split()
        lemma = words[0] if len(words) == 1 else low
        form_lemma = next((forms[w] for w in words if w in forms), None)
        if form_lemma:
            lemma, pos = form_lemma, "verb"
        elif any(w in nouns for w in words):
            pos = "noun"
        # without a parse: a form of "be" before a past participle ("was reported")
        passive = any(w in _BE_FORMS and (n.endswith("ed") or n in forms)
                      for w, n in zip(words, words[1:], strict=False))
    if according:
        lemma, pos = "according to", "other"
    in_lexicon = according or any(
        (w in forms and modes.get(forms[w]) != "event") or w in nouns for w in head_words)
    return {"cue_text": cue_text, "cue_lemma": lemma, "cue_pos": pos,
            "cue_in_lexicon": in_lexicon, "according_to": according, "passive": passive,
            "noun_cue": pos == "noun"}


def _paragraph_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer(r"\n\s*", text))]


def _shorten(s: str, limit: int) -> str:
    s = " ".join(s.split())
    if len(s) <= limit:
        return s
    head = limit * 3 // 5
    return s[:head] + " \u2026 " + s[-(limit - head - 3):]


def snippet(text: str, marks: list[tuple[int, int, str]]) -> str:
    """The text around ``marks`` (start, end, label), each mark shown as ``⟦label: text⟧``;
    long spans and long gaps shortened in the middle, one line."""
    marks = sorted((s, e, lab) for s, e, lab in marks if e > s)
    if not marks:
        return ""
    lo = max(0, marks[0][0] - SNIPPET_CONTEXT)
    hi = min(len(text), max(e for _, e, _ in marks) + SNIPPET_CONTEXT)
    out, pos = [], lo
    for s, e, lab in marks:
        if s < pos:  # overlapping marks: the first wins
            continue
        out.append(_shorten(text[pos:s], 2 * SNIPPET_CONTEXT + 20) if pos > lo
                   else _shorten(text[pos:s], SNIPPET_CONTEXT + 20))
        out.append(f"\u27e6{lab}: {_shorten(text[s:e], SNIPPET_SPAN)}\u27e7")
        pos = e
    out.append(_shorten(text[pos:hi], SNIPPET_CONTEXT + 20))
    return ("\u2026" if lo > 0 else "") + " ".join(p for p in out if p) + (
        "\u2026" if hi < len(text) else "")


def _gold_marks(att: Attribution) -> list[tuple[int, int, str]]:
    marks = []
    for span, lab in ((att.source, "S"), (att.cue, "C"), (att.content, "Q")):
        if span is not None:
            marks.extend((s, e, lab) for s, e in span.pieces)
    return marks


def _pred_marks(st: Statement) -> list[tuple[int, int, str]]:
    marks = [(st.content.start, st.content.end, "q")]
    if st.cue is not None:
        marks.append((st.cue.start, st.cue.end, "c"))
    if st.speaker is not None:
        marks.append((st.speaker.start, st.speaker.end, "s"))
    return marks


def _gap(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> tuple[str, int]:
    """Where span ``a`` (the source) lies relative to ``b`` (the cue), and the characters
    between them."""
    if a[-1][1] <= b[0][0]:
        return "before", b[0][0] - a[-1][1]
    if a[0][0] >= b[-1][1]:
        return "after", a[0][0] - b[-1][1]
    return "overlap", 0


class _Context:
    """Per text: paragraph starts and the tokens, for the row features."""

    def __init__(self, doc: Document, tagged: TaggedArticle):
        self.doc = doc
        self.text = doc.text
        self.toks: TokenTable | None = getattr(tagged, "tokens", None)
        self.paras = _paragraph_starts(doc.text)
        self.actors = {a.actor_id: a for a in tagged.actors}

    def paragraph(self, char: int) -> int:
        return bisect_right(self.paras, char) - 1

    def base(self, pieces: Sequence[tuple[int, int]]) -> dict:
        text = " ".join(self.text[s:e] for s, e in pieces)
        start = pieces[0][0]
        toks = self.toks
        sent = toks.sentence(start) if toks else None
        nsent = (len({toks.sents[i] for i in toks.covering(pieces)}) if toks else None)
        para = self.paragraph(start)
        return {"split": self.doc.split, "doc": self.doc.name, "publisher": self.doc.publisher,
                "quoted": is_quoted(text), "content_chars": sum(e - s for s, e in pieces),
                "content_words": len(text.split()), "content_pieces": len(pieces),
                "sentence_index": sent, "paragraph_index": para, "in_headline": para == 0,
                "content_sentences": nsent}

    def gold(self, att: Attribution) -> dict:
        row = self.base(att.content.pieces)
        row.update(cue_features(self.text, att.cue, self.toks))
        row.update(gold_id=att.event_id, gold_start=att.content.start,
                   gold_end=att.content.end, gold_text=_shorten(att.content.text, 300),
                   has_source=att.source is not None,
                   source_text=att.source.text if att.source else "",
                   source_pronoun=bool(att.source and _norm(att.source.text) in PRONOUN_SOURCES))
        if att.source is not None and att.cue is not None:
            where, chars = _gap(att.source.pieces, att.cue.pieces)
            row.update(source_position=where, cue_source_gap_chars=chars)
            if self.toks is not None:  # the tokens between the source and the cue
                a, b = ((att.source.end, att.cue.start) if where == "before" else
                        (att.cue.end, att.source.start) if where == "after" else (0, 0))
                row["cue_source_gap_tokens"] = len(self.toks.covering([(a, b)])) if b > a else 0
        else:
            row["source_position"] = "none"
        return row

    def pred(self, st: Statement) -> dict:
        actor = self.actors.get(st.speaker_actor_id) if st.speaker_actor_id else None
        return {"pred_start": st.content.start, "pred_end": st.content.end, "pred_kind": st.kind,
                "pred_speaker": st.speaker.text if st.speaker else "",
                "pred_speaker_actor": actor.name if actor else "",
                "pred_cue": st.cue.text if st.cue else "",
                "pred_text": _shorten(st.content.text, 300)}


def _boundary(text: str, gold: BratSpan, ps: int, pe: int) -> dict:
    """Why a prediction ``[ps, pe)`` covers 30-80% of a gold content: the gold letters and
    digits it leaves out before and after it (quotation marks and punctuation do not count:
    the tagger leaves the marks out), the ones it adds, and a category, the first that
    applies: ``misses_whole_gold_pieces`` (it covers only some pieces of a discontinuous
    content, e.g. one quotation of a speaker's several), ``inside_gold_too_short`` (text
    missed on both sides), ``starts_late`` / ``ends_early`` (one side; ``..._and_runs_past_end``
    / ``starts_early_and_...`` when shifted), ``punctuation_only``."""

    def sig(s: int, e: int) -> int:
        return sum(ch.isalnum() for ch in text[s:e]) if e > s else 0

    before = sum(sig(s, min(e, ps)) for s, e in gold.pieces)
    after = sum(sig(max(s, pe), e) for s, e in gold.pieces)
    extra_before = sig(ps, min(pe, gold.start))
    extra_after = sig(max(ps, gold.end), pe)
    whole = sum(1 for s, e in gold.pieces if min(e, pe) <= max(s, ps) and sig(s, e))
    if whole:
        cat = "misses_whole_gold_pieces"
    elif before and after:
        cat = "inside_gold_too_short"
    elif before:
        cat = "starts_late_and_runs_past_end" if extra_after else "starts_late"
    elif after:
        cat = "starts_early_and_ends_early" if extra_before else "ends_early"
    else:
        cat = "punctuation_only"
    return {"category": cat, "uncovered_before": before, "uncovered_after": after,
            "extra_before": extra_before, "extra_after": extra_after}


def error_rows(matching: Matching, with_matched: bool = False) -> list[dict]:
    """Every missed gold attribution (``missed``), false positive (``false_positive``), pair
    matched at 30% but not 80% (``boundary``), speaker error and cue error (``speaker``,
    ``cue``, over the pairs matched at 30%) of one text, with their features and category;
    ``with_matched``: also a ``matched`` row (no snippet) per gold attribution matched at 30%,
    so that recall can be computed per feature (cue lemma, category ...)."""
    doc, tagged = matching.doc, matching.tagged
    ctx = _Context(doc, tagged)
    statements = tagged.statements
    atts = doc.attributions
    low, high = THRESHOLDS[0], THRESHOLDS[-1]
    pairs = matching.pairs[low]
    g2p = dict(pairs)
    p2g = {p: g for g, p in pairs}
    matched_high = {g for g, _ in matching.pairs[high]}
    pred_pieces = [_pieces(st.content) for st in statements]
    rows: list[dict] = []

    for gi, att in enumerate(atts):
        if gi in g2p:
            if with_matched:
                pi = g2p[gi]
                rows.append({**ctx.gold(att), **ctx.pred(statements[pi]), "row_type": "matched",
                             "category": "matched_0.8" if gi in matched_high else
                             "matched_0.3_only", "best_overlap": round(overlap(
                                 att.content.pieces, pred_pieces[pi]) / att.content.length, 3)})
            continue
        row = ctx.gold(att)
        cov = [(overlap(att.content.pieces, pp) / max(1, att.content.length), pi)
               for pi, pp in enumerate(pred_pieces)]
        best, best_pi = max(cov, default=(0.0, None))
        row["best_overlap"] = round(best, 3)
        if best_pi is not None and best > 0:
            row.update(ctx.pred(statements[best_pi]))
        if best >= low and best_pi in p2g:
            cat = "merged_into_other_gold_match"  # the prediction matched a neighbour
        elif best > 0:
            cat = "overlap_below_30pc"
        elif att.cue is None:
            cat = "no_cue"
        elif row["according_to"]:
            cat = "according_to"
        elif row["noun_cue"]:
            cat = "noun_cue"
        elif row["passive"]:
            cat = "passive_cue"
        elif row["cue_pos"] == "verb":
            cat = "verb_cue_in_lexicon" if row["cue_in_lexicon"] else "verb_cue_not_in_lexicon"
        else:
            cat = "other_cue"
        row.update(row_type="missed", category=cat, snippet=snippet(doc.text, _gold_marks(att)))
        rows.append(row)

    gold_other = [[*(a.cue.pieces if a.cue else ()), *(a.source.pieces if a.source else ())]
                  for a in atts]
    for pi, st in enumerate(statements):
        if pi in p2g:
            continue
        row = ctx.base(pred_pieces[pi])
        row["quoted"] = pred_quoted(doc.text, st.content.start, st.content.end)
        row.update(cue_features(doc.text, (st.cue.start, st.cue.end) if st.cue else None,
                                ctx.toks))
        row.update(ctx.pred(st))
        if st.speaker is not None:
            row["source_text"] = st.speaker.text
            row["source_pronoun"] = _norm(st.speaker.text) in PRONOUN_SOURCES
            row["has_source"] = True
        else:
            row["has_source"] = False
        cov = [(overlap(a.content.pieces, pred_pieces[pi]), gi) for gi, a in enumerate(atts)]
        best_ov, best_gi = max(cov, default=(0, None))
        plen = max(1, st.content.end - st.content.start)
        row["best_overlap"] = round(best_ov / plen, 3)  # of the prediction, here
        if best_ov > 0 and best_gi is not None:
            att = atts[best_gi]
            row.update(gold_id=att.event_id, gold_start=att.content.start,
                       gold_end=att.content.end, gold_text=_shorten(att.content.text, 300))
            cat = ("split_of_matched_gold" if best_gi in g2p
                   else "overlaps_unmatched_gold_below_30pc")
        elif any(overlap(o, pred_pieces[pi]) for o in gold_other):
            cat = "covers_gold_cue_or_source"
        else:
            cat = "unannotated"
        row.update(row_type="false_positive", category=cat,
                   snippet=snippet(doc.text, _pred_marks(st)))
        rows.append(row)

    for gi, pi in pairs:
        att, st = atts[gi], statements[pi]
        found: list[tuple[str, str, dict]] = []
        if gi not in matched_high:
            b = _boundary(doc.text, att.content, st.content.start, st.content.end)
            found.append(("boundary", b.pop("category"), b))
        if not speaker_correct(att, st, ctx.actors):
            if att.source is None:
                cat = "gold_no_source_pred_speaker"
            elif not has_speaker(st):
                cat = "gold_source_pred_no_speaker"
            elif st.cue is None:
                cat = "wrong_speaker_inherited"  # floating quote / continuation
            elif _norm(att.source.text) in PRONOUN_SOURCES:
                cat = "wrong_speaker_gold_pronoun"
            else:
                cat = "wrong_speaker"
            found.append(("speaker", cat, {}))
        if not cue_correct(att, st):
            cat = ("pred_no_cue" if st.cue is None else
                   "gold_no_cue" if att.cue is None else "wrong_cue")
            found.append(("cue", cat, {}))
        if not found:
            continue
        base = {**ctx.gold(att), **ctx.pred(st), "snippet": snippet(doc.text, _gold_marks(att))}
        base["best_overlap"] = round(
            overlap(att.content.pieces, pred_pieces[pi]) / max(1, att.content.length), 3)
        rows.extend({**base, **extra, "row_type": kind, "category": cat}
                    for kind, cat, extra in found)
    return rows


def write_rows(rows: Iterable[dict], path: Path) -> int:
    """Rows as TSV (``.tsv``: the COLUMNS, tabs and line breaks replaced by spaces) or JSON
    lines (any other name). Returns the number of rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        tsv = path.suffix.lower() == ".tsv"
        if tsv:
            fh.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            full = {c: row.get(c) for c in COLUMNS}
            if tsv:
                fh.write("\t".join("" if v is None else " ".join(str(v).split())
                                   for v in full.values()) + "\n")
            else:
                fh.write(json.dumps(full, ensure_ascii=False) + "\n")
            n += 1
    return n


def error_summary(rows: list[dict], top: int = 10) -> str:
    """Counts of the error rows by type and category, and the most frequent cue lemmas."""
    lines = []
    rows = [r for r in rows if r["row_type"] != "matched"]
    by_type = Counter(r["row_type"] for r in rows)
    for kind in ("missed", "false_positive", "boundary", "speaker", "cue"):
        cats = Counter(r["category"] for r in rows if r["row_type"] == kind)
        lines.append(f"{kind} ({by_type.get(kind, 0)}): "
                     + ", ".join(f"{c} {n}" for c, n in cats.most_common()))
    for kind in ("missed", "false_positive"):
        lem = Counter(r.get("cue_lemma") for r in rows if r["row_type"] == kind)
        lines.append(f"{kind} by cue lemma: "
                     + ", ".join(f"{c} {n}" for c, n in lem.most_common(top)))
    return "\n".join(lines)


# -- the command ---------------------------------------------------------------------------


def tag_documents(documents: list[Document], tagger, n_process: int = 1,
                  progress: Callable[[int, int], None] | None = None) -> list[TaggedArticle]:
    """Tag the whole text of every document (headline line included), in order."""
    items = [(d.name, d.text) for d in documents]
    out = []
    for i, tagged in enumerate(tagger.tag_many(items, batch_size=BATCH_SIZE,
                                               n_process=n_process), 1):
        out.append(tagged)
        if progress is not None:
            progress(i, len(items))
    return out


def main_polnear(root: str, split: str = "dev", *, details: bool = False,
                 errors: str | None = None, limit: int | None = None,
                 json_path: str | None = None, n_process: int | None = None,
                 processes_for: Callable[[int], int] | None = None,
                 allow_held_out: bool = False, tagger=None) -> int:
    """``newsdw eval --polnear ROOT --split dev``: print the report; exit 0, 1 when the split
    is missing or empty, 2 when the held-out test split is asked for without its flag."""
    try:
        docs = load_split(root, split, allow_held_out=allow_held_out)
    except HeldOutSplit as exc:
        print(f"newsdw eval: {exc}", file=sys.stderr)
        return 2
    except (FileNotFoundError, ValueError) as exc:
        print(f"newsdw eval: {exc}", file=sys.stderr)
        return 1
    docs = spread(docs, limit)
    if not docs:
        print(f"newsdw eval: no annotated texts in the PolNeAR {split} split under {root}",
              file=sys.stderr)
        return 1
    if tagger is None:
        tagger = AnalysisTagger() if errors else Tagger()
    n = n_process or (processes_for(len(docs)) if processes_for else 1)
    print(f"tagging {len(docs)} PolNeAR {split} texts with {tagger.model_name} on {n} "
          f"process(es)...", file=sys.stderr)
    step = max(1, len(docs) // 10)

    def progress(i: int, total: int) -> None:
        if i % step == 0 or i == total:
            print(f"  tagged {i}/{total}", file=sys.stderr)

    tagged = tag_documents(docs, tagger, n, progress)
    matchings = [match_document(d, t) for d, t in zip(docs, tagged, strict=True)]
    report = score(docs, tagged, split, matchings)
    report.model = getattr(tagger, "model_name", "")
    report.limit = limit
    print(render(report, details=details))
    if details:
        print(render_errors(matchings))
    if json_path:
        Path(json_path).parent.mkdir(parents=True, exist_ok=True)
        Path(json_path).write_text(json.dumps(report.as_dict(), indent=2) + "\n",
                                   encoding="utf-8")
        print(f"\nmetrics written to {json_path}")
    if errors:
        rows = [r for m in matchings for r in error_rows(m, with_matched=True)]
        count = write_rows(rows, Path(errors))
        print(f"\n{count} rows written to {errors} (every error, and a 'matched' row per "
              f"gold attribution found, for recall by feature)")
        print(error_summary(rows))
    return 0
