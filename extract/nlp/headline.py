"""What the parser reads: title-case headlines in sentence case.

"Hillary Clinton Says No To Fox News As Sanders Turns Up The Heat": written in title case, a
headline reads to the tagger as one long name, and its cue verb is lost ("Says" a proper noun).
The parser gets such a line (the headline, or a subhead in the body) with its function words
and cue verbs lower-cased; everything else (the body, the names, acronyms) is left as written.
Only the case of ASCII letters changes, so the parsed text has the body's length and every
offset into it holds: statements, speakers and entities are still cut from the body as written.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from extract.nlp.statements import FORM_LEMMA

# A word in title case: a capital, then lower-case letters (not "GOP", not "McCain")
_TITLE_WORD = re.compile(r"\b[A-Z][a-z]+(?:'[a-z]+)?\b")
_ALPHA_WORD = re.compile(r"[^\W\d_]+")
# what the headline keeps capitalised however common the word: "May", "Will Smith"
_KEEP = frozenset({"may", "will", "us", "mark", "bill", "hope", "grant", "rush"})
_LOWER = (frozenset(STOP_WORDS) | frozenset(FORM_LEMMA)) - _KEEP


def _title_case(line: str) -> bool:
    words = _ALPHA_WORD.findall(line)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _sentence_case(line: str) -> str:
    words = list(_TITLE_WORD.finditer(line))
    out = list(line)
    for m in words[1:]:  # the line's first word keeps its capital
        if m.group(0).lower() in _LOWER:
            out[m.start()] = line[m.start()].lower()
    return "".join(out)


def parser_text(body: str) -> str:
    """``body`` with each title-case line (the headline, a subhead) in sentence case where
    it is safe. Same length as ``body``."""
    return "\n".join(_sentence_case(line) if _title_case(line) else line
                     for line in body.split("\n"))
