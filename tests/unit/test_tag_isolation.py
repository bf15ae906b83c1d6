"""No article can sink a day in the tagger: a body over the piece limit is tagged in pieces and
merged into one result with valid offsets (issue #17: "a 5 MB article costs only itself"), and
an article whose tagging raises comes back as a failure while the others are tagged."""

from __future__ import annotations

import itertools
from functools import lru_cache
from pathlib import Path

import pytest

from extract.nlp import tagger as tagger_module
from extract.nlp.tagger import Tagger, chunk_bounds, merge_pieces, to_json
from extract.records import (
    Actor,
    EntityMention,
    IssueMention,
    IssueScore,
    Span,
    Statement,
    TaggedArticle,
)
from extract.sources.documents import split_header
from newsdw.pipeline.steps import tag_rows
from tests.unit.test_nlp_support import shared_tagger

REPO = Path(__file__).resolve().parents[2]
FIRST = ("Anna", "Boris", "Carmen", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ingrid",
         "Jonas", "Keiko", "Luca", "Marta", "Nikolai", "Olga", "Pavel", "Rosa", "Stefan")
LAST = ("Abernathy", "Bergstrom", "Castellano", "Drummond", "Eriksen", "Fairbanks", "Galloway",
        "Hargreaves", "Ivanova", "Jablonski", "Kowalczyk", "Lindqvist", "Montague", "Novak",
        "Okonkwo", "Pemberton", "Quintero", "Rasmussen")
LATE_QUOTE = "The archive must stay open to every reader"
LATE_SPEAKER = "Zelda Quartermaine"


@lru_cache(maxsize=1)
def news_bodies() -> tuple[str, ...]:
    paths = sorted((REPO / "tests" / "gold").glob("*.txt")) + sorted((REPO / "samples").glob(
        "*.txt"))
    return tuple(split_header(p.read_text(encoding="utf-8"))[1].strip() for p in paths)


def long_body(chars: int) -> str:
    """A realistic body of about ``chars`` characters: the gold and sample articles one after
    the other, each followed by a quote of a person named only there (so actors differ from
    block to block), and last a quote of LATE_SPEAKER (in the last piece)."""
    names = (f"{f} {la}" for la, f in itertools.product(LAST, FIRST))
    blocks: list[str] = []
    size = 0
    for i, body in enumerate(itertools.cycle(news_bodies())):
        if size >= chars:
            break
        name = next(names, None) or f"Speaker Number{i}"
        block = (f"{body}\n\n\u201cWe will publish the full record of part {i},\u201d said "
                 f"{name}, a spokesperson for the ministry.")
        blocks.append(block)
        size += len(block) + 2
    blocks.append(f"\u201c{LATE_QUOTE},\u201d said {LATE_SPEAKER}, the director of the "
                  "national library, on Friday.")
    return "\n\n".join(blocks)


def assert_offsets_valid(tagged: TaggedArticle, body: str) -> None:
    assert tagged.error is None
    actor_ids = {a.actor_id for a in tagged.actors}
    assert len(actor_ids) == len(tagged.actors)  # one actor per id
    for e in tagged.entities:
        assert body[e.start:e.end] == e.text and e.actor_id in actor_ids
    for s in tagged.statements:
        for span in (s.content, s.speaker, s.cue):
            if span is not None:
                assert body[span.start:span.end] == span.text
        assert s.speaker_actor_id is None or s.speaker_actor_id in actor_ids
    for m in tagged.issues:
        assert body[m.start:m.end] == m.evidence
        if m.statement_index is not None:
            content = tagged.statements[m.statement_index].content
            assert content.start <= m.start and m.end <= content.end


# -- chunking -----------------------------------------------------------------------------------


def test_a_body_under_the_limit_is_one_piece():
    assert chunk_bounds("", 10) == [(0, 0)]
    assert chunk_bounds("a" * 10, 10) == [(0, 10)]


@pytest.mark.parametrize(("body", "limit", "pieces"), [
    # a paragraph end is preferred to a line end or a sentence end later in the window
    ("aaaa aaaa.\n\nbbbb. bb\ncc dd", 20, ["aaaa aaaa.\n\n", "bbbb. bb\ncc dd"]),
    ("aaaa aaa. bbbb\ncc dd ee ff", 16, ["aaaa aaa. bbbb\n", "cc dd ee ff"]),
    ("aaaa aaa. bbbb cc dd ee ff", 12, ["aaaa aaa. ", "bbbb cc dd ", "ee ff"]),
    ("aaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbbb", 10, ["aaaaaaaaa ", "bbbbbbbbbb", "bbbbbbbbbb",
                                                  "bbbbbb"]),  # no break: hard cuts
])
def test_long_bodies_are_cut_at_the_best_break_within_the_limit(body, limit, pieces):
    bounds = chunk_bounds(body, limit)
    assert [body[s:e] for s, e in bounds] == pieces
    assert all(e - s <= limit for s, e in bounds)
    assert [s for s, _ in bounds[1:]] == [e for _, e in bounds[:-1]]


def test_a_long_body_is_covered_by_pieces_cut_at_paragraph_ends():
    body = long_body(400_000)
    bounds = chunk_bounds(body, 100_000)
    assert 4 <= len(bounds) <= 8
    assert bounds[0][0] == 0 and bounds[-1][1] == len(body)
    assert "".join(body[s:e] for s, e in bounds) == body
    for s, e in bounds:
        assert e - s <= 100_000
        assert e == len(body) or body[e - 2:e] == "\n\n"


def test_pieces_merge_with_offsets_actors_and_issue_indexes_re_based():
    a1 = Actor("act_a", "Anna Berg", "person", ["Berg"], role="minister")
    a2 = Actor("act_a", "Anna Berg", "person", ["Ms Berg"], affiliation="Sweden",
               country_code="SE")
    b = Actor("act_b", "Sweden", "country")

    def piece(actor: Actor, quote: str) -> TaggedArticle:
        content, speaker = Span(1, 1 + len(quote), quote), Span(20, 29, "Anna Berg")
        return TaggedArticle(
            "x", [actor, b], [EntityMention(20, 29, "Anna Berg", "PERSON", actor.actor_id)],
            [Statement(content, "direct", speaker, actor.actor_id, Span(15, 19, "said"))],
            [IssueMention("i1", 2, 4, "xx", 0), IssueMention("i2", 30, 32, "yy", None)],
            ["trade policy"],
        )

    merged = merge_pieces("x", [(0, piece(a1, "first")), (100, piece(a2, "second"))])
    assert [a.actor_id for a in merged.actors] == ["act_a", "act_b"]
    assert merged.actors[0] == Actor("act_a", "Anna Berg", "person", ["Berg", "Ms Berg"],
                                     role="minister", affiliation="Sweden", country_code="SE")
    assert a1.aliases == ["Berg"]  # the pieces' records are not changed
    assert [(e.start, e.end) for e in merged.entities] == [(20, 29), (120, 129)]
    assert [(s.content.start, s.speaker.start, s.cue.start) for s in merged.statements] == [
        (1, 20, 15), (101, 120, 115)]
    assert [(m.start, m.statement_index) for m in merged.issues] == [
        (2, 0), (30, None), (102, 1), (130, None)]
    assert merged.candidate_issues == ["trade policy", "trade policy"]
    assert tag_rows(merged)["candidate_issues"] == [
        {"article_id": "x", "phrase": "trade policy", "frequency": 2}]


def test_tag_rows_stage_the_scored_issues_of_the_article_and_its_statements():
    quote = "we will keep talking"
    tagged = TaggedArticle(
        "x", [], [], [Statement(Span(1, 1 + len(quote), quote), "direct", None, None, None)],
        [IssueMention("taiwan", 2, 4, "we", 0)],
        about=[IssueScore("cap_international_affairs", 0.6, True, "Talks."),
               IssueScore("taiwan", 0.4, False, "we")],
        statement_about=[IssueScore("taiwan", 0.5, True, quote, statement_index=0)],
    )
    rows = tag_rows(tagged)
    [statement] = rows["statements"]
    scores = rows["issue_scores"]
    assert [(r["issue_id"], r["statement_id"], r["score"], r["is_primary"]) for r in scores] == [
        ("cap_international_affairs", None, 0.6, True),
        ("taiwan", None, 0.4, False),
        ("taiwan", statement["statement_id"], 0.5, True),
    ]
    assert len({r["issue_score_id"] for r in scores}) == 3
    assert all(r["article_id"] == "x" and r["issue_score_id"].startswith("isc_") for r in scores)


def test_an_article_under_the_limit_is_tagged_as_one_doc(monkeypatch):
    tagger = shared_tagger()
    body = news_bodies()[0]
    monkeypatch.setattr(tagger_module, "merge_pieces", None)  # never called
    assert to_json(tagger.tag("a", body), body) == to_json(
        tagger.tag_doc("a", body, tagger.nlp(body)), body)


def test_a_body_split_in_pieces_keeps_what_each_paragraph_says():
    """With a small limit the gold article is tagged paragraph-ish by paragraph: its
    statements are found with valid offsets and nothing is tagged as one doc."""
    base = shared_tagger()
    small = Tagger(base.model_name, chunk_chars=2_000)
    small.nlp = base.nlp  # share the loaded model
    body = next(b for b in news_bodies() if len(b) > 5_000)
    tagged = small.tag("a", body)
    assert_offsets_valid(tagged, body)
    whole = base.tag("a", body)
    assert {s.content.text for s in tagged.statements} & {s.content.text
                                                           for s in whole.statements}


def test_a_long_article_is_tagged_in_pieces_in_one_process_and_on_workers(monkeypatch):
    """The reviewer's case scaled down (the 5 MB article itself takes minutes of parsing: see
    tests/integration/test_tag_isolation.py): a body of 8+ pieces tagged by one process, and
    on two worker processes beside normal articles, in input order, with the same result."""
    base = shared_tagger()
    tagger = Tagger(base.model_name, chunk_chars=12_000)
    tagger.nlp = base.nlp
    body = long_body(100_000)
    sizes: list[int] = []
    original = tagger.tag_doc

    def spy(article_id, text, doc):
        sizes.append(len(doc.text))
        return original(article_id, text, doc)

    monkeypatch.setattr(tagger, "tag_doc", spy)
    (one,) = tagger.tag_many([("big", body)], batch_size=4)
    assert len(sizes) >= 8 and max(sizes) <= 12_000
    assert_offsets_valid(one, body)
    late = [s for s in one.statements if LATE_QUOTE in s.content.text]
    assert late and late[0].content.start > len(body) - 1_000
    assert {a.actor_id: a.name for a in one.actors}[late[0].speaker_actor_id] == LATE_SPEAKER
    block_speakers = {a.name for a in one.actors if a.name.endswith(LAST)}
    assert len(block_speakers) >= 10  # a different person in every block
    monkeypatch.undo()

    normal = news_bodies()[1]
    on_workers = list(tagger.tag_many([("first", normal), ("big", body), ("last", normal)],
                                      batch_size=1, n_process=2))
    assert [t.article_id for t in on_workers] == ["first", "big", "last"]
    assert on_workers[1] == one
    assert [on_workers[0], on_workers[2]] == [base.tag("first", normal), base.tag("last", normal)]


def test_a_body_over_spacys_max_length_is_never_one_doc(monkeypatch):
    """spaCy refuses a text over nlp.max_length (E088): the pieces never exceed it, whatever
    the chunk limit says (here the model's limit is lowered, not raised)."""
    tagger = Tagger(shared_tagger().model_name, chunk_chars=10**9)
    tagger.nlp = shared_tagger().nlp
    monkeypatch.setattr(tagger.nlp, "max_length", 15_000)
    body = long_body(40_000)
    with pytest.raises(ValueError, match="E088"):
        tagger.nlp(body)
    tagged = tagger.tag("big", body)
    assert_offsets_valid(tagged, body)
    assert list(tagger.tag_many([("big", body)])) == [tagged]


# -- isolation ----------------------------------------------------------------------------------


def failing_tag_doc(tagger: Tagger, bad_id: str):
    original = tagger.tag_doc

    def tag_doc(article_id, body, doc):
        if article_id == bad_id:
            raise ValueError(f"rules broke on {body[:20]!r}\nsecond line")
        return original(article_id, body, doc)

    return tag_doc


@pytest.mark.parametrize("batch_size", [1, 2, 8])
def test_an_article_whose_tagging_raises_fails_alone(monkeypatch, batch_size):
    tagger = shared_tagger()
    items = [(f"a{i}", body) for i, body in enumerate(news_bodies()[:4])]
    expected = list(tagger.tag_many(items))
    monkeypatch.setattr(tagger, "tag_doc", failing_tag_doc(tagger, "a1"))
    out = list(tagger.tag_many(items, batch_size=batch_size))
    assert [t.article_id for t in out] == ["a0", "a1", "a2", "a3"]
    assert out[1].error == (f"tagging failed: ValueError: rules broke on {items[1][1][:20]!r} "
                            "second line")
    assert (out[1].actors, out[1].entities, out[1].statements, out[1].issues) == ([], [], [], [])
    assert all(v == [] for v in tag_rows(out[1]).values())
    assert [out[0], out[2], out[3]] == [expected[0], expected[2], expected[3]]
    assert to_json(out[1], items[1][1])["error"] == out[1].error
    assert "error" not in to_json(out[0], items[0][1])
    with pytest.raises(ValueError, match="rules broke"):
        tagger.tag("a1", items[1][1])  # one article asked for: the error is the caller's


def test_a_long_article_failing_in_one_piece_fails_alone(monkeypatch):
    tagger = shared_tagger()
    small = Tagger(tagger.model_name, chunk_chars=3_000)
    small.nlp = tagger.nlp
    body = "\n\n".join(news_bodies()[:3])
    original = small.tag_doc
    pieces: list[str] = []

    def tag_doc(article_id, text, doc):
        if article_id == "long":
            pieces.append(text)
            if len(pieces) == 2:  # the second piece of the long article
                raise RuntimeError("x" * 2_000)
        return original(article_id, text, doc)

    monkeypatch.setattr(small, "tag_doc", tag_doc)
    out = list(small.tag_many([("long", body), ("ok", news_bodies()[4])]))
    assert len(body) > 6_000 and len(pieces) == 2  # stopped at the failing piece
    assert out[0].error == "tagging failed: RuntimeError: " + "x" * 497 + "..."
    assert out[1].error is None and out[1].statements


def test_spacy_failing_in_a_batch_isolates_the_article(monkeypatch):
    tagger = shared_tagger()
    items = [(f"a{i}", body) for i, body in enumerate(news_bodies()[:3])]
    expected = list(tagger.tag_many(items))
    nlp = tagger.nlp
    bad = items[1][1]

    class FailingNlp:
        max_length = nlp.max_length

        def __call__(self, text):
            if text == bad:
                raise RuntimeError("spaCy broke")
            return nlp(text)

        def pipe(self, texts, batch_size):
            for doc in nlp.pipe(texts, batch_size=batch_size):
                if doc.text == bad:
                    raise RuntimeError("spaCy broke")
                yield doc

    monkeypatch.setitem(vars(tagger), "nlp", FailingNlp())
    out = list(tagger.tag_many(items, batch_size=3))
    assert out[1].error == "tagging failed: RuntimeError: spaCy broke"
    assert [out[0], out[2]] == [expected[0], expected[2]]


class FailsOnMarker(Tagger):
    """A tagger whose rules raise on one body: defined at module level, so worker processes
    (which run the caller's Tagger class) import it."""

    def tag_doc(self, article_id, body, doc):
        if MARKER in body:
            raise KeyError(MARKER)
        return super().tag_doc(article_id, body, doc)


MARKER = "kaboom-7f3a"


def test_a_failing_article_on_a_worker_process_fails_alone():
    items = [("a0", news_bodies()[0]), ("bad", news_bodies()[1] + f"\n\n{MARKER}."),
             ("a2", news_bodies()[2]), ("a3", news_bodies()[3])]
    tagger = FailsOnMarker(shared_tagger().model_name)
    out = list(tagger.tag_many(items, batch_size=2, n_process=2))
    assert [t.article_id for t in out] == ["a0", "bad", "a2", "a3"]
    assert out[1].error == f"tagging failed: KeyError: '{MARKER}'"
    expected = list(shared_tagger().tag_many([items[0], items[2], items[3]]))
    assert [out[0], out[2], out[3]] == expected
