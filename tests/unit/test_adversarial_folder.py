"""An adversarial landing folder: every nasty input a folder can hold, interleaved with good
articles. Each item is settled exactly once, each bad one with its reason, every good article
loads (also those after the bad ones), the per-source invariant holds, and reading is bounded
(a sparse file far over the size cap costs no memory; a fifo is never opened)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
import tracemalloc
from pathlib import Path

import pytest

from extract import extraction
from extract.extraction import OUTCOMES, extract_interval
from extract.sources import folder
from extract.sources.config import SourceConfig
from extract.sources.documents import PAYLOAD_LIMIT

DAY = (dt.datetime(2024, 4, 20), dt.datetime(2024, 4, 21))
MAX_BYTES = 1_000_000  # the size cap, patched down from 20 MB
SPARSE_BYTES = 128 * 1024 * 1024  # the over-size file: sparse, so it takes no disk either


def body(topic: str, n: int = 8) -> str:
    """An English article body, distinct per topic."""
    return " ".join(
        f"Officials said the {topic} talks would continue next week in Geneva, and that "
        f"delegations had agreed on the agenda for round {i}." for i in range(n))


def article(topic: str, *, date: str = "2024-04-20", headers: str = "",
            text: str | None = None) -> str:
    return f"date {date}\n{headers}\n{text if text is not None else body(topic)}\n"


def jl(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False)


# relative location -> (outcome, reason fragment) for every input item.
EXPECTED: dict[str, tuple[str, str]] = {
    "01-bad-port.txt": ("quarantined", "bad URL 'http://news.example:abc/p/b': Port could not "
                                       "be cast to integer value as 'abc'"),
    "02-good.txt": ("article", ""),
    "03-invalid-utf8.txt": ("article", ""),  # 4 U+FFFD and a warning
    "04-latin1.txt": ("article", ""),
    "05-utf16-bom.txt": ("article", ""),
    "06-empty.txt": ("quarantined", "empty or whitespace-only input"),
    "07-whitespace.txt": ("quarantined", "empty or whitespace-only input"),
    "08-no-date.txt": ("quarantined", "missing date line: expected 'date YYYY-MM-DD'"),
    "09-malformed-date.txt": ("quarantined", "malformed date line 'date 2024-13-45'"),
    "10-too-short.txt": ("quarantined", "no article text (body has 10 characters)"),
    "11-binary.txt": ("quarantined", "binary content (NUL bytes), not text"),
    "12-nul-bytes.txt": ("quarantined", "binary content (NUL bytes), not text"),
    "13-junk.txt": ("quarantined", "undecodable bytes: 2048 of 2048"),
    "14-oversize.txt": ("quarantined", f"file too large ({SPARSE_BYTES} bytes > {MAX_BYTES})"),
    "15-separators.jsonl:1": ("article", ""),  # U+2028, U+2029, \x0b, \x0c inside the body
    "16-mixed.jsonl:1": ("article", ""),
    "16-mixed.jsonl:2": ("quarantined", "malformed JSON: Expecting property name enclosed in "
                                        "double quotes at column 2"),
    "16-mixed.jsonl:3": ("quarantined", "JSON line is not an object (a list)"),
    # line 4 is blank: not an item
    "16-mixed.jsonl:5": ("quarantined", "could not read the JSON line: RecursionError"),
    "16-mixed.jsonl:6": ("quarantined", "malformed date 'yesterday-ish'"),
    "16-mixed.jsonl:7": ("quarantined", "JSON article has neither `body` nor `html`"),
    "16-mixed.jsonl:8": ("article", ""),  # after all the bad lines
    "17-empty.jsonl": ("quarantined", "empty or whitespace-only input"),
    "18-surrogate.jsonl:1": ("article", ""),  # a "\\ud800" escape: U+FFFD and a warning
    ".hidden.txt": ("skipped", "hidden file"),
    ".hidden/inside.txt": ("skipped", "in a hidden directory (.hidden)"),
    ".hidden/deeper/inside.txt": ("skipped", "in a hidden directory (.hidden)"),
    "19-pipe.txt": ("skipped", "not a regular file (a fifo)"),
    "20-loop.txt": ("quarantined", "symlink loop (20-loop.txt -> 20-loop.txt)"),
    "21-dangling.txt": ("quarantined", "broken symlink (21-dangling.txt -> nowhere.txt): "
                                       "target not found"),
    "22-outside.txt": ("skipped", "symlink out of the folder (-> "),
    "23-link-to-good.txt": ("duplicate", "canonical_url"),  # read through the link: 02 again
    "24-link-to-dir": ("skipped", "symlink to a directory (-> "),
    "25-unsupported.pdf": ("quarantined", "unsupported file type '.pdf'"),
    "26-huge-line.txt": ("article", ""),  # 190 kB on the date line
    "27-duplicate.txt": ("duplicate", "content_hash"),  # 02's body, no URL
    "28-javascript-url.txt": ("quarantined", "bad URL 'javascript:alert(1)': scheme "
                                             "'javascript' is not http or https"),
    "29-crlf.txt": ("article", ""),
    "30-bom-header.txt": ("article", ""),
    "31-french.txt": ("quarantined", "language 'fr' outside the source's filter 'en'"),
    "32-other-day.txt": ("other_date", ""),
    "33-no-suffix": ("quarantined", "unsupported file type '(none)'"),
    "34-good-last.txt": ("article", ""),
    "sub/35-nested.txt": ("article", ""),
    "sub/.dotfile.md": ("skipped", "hidden file"),
    "36-name-not-utf8-\ufffd.txt": ("article", ""),  # the location shows U+FFFD
}


def build(root: Path, outside: Path) -> None:
    root.mkdir()
    (root / "sub").mkdir()
    (root / ".hidden" / "deeper").mkdir(parents=True)

    def put(name: str, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (root / name).write_bytes(data)

    good = article("trade", headers="title: Trade talks\nurl: https://news.example/p/a\n")
    put("01-bad-port.txt", article("port", headers="url: http://news.example:abc/p/b\n"))
    put("02-good.txt", good)
    text = article("ceasefire").encode()
    put("03-invalid-utf8.txt", text[:300] + b"\x80\x81\x82\x83" + text[300:])
    put("04-latin1.txt", article("cafe", text="The café owner in Zürich said the déjà vu "
                                              "was striking. " + body("cafe")).encode("latin-1"))
    put("05-utf16-bom.txt", b"\xff\xfe" + article("tariff").encode("utf-16-le"))
    put("06-empty.txt", b"")
    put("07-whitespace.txt", " \n\t \r\n  ")
    put("08-no-date.txt", body("nodate"))
    put("09-malformed-date.txt", article("baddate", date="2024-13-45"))
    put("10-too-short.txt", article("short", text="Too short."))
    put("11-binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    put("12-nul-bytes.txt", article("nul", text=body("nul") + "\x00\x00" + body("more")))
    put("13-junk.txt", bytes(range(0x80, 0x100)) * 16)
    with open(root / "14-oversize.txt", "wb") as sparse:
        sparse.write(b"date 2024-04-20\n")
        sparse.truncate(SPARSE_BYTES)
    # Raw in the line (json.dumps would escape \x0b and \x0c; U+2028/9 it leaves as they are).
    put("15-separators.jsonl", jl(url="https://news.example/p/sep", published="2024-04-20T09:00Z",
                                  title="Separators", body=body("separator") +
                                  " Line\u2028separator, paragraph\u2029separator, "
                                  "tab\x0bvertical, form\x0cfeed.")
        .replace("\\u000b", "\x0b").replace("\\u000c", "\x0c") + "\n")
    put("16-mixed.jsonl", "\r\n".join([
        jl(url="https://news.example/p/j1", published="2024-04-20T10:00:00Z", body=body("j1")),
        "{not json",
        "[1, 2, 3]",
        "",
        "[" * 100_000 + "]" * 100_000,
        jl(published="yesterday-ish", body=body("j-date")),
        jl(title="no text"),
        jl(url="https://news.example/p/j2", published="2024-04-20T11:00:00Z", body=body("j2")),
    ]) + "\r\n")
    put("17-empty.jsonl", "\n\n  \n")
    put("18-surrogate.jsonl", '{"published": "2024-04-20T12:00:00Z", "body": "'
        + body("surrogate") + ' Broken \\ud800 escape."}\n')
    put(".hidden.txt", article("hidden"))
    put(".hidden/inside.txt", article("hidden-dir"))
    put(".hidden/deeper/inside.txt", article("hidden-deeper"))
    os.mkfifo(root / "19-pipe.txt")
    os.symlink("20-loop.txt", root / "20-loop.txt")
    os.symlink("nowhere.txt", root / "21-dangling.txt")
    outside.mkdir()
    (outside / "secret.txt").write_text(article("secret"), encoding="utf-8")
    os.symlink(outside / "secret.txt", root / "22-outside.txt")
    os.symlink("02-good.txt", root / "23-link-to-good.txt")
    os.symlink("sub", root / "24-link-to-dir")
    put("25-unsupported.pdf", b"%PDF-1.7\n" + body("pdf").encode())
    put("26-huge-line.txt", "date 2024-04-20 " + " ".join(
        f"Word{i} of the very long single line story about the harbour." for i in range(3_000)))
    put("27-duplicate.txt", article("trade"))
    put("28-javascript-url.txt", article("js", headers="url: javascript:alert(1)\n"))
    put("29-crlf.txt", article("crlf", headers="title: Windows line ends\n").replace("\n", "\r\n"))
    put("30-bom-header.txt", "\ufeff" + article("bom", headers="title: With a BOM\n"))
    put("31-french.txt", article("fr", text="Le gouvernement a annoncé mardi une nouvelle "
                                            "réforme des retraites qui sera présentée au "
                                            "parlement avant l'été. " * 5))
    put("32-other-day.txt", article("yesterday", date="2024-04-19"))
    put("33-no-suffix", article("nosuffix"))
    put("34-good-last.txt", article("last"))
    put("sub/35-nested.txt", article("nested"))
    put("sub/.dotfile.md", article("dotfile"))
    put(os.fsdecode(b"36-name-not-utf8-\xff.txt"), article("badname"))


def items_on_disk(root: Path) -> set[str]:
    """The input items, counted independently of the reader: every entry that is not a
    directory (lstat: links, fifos included), a readable JSONL file as its non-blank lines."""
    found = set()
    for dirpath, dirnames, filenames in os.walk(root):  # does not follow directory links
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            path = Path(dirpath) / name
            rel = os.path.relpath(path, root).encode("utf-8", "surrogateescape").decode(
                "utf-8", "replace")
            lines = []
            if rel.endswith(".jsonl") and path.is_file() and not path.is_symlink():
                lines = [n for n, line in enumerate(path.read_bytes().split(b"\n"), start=1)
                         if line.strip()]
            found.update(f"{rel}:{n}" for n in lines) if lines else found.add(rel)
    return found


@pytest.fixture
def landing(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(folder, "MAX_FILE_BYTES", MAX_BYTES)
    root = tmp_path / "landing"
    build(root, tmp_path / "elsewhere")
    return root


def run_bounded(source: SourceConfig):
    """extract_interval in a daemon thread under tracemalloc: a regression that opens the fifo
    fails the test instead of hanging it; the peak shows whether reading was bounded."""
    import charset_normalizer  # noqa: F401  (imports and models outside the measurement)
    import datasketch  # noqa: F401

    extraction.detect_language("Warm up the language model outside the measurement.")
    out: dict = {}

    def work():
        try:
            out["result"] = extract_interval([source], *DAY)
        except BaseException as exc:  # pragma: no cover - reported below
            out["error"] = exc

    tracemalloc.start()
    try:
        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        thread.join(120)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not thread.is_alive(), "extraction hung (a fifo opened?)"
    if "error" in out:
        raise out["error"]
    return out["result"], peak


def test_every_adversarial_item_is_settled_once_with_its_reason(landing, caplog):
    caplog.set_level(logging.INFO)
    source = SourceConfig(name="landing", type="folder", path=landing, language="en")
    result, peak = run_bounded(source)

    def rel(location: str) -> str:
        return os.path.relpath(location, landing)

    # Every item on disk, exactly once, in one of the outcomes; nothing else.
    outcomes = [(rel(o.location), o.outcome, o.reason) for o in result.outcomes]
    assert len(outcomes) == len({loc for loc, _, _ in outcomes}), "an item settled twice"
    assert {loc for loc, _, _ in outcomes} == items_on_disk(landing) == set(EXPECTED)
    got = {loc: (outcome, reason) for loc, outcome, reason in outcomes}
    for loc, (outcome, reason) in EXPECTED.items():
        assert got[loc][0] == outcome, (loc, got[loc])
        assert reason in got[loc][1], (loc, got[loc])

    # The invariant, per source, and the counters agree with the lists.
    summary = result.summaries[0]
    assert summary.error is None
    assert summary.balanced() and summary.found == len(EXPECTED)
    counted = {o: sum(1 for _, outcome, _ in outcomes if outcome == o) for o in OUTCOMES}
    assert (summary.loaded, summary.duplicates, summary.quarantined, summary.other_dates,
            summary.over_limit, summary.skipped) == tuple(counted.values())
    assert summary.loaded == len(result.articles)
    assert summary.quarantined == len(result.quarantined)
    assert summary.duplicates == len(result.duplicates)
    assert {rel(q.location): q.reason for q in result.quarantined} == {
        loc: got[loc][1] for loc, (o, _) in EXPECTED.items() if o == "quarantined"}

    # The good articles, with their text intact.
    bodies = {rel(a.location): a for a in result.articles}
    assert set(bodies) == {loc for loc, (o, _) in EXPECTED.items() if o == "article"}
    assert bodies["03-invalid-utf8.txt"].body.count("\ufffd") == 4
    assert "ceasefire" in bodies["03-invalid-utf8.txt"].body
    assert "The café owner in Zürich said the déjà vu" in bodies["04-latin1.txt"].body
    assert bodies["05-utf16-bom.txt"].body.startswith("Officials said the tariff talks")
    assert "Line\u2028separator, paragraph\u2029separator, tab\x0bvertical, form\x0cfeed." in (
        bodies["15-separators.jsonl:1"].body)
    assert bodies["26-huge-line.txt"].body.startswith("Word0 of the very long")
    assert len(bodies["26-huge-line.txt"].body) > 180_000
    assert bodies["29-crlf.txt"].title == "Windows line ends" and "\r" not in (
        bodies["29-crlf.txt"].body)
    assert bodies["30-bom-header.txt"].title == "With a BOM"
    assert bodies["02-good.txt"].canonical_url == "https://news.example/p/a"

    # The replaced bytes are flagged: counted and logged with the file's name.
    assert summary.flagged == 2
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("03-invalid-utf8.txt" in w and "undecodable bytes: 4 of" in w for w in warnings)
    assert any("18-surrogate.jsonl:1" in w and "lone surrogates" in w for w in warnings)
    assert "Broken \ufffd escape." in bodies["18-surrogate.jsonl:1"].body

    # Everything can be staged: no string that UTF-8 (Parquet, DuckDB) would refuse.
    for record in (*result.articles, *result.quarantined, *result.duplicates):
        for value in vars(record).values():
            if isinstance(value, str):
                value.encode("utf-8")
    # Skipped entries are logged, one line each and a count per reason for the source.
    assert any("7 entries skipped (2 hidden file, 2 in a hidden directory, 1 not a regular "
               "file, 1 symlink out of the folder, 1 symlink to a directory)" in w
               for w in warnings), warnings
    assert any("skipped" in r.getMessage() and "19-pipe.txt" in r.getMessage()
               for r in caplog.records)

    # Bounded reading: the 128 MB sparse file cost a small head at most, not its size.
    oversize = next(q for q in result.quarantined if q.location.endswith("14-oversize.txt"))
    assert len(oversize.payload) <= PAYLOAD_LIMIT and oversize.payload.startswith("date ")
    assert peak < 32 * 1024 * 1024, f"peak traced memory {peak / 1e6:.0f} MB"


def test_a_file_growing_past_the_cap_while_read_is_not_read_further(tmp_path, monkeypatch):
    """The size is checked with stat first, but the read is bounded too: a file that grows
    between the two is cut at MAX_FILE_BYTES + 1 bytes and quarantined."""
    monkeypatch.setattr(folder, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "growing.txt"
    path.write_text(article("grow", text="x" * 300), encoding="utf-8")
    real_fstat, reads = os.fstat, []

    def small_fstat(fd):  # the stat before reading saw the file small ...
        info = real_fstat(fd)
        with open(path, "ab") as grow:  # ... and it grows right after
            grow.write(b"y" * 5000)
        return info

    real_read = os.read

    def counting_read(fd, n):
        reads.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(folder.os, "fstat", small_fstat)
    monkeypatch.setattr(folder.os, "read", counting_read)
    items = list(folder.read_folder(SourceConfig(name="s", type="folder", path=tmp_path)))
    assert [i.error for i in items] == ["file too large (grew past 1000 bytes while read)"]
    assert sum(reads) <= 1001 + folder.PAYLOAD_LIMIT


def test_an_unexpected_error_in_one_file_costs_that_file_only(tmp_path, monkeypatch):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(article(name), encoding="utf-8")
    real = folder.parse_text_article

    def flaky(text):
        if "b.txt" in text:
            raise RuntimeError("parser crashed")
        return real(text)

    monkeypatch.setattr(folder, "parse_text_article", flaky)
    monkeypatch.setattr(extraction, "detect_language", lambda text: 1 / 0 if "c.txt" in text
                        else "en")
    result = extract_interval([SourceConfig(name="s", type="folder", path=tmp_path)], *DAY)
    got = {Path(o.location).name: (o.outcome, o.reason) for o in result.outcomes}
    assert got == {
        "a.txt": ("article", ""),
        "b.txt": ("quarantined", "could not parse the file: RuntimeError: parser crashed"),
        "c.txt": ("quarantined", "could not settle the item: ZeroDivisionError: division by zero"),
    }
    assert result.summaries[0].balanced()
