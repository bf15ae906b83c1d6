"""Folder sources: every input file becomes an article, a duplicate or a quarantined item."""

import datetime as dt
from pathlib import Path

import pytest

from extract.extraction import extract_interval, link_stories
from extract.sources.config import SourceConfig, SourceConfigError, load_sources
from extract.sources.documents import BadInput, decode, decode_text, parse_text_article
from extract.sources.urls import BadUrl, canonical_url, web_url

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
    # Was only `.startswith("Caf")`: detection read it as Windows-1250 ("déjŕ"). Mostly-ASCII
    # legacy text is now tried as Windows-1252 first.
    assert decode("Café in Zürich, déjà vu".encode("latin-1")) == "Café in Zürich, déjà vu"
    with pytest.raises(BadInput, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(BadInput, match="empty"):
        decode(b"  \n\t ")
    with pytest.raises(BadInput, match="empty"):
        decode(b"\xef\xbb\xbf \n")  # a BOM and nothing else


def test_a_few_invalid_bytes_stay_utf8_with_replacement_never_another_script():
    """The reviewer's case: four stray bytes in an English UTF-8 file were decoded as
    Cyrillic (charset_normalizer: cp1125). Now: UTF-8, four U+FFFD, and a note."""
    text = f"date 2024-04-20\n\n{BODY}".encode()
    decoded = decode_text(text[:300] + b"\x80\x81\x82\x83" + text[300:])
    assert decoded.encoding == "utf-8" and decoded.replaced == 4
    assert decoded.text.count("\ufffd") == 4 and decoded.text.replace("\ufffd", "") == (
        text.decode())
    assert decoded.note.startswith("undecodable bytes: 4 of 630 replaced by U+FFFD")
    # Bytes that read as letters of a Western code page do not make it Latin-1 either.
    for stray in (b"\xff\xfe\xfd\xfc", b"\xc0\xc1\xf5\xf8"):
        assert decode_text(text[:300] + stray + text[300:]).replaced == 4
    # A mostly-UTF-8 text with a bad byte is not re-guessed.
    mixed = decode_text("Café déjà vu, Zürich. ".encode() * 5 + b"\xe9" + BODY.encode())
    assert (mixed.encoding, mixed.replaced) == ("utf-8", 1)
    assert mixed.text.startswith("Café déjà vu")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Le café coûte 3 € à Zürich ; “déjà vu”. " * 4, "cp1252"),
        ("Правительство объявило о новой реформе пенсионной системы. " * 4, "cp1251"),
        ("Правительство объявило о новой реформе пенсионной системы. " * 4, "koi8_r"),
        ("Rząd ogłosił w czwartek nową reformę systemu emerytalnego, która zostanie "
         "przedstawiona w Sejmie. " * 3, "cp1250"),
        ("Η κυβέρνηση ανακοίνωσε νέα μεταρρύθμιση των συντάξεων. " * 4, "cp1253"),
        ("政府は木曜日に年金制度の新しい改革を発表した。" * 4, "shift_jis"),
    ],
)
def test_legacy_encodings_are_detected_when_confident_and_plausible(text, encoding):
    decoded = decode_text(text.encode(encoding))
    assert decoded.text == text and decoded.replaced == 0


def test_byte_order_marks_decide_and_too_many_bad_bytes_quarantine():
    for encoding, bom in (("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                          ("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-8", b"\xef\xbb\xbf")):
        assert decode(bom + BODY.encode(encoding)) == BODY
    with pytest.raises(BadInput, match=r"^undecodable bytes: 512 of 512$"):
        decode(bytes(range(0x80, 0x100)) * 4)
    body = BODY.encode()  # 609 bytes: 6 bad ones are under 1%, 7 are not
    assert decode_text(body[:100] + b"\x80" * 6 + body[100:]).replaced == 6
    with pytest.raises(BadInput, match=r"^undecodable bytes: 7 of 616$"):
        decode(body[:100] + b"\x80" * 7 + body[100:])


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


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://news.example:abc/p/b",
         "bad URL 'http://news.example:abc/p/b': Port could not be cast to integer value as "
         "'abc'"),
        ("http://news.example:99999/p", "bad URL 'http://news.example:99999/p': Port out of "
                                        "range 0-65535"),
        ("http://[::1/p", "bad URL 'http://[::1/p': Invalid IPv6 URL"),
        ("javascript:alert(1)", "bad URL 'javascript:alert(1)': scheme 'javascript' is not "
                                "http or https"),
        ("mailto:desk@news.example", "scheme 'mailto' is not http or https"),
        ("http:///p", "bad URL 'http:///p': no host"),
        ("http://news example/p", "invalid host 'news example'"),
    ],
)
def test_urls_that_are_no_web_address_say_why(url, reason):
    with pytest.raises(BadUrl) as caught:
        web_url(url)
    assert reason in str(caught.value)


def test_web_urls_without_a_scheme_are_http_and_ipv6_hosts_keep_brackets():
    assert web_url("news.example/a/") == "http://news.example/a"
    assert web_url("http://[::1]:8080/a/") == "http://[::1]:8080/a"


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
    assert summary.found == 10 and summary.balanced()
    assert summary.loaded == len(result.articles) == 2
    assert {d.reason for d in result.duplicates} == {"canonical_url", "content_hash"}
    reasons = sorted(q.reason.split(" ")[0] for q in result.quarantined)
    assert len(result.quarantined) == summary.quarantined == 5
    assert reasons == ["binary", "empty", "language", "malformed", "missing"]
    assert summary.other_dates == 1
    assert summary.found == (summary.loaded + summary.duplicates + summary.quarantined
                             + summary.other_dates)


def test_jsonl_lines_end_at_newline_only(tmp_path):
    """U+2028, U+2029 (raw in JSON strings, valid) and \\x0b, \\x0c (raw control characters,
    accepted) are inside a line; str.splitlines() cut the line there and quarantined two
    "malformed JSON" halves. CRLF line ends are fine."""
    seps = "one\u2028two\u2029three\x0bfour\x0cfive"
    line = ('{"url": "https://example.com/s", "published": "2024-04-20T10:00:00Z", '
            f'"body": "{BODY} {seps}"}}')
    other = '{"published": "2024-04-20T11:00:00Z", "body": "' + BODY + ' Other."}'
    source = _folder(tmp_path, {"s.jsonl": f"{line}\r\n\r\n{other}\r\n"})
    result = extract_interval([source], *DAY)
    assert not result.quarantined
    assert [a.location.rsplit(":", 1)[1] for a in sorted(result.articles,
                                                         key=lambda a: a.location)] == ["1", "3"]
    assert any(a.body.endswith(seps) for a in result.articles)
    assert result.summaries[0].found == 2 and result.summaries[0].balanced()


def test_skipped_entries_are_counted_and_balance_the_summary(tmp_path):
    import os

    source = _folder(tmp_path, {"a.txt": f"date 2024-04-20\n\n{BODY}",
                                ".b.txt": f"date 2024-04-20\n\n{BODY} B."})
    os.mkfifo(tmp_path / "pipe.txt")
    result = extract_interval([source], *DAY)
    summary = result.summaries[0]
    assert (summary.found, summary.loaded, summary.skipped) == (3, 1, 2)
    assert summary.balanced()
    summary.found += 1  # an item lost on the way would show
    assert not summary.balanced()


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
