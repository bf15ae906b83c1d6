"""Quotation marks: pairing them per paragraph, as typed in real news."""

from __future__ import annotations

import pytest

from extract.nlp.text import find_quotes, paragraph_starts


def quoted(body: str) -> list[str]:
    return [body[q.start:q.end] for q in find_quotes(body, paragraph_starts(body))]


@pytest.mark.parametrize(("body", "expected"), [
    ("He said \u201cno\u201d and left.", ["no"]),
    ('He said "no" and "yes."', ["no", "yes."]),
    # a closing mark typed at the start of a signed quotation
    ("\u201dMr. Trump embodies our greatest shame.\u201d \u2015 Sonya Herridge",
     ["Mr. Trump embodies our greatest shame."]),
    # an opening mark typed at the end of one
    ("PolitiFact rated it \u201cMostly False.\u201c The rate is widely used.", ["Mostly False."]),
    # twin marks rule a text that has more of them than double marks, which nest inside
    ("''It comes from \"people\" there,'' she said. He said ''no.''",
     ['It comes from "people" there,', "no."]),
    # a closing mark after a word stays a closing mark
    ("The \u201cso-called\u201d experts\u201d left.", ["so-called"]),
])
def test_quotation_marks_pair_by_position_as_well_as_shape(body, expected):
    assert quoted(body) == expected
