"""Layout of an article body: paragraphs, sentence units and quotation spans.

Everything here is one linear pass over the characters or the tokens of the parsed Doc.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc

from extract.nlp import rules

OPEN_DOUBLE = "\u201c\u201e\u00ab"  # “ „ «
CLOSE_DOUBLE = "\u201d\u00bb"  # ” »
STRAIGHT = '"'
# Typewriter style of some archives (the New York Times' ''like this''): two apostrophes
# both open and close, as a straight double quote does.
TWIN = "''"
OPEN_SINGLE = "\u2018"  # ‘
CLOSE_SINGLE = "\u2019"  # ’
TERMINAL = set(".!?:;\"'\u201d\u2019\u00bb)")
QUOTE_CHARS = set(OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT + OPEN_SINGLE + CLOSE_SINGLE) | {TWIN, "``"}


@dataclass
class Quote:
    """Text between quotation marks: ``start``/``end`` exclude the marks themselves."""

    start: int
    end: int
    para: int
    closed: bool = True  # False: the paragraph ended before a closing mark
    continued: bool = False  # opens a paragraph that continues an unclosed quote

    @property
    def open_mark(self) -> int:
        return self.start - 1


@dataclass
class Unit:
    """A sentence as the rules see it: spaCy sentences of one paragraph, with fragments the
    segmenter split off ("... crisis. provocation in ...", ", he said.") merged back."""

    start: int  # token index
    end: int  # token index, exclusive
    para: int
    start_char: int = 0
    end_char: int = 0


DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'\u2019/ -]{2,40}[A-Z.]"  # "NEW DELHI", "JERUSALEM/DUBAI"
    r"(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+){0,2})?"  # ", Netherlands"
    r"\s*(?:\([^)]{1,40}\)\s*)?[-\u2014\u2013]+\s+"  # "(Reuters)", the dash
)


def dateline_end(body: str) -> int:
    """End offset of a leading dateline ("EINDHOVEN, Netherlands - "), else 0."""
    m = DATELINE.match(body[:120])
    return m.end() if m else 0


def paragraph_starts(body: str) -> list[int]:
    """Character offsets where paragraphs (lines with text) start."""
    starts = [0]
    for m in re.finditer(r"\n\s*", body):
        if m.end() < len(body):
            starts.append(m.end())
    return starts


def para_of(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset) - 1


def find_quotes(body: str, para_starts: list[int]) -> list[Quote]:
    """Quotation spans, paired per paragraph. Straight quotes alternate open/close; a
    paragraph that ends inside a quote continues when the next paragraph opens with one."""
    doubles = sum(body.count(c) for c in OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT)
    has_double = doubles > 0
    # twin marks ('' ... '', the New York Times' archive) rule a text that has more of them
    # than double marks: a stray '"' in it must not turn all its quotations off
    use_twin = TWIN in body and body.count(TWIN) >= doubles
    use_single = not has_double and not use_twin and OPEN_SINGLE in body
    quotes: list[Quote] = []
    bounds = para_starts + [len(body)]
    pending_unclosed = False
    for p in range(len(para_starts)):
        a, b = bounds[p], bounds[p + 1]
        open_at = -1
        width = 1  # of the opening mark
        i = a
        while i < b:
            c = body[i]
            mark = 2 if use_twin and body.startswith(TWIN, i) else 1
            opening = c in OPEN_DOUBLE or (use_single and c == OPEN_SINGLE and _opens(body, i))
            closing = c in CLOSE_DOUBLE or (use_single and c == CLOSE_SINGLE and _closes(body, i))
            if mark == 2:
                opening, closing = open_at < 0, open_at >= 0 and width == 2
            elif c == STRAIGHT and use_twin and open_at >= 0 and width == 2:
                opening = closing = False  # '"people"' inside a twin-marked quotation
            elif c == STRAIGHT:
                opening, closing = open_at < 0, open_at >= 0
            elif c in OPEN_DOUBLE + CLOSE_DOUBLE and _wrong_way(body, i, a, b, open_at >= 0):
                # a mark typed the wrong way round: '”Mr. Trump embodies ...”', '"Mostly False.“'
                opening, closing = open_at < 0, open_at >= 0
            if opening and open_at < 0:
                open_at, width = i, mark
            elif closing and open_at >= 0:
                continued = pending_unclosed and not body[a:open_at].strip()
                quotes.append(Quote(open_at + width, i, p, True, continued))
                open_at = -1
            i += mark
        if open_at >= 0:
            end = b
            while end > open_at + width and body[end - 1].isspace():
                end -= 1
            continued = pending_unclosed and not body[a:open_at].strip()
            quotes.append(Quote(open_at + width, end, p, False, continued))
        pending_unclosed = open_at >= 0
    return [q for q in quotes if q.end > q.start]


def _wrong_way(body: str, i: int, a: int, b: int, inside: bool) -> bool:
    """A double mark whose position says the opposite of its shape: a closing mark that
    starts a word outside any quotation, or an opening mark that ends a word inside one."""
    before = body[i - 1] if i > a else " "
    after = body[i + 1] if i + 1 < b else " "
    if body[i] in CLOSE_DOUBLE and not inside:
        return not before.isalnum() and before not in ".,;:!?" and after.isalnum()
    if body[i] in OPEN_DOUBLE and inside:
        return not before.isspace() and (after.isspace() or after in ".,;:")
    return False


def _opens(body: str, i: int) -> bool:
    return i == 0 or not body[i - 1].isalnum()


def _closes(body: str, i: int) -> bool:
    return i + 1 >= len(body) or not body[i + 1].isalnum()


# the verbs of saying that may tell where after a quotation: "said on Twitter"
SAYING = rules.words("saying_forms")
# tokens of a speech tag after a quotation's ? or !: with a verb of saying ("Trump told
# Britain's ITV television station in an interview."), with any other verb
SPEECH_TAG_TOKENS = 16
OTHER_TAG_TOKENS = 10


def _split_off_speech_tag(doc: Doc, prev: Unit, s: int, e: int) -> bool:
    """'"Would it be negotiable?" Hannity pressed.': the segmenter ends a sentence at a
    quotation's ? or ! (or, after a quotation inside it, at its comma: '... help,’” Rep.
    Jim McDermott said.'), leaving the speech tag alone: a short clause of a subject and a verb
    with no object or complement, right after such a quotation; a verb of saying may tell
    where ('"Why would we?" Trump said on Twitter.')."""
    k = prev.end - 1
    while k > prev.start and (doc[k].text in QUOTE_CHARS or doc[k].text == "'"):
        k -= 1  # (a quotation inside the quotation may close with it: '... help?\u2019\u201d')
    if prev.end - prev.start < 3 or doc[prev.end - 1].text not in QUOTE_CHARS or \
            doc[k].text not in ("?", "!", ",") or e - s > SPEECH_TAG_TOKENS:
        return False
    root = next((t for t in doc[s:e] if t.dep_ == "ROOT"), None)
    if root is None or root.tag_ not in ("VBD", "VBZ", "VBP"):
        return False
    if e - s > OTHER_TAG_TOKENS and root.lower_ not in SAYING:
        return False
    blocking = {"ccomp", "xcomp", "attr", "acomp"}
    if root.lower_ not in SAYING:
        blocking.add("prep")
    # (and whom: '"You think I'm going to change?" Trump asked reporters.')
    if root.lower_ not in ("asked", "asks", "told", "tells"):
        blocking.add("dobj")
    return any(c.dep_ == "nsubj" and c.i < root.i for c in root.children) and not any(
        c.dep_ in blocking for c in root.children)


def build_units(doc: Doc, para_starts: list[int]) -> list[Unit]:
    """Sentence units, merging segmenter fragments back into the previous sentence of the same
    paragraph: a sentence that starts lower-case or with , ; ) ] or follows a sentence without
    terminal punctuation."""
    units: list[Unit] = []
    for sent in doc.sents:
        s, e = sent.start, sent.end
        while s < e and doc[s].is_space:
            s += 1
        while e > s and doc[e - 1].is_space:
            e -= 1
        if s >= e:
            continue
        para = para_of(para_starts, doc[s].idx)
        if units and units[-1].para == para:
            prev = units[-1]
            last = doc[prev.end - 1].text
            first = doc[s].text
            if first[0].islower() or first[0] in ",;)]" or last[-1] not in TERMINAL or \
                    _split_off_speech_tag(doc, prev, s, e):
                prev.end = e
                prev.end_char = doc[e - 1].idx + len(doc[e - 1].text)
                continue
        units.append(Unit(s, e, para, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)))
    return units
