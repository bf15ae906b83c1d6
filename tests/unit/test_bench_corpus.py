"""The benchmark corpus: deterministic, realistic, and in the landing format newsdw reads."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from bench.corpus import MAX_WORDS, MIN_WORDS, URL_PREFIX, main, write_corpus
from extract.sources.documents import parse_text_article

DAY = dt.date(2024, 5, 1)
N = 60

REPORTED = re.compile(
    r"\b(said|warned|argued|insisted|claimed|stressed|noted|acknowledged|explained|"
    r"suggested|predicted|maintained|conceded|countered|cautioned|emphasized|reiterated|"
    r"confirmed|announced)( that)? [a-z]"
)
OBJECT_CUES = re.compile(r"\b(accused \S.* of|urged \S.* to|called on \S.* to|"
                         r"expressed concern over|criticized \S.* for)\b")
PRONOUN_CUE = re.compile(r"[,.][\"\u201d]? (he|she|they|it) (said|added|told reporters|"
                         r"explained|insisted|warned|declared|noted)\b")


def files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("landing")
    summary = write_corpus(out, N, seed=7, dates=[DAY])
    assert summary["articles"] == N
    return files(out)


def test_the_same_seed_writes_the_same_files_and_another_seed_does_not(tmp_path, corpus):
    again = tmp_path / "again"
    write_corpus(again, N, seed=7, dates=[DAY])
    assert files(again) == corpus
    other = tmp_path / "other"
    write_corpus(other, N, seed=8, dates=[DAY])
    assert set(files(other).values()).isdisjoint(corpus.values())


def test_a_date_gets_the_same_articles_alone_or_within_a_history(tmp_path, corpus):
    history = tmp_path / "history"
    write_corpus(history, N, seed=7, dates=[DAY - dt.timedelta(days=1), DAY])
    written = files(history)
    assert {k: v for k, v in written.items() if k.startswith("20240501")} == corpus
    yesterday = [t for k, t in written.items() if k.startswith("20240430")]
    assert len(yesterday) == N and set(yesterday).isdisjoint(corpus.values())


def test_files_parse_as_landing_articles_of_the_date(corpus):
    urls = set()
    for name, text in corpus.items():
        assert text.startswith(f"date {DAY.isoformat()}\ntitle: ")
        draft = parse_text_article(text)
        assert draft.published == dt.datetime(2024, 5, 1)
        assert draft.title
        assert draft.url == URL_PREFIX + name.removesuffix(".txt")
        assert not draft.body.startswith(("title:", "url:"))
        urls.add(draft.url)
    assert len(urls) == N


def test_bodies_are_300_to_1500_words_and_vary(corpus):
    lengths = [len(parse_text_article(t).body.split()) for t in corpus.values()]
    assert all(MIN_WORDS <= n <= MAX_WORDS for n in lengths), (min(lengths), max(lengths))
    assert max(lengths) - min(lengths) > 400
    assert len(set(lengths)) > N // 2


def test_articles_quote_people_in_the_ways_news_does(corpus):
    bodies = [parse_text_article(t).body for t in corpus.values()]
    straight = [b for b in bodies if '"' in b]
    curly = [b for b in bodies if "\u201c" in b and "\u201d" in b]
    unquoted = [b for b in bodies if not any(q in b for q in '"\u201c\u201d')]
    assert straight and curly and unquoted
    # Direct quotes with trailing cues, in both quotation styles.
    assert any(re.search(r',"\s\w+', b) for b in straight)
    assert any(re.search("\u201d\\s\\w+", b) for b in curly)
    # Unquoted direct speech: first person, then a cue ("We will ..., she said.").
    assert any(re.search(r"\b(We|I|Our)\b[^.\n]*, (he|she|they|it|[A-Z]\w+) \w+", b)
               for b in unquoted)
    # Reported speech with varied cue verbs, object cues, "according to", pronoun speakers.
    cues = {m.group(1) for b in bodies for m in REPORTED.finditer(b)}
    assert len(cues) >= 8, cues
    assert sum(bool(OBJECT_CUES.search(b)) for b in bodies) > N // 2
    assert sum("According to " in b for b in bodies) > N // 4
    assert sum(bool(PRONOUN_CUE.search(b)) for b in bodies) > N // 2


def test_articles_name_many_actors_and_issues(corpus):
    text = "\n".join(corpus.values())
    for actor in ("Secretary of State", "Foreign Minister", "President", "official",
                  "diplomat", "NATO", "the European Commission", "China", "Russia"):
        assert actor in text, actor
    for issue in ("Ukraine", "Taiwan", "export controls", "tariff", "climate", "election"):
        assert issue.lower() in text.lower(), issue


def test_the_command_line_writes_the_corpus(tmp_path, capsys):
    assert main(["--n", "3", "--seed", "7", "--date", "2024-05-01,2024-05-02",
                 "--out", str(tmp_path)]) == 0
    assert len(list(tmp_path.glob("*.txt"))) == 6
    assert '"articles": 6' in capsys.readouterr().out
