"""Turn raw bytes from a file or an HTTP response into article fields, or a clear reason why not."""

from __future__ import annotations

import codecs
import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from dateutil import parser as date_parser

PAYLOAD_LIMIT = 2_000  # characters of a bad input kept in raw.quarantine
MIN_BODY_CHARS = 200  # shorter is a teaser or an error page, not an article


class BadInput(ValueError):
    """An input item that cannot become an article; str(exc) is the quarantine reason."""


@dataclass
class Draft:
    """Article fields as read, before ids, dates and language are settled."""

    body: str
    title: str = ""
    url: str = ""
    author: str = ""
    published: dt.datetime | None = None
    language: str = ""


# Bytes that decode to no character: past either limit the input is quarantined ("undecodable
# bytes: N of M"); below them the text keeps U+FFFD in their place and the item carries a note.
UNDECODABLE_SHARE = 0.01  # of the input's bytes
UNDECODABLE_MAX = 100
# A legacy (non-UTF-8) encoding is accepted only from a confident detection: charset_normalizer's
# "chaos" (mess ratio, 0 = clean) at most this, and a plausible result (`_plausible`).
MAX_CHAOS = 0.1
LATIN_HIGH_SHARE = 0.3  # below this share of bytes >= 0x80, a legacy text is Latin-script
_BOMS = (  # UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UNDECODABLE = "\udcff"  # marks one undecodable byte until counted, then becomes U+FFFD
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_NON_ASCII_RUN = re.compile(r"(?:(?![\x00-\x7f])\S){3,}")
_NOT_IN_WORDS = ("No", "Nd", "So", "Sm", "Sc", "Sk", "Po")  # but dashes, quotes, "·" may be
# The only legacy guesses accepted: roughly the WHATWG Encoding Standard's legacy encodings
# (what browsers still decode), without the rare ISO-8859 variants (3, 4, 10, 13, 14, 16) and
# the Mac and DOS ones, which charset_normalizer proposes for Western text with stray bytes.
_COMMON_LEGACY = {
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "cp874", "tis_620", "cp866", "koi8_r", "koi8_u", "latin_1", "iso8859_2", "iso8859_5",
    "iso8859_6", "iso8859_7", "iso8859_8", "iso8859_9", "iso8859_15",
    "cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213", "euc_jp", "euc_jis_2004",
    "euc_jisx0213", "iso2022_jp", "gb2312", "gbk", "gb18030", "big5", "big5hkscs", "cp950",
    "cp949", "euc_kr",
}
_EAST_ASIAN = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "HALFWIDTH", "FULLWIDTH", "IDEOGRAPHIC")


def _mark_undecodable(exc: UnicodeError) -> tuple[str, int]:
    return _UNDECODABLE * (exc.end - exc.start), exc.end


codecs.register_error("newsdw.undecodable", _mark_undecodable)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # what it was decoded as: utf-8, utf-16-le, ..., or a detected legacy one
    replaced: int = 0  # undecodable bytes, each replaced by U+FFFD in `text`
    size: int = 0  # bytes of input

    @property
    def note(self) -> str:
        """A warning for the item when some bytes were replaced; empty otherwise."""
        if not self.replaced:
            return ""
        return (f"undecodable bytes: {self.replaced} of {self.size} replaced by U+FFFD "
                f"(decoded as {self.encoding})")


def decode(data: bytes) -> str:
    """The text of `data` (see `decode_text`)."""
    return decode_text(data).text


def decode_text(data: bytes) -> Decoded:
    """Decode text: a byte-order mark decides (UTF-8, UTF-16, UTF-32); else valid UTF-8 is
    UTF-8; else, when the bytes are not mostly UTF-8, a legacy encoding is tried (Windows-1252
    first for mostly-ASCII text, where detection has too little to go on, then
    charset_normalizer's confident guesses), kept only if the result is plausible; else UTF-8
    with every undecodable byte replaced by U+FFFD (counted in `replaced`). A mostly-UTF-8
    file is never re-guessed into another script. Raises BadInput for empty or binary input,
    or when more bytes are undecodable than UNDECODABLE_MAX or UNDECODABLE_SHARE allow."""
    if not data.strip():
        raise BadInput("empty or whitespace-only input")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data[len(bom):].decode(encoding, "newsdw.undecodable"), encoding,
                            len(data))
    if b"\x00" in data[:8192]:
        raise BadInput("binary content (NUL bytes), not text")
    try:
        valid = data.decode("utf-8")
    except UnicodeDecodeError:
        valid = None
    if valid is not None:
        return _checked(valid, "utf-8", len(data))
    text = data.decode("utf-8", "newsdw.undecodable")
    invalid = text.count(_UNDECODABLE)
    valid_non_ascii = len(_NON_ASCII.findall(text)) - invalid
    if valid_non_ascii < invalid:  # not mostly UTF-8: perhaps a legacy encoding
        legacy = _legacy(data)
        if legacy is not None:
            return _checked(legacy[0], legacy[1], len(data))
    return _checked(text, "utf-8", len(data))


def _checked(text: str, encoding: str, size: int) -> Decoded:
    replaced = text.count(_UNDECODABLE)
    if replaced > UNDECODABLE_MAX or replaced > UNDECODABLE_SHARE * size:
        raise BadInput(f"undecodable bytes: {replaced} of {size}")
    if replaced:
        text = text.replace(_UNDECODABLE, "\ufffd")
    if not text or text.isspace():
        raise BadInput("empty or whitespace-only input")
    if "\x00" in text[:8192]:
        raise BadInput("binary content (NUL characters), not text")
    return Decoded(text, encoding, replaced, size)


def _legacy(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) in a legacy encoding that is likely and plausible, or None. A text
    whose bytes are mostly ASCII is Latin-script: Windows-1252 (a superset of Latin-1's
    printable characters) is tried first, as browsers do, because a handful of high bytes is
    too little evidence for detection (charset_normalizer reads "déjà" in Latin-1 as Baltic
    "déją"); then charset_normalizer's confident guesses among the legacy encodings still in
    use (it ranks ISO-8859-14 as high as Windows-1250 for Polish, and reads two stray bytes in
    an English page as DOS Baltic)."""
    from charset_normalizer import from_bytes

    high = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    candidates = ["cp1252"] if high < LATIN_HIGH_SHARE * len(data) else []
    candidates += [m.encoding for m in from_bytes(data)
                   if m.chaos <= MAX_CHAOS and m.encoding in _COMMON_LEGACY]
    for encoding in dict.fromkeys(candidates):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible(text):
            return text, encoding
    return None


def _script(ch: str) -> str:
    word = unicodedata.name(ch, "UNKNOWN").split(" ")[0]
    return "CJK" if word in _EAST_ASIAN else word


def _plausible(text: str) -> bool:
    """Whether a legacy decoding reads like text:
    - no control, unassigned or private-use characters;
    - in a mostly-ASCII text every other letter is Latin too (four stray bytes read as
      Cyrillic are a wrong guess), else one script has nine in ten of the non-ASCII letters;
    - in Latin-script text, most non-ASCII characters stand alone (runs of three or more
      are how Cyrillic bytes read as Windows-1252 look), no symbol or digit sits inside a
      word ("Rz¹d" is Polish read as Windows-1252) and no capital follows a small letter
      ("budÀet" is a stray byte)."""
    if _CONTROL.search(text):
        return False
    found = list(_NON_ASCII.finditer(text))
    if any(unicodedata.category(ch) in ("Cn", "Co", "Cs") for ch in {m[0] for m in found}):
        return False
    letters = [m[0] for m in found if m[0].isalpha()]
    script = "LATIN"
    if letters:
        script, count = Counter(_script(ch) for ch in letters).most_common(1)[0]
        if len(_ASCII_LETTER.findall(text)) >= len(letters):
            if script != "LATIN" or count < len(letters):
                return False
        elif count < 0.9 * len(letters):
            return False
    if script != "LATIN":
        return True
    visible = sum(1 for m in found if not m[0].isspace())
    if sum(len(run) for run in _NON_ASCII_RUN.findall(text)) > 0.5 * visible:
        return False
    for m in found:
        ch, i = m[0], m.start()
        if ch.isupper() and i > 0 and text[i - 1].islower():
            return False
        if (not ch.isalpha() and unicodedata.category(ch) in _NOT_IN_WORDS
                and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()):
            return False
    return True


def parse_date(value: str) -> dt.datetime:
    """Parse a date or timestamp into naive UTC. Raises BadInput with the offending value."""
    try:
        parsed = date_parser.parse(value.strip())
    except (ValueError, OverflowError) as exc:
        raise BadInput(f"malformed date {value.strip()[:40]!r}") from exc
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed


_HEADER = re.compile(r"^(title|url|author|language)\s*:\s*(.*)$", re.IGNORECASE)
_DATE_LINE = re.compile(r"^date\s+(\S+)(?:[ \t]+(.*))?$", re.IGNORECASE)


def split_header(text: str) -> tuple[dict[str, str], str]:
    """The plain-text landing format, split: the header (``date`` from the first line
    ``date YYYY-MM-DD``, then optional ``title:``, ``url:``, ``author:``, ``language:`` lines)
    and the body. A text whose first line is not a date line has no header: all body. Values
    are not checked here (``parse_text_article`` does)."""
    lines = text.lstrip("\ufeff").splitlines()
    first = lines[0].strip() if lines else ""
    match = _DATE_LINE.match(first)
    if not match:
        return {}, text.strip()
    headers = {"date": match.group(1)}
    if match.group(2):  # some landing files run the body on after the date
        lines[0:1] = ["", match.group(2)]
    i = 1
    while i < len(lines) and (header := _HEADER.match(lines[i].strip())):
        headers[header.group(1).lower()] = header.group(2).strip()
        i += 1
    return headers, "\n".join(lines[i:]).strip()


def parse_text_article(text: str) -> Draft:
    """A landing text file as a draft article; BadInput without a valid date line or body."""
    headers, body = split_header(text)
    lines = text.lstrip("\ufeff").splitlines()
    first = lines[0].strip() if lines else ""
    if "date" not in headers:
        raise BadInput(f"missing date line: expected 'date YYYY-MM-DD', got {first[:60]!r}")
    try:
        published = dt.datetime.strptime(headers["date"], "%Y-%m-%d")
    except ValueError:
        raise BadInput(f"malformed date line {first[:40]!r}: expected 'date YYYY-MM-DD'") from None
    draft = Draft(body=body, published=published, title=headers.get("title", ""),
                  url=headers.get("url", ""), author=headers.get("author", ""),
                  language=headers.get("language", ""))
    check_body(draft.body)
    return draft


def check_body(body: str) -> None:
    if len(body.strip()) < MIN_BODY_CHARS:
        raise BadInput(f"no article text (body has {len(body.strip())} characters)")


def extract_html(html: str, url: str = "") -> Draft:
    """Main text and metadata of a web page, via trafilatura."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url or None, with_metadata=True, include_comments=False, favor_precision=True
    )
    if doc is None or not (doc.text or "").strip():
        raise BadInput("HTML page with no article text")
    check_body(doc.text)
    published = None
    if doc.date:
        try:
            published = parse_date(doc.date)
        except BadInput:
            published = None
    return Draft(
        body=doc.text.strip(),
        title=doc.title or "",
        url=doc.url or url,
        author=doc.author or "",
        published=published,
        language=doc.language or "",
    )


def truncate(payload: str | bytes) -> str:
    if isinstance(payload, bytes):
        payload = payload[:PAYLOAD_LIMIT].decode("utf-8", errors="replace")
    return payload[:PAYLOAD_LIMIT]
