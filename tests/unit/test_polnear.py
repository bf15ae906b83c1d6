"""The PolNeAR scorer on a synthetic corpus (our own sentences, brat files written here): the
loader, the metrics on hand-built predictions, the error rows and the CLI's refusal of the
held-out split. No spaCy model is loaded."""

from __future__ import annotations

import json

import pytest

from extract.nlp.evaluate import match_spans
from extract.nlp.polnear import (
    Attribution,
    BratSpan,
    HeldOutSplit,
    _boundary,
    bootstrap,
    cue_correct,
    cue_features,
    error_rows,
    is_quoted,
    load_split,
    main_polnear,
    match_document,
    parse_document,
    pred_quoted,
    render,
    score,
    speaker_correct,
    spread,
    write_rows,
)
from extract.records import Actor, Span, Statement, TaggedArticle
from newsdw.cli import main

ALPHA = ("Council approves budget\n\n"
         "The mayor said the budget would pass next week. "
         "\u201cWe have the votes,\u201d she told reporters, \u201cand we will use them.\u201d\n\n"
         "The plan was rushed, according to critics. "
         "Officials are expected to vote on Friday, it was reported. "
         "The library closed early.\n")
BETA = "Bridge reopens\n\nSenator Reyes warned that the bridge was unsafe. It opened in 1990.\n"


def at(text: str, phrase: str, nth: int = 1) -> tuple[int, int]:
    pos = -1
    for _ in range(nth):
        pos = text.index(phrase, pos + 1)
    return pos, pos + len(phrase)


def t_line(tid: str, label: str, text: str, *pieces: tuple[int, int]) -> str:
    offsets = ";".join(f"{s} {e}" for s, e in pieces)
    return f"{tid}\t{label} {offsets}\t{' '.join(text[s:e] for s, e in pieces)}"


def alpha_ann() -> str:
    x = ALPHA
    q1, q2 = at(x, "\u201cWe have the votes,\u201d"), at(x, "\u201cand we will use them.\u201d")
    lines = [
        t_line("T1", "Source", x, at(x, "The mayor")),
        t_line("T2", "Cue", x, at(x, "said")),
        t_line("T3", "Content", x, at(x, "the budget would pass next week")),
        t_line("T4", "Attribution", x, at(x, "said")),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        t_line("T5", "Source", x, at(x, "she")),
        t_line("T6", "Cue", x, at(x, "told")),
        t_line("T7", "Content", x, q2, q1),  # pieces as an annotator may list them: unsorted
        t_line("T8", "Attribution", x, at(x, "told")),
        "E2\tAttribution:T8 Cue:T6 Content:T7 Source:T5",
        t_line("T9", "Content", x, at(x, "The plan was rushed")),
        t_line("T10", "Cue", x, at(x, "according to")),
        t_line("T11", "Source", x, at(x, "critics")),
        t_line("T12", "Attribution", x, at(x, "according to")),
        "E3\tAttribution:T12 Content:T9 Cue:T10 Source:T11",
        t_line("T13", "Content", x, at(x, "Officials are expected to vote on Friday")),
        t_line("T14", "Cue", x, at(x, "was reported")),
        t_line("T15", "Attribution-no-source", x, at(x, "was reported")),
        "E4\tAttribution-no-source:T15 Cue:T14 Content:T13 ",  # no Source role
        t_line("T16", "Attribution-no-source", x, at(x, "closed")),
        "E5\tAttribution-no-source:T16 ",  # no content: skipped
        # an annotator's note, and a span whose text holds a line break (its second line is
        # a continuation line, not an annotation)
        t_line("T17", "Discuss", x, (at(x, "budget")[0], at(x, "The mayor")[1])),
        "#1\tAnnotatorNotes T1\tis this the right source?",
    ]
    return "\n".join(lines) + "\n"


def beta_ann() -> str:
    x = BETA
    return "\n".join([
        t_line("T1", "Source", x, at(x, "Senator Reyes")),
        t_line("T2", "Cue", x, at(x, "warned")),
        t_line("T3", "Content", x, at(x, "the bridge was unsafe")),
        t_line("T4", "Attribution", x, at(x, "warned")),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    ]) + "\n"


@pytest.fixture
def corpus(tmp_path):
    """A PolNeAR-like folder: dev with two texts (alpha annotated twice), a text without
    annotation, metadata.tsv; and a test split on disk that must still be refused."""
    data = tmp_path / "data"
    for split in ("dev", "test"):
        (data / split / "text").mkdir(parents=True)
        (data / split / "attributions").mkdir(parents=True)
    dev = data / "dev"
    (dev / "text" / "alpha-news_2016-10-01_budget.txt").write_text(ALPHA, encoding="utf-8")
    (dev / "text" / "beta-daily_2016-10-02_bridge.txt").write_text(BETA, encoding="utf-8")
    (dev / "text" / "gamma_2016-10-03_unannotated.txt").write_text("No annotation.\n",
                                                                   encoding="utf-8")
    (dev / "attributions" / "alpha-news_2016-10-01_budget_a1b2.ann").write_text(
        alpha_ann(), encoding="utf-8")
    (dev / "attributions" / "alpha-news_2016-10-01_budget_c3d4.ann").write_text(  # 2nd annotator
        beta_ann(), encoding="utf-8")
    (dev / "attributions" / "beta-daily_2016-10-02_bridge_c3d4.ann").write_text(
        beta_ann(), encoding="utf-8")
    (data / "test" / "text" / "x.txt").write_text("Held out.\n", encoding="utf-8")
    (data / "metadata.tsv").write_text(
        "compartment\tfilename\tpublisher\n"
        "dev\talpha-news_2016-10-01_budget\talpha\n", encoding="utf-8")
    return tmp_path


def test_loader_parses_spans_roles_and_annotators(corpus):
    docs = load_split(corpus, "dev")  # the folder above data/ works too
    assert [d.name for d in docs] == ["alpha-news_2016-10-01_budget",
                                      "beta-daily_2016-10-02_bridge"]
    alpha, beta = docs
    # several annotation files: the first in sorted order is scored
    assert (alpha.annotation_file, alpha.annotation_files) == (
        "alpha-news_2016-10-01_budget_a1b2.ann", 2)
    assert (alpha.publisher, beta.publisher) == ("alpha", "beta-daily")  # metadata, else name
    assert (alpha.skipped_events, alpha.span_mismatches) == (1, 0)
    e1, e2, e3, e4 = alpha.attributions
    assert (e1.source.text, e1.cue.text, e1.content.text) == (
        "The mayor", "said", "the budget would pass next week")
    assert len(e1.content.pieces) == 1 and not e1.quoted
    # discontinuous content: pieces sorted, text from the .txt, both pieces counted
    assert len(e2.content.pieces) == 2 and e2.content.pieces[0] < e2.content.pieces[1]
    assert e2.content.text == ("\u201cWe have the votes,\u201d \u201cand we will use them."
                               "\u201d")
    assert e2.content.length == len(e2.content.text) - 1 and e2.quoted
    assert e3.cue.text == "according to"
    assert (e4.label, e4.source, e4.cue.text) == ("Attribution-no-source", None, "was reported")
    for a in (e1, e2, e3, e4):
        for s, e in a.content.pieces:
            assert ALPHA[s:e] in a.content.text
    assert [a.content.text for a in beta.attributions] == ["the bridge was unsafe"]


def test_a_source_and_cue_annotated_the_wrong_way_round_are_swapped_back():
    text = '"Tom is a visionary," said Robert McAtee.'
    ann = ("T1\tContent 1 19\tTom is a visionary\nT2\tSource 22 26\tsaid\n"
           "T3\tCue 27 41\tRobert McAtee.\nT4\tAttribution 0 41\tx\n"
           "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n")
    doc = parse_document("n", "dev", "p", text, ann, "n_a.ann")
    (att,) = doc.attributions
    assert (att.source.text, att.cue.text, doc.swapped_roles) == ("Robert McAtee.", "said", 1)


def test_the_test_split_is_held_out(corpus):
    with pytest.raises(HeldOutSplit, match="held out"):
        load_split(corpus / "data", "test")
    assert len(load_split(corpus / "data", "test", allow_held_out=True)) == 0  # no .ann


def test_cli_refuses_the_test_split(corpus, capsys):
    assert main(["eval", "--polnear", str(corpus), "--split", "test"]) == 2
    err = capsys.readouterr().err
    assert "held out" in err and "--i-am-scoring-the-held-out-test-split" in err
    # the gold directory and the PolNeAR flags do not mix
    assert main(["eval", "--split", "dev"]) == 2
    assert main(["eval", str(corpus), "--polnear", str(corpus)]) == 2


def _span(text: str, phrase: str) -> Span:
    s, e = at(text, phrase)
    return Span(s, e, text[s:e])


def predictions() -> list[TaggedArticle]:
    """Alpha: E1 exact, E2 only its first quotation (30-80%), E3 exact without speaker or cue,
    E4 missed, one false positive. Beta: found, speaker through an actor's alias."""
    x = ALPHA
    mayor = Actor("act_mayor", "mayor", "anonymous")
    alpha = TaggedArticle("alpha", [mayor], [], [
        Statement(_span(x, "the budget would pass next week"), "indirect",
                  _span(x, "The mayor"), mayor.actor_id, _span(x, "said")),
        Statement(_span(x, "We have the votes,"), "direct", _span(x, "she"), mayor.actor_id,
                  _span(x, "told")),
        Statement(_span(x, "The plan was rushed"), "indirect", None, None, None),
        Statement(_span(x, "The library closed early"), "indirect", None, None, None),
    ], [])
    reyes = Actor("act_reyes", "Ana Reyes", "person", aliases=["Senator Reyes"])
    beta = TaggedArticle("beta", [reyes], [], [
        Statement(_span(BETA, "the bridge was unsafe"), "indirect", None, reyes.actor_id,
                  _span(BETA, "warned")),
    ], [])
    return [alpha, beta]


def test_scorer_metrics_on_hand_built_predictions(corpus):
    docs = load_split(corpus, "dev")
    report = score(docs, predictions(), "dev")
    t = report.total
    s3, s8 = t.statements[0.3], t.statements[0.8]
    assert (s3.tp, s3.fp, s3.fn) == (4, 1, 1)
    assert (s3.precision, s3.recall, s3.f1) == pytest.approx((0.8, 0.8, 0.8))
    assert (s8.tp, s8.fp, s8.fn) == (3, 2, 2)
    assert s8.f1 == pytest.approx(0.6)
    # speaker: E1 (span), E2 (span "she"), beta (alias) right; E3 has a source, no speaker
    assert (t.speaker.correct, t.speaker.total) == (3, 4)
    assert (t.cue.correct, t.cue.total) == (3, 4)  # E3's prediction has no cue
    # quoted: only E2 in the gold; its prediction leaves the marks out but touches them
    q3, u3 = t.classes[0.3]["quoted"], t.classes[0.3]["unquoted"]
    assert (q3.gold, q3.gold_matched, q3.pred, q3.pred_matched) == (1, 1, 1, 1)
    assert (u3.gold, u3.gold_matched, u3.pred, u3.pred_matched) == (4, 3, 4, 3)
    assert (u3.precision, u3.recall) == (0.75, 0.75)
    q8 = t.classes[0.8]["quoted"]
    assert (q8.gold_matched, q8.pred_matched, q8.f1) == (0, 0, 0.0)
    assert t.speaker_by_class["quoted"].value == 1.0
    assert set(report.publishers) == {"alpha", "beta-daily"}
    assert report.publishers["beta-daily"].statements[0.8].f1 == 1.0
    assert report.as_dict()["total"]["content"]["0.3"]["f1"] == 0.8


def test_bootstrap_intervals_hold_the_split_value_and_say_how_often_targets_are_met(corpus):
    report = score(load_split(corpus, "dev"), predictions(), "dev")
    intervals = {iv.metric: iv for iv in bootstrap(report.scores, draws=200)}
    assert set(intervals) == {"content F1@0.3", "content F1@0.8", "quoted F1@0.3",
                              "unquoted F1@0.3", "speaker accuracy"}
    f1 = intervals["content F1@0.3"]
    assert f1.value == pytest.approx(report.total.statements[0.3].f1)
    assert f1.low <= f1.value <= f1.high
    # beta alone is perfect, alpha alone scores 0.75: every resample lies between
    assert (f1.low, f1.high) == (pytest.approx(0.75), 1.0)
    assert 0.0 < f1.meeting < 1.0  # below 0.78 whenever alpha is drawn twice
    assert intervals["unquoted F1@0.3"].value == pytest.approx(0.75)
    assert intervals["speaker accuracy"].value == pytest.approx(0.75)
    again = {iv.metric: iv for iv in bootstrap(report.scores, draws=200)}
    assert again == intervals  # a fixed seed: a rerun prints the same figures
    assert "how sure" in render(report)


def test_discontinuous_gold_overlap_counts_every_piece():
    gold = [[(0, 10), (20, 30)]]  # 20 characters
    assert match_spans(gold, [[(0, 10)]], 0.5) == [(0, 0)]  # 10 of 20
    assert match_spans(gold, [[(0, 10)]], 0.6) == []
    assert match_spans(gold, [[(5, 25)]], 0.5) == [(0, 0)]  # 5 + 5, the gap not counted


def test_speaker_and_cue_rules():
    content = BratSpan(((10, 20),), "x" * 10)
    no_source = Attribution("E1", "Attribution-no-source", content, None, None)
    bare = Statement(Span(10, 20, ""), "indirect", None, None, None)
    spoken = Statement(Span(10, 20, ""), "indirect", Span(0, 3, "She"), None, Span(4, 8, "said"))
    assert speaker_correct(no_source, bare, {}) and not speaker_correct(no_source, spoken, {})
    assert cue_correct(no_source, bare) and not cue_correct(no_source, spoken)
    sourced = Attribution("E2", "Attribution", content, BratSpan(((5, 8),), "said"),
                          BratSpan(((0, 3),), "She"))
    assert speaker_correct(sourced, spoken, {}) and cue_correct(sourced, spoken)
    elsewhere = Statement(Span(10, 20, ""), "indirect", Span(30, 33, "Tom"), None, None)
    assert not speaker_correct(sourced, elsewhere, {}) and not cue_correct(sourced, elsewhere)


def test_error_rows_categories_and_files(corpus, tmp_path):
    docs = load_split(corpus, "dev")
    rows = error_rows(match_document(docs[0], predictions()[0]))
    kinds = sorted((r["row_type"], r["category"]) for r in rows)
    assert kinds == [
        ("boundary", "misses_whole_gold_pieces"),  # E2: one quotation of two
        ("cue", "pred_no_cue"),  # E3
        ("false_positive", "unannotated"),  # the library
        ("missed", "passive_cue"),  # E4 "it was reported"
        ("speaker", "gold_source_pred_no_speaker"),  # E3
    ]
    missed = next(r for r in rows if r["row_type"] == "missed")
    assert (missed["cue_lemma"], missed["has_source"], missed["quoted"]) == (
        "report", False, False)
    assert "\u27e6Q: Officials are expected" in missed["snippet"]
    boundary = next(r for r in rows if r["row_type"] == "boundary")
    # letters and digits count, not the quotation marks the tagger leaves out
    assert (boundary["uncovered_before"], boundary["uncovered_after"]) == (
        0, len("andwewillusethem"))
    for path in (tmp_path / "rows.tsv", tmp_path / "rows.jsonl"):
        assert write_rows(rows, path) == 5
    assert len((tmp_path / "rows.tsv").read_text(encoding="utf-8").splitlines()) == 6
    first = json.loads((tmp_path / "rows.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["doc"] == "alpha-news_2016-10-01_budget"


def test_boundary_categories_and_quote_marks():
    text = "He said “the plan is good and the budget is fine” today."
    gold = BratSpan((at(text, "“the plan is good and the budget is fine”"),), "")
    s, e = at(text, "plan is good")
    assert _boundary(text, gold, s, e)["category"] == "inside_gold_too_short"
    s, e = at(text, "the plan is good")
    assert _boundary(text, gold, s, e)["category"] == "ends_early"
    s, e = at(text, "the budget is fine” today")
    b = _boundary(text, gold, s, e)
    assert (b["category"], b["extra_after"]) == ("starts_late_and_runs_past_end", 5)
    assert is_quoted("''We will win,'' he said") and not is_quoted("the party’s plan")
    assert pred_quoted(text, *at(text, "the plan is good and the budget is fine"))


def test_cue_features_without_a_parse():
    text = "as it was reported, according to critics, the claim that"
    f = cue_features(text, (at(text, "according to")), None)
    assert (f["according_to"], f["cue_lemma"], f["cue_in_lexicon"]) == (True, "according to",
                                                                        True)
    f = cue_features(text, at(text, "was reported"), None)
    assert (f["passive"], f["cue_pos"], f["cue_lemma"]) == (True, "verb", "report")
    assert cue_features(text, None, None)["cue_pos"] == "none"


def test_spread_keeps_every_part_of_a_sorted_split():
    assert spread(list(range(10)), 3) == [0, 3, 6]
    assert spread([1, 2], None) == [1, 2] and spread([1, 2], 5) == [1, 2]


class FakeTagger:
    model_name = "fake"

    def tag_many(self, items, batch_size=16, n_process=1):
        preds = {"alpha-news_2016-10-01_budget": predictions()[0],
                 "beta-daily_2016-10-02_bridge": predictions()[1]}
        for name, _text in items:
            yield preds[name]


def test_main_polnear_prints_and_saves_metrics_and_errors(corpus, tmp_path, capsys):
    out_json, out_err = tmp_path / "m.json", tmp_path / "e.jsonl"
    code = main_polnear(str(corpus), "dev", tagger=FakeTagger(), json_path=str(out_json),
                        errors=str(out_err), details=True)
    assert code == 0
    text = capsys.readouterr().out
    assert "PolNeAR dev: 2 texts" in text and "content @0.3" in text and "beta-daily" in text
    metrics = json.loads(out_json.read_text(encoding="utf-8"))
    assert metrics["total"]["speaker"] == {"correct": 3, "total": 4, "accuracy": 0.75}
    assert metrics["texts_with_several_annotation_files"] == 1
    written = [json.loads(line) for line in out_err.read_text(encoding="utf-8").splitlines()]
    assert len(written) == 5 + 4  # the errors, and a row per gold attribution found
    assert sorted(r["category"] for r in written if r["row_type"] == "matched") == [
        "matched_0.3_only", "matched_0.8", "matched_0.8", "matched_0.8"]
    assert main_polnear(str(tmp_path / "missing"), "dev", tagger=FakeTagger()) == 1


def test_a_relative_pronoun_source_is_matched_by_its_antecedent():
    # "Mark Zuckerberg, who announced plans to give away ...": the gold Source is "who"
    content = BratSpan(((30, 60),), "x" * 30)
    who = Attribution("E1", "Attribution", content, BratSpan(((21, 30),), "announced"),
                      BratSpan(((17, 20),), "who"))
    antecedent = Statement(Span(30, 60, ""), "indirect", Span(0, 15, "Mark Zuckerberg"),
                           None, None)
    assert speaker_correct(who, antecedent, {})
    far = Statement(Span(30, 60, ""), "indirect", Span(0, 10, "Mark Zucke"), None, None)
    assert not speaker_correct(who, far, {})  # more than ", " before the pronoun
    he = Attribution("E2", "Attribution", content, None, BratSpan(((17, 19),), "he"))
    assert not speaker_correct(he, antecedent, {})  # only relative pronouns


def test_a_source_with_a_title_or_an_appositive_names_the_actor():
    content = BratSpan(((30, 60),), "x" * 30)
    stmt = Statement(Span(30, 60, ""), "indirect", Span(70, 72, "he"), "a1", None)

    def att(source: str) -> Attribution:
        return Attribution("E1", "Attribution", content, None, BratSpan(((0, 20),), source))

    sanders = {"a1": Actor("a1", "Bernie Sanders", "person", ["Sanders"])}
    assert speaker_correct(att("Democratic presidential candidate Bernie Sanders"), stmt, sanders)
    assert speaker_correct(att("Bernie Sanders, 74,"), stmt, sanders)
    assert speaker_correct(att("Sen. Bernie Sanders (I-Vt.)"), stmt, sanders)  # party, state
    assert speaker_correct(att("Mr. Sanders"), stmt, sanders)  # an honorific and the surname
    assert not speaker_correct(att("Jane Sanders"), stmt, sanders)  # a surname is not enough
    assert not speaker_correct(att("Bernie Sanders's campaign manager"), stmt, sanders)
