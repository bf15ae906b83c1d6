"""The tagger's API: model loading, batch tagging, issues and the `newsdw tag` JSON."""

from __future__ import annotations

import json

import pytest

from extract.nlp import model
from extract.nlp.issues import IssueMatcher
from extract.nlp.tagger import DEFAULT_TAXONOMY, Tagger, to_json
from extract.records import Span, Statement
from extract.sources.documents import parse_text_article
from tests.conftest import REPO
from tests.unit.test_nlp_support import sample_body, shared_tagger, tagged_sample

SAMPLES = REPO / "samples"


def test_model_choice_prefers_env_then_installed(monkeypatch):
    monkeypatch.setenv(model.MODEL_ENV, "some_model")
    assert model.resolve_model_name() == "some_model"
    assert model.resolve_model_name("explicit") == "explicit"
    monkeypatch.delenv(model.MODEL_ENV)
    assert model.resolve_model_name() in model.PREFERRED_MODELS


def test_model_missing_is_a_clear_error(monkeypatch):
    monkeypatch.delenv(model.MODEL_ENV, raising=False)
    monkeypatch.setattr(model, "installed_model", lambda: None)
    with pytest.raises(model.ModelNotFound, match="no spaCy English model"):
        model.resolve_model_name()
    with pytest.raises(model.ModelNotFound, match="cannot load"):
        model.load_model("no_such_model_xyz")


def test_pipeline_keeps_only_what_the_rules_read():
    nlp = shared_tagger().nlp
    assert "lemmatizer" not in nlp.pipe_names
    assert {"parser", "ner", model.PARAGRAPH_COMPONENT} <= set(nlp.pipe_names)
    assert nlp.pipe_names.index(model.PARAGRAPH_COMPONENT) < nlp.pipe_names.index("parser")


def test_paragraphs_never_share_a_sentence():
    doc = shared_tagger().nlp("Fueling the war in Ukraine\n\nU.S. officials said it.")
    assert [s.text.strip() for s in doc.sents] == ["Fueling the war in Ukraine",
                                                   "U.S. officials said it."]


def test_tag_many_keeps_input_order_and_matches_tag():
    tagger = shared_tagger()
    items = [("a", "Blinken said the talks were useful."), ("b", ""),
             ("c", '"We will go," said Anna Berg.')]
    out = list(tagger.tag_many(items, batch_size=2))
    assert [t.article_id for t in out] == ["a", "b", "c"]
    assert out[1].statements == [] and out[1].actors == []
    single = tagger.tag("c", items[2][1])
    assert [s.content for s in out[2].statements] == [s.content for s in single.statements]


def test_tagging_on_worker_processes_gives_what_one_process_gives_in_input_order():
    tagger = shared_tagger()
    items = [(path.stem, parse_text_article(path.read_text(encoding="utf-8")).body)
             for path in sorted(SAMPLES.glob("*.txt"))]
    parallel = list(tagger.tag_many(items, batch_size=3, n_process=2))
    assert [t.article_id for t in parallel] == [aid for aid, _ in items]
    assert parallel == list(tagger.tag_many(items, batch_size=3))


def test_a_tagger_loads_its_model_only_when_it_tags_in_this_process():
    tagger = Tagger()
    assert "nlp" not in vars(tagger)
    with pytest.raises(model.ModelNotFound):
        Tagger(model_name="no_such_model_xyz").tag("a", "text")


def test_to_json_is_the_documented_shape():
    body = sample_body()
    out = to_json(tagged_sample(), body)
    json.dumps(out)
    assert set(out) == {"article_id", "entities", "actors", "statements", "issues",
                        "candidate_issues", "about", "statement_about"}
    assert set(out["about"][0]) == {"issue_id", "score", "is_primary", "evidence"}
    assert set(out["statement_about"][0]) == {"issue_id", "score", "is_primary", "evidence",
                                              "statement_index"}
    assert set(out["entities"][0]) == {"start", "end", "text", "label", "actor_id",
                                       "actor_name", "actor_type"}
    assert set(out["actors"][0]) == {"actor_id", "name", "type", "aliases", "role",
                                     "affiliation", "country_code"}
    st = out["statements"][0]
    assert set(st) == {"kind", "content", "speaker", "speaker_actor", "cue", "negated"}
    assert set(st["content"]) == {"start", "end", "text"}
    assert set(st["speaker_actor"]) == {"actor_id", "name", "type"}
    for e in out["entities"]:
        assert body[e["start"]:e["end"]] == e["text"]


def test_the_bundled_sample_is_primarily_about_international_affairs():
    """#15: Blinken's visit to China: the primary issue sits under International Affairs (US-China
    relations or diplomacy), with a score, and every statement has its issues."""
    tagged = tagged_sample()
    primary = [s for s in tagged.about if s.is_primary]
    assert len(primary) == 1 and tagged.about[0] is primary[0]
    rows = Tagger().about.taxonomy.issues
    assert rows[primary[0].issue_id].cap_code == 19, primary[0]
    assert {s.statement_index for s in tagged.statement_about} <= set(range(len(
        tagged.statements)))


def test_default_taxonomy_is_the_dbt_seed():
    assert DEFAULT_TAXONOMY.name == "issue_taxonomy.csv"
    assert DEFAULT_TAXONOMY.parent.name == "seeds"


def _matcher(tmp_path, rows: str) -> IssueMatcher:
    path = tmp_path / "tax.csv"
    path.write_text("issue_id,issue_name,patterns\n" + rows, encoding="utf-8")
    return IssueMatcher.from_csv(path)


def test_issue_patterns_are_whole_word_case_insensitive(tmp_path):
    m = _matcher(tmp_path, 'ukraine_war,War,"ukrain\\w*|kyiv"\ntrade,Trade,tariffs?|trade war\n'
                           "broken,Broken,(unclosed\n")
    body = "Kyiv said Ukrainian forces held. Ukrainianism? A TRADE WAR over tariff-free goods."
    hits = [(i.issue_id, i.evidence) for i in m.match(body, [])]
    assert ("ukraine_war", "Kyiv") in hits
    assert ("ukraine_war", "Ukrainian") in hits
    assert ("trade", "TRADE WAR") in hits
    assert ("trade", "tariff") in hits  # "-" is a word boundary
    assert not [h for h in hits if h[0] == "broken"]
    assert m.match("Kyivan and subtariffs", []) == []


def test_overlapping_issues_all_count_and_statements_are_linked(tmp_path):
    m = _matcher(tmp_path, "a,A,export controls?\nb,B,export\n")
    body = "He said export controls would stay. Export data rose."
    st = Statement(Span(8, 34, body[8:34]), "indirect", None, None, None)
    hits = m.match(body, [st])
    assert {(h.issue_id, h.evidence, h.statement_index) for h in hits} == {
        ("a", "export controls", 0), ("b", "export", 0), ("b", "Export", None)}


def test_missing_taxonomy_tags_no_issues(tmp_path):
    assert IssueMatcher.from_csv(tmp_path / "nope.csv").match("war in Ukraine", []) == []


def test_sample_issues_and_candidates():
    tagged = tagged_sample()
    ids = {i.issue_id for i in tagged.issues}
    assert {"ukraine_war", "taiwan", "export_controls"} <= ids
    assert any(i.statement_index is not None for i in tagged.issues)
    assert all(i.statement_index is None or 0 <= i.statement_index < len(tagged.statements)
               for i in tagged.issues)
    assert tagged.candidate_issues
    assert len(set(tagged.candidate_issues)) == len(tagged.candidate_issues)
