"""The NLP rules' word lists (extract/nlp/rules/): every file parses, is clean, and is used."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from extract.nlp import rules
from extract.nlp.statements import CUE_VERBS, FORM_LEMMA, CueVerb, _cue_verb

RULES_DIR = Path(rules.__file__).parent
NLP_DIR = RULES_DIR.parent
LOADERS = {"words": ".txt", "ordered": ".txt", "mapping": ".tsv"}
DATA_FILES = sorted(p for p in RULES_DIR.iterdir() if p.suffix in (".txt", ".tsv"))


def loader_calls() -> dict[str, set[str]]:
    """File name -> modules that load it: every ``rules.words("x")`` / ``rules.ordered("x")`` /
    ``rules.mapping("x")`` in the NLP code (the name must be a string literal)."""
    used: dict[str, set[str]] = {}
    for path in sorted(NLP_DIR.rglob("*.py")):
        if path.parent == RULES_DIR:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    isinstance(node.func.value, ast.Name) and node.func.value.id == "rules" and \
                    node.func.attr in LOADERS:
                arg = node.args[0] if node.args else None
                assert isinstance(arg, ast.Constant) and isinstance(arg.value, str), (
                    f"{path.name}:{node.lineno}: rules.{node.func.attr}() needs a literal name")
                used.setdefault(arg.value + LOADERS[node.func.attr], set()).add(path.name)
    return used


def entry_lines(path: Path) -> list[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    return [(n, line) for n, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.startswith("#")]


def test_rules_directory_holds_only_data_files_and_the_loader():
    others = {p.name for p in RULES_DIR.iterdir()} - {p.name for p in DATA_FILES}
    assert others <= {"__init__.py", "__pycache__"}
    assert len(DATA_FILES) > 50


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_rules_file_parses_and_is_clean(path):
    text = path.read_bytes().decode("utf-8")  # strict UTF-8
    assert "\r" not in text and text.endswith("\n"), "LF line ends, final newline"
    assert text.startswith("# "), "starts with a comment saying what the list is for"
    lines = entry_lines(path)
    assert lines, "no entries"
    for n, line in lines:
        assert line == line.strip(), f"line {n}: stray whitespace {line!r}"
        assert "  " not in line, f"line {n}: double space {line!r}"
    if path.suffix == ".txt":
        for n, line in lines:
            assert "\t" not in line, f"line {n}: tab in a list entry {line!r}"
        entries = [line for _, line in lines]
        assert len(entries) == len(set(entries)), "duplicate entries"
        assert rules.parse_entries(text, path.name) == tuple(entries)
    else:
        keys = []
        for n, line in lines:
            parts = line.split("\t")
            assert len(parts) == 2 and all(p == p.strip() and p for p in parts), (
                f"line {n}: not key<TAB>value: {line!r}")
            keys.append(parts[0])
        assert len(keys) == len(set(keys)), "duplicate keys"
        assert list(rules.parse_mapping(text, path.name)) == keys


def test_every_rules_file_is_used_and_every_loaded_file_exists():
    used = loader_calls()
    present = {p.name for p in DATA_FILES}
    assert sorted(present - set(used)) == [], "files no code loads"
    assert sorted(set(used) - present) == [], "loaded files that do not exist"


def test_loader_types_and_caching():
    assert isinstance(rules.words("titles"), frozenset)
    assert rules.words("titles") is rules.words("titles")  # read once
    suffixes = rules.ordered("person_suffixes")
    assert isinstance(suffixes, tuple) and suffixes[:2] == ("er", "or")  # file order
    cues = rules.mapping("cue_verbs")
    assert list(cues)[:2] == ["say", "tell"]  # file order: FORM_LEMMA's preference
    cues["say"] = "changed"
    assert rules.mapping("cue_verbs")["say"] == "both objects=dobj"  # callers get a copy


@pytest.mark.parametrize("text", ["a\nb\na\n", "a\nb \n", " a\n"])
def test_parse_entries_rejects_duplicates_and_stray_whitespace(text):
    with pytest.raises(ValueError):
        rules.parse_entries(text)


@pytest.mark.parametrize("text", ["k\tv\nk\tw\n", "k v\n", "k\tv\tw\n", "k\t\n", "k \tv\n"])
def test_parse_mapping_rejects_bad_lines(text):
    with pytest.raises(ValueError):
        rules.parse_mapping(text)


def test_parse_skips_comments_and_blank_lines():
    assert rules.parse_entries("# what\n\nsaid\n# more\ntold\n") == ("said", "told")
    assert rules.parse_mapping("# what\n\nsay\tclause\n") == {"say": "clause"}


def test_cross_file_invariants():
    assert rules.words("titles_lowercase") <= rules.words("titles")
    assert {cue.attach for cue in CUE_VERBS.values()} <= {
        "clause", "object", "both", "concern", "call", "as", "trailing", "event"}
    intros = {w for words in rules.mapping("cue_nouns").values() for w in words.split()}
    assert intros <= {"that", "to", "whether", "for", "of", "on", "about", "over", "against",
                      "in", "at", "with", "toward", "towards"}, intros
    assert rules.words("country_blocs") <= set(rules.mapping("country_groups").values())
    for name in ("country_aliases", "demonyms", "demonyms_men", "capitals"):
        for key, code in rules.mapping(name).items():
            assert re.fullmatch(r"[A-Z]{2}", code), (name, key, code)
    assert set(rules.mapping("irregular_verb_forms")) <= set(rules.mapping("cue_verbs"))


def test_cue_verb_lines_say_which_objects_count():
    assert _cue_verb("clause") == CueVerb("clause")
    assert _cue_verb("both objects=prep:to") == CueVerb("both", frozenset({"prep:to"}))
    assert _cue_verb("object needs=speech").needs == "speech"
    assert CUE_VERBS["speak"].objects == {"prep:of", "prep:about", "prep:against"}
    assert _cue_verb("both unless=up,off").unless == {"up", "off"}
    assert CUE_VERBS["show"].unless == {"up", "off"}
    for bad in ("object needs=vote", "object colour=red"):
        with pytest.raises(ValueError):
            _cue_verb(bad)


@pytest.mark.parametrize(("form", "lemma"), [
    ("saw", "see"), ("seen", "see"), ("seeing", "see"), ("agreeing", "agree"),
    ("dubbed", "dub"), ("preferred", "prefer"), ("quipped", "quip"), ("forgot", "forget"),
    ("said", "say"), ("announced", "announce"),
])
def test_every_inflected_form_of_a_cue_verb_is_known(form, lemma):
    assert FORM_LEMMA[form] == lemma


@pytest.mark.parametrize("form", ["seed", "seing", "sayed", "telled"])
def test_no_form_that_is_not_a_word_is_generated(form):
    assert form not in FORM_LEMMA
