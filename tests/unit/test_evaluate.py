"""The gold-set evaluator: header parsing, span matching, metrics and the report."""

from __future__ import annotations

import json

from extract.ids import actor_id
from extract.nlp.evaluate import (
    Counts,
    _match_statements,
    evaluate,
    main_eval,
    render,
)
from extract.records import Actor, IssueMention, Span, Statement, TaggedArticle
from extract.sources.documents import split_header


def test_header_parser_is_the_landing_one_and_takes_texts_without_header():
    text = "date 2024-04-20\ntitle: A title\nurl: https://x.test/a\nBody line one.\n\nTwo."
    assert split_header(text) == (
        {"date": "2024-04-20", "title": "A title", "url": "https://x.test/a"},
        "Body line one.\n\nTwo.",
    )
    # the sample format: the body runs on after the date
    assert split_header(" date 2024-04-20 US Secretary said.\n\nMore.")[1] == \
        "US Secretary said.\n\nMore."
    assert split_header("No header at all.") == ({}, "No header at all.")


def test_statement_matching_is_one_to_one_by_coverage_of_gold():
    gold = [(0, 100), (200, 300)]
    pred = [(0, 40), (10, 90), (250, 400)]
    pairs = _match_statements(gold, pred, 0.3)
    assert sorted(pairs) == [(0, 1), (1, 2)]  # (10, 90) covers more of gold 0 than (0, 40)
    assert sorted(_match_statements(gold, pred, 0.8)) == [(0, 1)]


def test_counts():
    c = Counts(tp=8, fp=2, fn=8)
    assert (c.precision, c.recall) == (0.8, 0.5)
    assert round(c.f1, 3) == 0.615
    assert Counts().precision == Counts().recall == 1.0  # nothing to find, nothing wrong


class FakeTagger:
    """Returns fixed predictions, so the metrics are checked without a model."""

    def tag(self, article_id: str, body: str) -> TaggedArticle:
        blinken = Actor(actor_id("Antony Blinken", "person"), "Antony Blinken", "person",
                        aliases=["Blinken"])
        china = Actor(actor_id("China", "country"), "China", "country")
        place = Actor(actor_id("Capri", "place"), "Capri", "place")
        extra = Actor(actor_id("Nobody", "person"), "Nobody", "person")
        s = body.index("the talks")
        st1 = Statement(Span(s, s + 38, body[s:s + 38]), "indirect", None,
                        blinken.actor_id, None)
        s2 = body.index("We will")
        st2 = Statement(Span(s2, s2 + 10, body[s2:s2 + 10]), "direct", None, china.actor_id,
                        None)
        return TaggedArticle(article_id, [blinken, china, place, extra], [], [st1, st2],
                             [IssueMention("taiwan", 0, 6, "Taiwan")])


def _gold(tmp_path):
    body = ("Blinken said the talks on Taiwan were useful and frank. "
            "\"We will keep talking,\" said the Chinese side.")
    (tmp_path / "one.txt").write_text(f"date 2024-04-20\ntitle: T\n{body}\n", encoding="utf-8")
    (tmp_path / "one.json").write_text(json.dumps({
        "statements": [
            {"content": "the talks on Taiwan were useful and frank", "speaker": "Blinken",
             "kind": "indirect"},
            {"content": "We will keep talking", "speaker": "China", "kind": "direct"},
            {"content": "useful", "occurrence": 2, "speaker": None, "kind": "indirect"},
        ],
        "actors": [{"name": "Antony Blinken", "type": "person"},
                   {"name": "China", "type": "country"},
                   {"name": "Beijing", "type": "organization"}],
        "issues": ["taiwan", "diplomacy"],
    }), encoding="utf-8")
    (tmp_path / "no_annotation.txt").write_text("date 2024-04-20\nignored\n", encoding="utf-8")


def test_evaluate_on_a_tiny_gold_dir(tmp_path):
    _gold(tmp_path)
    report = evaluate(tmp_path, FakeTagger())
    assert [f.name for f in report.files] == ["one"]
    f = report.files[0]
    assert any("not found" in e for e in f.errors)  # occurrence 2 of "useful" does not exist
    s3 = f.statements[0.3]
    assert (s3.tp, s3.fp, s3.fn) == (2, 0, 0)
    s8 = f.statements[0.8]
    assert s8.tp == 1  # "We will ke" covers only half of its gold span
    assert (f.speaker_correct, f.speaker_total) == (2, 2)  # alias "Blinken" counts
    assert (f.actors.tp, f.actors.fp, f.actors.fn) == (2, 1, 1)  # the place is not counted
    assert (f.issues.tp, f.issues.fp, f.issues.fn) == (1, 0, 1)
    assert report.total.actors.tp == 2
    text = render(report, details=True)
    assert "TOTAL" in text and "one" in text and "missed actor: beijing" in text


def test_main_eval_exit_codes(tmp_path, capsys):
    assert main_eval(str(tmp_path / "missing")) == 1
    assert main_eval(str(tmp_path)) == 1  # no gold files
    assert "no gold files" in capsys.readouterr().err
