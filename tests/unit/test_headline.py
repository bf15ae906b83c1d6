"""The parser reads a title-case headline in sentence case; the body stays as written."""

from extract.nlp.headline import parser_text


def test_a_title_case_headline_has_its_common_words_and_cue_verbs_lower_cased():
    body = "Hillary Clinton Slams Donald Trump On Abortion After SCOTUS Ruling\n\nThe Body."
    assert parser_text(body) == \
        "Hillary Clinton slams Donald Trump on Abortion after SCOTUS ruling\n\nThe Body."


def test_the_parsed_text_has_the_bodys_length_so_every_offset_holds():
    body = "  Pence Announces Plans He And Trump Have Made For Tax Returns\nIt Said So."
    out = parser_text(body)
    assert len(out) == len(body) and out.lower() == body.lower()
    assert out.endswith("\nIt Said So.")  # only the headline


def test_a_headline_in_sentence_case_and_names_that_are_common_words_stay_as_written():
    assert parser_text("Biden slams Trump over tariffs\n\nBody.") == \
        "Biden slams Trump over tariffs\n\nBody."
    assert parser_text("Mark Cuban And Will Smith Back Hope Hicks\n\n") == \
        "Mark Cuban and Will Smith back Hope Hicks\n\n"


def test_a_title_case_subhead_in_the_body_is_read_in_sentence_case_too():
    body = "Clinton wins.\n\nTed Cruz Hints Trump Would Get Border Wall Contract\n\nMore."
    assert parser_text(body) == \
        "Clinton wins.\n\nTed Cruz hints Trump would get Border Wall Contract\n\nMore."
