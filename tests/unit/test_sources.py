"""Folder sources: every input file becomes an article, a duplicate or a quarantined item."""

import datetime as dt
from pathlib import Path

import pytest

from extract.extraction import extract_interval, link_stories
from extract.sources.config import SourceConfig, SourceConfigError, load_sources
from extract.sources.documents import BadInput, decode, parse_text_article
from extract.sources.urls import canonical_url

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "2024-04-20-blinken-china-visit.txt"
DAY = (dt.datetime(2024, 4, 20), dt.datetime(2024, 4, 21))
BODY = " ".join(["Officials said the talks in Geneva would continue next week."] * 10)


def test_the_sample_article_parses_with_its_date_and_body():
    draft = parse_text_article(SAMPLE.read_text(encoding="utf-8"))
    assert draft.published == dt.datetime(2024, 4, 20)
    assert draft.body.startswith("US Secretary of State Antony Blinken will visit China")
    assert "date" not in draft.body[:20]


def test_header_lines_give_title_and_url():
    draft = parse_text_article(f"date 2024-04-21\ntitle: Talks\nurl: https://x.org/a\n\n{BODY}")
    assert (draft.title, draft.url, draft.body) == ("Talks", "https://x.org/a", BODY)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("no date here\n" + BODY, "missing date line"),
        ("date 2024-13-45\n" + BODY, "malformed date line"),
        ("date 2024-04-20\nToo short.", "no article text"),
    ],
)
def test_bad_text_files_are_rejected_with_a_reason(text, reason):
    with pytest.raises(BadInput, match=reason):
        parse_text_article(text)


def test_decoding_detects_non_utf8_and_rejects_binary_and_empty():
    assert decode("Café in Zürich, déjà vu".encode("latin-1")).startswith("Caf")
    with pytest.raises(BadInput, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(BadInput, match="empty"):
        decode(b"  \n\t ")


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://WWW.Example.com/news/story/?utm_source=x&utm_medium=y#top",
         "https://example.com/news/story"),
        ("https://example.com/news/story/amp", "https://example.com/news/story"),
        ("https://amp.example.com/news/story.amp.html", "https://example.com/news/story.html"),
        ("http://example.com:80/a?b=2&a=1&fbclid=zzz", "http://example.com/a?a=1&b=2"),
    ],
)
def test_canonical_urls_drop_tracking_fragments_and_amp(url, canonical):
    assert canonical_url(url) == canonical


def _folder(tmp_path: Path, files: dict[str, bytes | str]) -> SourceConfig:
    for name, content in files.items():
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    return SourceConfig(name="landing", type="folder", path=tmp_path, language="en")


def test_every_input_ends_in_exactly_one_place(tmp_path):
    good = f"date 2024-04-20\nurl: https://example.com/a?utm_source=rss\n\n{BODY}"
    source = _folder(tmp_path, {
        "a.txt": good,
        "a-copy.txt": good.replace("?utm_source=rss", ""),  # same canonical URL
        "b.txt": f"date 2024-04-20\n\n{BODY}",  # same content, no URL
        "empty.txt": "   ",
        "binary.txt": b"\x00\x01\x02\x03" * 100,
        "nodate.txt": BODY,
        "other-day.txt": f"date 2024-04-19\n\n{BODY} Different.",
        "french.txt": "date 2024-04-20\n\n" + "Le gouvernement a annoncé mardi une "
        "nouvelle réforme des retraites qui sera présentée au parlement. " * 6,
        "bad.jsonl": '{"url": "https://example.com/j", "published": "2024-04-20T10:00:00Z", '
        f'"title": "J", "body": "{BODY} J."}}\n{{not json\n',
    })
    result = extract_interval([source], *DAY)
    summary = result.summaries[0]
    assert summary.found == 10
    assert summary.loaded == len(result.articles) == 2
    assert {d.reason for d in result.duplicates} == {"canonical_url", "content_hash"}
    reasons = sorted(q.reason.split(" ")[0] for q in result.quarantined)
    assert len(result.quarantined) == summary.quarantined == 5
    assert reasons == ["binary", "empty", "language", "malformed", "missing"]
    assert summary.other_dates == 1
    assert summary.found == (summary.loaded + summary.duplicates + summary.quarantined
                             + summary.other_dates)


def test_a_missing_folder_is_reported_and_other_sources_still_load(tmp_path):
    good = _folder(tmp_path, {"a.txt": f"date 2024-04-20\n\n{BODY}"})
    missing = SourceConfig(name="gone", type="folder", path=tmp_path / "nope")
    result = extract_interval([missing, good], *DAY)
    assert "folder not found" in result.summaries[0].error
    assert len(result.articles) == 1


def test_wire_copies_share_a_story_id_and_different_stories_do_not(tmp_path):
    wire = " ".join(f"Sentence number {i} of the wire story about the summit." for i in range(60))
    source = _folder(tmp_path, {
        "outlet1.txt": f"date 2024-04-20\nurl: https://one.com/s\n\n{wire}",
        "outlet2.txt": f"date 2024-04-20\nurl: https://two.com/s\n\nBy Staff. {wire} More.",
        "other.txt": f"date 2024-04-20\nurl: https://three.com/s\n\n{BODY}",
    })
    result = extract_interval([source], *DAY)
    stories = link_stories(result.articles)
    by_url = {a.canonical_url: stories[a.article_id] for a in result.articles}
    assert by_url["https://one.com/s"] == by_url["https://two.com/s"]
    assert by_url["https://three.com/s"] != by_url["https://one.com/s"]


def test_sources_file_errors_say_what_is_wrong(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_text("sources:\n  - name: x\n    type: ftp\n", encoding="utf-8")
    with pytest.raises(SourceConfigError, match="type"):
        load_sources(path)
    assert load_sources(REPO / "sources.yml")[0].path == REPO / "samples"
