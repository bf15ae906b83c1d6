"""What the parser reads: a title-case headline in sentence case.

"Hillary Clinton Says No To Fox News As Sanders Turns Up The Heat": written in title case, a
headline reads to the tagger as one long name, and its cue verb is lost ("Says" a proper noun).
The parser gets the headline with its function words and cue verbs lower-cased; everything
else (the body, the names, acronyms) is left as written. Only the case of ASCII letters
changes, so the parsed text has the body's length and every offset into it holds: statements,
speakers and entities are still cut from the body as written.
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


def parser_text(body: str) -> str:
    """``body`` with its first line, when that is a title-case headline, in sentence case
    where it is safe; otherwise ``body`` itself. Same length as ``body``."""
    lead = len(body) - len(body.lstrip())
    end = body.find("\n", lead)
    end = len(body) if end < 0 else end
    line = body[lead:end]
    if not _title_case(line):
        return body
    first = True

    def lower(m: re.Match[str]) -> str:
        nonlocal first
        word = m.group(0)
        if first:  # the headline's first word keeps its capital
            first = False
            return word
        return word.lower() if word.lower() in _LOWER else word

    fixed = _TITLE_WORD.sub(lower, line)
    return body[:lead] + fixed + body[end:]
