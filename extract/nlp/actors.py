"""Actors: every entity mention of an article resolved to a canonical actor.

One linear pass over ``doc.ents`` and the tokens, then per-article clustering:

- person name variants cluster on their tokens ("Antony Blinken", "Blinken", "Blinken's",
  "Blinkens'", and surname-first "Xi Jinping" / "Xi"); the longest full name is canonical;
  any other entity whose text is a clustered person name becomes that person (NER label repair:
  "Blinken" tagged GPE);
- a title before capitalised words makes a person even when NER missed it ("FBI Director
  Christopher Wray"), and gives role and affiliation; so does an appositive
  ("Liu Pengyu, a spokesperson for the Chinese embassy in Washington");
- countries are canonical via pycountry (``countries.lookup_country``); a capital in the role of a
  government (subject, object, "between Washington and Beijing") is its country, elsewhere a
  place; demonyms link to their country but only create an actor when they are a noun that
  speaks;
- country groups and alliances ("G7", "Group of Seven") are groups, organisations stay
  organisations; words inside a title or role phrase are not actors of their own.

Anonymous sources and descriptions ("a senior State Department official", "U.S. officials")
are created by the statement finder through :meth:`ActorIndex.add_description`, because only
speakers become actors of that kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Token

from extract.ids import actor_id as _actor_id
from extract.ids import normalise_name as _normalise_name
from extract.nlp import countries, rules
from extract.nlp.text import dateline_end
from extract.records import Actor, EntityMention

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}

# The word lists live in extract/nlp/rules/ (one data file per list, its use explained there).

# Titles that can stand directly before a name (lower-cased; multi-word titles end in one of
# these words, e.g. "Foreign Minister", "Secretary of State").
TITLE_WORDS = rules.words("titles")
# Titles that introduce a name even in lower case ("ministry spokesperson Mao Ning").
LOWERCASE_TITLES = rules.words("titles_lowercase")
HONORIFICS = rules.words("honorifics")
# Lower-case words that may sit inside a title phrase ("assistant secretary of state for ...").
TITLE_MODIFIERS = rules.words("title_modifiers")
NOT_NAME_WORDS = rules.words("not_name_words")
PERSON_PRONOUNS = rules.words("person_pronouns")


@dataclass
class ActorRec:
    name: str
    actor_type: str
    first: int  # char offset of the first mention, for ordering
    aliases: list[str] = field(default_factory=list)
    role: str = ""
    affiliation: str = ""
    country_code: str = ""
    head: str = ""  # head noun of a description actor ("official", "ministers")
    plural: bool = False
    speaks: bool = False  # said something in the article (keeps NORP-only actors)
    mention_only_norp: bool = True  # every mention is a demonym adjective

    @property
    def actor_id(self) -> str:
        return actor_id(self.name, self.actor_type)

    def add_alias(self, text: str) -> None:
        text = " ".join(text.split())
        if text and text != self.name and text not in self.aliases:
            self.aliases.append(text)

    def is_personlike(self) -> bool:
        return self.actor_type == "person" or (self.actor_type == "anonymous" and not self.plural)

    def to_actor(self) -> Actor:
        return Actor(
            actor_id=self.actor_id, name=self.name, actor_type=self.actor_type,
            aliases=list(self.aliases), role=self.role, affiliation=self.affiliation,
            country_code=self.country_code,
        )


@dataclass
class Mention:
    start_tok: int
    end_tok: int  # exclusive
    start: int  # chars
    end: int
    text: str
    label: str
    actor: ActorRec | None = None
    is_subject: bool = False  # nsubj of its clause


normalise_name = lru_cache(maxsize=8192)(_normalise_name)
actor_id = lru_cache(maxsize=8192)(_actor_id)


def _clean_bounds(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """Drop a leading "the" and trailing possessive/punctuation tokens."""
    while s < e and (doc[s].lower_ in ("the", "a", "an") or doc[s].is_punct):
        s += 1
    while e > s and (doc[e - 1].tag_ == "POS" or doc[e - 1].is_punct or doc[e - 1].is_space
                     or doc[e - 1].lower_ in ("'s", "\u2019s")):
        e -= 1
    return s, e


def _span_text(doc: Doc, s: int, e: int) -> str:
    return doc[s:e].text


def _person_key_tokens(text: str) -> list[str]:
    """Name tokens of a person mention: honorifics and possessives removed, normalised."""
    toks = [t for t in re.split(r"\s+", normalise_name(text)) if t]
    toks = [t for t in toks if t not in HONORIFICS]
    if toks:
        last = toks[-1]
        if last.endswith("'s") or last.endswith("\u2019s"):
            last = last[:-2]
        elif last.endswith("s'") or last.endswith("s\u2019"):
            last = last[:-1]
        toks[-1] = last.rstrip("'\u2019")
    return toks


def _is_name_token(tok: Token) -> bool:
    t = tok.text
    return (
        len(t) > 1 and t[0].isupper() and tok.pos_ in ("PROPN", "NOUN", "ADJ", "X")
        and t.lower() not in NOT_NAME_WORDS and t.lower() not in TITLE_WORDS
        and not t.isupper() and t.replace("-", "").replace("'", "").isalpha()
    )


class ActorIndex:
    """Mentions and actors of one article."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.mentions: list[Mention] = []
        self.actors: list[ActorRec] = []
        self._by_key: dict[tuple[str, str], ActorRec] = {}
        self.tok_mention: dict[int, Mention] = {}
        self.role_tokens: set[int] = set()  # tokens inside title/role phrases
        self.extra_mentions: list[EntityMention] = []
        self.affiliation_spans: list[tuple[int, int]] = []  # "the Chinese embassy in ..."
        self.title_orgs: set[str] = set()  # names seen as "<Org> Chief Executive" prefixes

    # -- actors ---------------------------------------------------------------------------
    def get_actor(self, name: str, actor_type: str, first: int) -> ActorRec:
        key = (normalise_name(name), actor_type)
        rec = self._by_key.get(key)
        if rec is None:
            rec = ActorRec(name=name, actor_type=actor_type, first=first)
            self._by_key[key] = rec
            self.actors.append(rec)
        return rec

    def find_actor(self, name: str, actor_type: str) -> ActorRec | None:
        return self._by_key.get((normalise_name(name), actor_type))

    # -- building -------------------------------------------------------------------------
    def build(self) -> ActorIndex:
        doc = self.doc
        dl_end = dateline_end(doc[: min(len(doc), 40)].text)
        raw: list[Mention] = []
        for ent in doc.ents:
            if ent.label_ not in ENTITY_LABELS:
                continue
            s, e = ent.start, ent.end
            if dl_end and doc[s].idx < dl_end:
                if ent.end_char <= dl_end:
                    # the dateline names a place; only a country there is an actor
                    if not countries.lookup_country(ent.text):
                        continue
                else:
                    while s < e and doc[s].idx < dl_end:
                        s += 1
            for k in range(s + 1, e):
                if doc[k].is_sent_start:  # "on X. Black has ...": the name after the break
                    s = k
            s, e = _clean_bounds(doc, s, e)
            if s >= e:
                continue
            label = ent.label_
            for part_s, part_e, part_label in self._split_possessive(s, e, label):
                raw.append(self._mention(part_s, part_e, part_label))
        raw = self._merge_adjacent(raw)
        split: list[Mention] = []
        for m in raw:
            split.extend(self._hyphen_countries(m) or [m])
        raw = split + self._possessive_names(raw)
        raw.sort(key=lambda m: m.start)
        raw = [self._repair_label(m) for m in raw]
        raw = [m for m in raw if m is not None]
        self._vote_labels(raw)
        titled = self._title_persons(raw)
        for m in raw:
            if m.label == "PERSON" and _norm(m.text) in self.title_orgs:
                m.label = "ORG"
        mentions = self._merge(raw, titled)
        for a, b in self.affiliation_spans:
            if not any(m.label == "ORG" and m.start_tok < b and a < m.end_tok for m in mentions):
                mentions.append(self._mention(a, b, "ORG"))
        mentions.sort(key=lambda m: m.start)
        self._resolve(mentions)
        self._us_aliases()
        return self

    def _us_aliases(self) -> None:
        """"Senate" in a U.S. story is also "U.S. Senate"."""
        if self.find_actor("United States", "country") is None:
            return
        for a in self.actors:
            if a.actor_type == "organization" and normalise_name(a.name) in US_INSTITUTIONS:
                a.add_alias("U.S. " + a.name)

    def _mention(self, s: int, e: int, label: str) -> Mention:
        doc = self.doc
        return Mention(s, e, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text),
                       _span_text(doc, s, e), label)

    def _possessive_names(self, raw: list[Mention]) -> list[Mention]:
        """Names NER missed after a country possessive: "Ethiopia's Tigst Assefa"."""
        doc = self.doc
        covered = {i for m in raw for i in range(m.start_tok, m.end_tok)}
        out = []
        for m in raw:
            if m.label != "GPE" or m.end_tok + 2 >= len(doc):
                continue
            p = m.end_tok
            if doc[p].lower_ not in ("'s", "\u2019s") or not countries.lookup_country(m.text):
                continue
            e = p + 1
            while e < len(doc) and e - p <= 3 and e not in covered and doc[e].pos_ == "PROPN" \
                    and doc[e].text[:1].isupper() and doc[e].text.isalpha() and \
                    doc[e].text not in ORG_KEYWORDS:
                e += 1
            if e - (p + 1) >= 2 and not any(doc[i].lower_ in TITLE_WORDS for i in range(p, e)):
                out.append(self._mention(p + 1, e, "PERSON"))
        return out

    def _merge_adjacent(self, raw: list[Mention]) -> list[Mention]:
        """"Peres" + "Jepchirchir": adjacent PERSON entities are one name."""
        out: list[Mention] = []
        for m in raw:
            if out and out[-1].label == "PERSON" and m.label == "PERSON" and \
                    out[-1].end_tok == m.start_tok:
                out[-1] = self._mention(out[-1].start_tok, m.end_tok, "PERSON")
                continue
            out.append(m)
        return out

    def _vote_labels(self, raw: list[Mention]) -> None:
        """The same name labelled PERSON here and ORG there: the majority label wins."""
        votes: dict[str, dict[str, int]] = {}
        for m in raw:
            if m.label in ("PERSON", "ORG"):
                d = votes.setdefault(_norm(m.text), {})
                d[m.label] = d.get(m.label, 0) + 1
        for m in raw:
            d = votes.get(_norm(m.text))
            if d and len(d) > 1 and m.label in d:
                best = max(d, key=lambda k: (d[k], k == "ORG"))
                if d[best] > d[m.label]:
                    m.label = best

    def _split_possessive(self, s: int, e: int, label: str) -> list[tuple[int, int, str]]:
        """"Kenya's Peres Jepchirchir", "China's Ministry of State Security": a country
        possessor is its own mention."""
        doc = self.doc
        for p in range(s + 1, e - 1):
            if doc[p].tag_ == "POS" or doc[p].lower_ in ("'s", "\u2019s"):
                left = _span_text(doc, s, p)
                right_label = label
                right = doc[p + 1:e]
                if 2 <= len(right) <= 3 and all(
                        t.pos_ == "PROPN" and t.text[:1].isupper() and t.text not in ORG_KEYWORDS
                        for t in right):
                    right_label = "PERSON"  # "Britain's Emile Cairess"
                if countries.lookup_country(left) or countries.lookup_capital(left):
                    return [(s, p, "GPE"), (p + 1, e, right_label)]
                if left.isupper() and left.isalpha() and len(left) >= 2:
                    return [(s, p, "ORG"), (p + 1, e, label)]  # "NASA's Jet Propulsion ..."
                break
        # "U.S.-Mexico border": hyphenated countries
        if e - s >= 3 and any(doc[i].text == "-" for i in range(s, e)):
            parts, cur = [], s
            for i in range(s, e + 1):
                if i == e or doc[i].text == "-":
                    parts.append((cur, i))
                    cur = i + 1
            if all(a < b and countries.lookup_country(_span_text(doc, a, b)) for a, b in parts):
                return [(a, b, "GPE") for a, b in parts]
        return [(s, e, label)]

    def _hyphen_countries(self, m: Mention) -> list[Mention] | None:
        """One token "U.S.-Mexico": a mention per country, at character level."""
        if "-" not in m.text or " " in m.text:
            return None
        parts = m.text.split("-")
        if len(parts) < 2 or not all(countries.lookup_country(p) for p in parts if p):
            return None
        out, pos = [], m.start
        for part in parts:
            if part:
                out.append(Mention(m.start_tok, m.end_tok, pos, pos + len(part), part, "GPE"))
            pos += len(part) + 1
        return out

    def _repair_label(self, m: Mention) -> Mention | None:
        """Label repairs that need only the mention and its syntax."""
        doc = self.doc
        head = doc[m.end_tok - 1]
        words = m.text.replace("’", "'").split()
        has_org_word = any(w in ORG_KEYWORDS for w in words)
        if m.label != "PERSON" and m.start_tok >= 2 and \
                doc[m.start_tok - 1].lower_ in ("'s", "\u2019s") and \
                countries.lookup_country(doc[m.start_tok - 2].text) and \
                2 <= m.end_tok - m.start_tok <= 3 and not has_org_word and \
                words[-1] not in PLACE_SUFFIXES and all(
                    t.pos_ == "PROPN" for t in doc[m.start_tok:m.end_tok]):
            m.label = "PERSON"  # "Ethiopia's Tigst Assefa" (tagged FAC)
            return m
        if m.label == "FAC":
            if (_norm(m.text) in ORG_FACILITIES or has_org_word) and not _locative(head):
                m.label = "ORG"
            return m
        prev = doc[m.start_tok - 1] if m.start_tok > 0 else None
        if m.label in ("PERSON", "GPE", "NORP") and (has_org_word or (
                head.dep_ == "compound" and head.head.lower_ in ORG_HEAD_NOUNS) or (
                prev is not None and prev.lower_ in ORG_HEAD_NOUNS | {"giant", "maker"})):
            m.label = "ORG"  # "Border Patrol", "the Tasnim news agency"
        if words[-1] in PLACE_SUFFIXES or (m.label in ("PERSON", "ORG") and (
                countries.lookup_capital(m.text) or countries.lookup_country(m.text))):
            m.label = "GPE" if m.label != "LOC" else m.label
            if words[-1] in PLACE_SUFFIXES:
                m.label = "PLACE"
        if m.label == "ORG" and (m.text.upper() in NON_ACTOR_ACRONYMS or words[-1] in LAW_WORDS):
            return None
        # "National Grid Corporation of the Philippines": "of (the) <country>" is in the name
        if m.label == "ORG" and m.end_tok + 2 < len(doc) and doc[m.end_tok].lower_ == "of":
            j = m.end_tok + 1
            if doc[j].lower_ == "the":
                j += 1
            k = j
            while k < len(doc) and doc[k].ent_type_ == "GPE" and doc[k].ent_iob_ in (
                    "B", "I") and (k == j or doc[k].ent_iob_ == "I"):
                k += 1
            if k > j and countries.lookup_country(doc[j:k].text):
                m.end_tok = k
                m.end = doc[k - 1].idx + len(doc[k - 1].text)
                m.text = _span_text(doc, m.start_tok, k)
                words = m.text.split()
        # "Congress party": the party noun belongs to the name
        if m.label == "ORG" and m.end_tok < len(doc) and doc[m.end_tok].lower_ == "party" \
                and words[-1].lower() != "party":
            m.end_tok += 1
            m.end = doc[m.end_tok - 1].idx + len(doc[m.end_tok - 1].text)
            m.text = _span_text(doc, m.start_tok, m.end_tok)
        if m.label in ("ORG", "PERSON", "NORP") and not has_org_word and (
                _named_place(head) or _locative(head)) and (
                m.label != "NORP" or not countries.lookup_demonym(m.text)):
            m.label = "PLACE"
        # "the popular social media app TikTok": a product, not an actor
        if m.label == "ORG" and m.start_tok > 0 and doc[m.start_tok - 1].lower_ in PRODUCT_NOUNS:
            return None
        # "its Telegram channel": a name modifying a common noun after a possessive
        if m.label == "ORG" and head.dep_ == "compound" and head.head.pos_ == "NOUN" and \
                m.start_tok > 0 and doc[m.start_tok - 1].lower_ in ("its", "their", "his", "her"):
            return None
        # "ethnic Karen rebels": a name used as a modifier of a common noun is no person
        if m.label == "PERSON" and head.dep_ in ("compound", "amod", "nmod") and \
                head.head.pos_ == "NOUN" and m.end_tok - m.start_tok == 1:
            return None
        return m

    def _title_persons(self, raw: list[Mention]) -> list[tuple[Mention, str, str, str]]:
        """Persons introduced by a title: (mention, role, affiliation, country_code)."""
        doc = self.doc
        ent_at = {}
        for m in raw:
            for i in range(m.start_tok, m.end_tok):
                ent_at[i] = m
        found = []
        n = len(doc)
        i = 0
        while i < n:
            tok = doc[i]
            low = tok.lower_
            if low not in TITLE_WORDS or tok.pos_ not in ("PROPN", "NOUN"):
                i += 1
                continue
            # extend the title over "of State", "for ..." only when a name follows
            j = i + 1
            if j < n and doc[j].lower_ == "of" and j + 1 < n and doc[j + 1].text[:1].isupper():
                k = j + 1
                while k < n and doc[k].text[:1].isupper() and doc[k].ent_type_ != "PERSON":
                    k += 1
                if k < n and doc[k].ent_type_ == "PERSON" and k - j <= 4:
                    j = k
            name_s = j
            name_e = name_s
            pm = ent_at.get(name_s)
            if pm is not None and pm.label == "PERSON" and pm.start_tok == name_s:
                name_e = pm.end_tok
            else:
                while (name_e < n and name_e - name_s < 3 and _is_name_token(doc[name_e])
                       and not (doc[name_e].ent_type_ in ("GPE", "NORP", "ORG", "LOC")
                                and _known_place_or_org(doc[name_e].text))):
                    name_e += 1
                # a lone title-cased word after a capitalised title is usually not a name
                # ("Secretary General"); require two tokens unless NER agrees
                if name_e - name_s == 1 and doc[name_s].ent_type_ != "PERSON":
                    name_e = name_s
            if name_e <= name_s or not tok.text[0].isupper() and low not in LOWERCASE_TITLES:
                i += 1
                continue
            role, affil, cc, role_s = self._title_phrase(i, name_s, ent_at)
            for r in range(role_s, name_s):
                ent = ent_at.get(r)
                if not (ent is not None and ent.label == "ORG" and ent.text == affil):
                    self.role_tokens.add(r)
            ms, me = _clean_bounds(doc, name_s, name_e)
            if ms < me:
                m = Mention(ms, me, doc[ms].idx, doc[me - 1].idx + len(doc[me - 1].text),
                            _span_text(doc, ms, me), "TITLE_RULE")
                if pm is not None and pm.label == "PERSON":
                    m.label = "PERSON"
                found.append((m, role, affil, cc))
            i = name_e
        return found

    def _title_phrase(self, title_i: int, name_s: int, ent_at: dict) -> tuple[str, str, str, int]:
        """Role, affiliation, country code and start token of the title phrase ending before
        ``name_s``: "US Treasury Secretary" -> ("Treasury Secretary", "United States", "US")."""
        doc = self.doc
        s = title_i
        while s - 1 >= 0:
            t = doc[s - 1]
            spaced_dash = t.text == "-" and (bool(t.whitespace_) or t.i == 0
                                             or bool(doc[t.i - 1].whitespace_))
            if (t.is_punct and t.text != "-") or spaced_dash or t.is_space or \
                    t.pos_ in ("DET", "VERB", "AUX", "ADP"):
                break
            if t.dep_ in ("compound", "amod", "nmod", "npadvmod") or t.lower_ in TITLE_MODIFIERS \
                    or t.ent_type_ in ("ORG", "GPE", "NORP"):
                s -= 1
                continue
            break
        affil, cc = "", ""
        r = s
        # leading country or demonym
        while r < title_i:
            mtext = doc[r].text
            ent = ent_at.get(r)
            if ent is not None and ent.label in ("GPE", "NORP"):
                hit = countries.lookup_country(ent.text) or countries.lookup_demonym(ent.text)
                if hit:
                    affil, cc = hit
                    r = ent.end_tok
                    continue
            hit = countries.lookup_country(mtext) or countries.lookup_demonym(mtext)
            if hit and doc[r].text[:1].isupper():
                affil, cc = hit
                r += 1
                continue
            break
        # leading organisation (acronym or ORG entity starting here): "FBI Director"
        ent = ent_at.get(r)
        if ent is not None and ent.start_tok == r and ent.end_tok <= title_i and \
                ent.label in ("ORG", "PERSON") and not all(
                    w.lower() in TITLE_MODIFIERS for w in ent.text.split()):
            affil = ent.text  # "Tesla Chief Executive": Tesla is an organisation here
            if ent.label == "PERSON":
                ent.label = "ORG"
            self.title_orgs.add(_norm(ent.text))
            r = ent.end_tok
        elif ent is None and r < title_i and doc[r].pos_ == "PROPN" and doc[r].is_title and \
                doc[r].lower_ not in TITLE_MODIFIERS and doc[r].lower_ not in TITLE_WORDS:
            e = r  # an organisation NER missed: "Tesla Chief Executive Elon Musk"
            while e < title_i and doc[e].pos_ == "PROPN" and doc[e].lower_ not in \
                    TITLE_MODIFIERS and doc[e].lower_ not in TITLE_WORDS:
                e += 1
            affil = _span_text(doc, r, e)
            self.title_orgs.add(_norm(affil))
            self.affiliation_spans.append((r, e))
            r = e
        role = _span_text(doc, r, name_s) if r < name_s else ""
        return role, affil, cc, s

    def _merge(self, raw: list[Mention], titled: list) -> list[Mention]:
        """Title persons replace overlapping entities; entities inside title phrases go."""
        doc = self.doc
        taken: dict[int, Mention] = {}
        out: list[Mention] = []
        self._title_info: dict[int, tuple[str, str, str]] = {}
        for m, role, affil, cc in titled:
            out.append(m)
            self._title_info[id(m)] = (role, affil, cc)
            for i in range(m.start_tok, m.end_tok):
                taken[i] = m
        appos_role = self._appositive_roles()
        for m in raw:
            if any(i in taken for i in range(m.start_tok, m.end_tok)):
                continue
            if any(i in self.role_tokens for i in range(m.start_tok, m.end_tok)):
                # inside a title phrase: keep only countries, demonyms and parties (they are
                # the affiliation: "French Foreign Minister", "Labour leader")
                if _affiliation_entity(m):
                    out.append(m)
                continue
            out.append(m)
        # appositive roles ("Liu Pengyu, a spokesperson for ...")
        for m in out:
            info = appos_role.get(m.end_tok - 1)
            if info and m.label in ("PERSON", "TITLE_RULE", "ORG", "GPE"):
                role, affil, cc, span = info
                if m.label != "PERSON" and m.label != "TITLE_RULE":
                    m.label = "PERSON" if self._looks_like_person_name(m) else m.label
                if m.label in ("PERSON", "TITLE_RULE"):
                    prev = self._title_info.get(id(m), ("", "", ""))
                    self._title_info[id(m)] = (
                        prev[0] or role, prev[1] or affil, prev[2] or cc)
                    for i in range(span[0], span[1]):
                        self.role_tokens.add(i)
        out = [m for m in out if not (
            (m.label != "PERSON" or m.end_tok - m.start_tok == 1) and m.label != "TITLE_RULE"
            and all(i in self.role_tokens for i in range(m.start_tok, m.end_tok))
            and not _affiliation_entity(m))]
        out.sort(key=lambda m: m.start)
        for m in out:
            head = doc[m.end_tok - 1]
            m.is_subject = head.dep_ in ("nsubj", "nsubjpass") or (
                head.dep_ in ("compound",) and head.head.dep_ in ("nsubj", "nsubjpass"))
        return out

    def _looks_like_person_name(self, m: Mention) -> bool:
        toks = m.text.split()
        return 1 <= len(toks) <= 4 and all(t[:1].isupper() for t in toks) and not (
            countries.lookup_country(m.text) or countries.lookup_capital(m.text))

    def _appositive_roles(self) -> dict[int, tuple[str, str, str, tuple[int, int]]]:
        """Name head token -> (role, affiliation, country, role token span) from appositives."""
        doc = self.doc
        out = {}
        for tok in doc:
            if tok.dep_ != "appos" or tok.i <= tok.head.i:
                continue
            head = tok.head
            if not head.text[:1].isupper() or head.pos_ != "PROPN":
                continue
            low = tok.lower_
            is_title = low in TITLE_WORDS or any(
                c.lower_ in TITLE_WORDS for c in tok.children if c.dep_ == "compound") or \
                low.split("-")[0] in TITLE_WORDS
            sub = list(tok.subtree)
            if not is_title or any(t.ent_type_ == "PERSON" for t in sub):
                continue
            s, e = sub[0].i, sub[-1].i + 1
            while s < e and doc[s].lower_ in ("a", "an", "the"):
                s += 1
            # role: up to the first "for"/"at"/"of the"+org; affiliation: that object
            role_end, affil, cc = e, "", ""
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("for", "at", "with", "of", "from") and \
                        c.i > tok.i \
                        and doc[c.i - 1].text != "-":
                    objs = [x for x in c.children if x.dep_ == "pobj"]
                    if not objs:
                        continue
                    obj = objs[0]
                    osub = list(obj.subtree)
                    otext = _span_text(doc, osub[0].i, osub[-1].i + 1)
                    has_det = any(x.dep_ == "det" and x.lower_ == "the" for x in obj.children)
                    org_noun = obj.lower_ in AFFILIATION_NOUNS
                    org_ent = obj.ent_type_ in ("ORG", "GPE", "NORP") or any(
                        x.ent_type_ == "ORG" for x in osub)
                    org_like = org_noun or (org_ent and (
                        c.lower_ == "at" or has_det or any(
                            x.text in ORG_KEYWORDS for x in osub)))
                    if org_like:
                        if org_noun and not any(x.ent_type_ == "ORG" for x in osub) and any(
                                x.text[:1].isupper() for x in osub) and obj.lower_ not in (
                                    "government", "administration"):
                            a = osub[0].i
                            while a <= obj.i and doc[a].lower_ in ("the", "a", "an"):
                                a += 1
                            self.affiliation_spans.append((a, osub[-1].i + 1))
                        role_end = c.i
                        affil = re.sub(r"^(the|a|an)\s+", "", otext, flags=re.I)
                        for x in osub:
                            hit = (countries.lookup_demonym(x.text) if x.ent_type_ == "NORP"
                                   else countries.lookup_country(x.text)
                                   if x.ent_type_ == "GPE" else None)
                            if hit:
                                cc = hit[1]
                                break
                        break
            role = _span_text(doc, s, role_end) if role_end > s else ""
            role = re.sub(r"^(the|a|an)\s+", "", role, flags=re.I)
            out[head.i] = (role, affil, cc, (s, role_end))
        return out

    # -- resolution -----------------------------------------------------------------------
    def _resolve(self, mentions: list[Mention]) -> None:
        doc = self.doc
        # 1. person clusters: full names first, then short forms
        persons = [m for m in mentions if m.label in ("PERSON", "TITLE_RULE")]
        full: list[tuple[list[str], Mention]] = []
        for m in persons:
            toks = _person_key_tokens(m.text)
            if len(toks) >= 2:
                full.append((toks, m))
        token_owner: dict[str, list[tuple[int, str]]] = {}  # name token -> (pos, canonical)
        canon_of: dict[str, str] = {}
        # canonical full name: the longest full name sharing first+last or last token
        full.sort(key=lambda x: (-len(x[0]), x[1].start))
        for toks, m in full:
            key = " ".join(toks)
            if key in canon_of:
                continue
            target = None
            for other_key, canon in canon_of.items():
                otoks = other_key.split()
                if set(toks) <= set(otoks):
                    target = canon
                    break
            canon_of[key] = target if target else _display_name(m.text)
        full_tokens = {t for key in canon_of for t in key.split()}
        for m in persons:
            toks = _person_key_tokens(m.text)
            if len(toks) == 1 and toks[0] not in full_tokens and toks[0].rstrip("s") not in \
                    full_tokens and toks[0] not in canon_of:
                canon_of.setdefault(toks[0], FAMOUS_PEOPLE.get(toks[0], _display_name(m.text)))
        for key, canon in canon_of.items():
            toks = key.split()
            first_pos = min((m.start for t, m in full if " ".join(t) == key), default=0)
            for t in {toks[0], toks[-1]}:
                token_owner.setdefault(t, []).append((first_pos, canon))

        def person_canonical(m: Mention) -> str | None:
            toks = _person_key_tokens(m.text)
            if not toks:
                return None
            key = " ".join(toks)
            if key in canon_of:
                return canon_of[key]
            if len(toks) == 1:
                t = toks[0]
                owners = token_owner.get(t) or (
                    token_owner.get(t[:-1]) if t.endswith("s") else None)
                if owners:
                    before = [o for o in owners if o[0] <= m.start] or owners
                    return max(before)[1]
                if t in FAMOUS_PEOPLE:
                    return FAMOUS_PEOPLE[t]
            return None

        org_canonical = self._org_clusters(mentions)
        org_first_tokens = {k.split()[0] for k in org_canonical if len(k.split()) >= 2}
        # 2. per-mention actor
        for m in mentions:
            rec = None
            label = m.label
            text = m.text
            head = doc[m.end_tok - 1]
            canon = person_canonical(m) if label not in ("PERSON", "TITLE_RULE", "PLACE") \
                else None
            if label == "PERSON" and m.end_tok - m.start_tok == 1 and (
                    _norm(org_canonical.get(_norm(text), text)) != _norm(text)
                    or _norm(text) in org_first_tokens):
                label = "ORG"  # "Kestrel" after "Kestrel Microdevices"
            if label not in ("PERSON", "TITLE_RULE") and canon is not None and label != "NORP" \
                    and not countries.lookup_country(text):
                label = "PERSON"  # NER repair: "Blinken" tagged GPE
            if label in ("PERSON", "TITLE_RULE"):
                if "-" in text and len(text.split()) == 1:  # "Xi-Biden talks"
                    self._split_hyphenated(m)
                    continue
                if not self._valid_person(m):
                    continue
                name = person_canonical(m) or _display_name(text)
                rec = self.get_actor(name, "person", m.start)
                info = self._title_info.get(id(m))
                if info:
                    role, affil, cc = info
                    rec.role = rec.role or role
                    rec.affiliation = rec.affiliation or affil
                    rec.country_code = rec.country_code or cc
            elif label == "PLACE":
                if (hit := countries.lookup_country(text)) is not None:
                    rec = self._country(hit, m.start)
                else:
                    rec = self.get_actor(_display_name(text), "place", m.start)
            elif label == "ORG":
                grp = countries.lookup_group(text)
                party = countries.lookup_party(text)
                if grp:
                    rec = self.get_actor(grp, "organization", m.start)
                elif party:
                    rec = self.get_actor(party, "organization", m.start)
                elif (hit := countries.lookup_country(text)) is not None:
                    rec = self._country(hit, m.start)
                else:
                    name = org_canonical.get(_norm(text))
                    if name is None and m.end_tok - m.start_tok == 1:
                        # "Kestrel" relabelled from PERSON: the org it starts
                        key = _norm(text)
                        longer = [v for k, v in org_canonical.items()
                                  if len(k.split()) >= 2 and k.split()[0] == key]
                        name = longer[0] if longer else None
                    name = name or _display_name(text)
                    rec = self.get_actor(name, "organization", m.start)
                    for alias in _org_aliases(text):
                        rec.add_alias(alias)
            elif label == "GPE":
                hit = countries.lookup_country(text)
                if hit:
                    rec = self._country(hit, m.start)
                elif (cap := countries.lookup_capital(text)) and _government_role(head):
                    rec = self._country(cap, m.start)
                elif (grp := countries.lookup_group(text)) is not None:
                    rec = self.get_actor(grp, "organization", m.start)
                else:
                    rec = self.get_actor(_display_name(text), "place", m.start)
            elif label in ("LOC", "FAC"):
                if (hit := countries.lookup_country(text)) is not None:
                    rec = self._country(hit, m.start)
                else:
                    rec = self.get_actor(_display_name(text), "place", m.start)
            elif label == "NORP":
                hit = countries.lookup_demonym(text) or countries.lookup_country(text)
                party = countries.lookup_party(text)
                grp = countries.lookup_group(text)
                plural_noun = head.tag_ in ("NNPS", "NNS") and head.dep_ not in (
                    "amod", "compound", "nmod", "poss")
                if party:
                    rec = self.get_actor(party, "organization", m.start)
                elif hit:
                    rec = self._country(hit, m.start)
                    m.label = "NORP"
                elif grp:
                    rec = self.get_actor(grp, "organization", m.start)
                elif plural_noun and text[:1].isupper():
                    rec = self.get_actor(_display_name(text), "group", m.start)  # "Houthis"
                else:
                    continue
                rec.mention_only_norp = False
            if rec is None:
                continue
            rec.mention_only_norp = False
            rec.first = min(rec.first, m.start)
            if text != rec.name and label != "NORP":
                rec.add_alias(_display_name(text))
            m.actor = rec
            self.mentions.append(m)
            for i in range(m.start_tok, m.end_tok):
                self.tok_mention[i] = m

    def _org_clusters(self, mentions: list[Mention]) -> dict[str, str]:
        """Normalised organisation name -> canonical name: shorter variants ("Senate",
        "Kestrel", "IMF", "Fed") join the longest full name they abbreviate."""
        names: dict[str, str] = {}
        for m in mentions:
            if m.label == "ORG":
                names.setdefault(_norm(m.text), _display_name(m.text))
        canon: dict[str, str] = {}
        longest = sorted(names, key=lambda k: (-len(k.split()), k))
        for key in longest:
            if key in ORG_ABBREVIATIONS:
                canon[key] = ORG_ABBREVIATIONS[key]
                continue
            toks = key.split()
            stripped = _strip_country_prefix(key)
            target = None
            for other in longest:
                if other == key or len(other.split()) <= len(toks):
                    continue
                otoks = _strip_country_prefix(other).split()
                st = stripped.split()
                if (len(st) >= 2 and (otoks[-len(st):] == st or otoks[:len(st)] == st)) or (
                        len(toks) == 1 and (otoks[0] == toks[0] or _acronym(other, key))):
                    target = canon.get(other, names[other])
                    break
            canon[key] = target or names[key]
        return canon

    def _country(self, hit: tuple[str, str], start: int) -> ActorRec:
        rec = self.get_actor(hit[0], "country", start)
        rec.country_code = hit[1]
        return rec

    def _valid_person(self, m: Mention) -> bool:
        doc = self.doc
        if m.label == "TITLE_RULE":
            return True
        prev = doc[m.start_tok - 1] if m.start_tok > 0 else None
        if prev is not None and prev.lower_ in ("its", "their", "our", "the", "a", "an"):
            return False  # "its App Store"
        if any(ch.isdigit() for ch in m.text):
            return False
        return not (countries.lookup_country(m.text) or countries.lookup_demonym(m.text))

    def _split_hyphenated(self, m: Mention) -> None:
        """"Xi-Biden": mentions of the known persons inside a hyphenated compound."""
        pos = m.start
        for part in m.text.split("-"):
            rec = None
            for a in self.actors:
                if a.actor_type == "person" and part and (
                        a.name.split()[-1] == part or a.name.split()[0] == part):
                    rec = a
                    break
            if rec is not None:
                self.extra_mentions.append(
                    EntityMention(pos, pos + len(part), part, m.label, rec.actor_id))
            pos += len(part) + 1

    # -- descriptions (anonymous sources, groups of officials) -----------------------------
    def add_description(self, name: str, actor_type: str, first: int, head: str,
                        plural: bool, affiliation: str = "", country_code: str = "") -> ActorRec:
        rec = self.get_actor(name, actor_type, first)
        rec.head = rec.head or head
        rec.plural = plural
        rec.affiliation = rec.affiliation or affiliation
        rec.country_code = rec.country_code or country_code
        rec.mention_only_norp = False
        return rec

    def absorb(self, s: int, e: int, rec: ActorRec) -> None:
        """Tokens [s, e) describe ``rec`` ("a senior State Department official"): the
        description becomes a mention of ``rec`` (names inside stay actors of their own)."""
        doc = self.doc
        start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
        m = Mention(s, e, start, end, doc[s:e].text, "DESCRIPTION", rec)
        self.mentions.append(m)

    def mention_at(self, tok_i: int) -> Mention | None:
        return self.tok_mention.get(tok_i)

    # -- output ---------------------------------------------------------------------------
    def finish(self) -> tuple[list[Actor], list[EntityMention]]:
        mentioned = {id(m.actor) for m in self.mentions if m.actor is not None}
        mentioned |= {id(a) for a in self.actors if a.speaks}
        keep = [a for a in self.actors if not (a.mention_only_norp and not a.speaks)
                and id(a) in mentioned]
        keep_ids = {id(a) for a in keep}
        keep.sort(key=lambda a: a.first)
        ents = [
            EntityMention(m.start, m.end, m.text, m.label, m.actor.actor_id)
            for m in self.mentions if m.actor is not None and id(m.actor) in keep_ids
        ]
        ents.extend(self.extra_mentions)
        # One mention per span: a description can be absorbed by several passes.
        ents = list({(e.start, e.end): e for e in reversed(ents)}.values())
        ents.sort(key=lambda e: (e.start, e.end))
        return [a.to_actor() for a in keep], ents


def _affiliation_entity(m: Mention) -> bool:
    return (m.label == "GPE" and bool(countries.lookup_country(m.text))) or (
        m.label == "NORP" and bool(countries.lookup_demonym(m.text) or
                                   countries.lookup_party(m.text)))


def _norm(text: str) -> str:
    return normalise_name(_display_name(text)).replace(".", "").replace("\u2019", "'")


def _strip_country_prefix(key: str) -> str:
    """"us senate" -> "senate", "chinese foreign ministry" -> "foreign ministry"."""
    toks = key.split()
    for n in (2, 1):
        if len(toks) > n:
            head = " ".join(toks[:n])
            if countries.lookup_country(head) or countries.lookup_demonym(head):
                return " ".join(toks[n:])
    return key


def _acronym(long_key: str, short: str) -> bool:
    """"international monetary fund" / "imf"; a prefix of the initials counts ("cdc")."""
    initials = "".join(w[0] for w in long_key.split() if w not in ACRONYM_SKIP_WORDS)
    return len(short) >= 2 and short.isalpha() and (
        initials == short or (len(short) >= 3 and initials.startswith(short)))


def _org_aliases(text: str) -> list[str]:
    name = _display_name(text)
    stripped = _strip_country_prefix(normalise_name(name).replace(".", ""))
    if stripped != normalise_name(name).replace(".", ""):
        words = name.split()
        n = len(words) - len(stripped.split())
        return [" ".join(words[n:])]
    return []


def _locative(tok: Token) -> bool:
    """A name governed by a locative preposition ("in Chennai", "over Isfahan")."""
    t = tok
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    return t.dep_ == "pobj" and t.head.lower_ in PLACE_PREPS


ORG_KEYWORDS = rules.words("org_keywords")
AFFILIATION_NOUNS = rules.words("affiliation_nouns")
US_INSTITUTIONS = rules.words("us_institutions")
ORG_HEAD_NOUNS = rules.words("org_head_nouns")
PLACE_SUFFIXES = rules.words("place_suffixes")
NON_ACTOR_ACRONYMS = rules.words("non_actor_acronyms")
LAW_WORDS = rules.words("law_words")
ORG_FACILITIES = rules.words("org_facilities")
PRODUCT_NOUNS = rules.words("product_nouns")
ORG_ABBREVIATIONS = rules.mapping("org_abbreviations")
# surname-only mentions of prominent people, when the article has no full name
FAMOUS_PEOPLE = rules.mapping("famous_people")
# words without a letter in an acronym ("Centers for Disease Control" -> CDC)
ACRONYM_SKIP_WORDS = rules.words("acronym_skip_words")


def _display_name(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"^(the|The)\s+", "", text)
    text = re.sub(r"('s|\u2019s|'|\u2019)$", "", text)
    return text


PLACE_NOUNS = rules.words("place_nouns")


def _named_place(tok: Token) -> bool:
    """"the island of Capri": a name attached by "of" to a place noun."""
    return tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in PLACE_NOUNS


def _known_place_or_org(text: str) -> bool:
    return bool(countries.lookup_country(text) or countries.lookup_capital(text)
                or countries.lookup_group(text))


GOVERNMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "poss", "agent", "dative", "attr"}
LOCATIVE_PREPS = rules.words("locative_preps")
# prepositions that make a name a place ("over Isfahan"): locative ones but to/from/at
PLACE_PREPS = LOCATIVE_PREPS - {"to", "from", "at"} | {"near", "outside", "inside", "across"}
# prepositions whose object capital is its government ("talks between Washington and Beijing")
GOVERNMENT_PREPS = rules.words("government_preps")
MOTION_VERBS = rules.words("motion_verbs")


def _government_role(tok: Token) -> bool:
    """Whether a capital's token is used as its government: a subject or object of an action,
    a possessor, or an object of "between"/"with"/"against", not a location."""
    t = tok
    while t.dep_ == "conj" and t.head.i != t.i:  # "Shanghai and Beijing": the first conjunct
        t = t.head
    dep = t.dep_
    if dep == "compound":
        return False
    if dep in ("nsubj", "nsubjpass", "poss", "agent"):
        return True
    if dep in ("dobj", "dative", "attr", "appos"):
        return t.head.lower_ not in MOTION_VERBS
    if dep == "pobj":
        prep = t.head.lower_
        if prep in LOCATIVE_PREPS:
            return False
        return prep in GOVERNMENT_PREPS
    return False
