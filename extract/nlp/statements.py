"""Statements: who said what, as character spans into the body.

The finder works on the parsed Doc in a few linear passes:

1. **Cue frames.** Every reporting verb (``CUE_VERBS``, matched on inflected forms so the
   lemmatizer can stay off) with a subject gives a frame: speaker (``nsubj``; the antecedent
   of a relative pronoun; the subject inherited by a participle or a conjoined verb), cue span
   and content pieces:
   - a clausal complement to the right ("Blinken said U.S. intelligence had ...": the ``ccomp``;
     "promised to ...": the ``xcomp``); for verbs whose content is their object ("accused
     Chinese companies of ...", "expressed concern over ...", "called on China to ...") the
     right-hand dependents;
   - a trailing cue ("..., the official explained." / "..., said the official, who ...") takes
     the text before the comma, and a split cue ("Beijing was trying, Blinken said, to ...")
     gives the text after it as a second piece;
   - "according to X" makes X the speaker of the rest of the sentence.
   Other frames (``_frame_builder``): a speaker label and colon opening a paragraph
   ("TRUMP: ..."), a quotation signed with a dash ('"..." ― Steve Quinlan'), a speech noun
   with its holder ("Mr. Trump's assertion that ..."), an attitude in an adjective after a
   copula ("Democrats are confident that ...", "critical of": ``cue_adjectives.tsv``), "As X
   put it, ..."; a stance in the passive belongs to its agent ("the plan was criticized by
   Democrats"); a quotation after a colon ends the clause before it, whose subject said it
   (found with the floating quotes).
   With a learned cue model (``cue_model.py``, opt-in) verbs outside the lexicon, lexicon verbs
   the rules give no content, and adjectives after a copula ("were willing to") give a frame
   when the model accepts it.
   Non-speech senses never fire: "so-called", "that said,", "the said agreement" (adjectival
   uses), "says a lot about" (a quantity object and no clause). A negated cue with a content
   ("did not deny the claims", "has not said when ...") gives a statement flagged ``negated``;
   one without ("declined to comment", "did not respond") gives none. "..., as the senator
   noted" reports the clause the as-clause modifies.
2. **Quotes.** A content piece that is mostly a quotation becomes the whole quotation (which may
   run over several sentences or paragraphs): kind ``direct``; a piece with a short quotation
   inside is ``mixed``; the rest ``indirect``. A quotation no frame claims is a floating quote
   continuing the previous speaker (same or previous paragraph, or a quote continued from the
   previous paragraph), kind ``direct``.
3. **Unquoted direct speech** (texts whose quotation marks were stripped, no quotation in the
   whole text): a trailing-cue statement in the first or second person is ``direct``; the
   sentences after a statement in the same paragraph, without their own cue, continue it when
   they are in the first/second person (or, after direct speech, in the present tense).
4. **Speakers** are resolved to actors in text order (see :class:`SpeakerResolver`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from extract.nlp import countries, cue_model, rules
from extract.nlp.actors import TITLE_WORDS, ActorIndex, ActorRec
from extract.nlp.text import (
    QUOTE_CHARS,
    Quote,
    Unit,
    build_units,
    dateline_end,
    find_quotes,
    para_of,
    paragraph_starts,
)
from extract.records import Span, Statement

# The word lists live in extract/nlp/rules/ (one data file per list, its use explained there).

# Reporting verbs, in one place: lemma -> how the content attaches.
#   clause: a clausal complement or a trailing cue ("said", "explained")
#   object: the object and what follows ("accused X of", "criticized X for", "denied X")
#   both:   either
#   concern, call: "expressed concern over ...", "called on X to ..." (own rules below)
#   event:  never a statement, but its subject counts as a speaker for pronoun salience


@dataclass(frozen=True)
class CueVerb:
    """One line of ``cue_verbs.tsv``: how a reporting verb's content attaches, and which of
    its objects count as content (the lexicon, not the code, says "pointed to X" is a
    statement and "pointed at the door" is not)."""

    attach: str  # clause, object, both, concern, call, as, trailing, event
    objects: frozenset[str] | None = None  # the objects that count ("dobj", "prep:to"); None: all
    needs: str | None = None  # "dobj": no content without a direct object; "speech": without
    # a speech noun (speech_objects.txt) or an "as" phrase among the objects; "person": as
    # "speech" unless the subject is a person ("she offered an olive branch", not "app stores
    # offering the app"); "named": the object names someone ("went after Rubio", not "going
    # after smuggling gangs")
    # particles that make it another verb: "show up" (at the hearing) shows nothing
    unless: frozenset[str] = frozenset()
    # particles without which it is another verb: "laid out his plan", not "laid a wreath"
    only: frozenset[str] = frozenset()


def _cue_verb(value: str) -> CueVerb:
    attach, *options = value.split(" ")
    fields: dict[str, str] = dict(o.split("=", 1) for o in options)
    objects = fields.pop("objects", None)
    unless = fields.pop("unless", "")
    only = fields.pop("only", "")
    cue = CueVerb(attach, frozenset(objects.split(",")) if objects else None,
                  fields.pop("needs", None), frozenset(unless.split(",")) - {""},
                  frozenset(only.split(",")) - {""})
    if fields or cue.needs not in (None, "dobj", "speech", "person", "named"):
        raise ValueError(f"cue_verbs.tsv: bad options in {value!r}")
    return cue


CUE_VERBS: dict[str, CueVerb] = {lemma: _cue_verb(value) for lemma, value in
                                 rules.mapping("cue_verbs").items()}
CONCERN_NOUNS = rules.words("concern_nouns")
HEADLINE_LABEL_SOURCES = rules.words("headline_label_sources")
STATEMENT_NOUNS = rules.words("statement_nouns")
POSSESSIVE_SUBJECT = {"his": "he", "her": "she", "their": "they", "its": "it", "our": "we",
                      "my": "i", "your": "you"}
LIGHT_VERBS = rules.words("light_verbs")
SIGN_NOUNS = rules.words("sign_nouns")  # "held up a sign saying ..."
BODY_NOUNS = rules.words("body_nouns")  # "the super PACs supporting Kasich"
# subordinators of an adverbial clause that tells when or why, never what was said
SUBORDINATORS = {"as", "while", "when", "whenever", "after", "before", "because", "since",
                 "although", "though", "until", "once", "whereas"}
TIME_WORDS = rules.words("time_words")  # "..., he said, a day after the attack"
BEARER_NOUNS = rules.words("bearer_nouns")  # "X is a supporter of Y"
# the forms of "be" and its kin that make a noun describe their subject (the lemmatizer is off;
# the attribute ruler still gives "'s" its lemma)
COPULAS = {"is", "was", "are", "were", "been", "remains", "remained", "became", "becomes"}
VIEW_NOUNS = rules.words("view_nouns")  # "in Ash's view, ..."
# "In a new CBS poll, ...": the documents that, opening a sentence, are the source of the rest
POLL_WORDS = frozenset({"poll", "polls", "survey", "surveys", "average"})  # (of polls)
# noun cues whose "of" names the holder after "have": "Clinton has the support of women"
HELD_BY_OBJECT = frozenset({"support", "endorsement", "endorsements", "backing"})
# "Cruz won the endorsement of Vander Plaats": the subject is given the stance (_received_frame)
RECEIVING_VERBS = rules.words("receiving_verbs")
RECEIVED_NOUNS = rules.words("received_nouns")
# what "refused to ..." withholds ("declined to comment", "refused to say whether ...")
WITHHELD_SPEECH = rules.words("withheld_speech")
# a content that is only one of these says nothing on its own: "voted against it"
THING_PRONOUNS = frozenset({"it", "this", "that", "them", "these", "those"})
CUE_NOUNS = {noun: frozenset(words.split()) for noun, words in rules.mapping("cue_nouns").items()}
CUE_ADJECTIVES = {adj: frozenset(words.split())
                  for adj, words in rules.mapping("cue_adjectives").items()}
PUBLISH_VERBS = rules.words("publish_verbs")
QUANTITY_OBJECTS = rules.words("quantity_objects")
# irregular forms of cue verbs, and the verbs without a regular "-ed" ("sayed")
NO_REGULAR_PAST = rules.words("no_regular_past")
IRREGULAR = {lemma: forms.split() for lemma, forms in
             rules.mapping("irregular_verb_forms").items()}


def _forms(lemma: str) -> set[str]:
    forms = {lemma}
    if lemma.endswith(("ee", "ye", "oe")):  # "agreeing", "seeing"
        forms |= {lemma + "s", lemma + "d", lemma + "ing"}
    elif lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    forms |= set(IRREGULAR.get(lemma, []))
    if lemma in NO_REGULAR_PAST:
        forms -= {lemma + "ed", lemma + "d"}  # not "sayed", "seed"
    return forms


FORM_LEMMA: dict[str, str] = {}
for _lemma in CUE_VERBS:
    for _f in _forms(_lemma):
        FORM_LEMMA.setdefault(_f, _lemma)

FIRST_SECOND = rules.words("first_second_person")
PRONOUNS = rules.words("pronouns")
RELATIVE = rules.words("relative_pronouns")
PERSON_DESCRIPTIONS = rules.words("person_descriptions")
ORG_DESCRIPTIONS = rules.words("org_descriptions")
# an appositive noun that makes a name the NER missed an organisation ("..., the race organiser,")
ORG_APPOSITIVE_NOUNS = ORG_DESCRIPTIONS | rules.words("org_appositive_nouns")
GROUP_HEADS = rules.words("group_heads")
MIN_QUOTE_WORDS = 4
# quotation marks and the lone apostrophe that closes a quotation inside one in twin marks
CLOSING_MARKS = frozenset(QUOTE_CHARS | {"'"})
# the dependencies of what the parser hangs on a cue right after its object (_runs_on)
RUN_ON_DEPS = frozenset({"prep", "xcomp", "npadvmod", "advmod"})
LABEL_TOKENS = 12  # a speaker label before a colon: "Former secretary of state Hillary ..."
DASH_CUES = ("\u2015", "\u2014")  # '"..." ― Name': a quotation signed with a dash
DASHES = ("-", "\u2014", "\u2013", "--")  # a dash between words: "RANGOON, Burma - Aung ..."
# after "..., officials said, " these open the reporter's narration, not more content
NARRATION_OPENERS = rules.words("narration_openers")
DECLINE_FORMS = rules.words("decline_forms")
# after "expressed concern": the word joining the concern to its content ("over", "that")
CONCERN_PREPS = rules.words("concern_preps")
# cue verbs with a listener before the clause ("told reporters that ...")
LISTENER_VERBS = rules.words("listener_verbs")
AGENTLESS_PASSIVES = rules.words("agentless_passives")
# adverbs of the cue verb, not of its object, when they follow the object ("asked for copies
# as well"): never content
VERB_ADVERBS = frozenset({"as well", "all the same", "again", "too", "also", "instead",
                          "anyway", "then", "now", "already", "still", "yet", "later",
                          "earlier", "today", "tonight", "a day", "first", "once", "twice",
                          "here", "there", "back", "away", "though", "either"})
# the prepositions that carry what a stance in the passive is about, after its agent
PASSIVE_COMPLEMENT_PREPS = ("of", "for", "as", "over")
# "Cuccinelli reportedly tossed his credentials": reported, by no one named
REPORTING_ADVERBS = frozenset({"reportedly", "allegedly", "purportedly", "supposedly"})
# "says a lot about": the words after a cue that make it a non-speech sense
NON_SPEECH_OBJECTS = rules.ordered("non_speech_objects")
# "according to LSEG data": documents whose named source is the speaker
ACCORDING_TO_DOCUMENTS = rules.words("according_to_documents")
# ", while X said ...": words between the comma and a nested cue clause
CLAUSE_OPENERS = rules.words("clause_openers")
# the openers of a contrasting clause with its own subject: "... while Sanders suggests ..."
SUBJECT_CLAUSE_OPENERS = frozenset({"while", "whereas", "but", "although", "though"})
# verbs whose to-infinitive is the content ("vowed to retaliate"); others need a clause
XCOMP_CONTENT = rules.words("xcomp_content_verbs")
# A verb outside the lexicon, tried as a cue by the learned model: any complement, an
# infinitive included ("seemed to back", "voted to repeal"), or its objects ("took aim at").
LEARNED_CUE = CueVerb("both")
TAG_CUE = CueVerb("trailing")  # a verb outside the lexicon in a speech tag after a quotation
SPEECH_OBJECTS = rules.words("speech_objects")
DEFINITE = rules.words("definite_determiners")
COUNTRY_DESCRIPTIONS = rules.words("country_descriptions")
GENERIC_ORG_HEADS = rules.words("generic_org_heads")
COMPANY_HEADS = rules.words("company_heads")
PUBLIC_BODY_WORDS = rules.words("public_body_words")
ANONYMOUS_HEADS = rules.words("anonymous_heads")
EVIDENCE_VERBS = rules.words("evidence_verbs")
ANONYMITY_WORDS = rules.words("anonymity_participles")  # "asked not to be named"
DOCUMENT_SUBJECTS = rules.words("document_subjects")
NONPERSON_SPEAKERS = rules.words("nonperson_speakers")
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
REASON_MARKS = frozenset({"because", "unless", "although", "though", "if"})
PEOPLE_QUANTIFIERS = rules.words("people_quantifiers")


PERSON_SUFFIXES = rules.ordered("person_suffixes")
# nouns with a person-like ending that name no person ("paper", "ministry")
NOT_PERSON_NOUNS = rules.words("not_person_nouns")
# collective nouns that are plural without a plural tag ("police said")
COLLECTIVE_NOUNS = rules.words("collective_nouns")
# words stripped from the start of a description ("a senior official" -> "senior official")
DESCRIPTION_LEADING_WORDS = rules.words("description_leading_words")


def cue_lemma(tok: Token) -> str | None:
    """The lexicon lemma of a cue verb form, or None. A verb that says something only with its
    particle ("laid out his plan", "went after Rubio") is none without it ("laid a wreath",
    "going to win"); "shot back" is parsed with an adverb, "went after" with a preposition."""
    lemma = FORM_LEMMA.get(tok.lower_)
    if lemma is None:
        return None
    only = CUE_VERBS[lemma].only
    if only and not any(c.dep_ in ("prt", "advmod", "prep") and c.lower_ in only
                        and tok.i < c.i <= tok.i + (1 if c.dep_ == "prep" else 2)
                        for c in tok.children):
        return None
    return lemma


def _verb_tagged_noun(tok: Token) -> bool:
    """A cue verb's form the tagger took for a noun, though the parser gave it a subject before
    it and an object or complement after it ("Fewer than half of the voters surveyed support
    Clinton", "Democrats on the committee plan to release ...")."""
    return tok.pos_ == "NOUN" and tok.lower_ in FORM_LEMMA and any(
        c.dep_ == "nsubj" and c.i < tok.i for c in tok.children) and any(
        c.dep_ in ("dobj", "xcomp", "ccomp") and c.i > tok.i for c in tok.children)


def _personlike_noun(low: str) -> bool:
    """"commander", "lawmaker", "resident": a singular noun that can name a person."""
    return low in PERSON_DESCRIPTIONS or (low.endswith(PERSON_SUFFIXES)
                                          and low not in NOT_PERSON_NOUNS)


def _first_second(tok: Token) -> bool:
    """First/second-person pronoun ("US" is the country, not "us")."""
    return tok.lower_ in FIRST_SECOND and tok.text not in ("US", "U.S.", "Us.")


@dataclass
class Frame:
    cue: int  # token index of the cue verb (or "according")
    cue_span: tuple[int, int]  # tokens [s, e)
    speaker_head: int | None
    speaker_span: tuple[int, int] | None
    pieces: list[tuple[int, int]] = field(default_factory=list)  # char spans
    trailing: bool = False
    emit: bool = True
    inherited_from: int | None = None
    negated: bool = False  # "did not deny the claims": the speaker did NOT say this
    # "Asked whether ...": a question put to someone; what follows is the answer of the one
    # asked, never a continuation of the question
    question: bool = False
    event: bool = False  # a verb of doing, not saying ("met", "visited"): never a statement
    transcript: bool = False  # a speaker label opening a paragraph: "PENCE: Well, look, ..."

    @property
    def ends_turn(self) -> bool:
        """Nothing continues it: what someone did not say, or a question put to someone."""
        return self.negated or self.question


@dataclass
class Found:
    """A statement before speaker resolution."""

    start: int
    end: int
    kind: str
    frame: Frame | None
    unit: int
    para: int
    source: str  # "frame", "quote", "continuation"
    follows: Found | None = None  # the statement it continues (floating quote, continuation)
    speaker: ActorRec | None = None
    speaker_span: tuple[int, int] | None = None  # chars


class StatementFinder:
    def __init__(self, doc: Doc, body: str, actors: ActorIndex,
                 model: cue_model.CueModel | None = None, harvest: bool = False):
        """``model``: the learned cue model for verbs outside the lexicon (``cue_model.py``);
        ``harvest``: instead, collect every such verb's frame in ``candidates`` (features,
        content pieces) without emitting it: the training data of that model."""
        self.doc = doc
        self.model = model
        self.harvest = harvest
        # (features, token vectors or None, content pieces)
        self.candidates: list[tuple[list[str], object, list[tuple[int, int]]]] = []
        self.body = body
        self.idx = actors
        self.para_starts = paragraph_starts(body)
        self.dateline_end = dateline_end(body)
        self.units: list[Unit] = build_units(doc, self.para_starts)
        if self.units and self.dateline_end:  # content never starts inside the dateline
            u = self.units[0]
            while u.start < u.end - 1 and doc[u.start].idx < self.dateline_end:
                u.start += 1
        self.tok_unit = [0] * len(doc)
        for ui, u in enumerate(self.units):
            for i in range(u.start, u.end):
                self.tok_unit[i] = ui
        self.quotes: list[Quote] = find_quotes(body, self.para_starts)
        self.tok_starts = [t.idx for t in doc]
        self.tok_quote = self._token_quotes()
        self.quoted_mode = any(self._words(q.start, q.end) >= MIN_QUOTE_WORDS
                               for q in self.quotes)

    # -- helpers --------------------------------------------------------------------------
    def _token_quotes(self) -> list[int]:
        out = [-1] * len(self.doc)
        starts = self.tok_starts
        for qi, q in enumerate(self.quotes):
            for i in range(bisect_left(starts, q.start), bisect_left(starts, q.end)):
                out[i] = qi
        return out

    def _words(self, start: int, end: int) -> int:
        return len(self.body[start:end].split())

    def _tok_end(self, i: int) -> int:
        t = self.doc[i]
        return t.idx + len(t.text)

    def _piece(self, s: int, e: int) -> tuple[int, int] | None:
        """Char span of tokens [s, e), trimmed of punctuation, quote marks and "that"."""
        doc = self.doc
        while s < e and (doc[s].is_punct or doc[s].is_space or doc[s].text in QUOTE_CHARS
                         or (doc[s].lower_ == "that" and s + 1 < e and (
                             doc[s].dep_ == "mark" or doc[s + 1].pos_ in (
                                 "NOUN", "PROPN", "PRON", "DET", "ADJ", "NUM")))):
            s += 1
        while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space) and doc[e - 1].text not in (
                ")", "]") and doc[e - 1].text not in QUOTE_CHARS:
            e -= 1
        while e > s and doc[e - 1].text in QUOTE_CHARS | {",", ".", ";", ":"}:
            e -= 1
        while e > s + 1 and doc[e - 1].dep_ == "cc" and doc[e - 2].is_punct \
                and doc[e - 2].text not in QUOTE_CHARS:
            e -= 2  # "..., and" before what the parser left out
        if s >= e:
            return None
        return doc[s].idx, self._tok_end(e - 1)

    # -- cue frames -----------------------------------------------------------------------
    def frames(self) -> list[Frame]:
        out: list[Frame] = []
        for tok in self.doc:
            build = self._frame_builder(tok)
            f = build(tok) if build is not None else self._verb_frame(tok)
            if f is not None:
                out.append(f)
        return out

    def _frame_builder(self, tok: Token) -> Callable[[Token], Frame | None] | None:
        """The builder of the cues that are not a verb ("according to", a colon or dash
        before speech, a speech noun, "as X put it"), or None: try ``tok`` as a verb."""
        doc, low = self.doc, tok.lower_
        if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to" and \
                self.tok_quote[tok.i] < 0:  # ('"It's according to age groups," said ...')
            return self._according
        if tok.text == ":":  # (inside a quotation too: '"WALLACE: Let's start with ...')
            return self._colon_frame
        if self.tok_quote[tok.i] >= 0:
            return None
        if tok.text[-1:] in DASH_CUES and tok.text.rstrip("".join(DASH_CUES)) in QUOTE_CHARS | {""}:
            return self._dash_frame  # "―", or a closing mark glued to it ('”―' is one token)
        if tok.text == "-" and tok.whitespace_ and tok.i > 0:
            k = tok.i - 1
            while k > 0 and doc[k].is_space:
                k -= 1  # (the signature may open a paragraph of its own)
            if doc[k].text in QUOTE_CHARS:
                # '"... pay zero taxes." - Sanders.': a hyphen signs a quotation too, when the
                # name closes the sentence (not '"build the wall" - Trump's signature line -')
                return lambda t: self._dash_frame(t, closing=True)
        if _verb_tagged_noun(tok):
            return None  # "Fewer than half of the voters support Clinton": a verb after all
        if low in RECEIVED_NOUNS and tok.dep_ == "dobj" and tok.head.lower_ in RECEIVING_VERBS:
            return lambda t: self._received_frame(t) or (
                self._noun_frame(t) if low in CUE_NOUNS and t.pos_ == "NOUN" else None)
        if low in CUE_NOUNS and tok.pos_ == "NOUN":
            return self._noun_frame
        if low in CUE_ADJECTIVES and tok.head.i != tok.i and tok.head.tag_.startswith("VB") and (
                tok.dep_ in ("acomp", "oprd")
                or tok.dep_ == "ccomp" and tok.head.lower_ in ("made", "makes", "making", "make")):
            return self._cue_adjective_frame
        if low in REPORTING_ADVERBS and tok.dep_ == "advmod" and tok.head.pos_ in ("VERB", "AUX"):
            return self._reporting_adverb_frame
        if low in ("put", "puts"):
            return self._as_put_it_frame
        if low == "in" and tok.dep_ == "prep":
            return lambda t: self._in_poll_frame(t) or self._in_view_frame(t)
        if low == "to" and tok.dep_ == "prep":
            return self._to_holder_frame
        if low == "asked" and not any(c.dep_ == "nsubj" for c in tok.children):
            # "and asked white actors to ...": a conjoined verb is the lexicon's
            return lambda t: self._asked_frame(t) or self._verb_frame(t)
        return None

    def _verb_frame(self, tok: Token) -> Frame | None:
        """A lexicon verb's frame; with a learned model, any verb's it accepts."""
        if self.tok_quote[tok.i] >= 0:
            return None
        lemma = cue_lemma(tok)  # (none for "laid a wreath": only "laid out" is a cue)
        learning = self.model is not None or self.harvest
        if lemma is None:
            if learning and cue_model.is_candidate(tok):
                return self._learned_frame(tok)
            # '"People are afraid of wasting their votes," he surmised.': any verb in a speech
            # tag after a quotation says it
            return self._cue_frame(tok, tok.lower_, TAG_CUE) if self._speech_tag(tok) else None
        if not tok.tag_.startswith("VB") and not _verb_tagged_noun(tok):
            return None
        f = self._cue_frame(tok, lemma) or self._passive_frame(tok, lemma) \
            or self._agentless_frame(tok, lemma)
        if (f is None or not f.pieces) and CUE_VERBS[lemma].attach in ("clause", "both") \
                and not any(c.dep_ in ("dobj", "ccomp") for c in tok.children):
            # "..., as the senator noted": no content of its own, the sentence is
            cue_e = tok.i + 1 + sum(1 for c in tok.children if c.dep_ == "prt")
            f = self._as_clause_frame(tok, (tok.i, cue_e)) or f
        if (f is None or not f.pieces) and learning:
            # a lexicon verb in a construction the rules do not take ("vow consequences",
            # "complained about his mic"): the learned model may
            f = self._learned_frame(tok, lemma) or f
        return f

    def _speech_tag(self, tok: Token) -> bool:
        """A verb outside the lexicon in a speech tag right after a quotation that ends in a
        comma, ? or !: '"...," he surmised.', '"...!" fumed Toomey on Tuesday.' A subject
        that is a person or a name, no object or complement, and nothing after it but where
        or when."""
        doc = self.doc
        if tok.tag_ not in ("VBD", "VBZ") or any(c.dep_ in (
                "dobj", "ccomp", "xcomp", "attr", "acomp", "oprd", "dative", "advcl", "conj")
                and c.i > tok.i for c in tok.children):
            return False
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None or not (subj.lower_ in ("he", "she", "they", "i", "we")
                                or subj.pos_ == "PROPN" or _personlike_noun(subj.lower_)):
            return False
        first = subj.left_edge.i if subj.i < tok.i else tok.i
        if subj.i < tok.i and subj.right_edge.i + 1 != tok.i:
            return False
        mark = first - 1
        if mark < 1 or doc[mark].text not in QUOTE_CHARS or self.tok_quote[mark] >= 0 or \
                doc[mark - 1].text not in (",", "?", "!"):
            return False
        unit = self.units[self.tok_unit[tok.i]]
        end = max(tok.i, subj.right_edge.i, *(c.right_edge.i for c in tok.children
                                              if c.dep_ in ("prep", "npadvmod", "advmod")))
        return end + 1 >= unit.end or doc[end + 1].text in (".", ",", ";")

    def _learned_frame(self, tok: Token, lemma: str | None = None) -> Frame | None:
        """The frame of a verb outside the lexicon (or of a lexicon ``lemma`` whose rules gave
        no content), built as for a cue of mode ``both``, kept when the learned model says it
        is one (or, harvesting, recorded and not kept)."""
        if tok.dep_ == "acomp":
            frame = self._adjective_frame(tok)
        else:
            frame = self._cue_frame(tok, lemma or cue_model.stem(tok.lower_), LEARNED_CUE)
        if frame is None or not frame.emit or not frame.pieces:
            return None
        doc, starts = self.doc, self.tok_starts
        if any(cue_lemma(doc[i]) is not None and doc[i].tag_.startswith("VB")
               for a, b in frame.pieces for i in range(bisect_left(starts, a),
                                                         bisect_left(starts, b))):
            return None  # "seemed to say that ...": the lexicon cue inside gives the statement
        feats = cue_model.features(self, tok, frame, lemma)
        vec = cue_model.vector(self, tok, frame)
        if self.harvest:
            self.candidates.append((feats, vec, list(frame.pieces)))
            return None
        return frame if self.model is not None and self.model.accepts(feats, vec) else None

    def _introduced_content(self, tok: Token, intro: frozenset[str], bare_clause: bool = False
                            ) -> tuple[tuple[int, int] | None, int]:
        """The content of a noun or adjective cue, as its lexicon line introduces it (``intro``:
        "that" a that-clause, "to" an infinitive, "whether" a question, any other word a
        preposition whose object it is; with ``bare_clause`` a finite clause without "that"
        too), and where the cue ends (after the preposition). (None, end) when there is none."""
        doc = self.doc
        kids = [c for c in tok.children if c.i > tok.i]
        head = tok.head
        if tok.dep_ == "nsubj" and (head.lemma_ == "be" or head.lower_ in COPULAS) and \
                not any(c.dep_ in ("acl", "ccomp", "relcl", "prep") for c in kids):
            # "Her argument is that the system is rigged", "The question is whether ...":
            # the copula's complement is what the noun names
            kids = [c for c in head.children if c.i > head.i and c.dep_ in ("ccomp", "advcl",
                                                                             "xcomp", "attr")]
        for c in kids:
            first = doc[c.left_edge.i].lower_
            if c.dep_ in ("acl", "ccomp", "relcl", "advcl", "xcomp"):
                marks = {(m.dep_, m.lower_) for m in c.children if m.i < c.i}
                if "that" in intro and (("mark", "that") in marks or bare_clause and (
                        c.dep_ == "ccomp" and c.tag_ in ("VBD", "VBZ", "VBP", "MD"))) or (
                        "to" in intro and ("aux", "to") in marks and (first == "to" or (
                            first in ("not", "never") and doc[c.left_edge.i + 1].lower_ == "to"
                        ))) or (
                        "whether" in intro and first in ("whether", "if")):
                    return (c.left_edge.i, c.right_edge.i + 1), tok.i + 1
            elif c.dep_ == "prep" and c.lower_ in intro and c.lower_ != "that" and (
                    c.lower_ != "to" or any(p.dep_ == "pobj" for p in c.children)):
                objs = [p for p in c.children if p.dep_ in ("pobj", "pcomp")]
                if objs:
                    e = self._runs_on(tok, max(o.right_edge.i for o in objs) + 1)
                    return (objs[0].left_edge.i, e), c.i + 1
        return None, tok.i + 1

    @staticmethod
    def _runs_on(cue: Token, end: int) -> int:
        """Where an object content that ends at token ``end`` really ends: what the parser
        hung on the cue right after the object goes on with it ("referred to Rubio as a bright
        leader", "reported $5,000 in interest income from ...", "his criticism of Sanders' vote
        in favor of ..."; PolNeAR's contents run on so). Its head must stand at ``end``; a verb's
        object content first takes a modifier that only starts there ("mentioned CNN five
        times", _cue_frame), which noun cues do not."""
        while nxt := next((c for c in cue.children if c.i == end and c.dep_ in RUN_ON_DEPS),
                          None):
            end = nxt.right_edge.i + 1
        return end

    def _cue_adjective_frame(self, tok: Token) -> Frame | None:
        """An attitude of ``cue_adjectives.tsv`` after a copula, with the content the
        lexicon lists for it: "Democrats are confident [that Clinton will win]", "she has
        been critical of [the deal]", "He made it clear [that he would run]"."""
        doc = self.doc
        head = tok.head
        intro = CUE_ADJECTIVES[tok.lower_]
        subj, _ = self._subject(head)
        if subj is None or subj.lower_ in ("it", "there", "this", "that", "what", "which") or \
                subj.is_punct or _first_second(subj):
            # "it is clear that ...": nobody's attitude; "we are confident that ...": said
            # inside someone's speech, which it continues
            return None
        # "confident Clinton will win": an adjective takes a clause without "that" too
        content, cue_e = self._introduced_content(tok, intro, bare_clause=True)
        if content is None or self._words(doc[content[0]].idx,
                                           self._tok_end(content[1] - 1)) < 2:
            return None  # also no lone "it": "opposed to it"
        frame = Frame(tok.i, (min(head.i, tok.i) if head.i > subj.i else tok.i, cue_e), subj.i,
                      self._speaker_span(subj))
        frame.negated = self._negates(head) or self._negates(tok)
        p = self._piece(*content)
        if p is None:
            return None
        frame.pieces.append(p)
        return frame

    def _adjective_frame(self, tok: Token) -> Frame | None:
        """An attitude in an adjective after a copula, with its complement: "Republicans were
        willing to go forward", "we are convinced this is ...", "she was critical of ...".
        Adjectives outside ``cue_adjectives.tsv`` (those go to ``_cue_adjective_frame``):
        tried by the learned model only, as most such adjectives are no attribution."""
        head = tok.head
        subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.lower_ in ("it", "there", "this", "that", "what", "which") or \
                any(c.dep_ == "neg" for c in (*head.children, *tok.children)):
            return None
        comps = [c for c in tok.children if c.i > tok.i and c.dep_ in ("xcomp", "ccomp", "prep")]
        if not comps:
            return None
        first = comps[0]
        cue_e = tok.i + 1
        start = first.left_edge.i
        if first.dep_ == "prep":  # "critical of [the deal]": the preposition is the cue's
            cue_e, start = first.i + 1, first.i + 1
        piece = self._piece(start, max(c.right_edge.i for c in comps) + 1)
        if piece is None or subj.i > tok.i:
            return None
        frame = Frame(tok.i, (min(head.i, tok.i), cue_e), subj.i, self._speaker_span(subj))
        frame.pieces.append(piece)
        return frame

    def _passive_frame(self, tok: Token, lemma: str) -> Frame | None:
        """A stance in the passive with its agent: "Assad, opposed by the U.S., ...", "the
        plan was criticized by Democrats": the agent holds it, about the passive subject."""
        cue = CUE_VERBS[lemma]
        if cue.attach not in ("object", "both", "as") or cue.needs or lemma in LISTENER_VERBS \
                or self._non_speech(tok):
            return None  # "he was asked by reporters": the subject is the listener
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        about = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if about is None and tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
            about = tok.head  # "Assad, opposed by the U.S."
        if pobj is None or about is None or about.lower_ in RELATIVE or about.pos_ == "PRON":
            return None
        # the passive subject, or the noun the participle modifies, up to the cue
        piece = self._piece(about.left_edge.i, min(tok.i, about.right_edge.i + 1))
        if piece is None:
            return None
        speaker_span = self._speaker_span(pobj)
        # what the stance is about, after the agent: "Clinton was criticized by Sanders for her
        # vote", "he was accused by a reporter of grabbing her" (the parser may hang it on the
        # agent's noun); the content then runs from the subject over it
        rest = [c for c in (*tok.children, *pobj.children) if c.i > pobj.i and
                c.dep_ == "prep" and c.lower_ in PASSIVE_COMPLEMENT_PREPS]
        frame = Frame(tok.i, (tok.i, agent.i + 1), pobj.i, speaker_span)
        frame.pieces.append(piece)
        if rest:
            c = rest[0]
            frame.speaker_span = (speaker_span[0], min(speaker_span[1], c.i))
            more = self._piece(c.i, c.right_edge.i + 1)
            if more is not None:
                frame.pieces.append(more)
        return frame

    def _agentless_frame(self, tok: Token, lemma: str) -> Frame | None:
        """What is said or thought without saying who: "Clinton is expected to win",
        "it was reported that ...", "she is widely seen as the favourite". No speaker; the
        content is the clause, its subject included ("Clinton ... to win")."""
        if lemma not in AGENTLESS_PASSIVES or tok.tag_ != "VBN" or any(
                c.dep_ == "agent" for c in tok.children):
            return None
        subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if subj is None:
            return None
        comp = next((c for c in tok.children if c.i > tok.i and (
            c.dep_ == "ccomp" or c.dep_ == "xcomp" and c.tag_ == "VB"
            or c.dep_ == "prep" and c.lower_ == "as" or c.dep_ == "oprd")), None)
        if comp is None:
            return None
        if subj.dep_ == "expl" or subj.lower_ == "it" and comp.dep_ == "ccomp":
            start = comp.left_edge.i  # "it was reported that ...": the clause
        elif subj.lower_ in RELATIVE or subj.pos_ == "PRON" and subj.lower_ not in (
                "he", "she", "they", "it"):
            return None
        else:
            start = subj.left_edge.i
        end = comp.right_edge.i + 1
        # an agent after the complement, where the parser hung its "by" on a word of it: "Trump
        # is seen as the best candidate by a quarter of voters", "was viewed as a victory by
        # some in the movement": the agent holds the view
        # (not in a reported clause, nor a participle's: "a case brought by the Philippines")
        by = next((t for t in self.doc[comp.i + 1:end] if t.lower_ == "by" and t.dep_ in (
            "agent", "prep") and t.head.i != tok.i and t.head.pos_ != "VERB"),
            None) if comp.dep_ != "ccomp" else None
        holder = next((c for c in by.children if c.dep_ == "pobj"), None) if by else None
        of = next((g for c in holder.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj"), None) if holder else None
        if holder is not None and holder.ent_type_ not in ("DATE", "TIME") and (
                self._is_person(holder) or self.idx.mention_at(holder.i) is not None
                or holder.lower_ in PEOPLE_QUANTIFIERS or of is not None and self._is_person(of)):
            # (a share of people: "by about a quarter of voters")
            end = by.i
        else:
            holder = None
        piece = self._piece(start, end)
        if piece is None:
            return None
        aux = [c.i for c in tok.children if c.dep_ in ("auxpass", "aux") and c.i < tok.i]
        frame = Frame(tok.i, (min(aux, default=tok.i), tok.i + 1), None, None)
        if holder is not None:
            frame.speaker_head, frame.speaker_span = holder.i, self._speaker_span(holder)
        frame.pieces.append(piece)
        return frame

    def _reporting_adverb_frame(self, tok: Token) -> Frame | None:
        """"Anti-Trump delegates reportedly erupted in booing": what the clause says is
        reported (or alleged) by no one named; its whole clause is the content."""
        verb = tok.head
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.lower_ in RELATIVE or cue_lemma(verb) is not None:
            return None  # "Trump reportedly yelled: ...": Trump's statement, reported
        start = min(subj.left_edge.i, tok.i)
        end = max(c.right_edge.i for c in verb.children if c.i > verb.i) + 1 \
            if any(c.i > verb.i for c in verb.children) else verb.i + 1
        piece = self._piece(start, end)
        if piece is None:
            return None
        frame = Frame(tok.i, (tok.i, tok.i + 1), None, None)
        frame.pieces.append(piece)
        return frame

    def _asked_frame(self, tok: Token) -> Frame | None:
        """A question put to someone: "Asked whether he would run, Sanders said ...", "when
        asked about her emails", "the actress was asked if she had ever been ...". The
        question is the statement; who asked it is the agent ("by reporters") or unnamed."""
        doc = self.doc
        unit = self.units[self.tok_unit[tok.i]]
        first = next((t for t in doc[unit.start:tok.i + 1] if not t.is_space), tok)
        opener = first.i == tok.i or (
            first.i == tok.i - 1 and first.lower_ in ("when", "whenever", "if", "once", "after"))
        passive = any(c.dep_ == "nsubjpass" for c in tok.children) or (
            tok.i > 0 and doc[tok.i - 1].lower_ in ("when", "whenever"))
        if not (opener or passive):
            return None  # "the questions she asked": not a question put to someone
        content = None
        cue_e = tok.i + 1
        for c in tok.children:
            if c.i <= tok.i:
                continue
            if c.dep_ == "ccomp" or c.dep_ == "xcomp" and c.tag_ == "VB" or \
                    c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "whether")
                                              and g.i == c.left_edge.i for g in c.children):
                content = (c.left_edge.i, c.right_edge.i + 1)  # "whether ...", "to name ..."
            elif c.dep_ == "prep" and c.lower_ == "about" and c.i == tok.i + 1:
                pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
                if pobj is not None:
                    cue_e = c.i + 1
                    content = (c.i + 1, pobj.right_edge.i + 1)  # "asked about her emails"
            elif c.dep_ == "dobj" and c.lower_ in ("question", "questions"):
                content = (c.left_edge.i, c.right_edge.i + 1)  # "asked a direct question"
            if content is not None:
                break
        if content is None or content[1] - content[0] < 2 and doc[content[0]].lower_ in \
                THING_PRONOUNS:
            return None
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        frame = Frame(tok.i, (tok.i, cue_e), pobj.i if pobj is not None else None,
                      self._speaker_span(pobj) if pobj is not None else None)
        piece = self._piece(*content)
        if piece is None:
            return None
        frame.pieces.append(piece)
        frame.question = True
        return frame

    def _negates(self, tok: Token) -> bool:
        """The verb itself is negated ("did not deny", "has never said", "is not yet
        convinced"): a "neg" child in its own verb group, not one the parser hung on it from
        the content ('"Probably not," Ms. Moore said')."""
        doc = self.doc
        for c in tok.children:
            if c.dep_ != "neg":
                continue
            lo, hi = sorted((c.i, tok.i))
            if all(doc[k].dep_ in ("aux", "auxpass", "neg", "advmod") and not doc[k].is_punct
                   for k in range(lo + 1, hi)):
                return True
        return False

    def _non_speech(self, tok: Token) -> bool:
        doc = self.doc
        i = tok.i
        if (tok.dep_ in ("amod", "compound", "nmod") or tok.tag_ == "JJ") and not (
                tok.tag_ == "VBD" and any(c.dep_ == "nsubj" for c in tok.children)):
            return True  # "the said agreement" (not "He implied immigrants were ...")
        if i >= 2 and doc[i - 1].text in ("-", "\u2010", "\u2011") and doc[i - 2].lower_ == "so":
            return True  # "so-called"
        if i >= 1 and doc[i - 1].lower_ in ("that", "this") and i + 1 < len(doc) and \
                doc[i + 1].text == "," and (i - 1 == 0 or doc[i - 1].is_sent_start
                                            or doc[i - 2].is_punct or doc[i - 2].is_space):
            return True  # "That said, ..."
        cue = CUE_VERBS.get(FORM_LEMMA.get(tok.lower_, ""))
        if cue is not None and cue.unless and any(
                c.dep_ == "prt" and c.lower_ in cue.unless for c in tok.children):
            return True  # "Pagliano failed to show up at the hearing"
        nxt = " ".join(t.lower_ for t in doc[i + 1:i + 3])
        if nxt.startswith(NON_SPEECH_OBJECTS):
            return True  # "says a lot about"
        return tok.lower_.startswith("so-")

    @staticmethod
    def _passive_subject(verb: Token) -> Token | None:
        return next((c for c in verb.children if c.dep_ == "nsubjpass"
                     and c.lower_ not in RELATIVE), None)

    def _inverted_split_speaker(self, tok: Token) -> Token | None:
        """'Any interpretation of Mr. Kerry's actions, said Michael Kofman, an expert on Russia,
        would read this as ...': an inverted cue between a clause's subject and its verb; the
        parser took the cue's subject before it for its own and made the speaker after it the
        subject of the reported verb. The speaker: a noun phrase right after the cue, naming a
        person or an organisation or describing people ("experts like Paul Bauman"), subject of
        a verb after it, with a comma after the phrase."""
        head = next((t for t in self.doc[tok.i + 1:tok.i + 4]
                     if t.dep_ == "nsubj" and t.head.i > t.i and t.head.i != tok.i), None)
        if head is None or not all(t.head.i == head.i or t.head.head.i == head.i
                                   for t in self.doc[tok.i + 1:head.i]):
            return None
        if not (self._is_person(head) or self.idx.mention_at(head.i) is not None):
            return None
        end = head.right_edge.i + 1
        return head if end < len(self.doc) and self.doc[end - 1].text == "," or \
            end < len(self.doc) and self.doc[end].text == "," else None

    def _subject(self, tok: Token) -> tuple[Token | None, int | None]:
        """Subject of the cue verb: its nsubj, a relative pronoun's antecedent, or inherited
        from the governing verb for participles and conjoined verbs."""
        if self._relative_extracted(tok):
            # "the changes, which officials said will go into effect": the relative pronoun
            # belongs to the reported clause; the speaker is the other subject
            return [c for c in tok.children if c.dep_ == "nsubj"][-1], None
        children = list(tok.children)
        subjects = [c for c in children if c.dep_ == "nsubj" and c.i < tok.i
                    and not (c.is_punct and c.text != "%")]
        after = [c for c in children if c.dep_ == "nsubj" and c.i > tok.i]
        if subjects and after and tok.i > 0 and self.doc[tok.i - 1].text in {","} | QUOTE_CHARS:
            # '... signals "the beginning of the end" for the EU, said Geert Wilders': the
            # parser made the content's subject the cue's too; the inverted one is the speaker
            return after[0], None
        if subjects and not after and tok.i > 0 and self.doc[tok.i - 1].text == "," and \
                tok.i + 1 < len(self.doc):
            inverted = self._inverted_split_speaker(tok)
            if inverted is not None:
                return inverted, None
        if tok.dep_ == "parataxis" and tok.head.i > tok.i:
            # "The source of the attraction, union members and leaders say, is manifold": the
            # parser made the sentence's subject the cue's and hung the speaker on a word of
            # it; the speaker is the phrase between the comma and the cue
            k = tok.i - 1
            while k > max(0, tok.i - 8) and self.doc[k].text != "," and \
                    not self.doc[k].tag_.startswith("VB") and self.doc[k].tag_ != "MD":
                k -= 1
            phrase = self.doc[k + 1:tok.i]
            heads = [t for t in phrase if not k < t.head.i < tok.i]
            if self.doc[k].text == "," and len(heads) == 1 and \
                    heads[0].pos_ in ("NOUN", "PROPN", "PRON") and heads[0].dep_ != "nsubj" and \
                    all(c.i < k for c in subjects):
                return heads[0], None
        if len(subjects) > 1:
            # "... possible for people with ..., she said": the parser gave the cue the
            # content's subject too; the cue's own stands next to it
            children = [c for c in children if c.dep_ != "nsubj" or c.i == subjects[-1].i]
        for c in children:
            if c.dep_ == "nsubj" and c.is_punct and c.text != "%":
                continue  # "... made public ― Trump boasted": the dash is no subject
            if c.dep_ == "nsubj" and c.i > tok.i and tok.tag_ == "VBG":
                continue  # "saying Obama's strategy is ...": the complement's subject
            if c.dep_ == "nsubj":
                if c.lower_ in RELATIVE and tok.dep_ == "relcl":
                    return self._antecedent_of(c, tok.head), None
                if self.tok_quote[c.i] >= 0 and self.tok_quote[tok.i] < 0:
                    after = self._speaker_after(tok)
                    if after is not None:
                        return after, None
                return self._past_dateline(c), None
            if c.dep_ == "nsubjpass":
                return None, None
        share = next((c for c in children if c.dep_ == "nummod" and c.i < tok.i
                      and c.tag_ == "CD"), None)
        if share is not None and tok.tag_ in FINITE_TAGS:
            return share, None  # "About 4 in 10 say ...": the parser hung the share on the verb
        # inverted cue the parser got wrong: '"...," said Mark Olsen, the union leader, "..."'
        nxt = tok.i + 1
        # (not after "told": '"...," X told Fox News' names the listener there)
        if nxt < len(self.doc) and tok.i > 0 and self.doc[tok.i - 1].text in {","} | QUOTE_CHARS \
                and cue_lemma(tok) not in LISTENER_VERBS and tok.tag_ != "VBG":
            # (never a participle: ", saying Obama's strategy is ..." names no speaker)
            m = self.idx.mention_at(nxt)
            k = nxt
            after_quote = self.doc[tok.i - 1].text in QUOTE_CHARS or tok.i > 1 and \
                self.doc[tok.i - 2].text in QUOTE_CHARS
            while m is None and after_quote and k < min(nxt + 3, len(self.doc) - 1) and \
                    self.doc[k].dep_ in ("amod", "compound", "det") and self.doc[k].is_alpha:
                # '"...," said retired neurosurgeon Ben Carson, asked about ...': a
                # description before the name
                k += 1
                m = self.idx.mention_at(k)
                if m is not None and not all(
                        m.start_tok <= t.head.i < m.end_tok or nxt <= t.head.i < k
                        for t in self.doc[nxt:k]):
                    m = None
            if m is not None and m.start_tok == k and m.label in ("PERSON", "ORG",
                                                                   "TITLE_RULE"):
                return self.doc[m.end_tok - 1], None
        # (a participle too when the noun is the sentence's root: the sentence has no verb
        # but this one, 'One lawmaker called Trump "the orange prince ..."')
        root = tok.tag_ in ("VBD", "VBN") and tok.head.dep_ == "ROOT"  # (an appositive too)
        # (the name's appositive in between, set off by commas, is no clause of its own:
        # "Nate Silver, the polling guru who founded fivethirtyeight.com tweeted ...")
        aside = {t.i for c in tok.head.children if c.dep_ == "appos" and tok.head.i < c.i < tok.i
                 for t in self.doc[c.left_edge.i - 1:c.right_edge.i + 2]
                 if t.i < tok.i and (t.text == "," or c.left_edge.i <= t.i <= c.right_edge.i)}
        if tok.dep_ == "acl" and tok.tag_ == "VBD" and tok.head.pos_ in ("NOUN", "PROPN") and \
                aside and max(aside) == tok.i - 1 and \
                self.doc[tok.head.i].ent_type_ == "PERSON":
            root = True
        if tok.dep_ == "acl" and (tok.tag_ == "VBD" or root) and tok.head.pos_ in (
                "NOUN", "PROPN") and tok.head.i < tok.i and not any(
                    t.text == "," and not root or t.tag_.startswith("VB")
                    for t in self.doc[tok.head.i:tok.i] if t.i not in aside):
            # "..., a group of rabbis called for a boycott": a past tense is no reduced
            # relative (that takes a participle); the noun is the subject the parser missed
            return tok.head, None
        head = tok.head
        if tok.dep_ in ("advcl", "dep") and tok.tag_ in ("VBD", "VBZ", "VBP") and \
                head.dep_ == "ROOT" and head.tag_ == "VBG" and head.i < tok.i and not any(
                    c.dep_ in ("aux", "mark") or c.dep_ == "advmod" and c.tag_ == "WRB"
                    for c in [*head.children, *tok.children] if c.i < tok.i) and not any(
                    t.text == "," for t in self.doc[head.i:tok.i]):
            # "Protesters marching through the streets chanted ...": the parser took the
            # participle for the verb; its subject is the one of the finite verb
            subj = next((c for c in head.children if c.dep_ == "nsubj" and c.i < head.i),
                        None)
            if subj is not None:
                return subj, None
        if tok.dep_ in ("ROOT", "dep", "parataxis") or tok.dep_ == "conj" and \
                self.tok_quote[tok.head.i] >= 0 and self.tok_quote[tok.i] < 0:
            # (a verb the parser coordinated with the quotation before it: '"We were wrong
            # ...," Ramos, 58, told AFP')
            left = self._name_to_the_left(tok)
            if left is not None:
                return left, None
        if tok.dep_ == "conj" and tok.head.tag_.startswith("VB"):
            first = tok.head
            while first.dep_ == "conj" and first.head.i != first.i:
                first = first.head
            if cue_lemma(first) is None or first.dep_ in ("ccomp", "xcomp"):
                # "the group said its forces were responding ..., and accused the army of":
                # the coordination belongs to the reporting verb above
                for anc in first.ancestors:
                    if cue_lemma(anc) and anc.tag_.startswith("VB"):
                        subj, _ = self._subject(anc)
                        if subj is not None:
                            return subj, anc.i
                        break
            subj, _ = self._subject(tok.head)
            if subj is None and tok.tag_ in FINITE_TAGS:
                # "Mr. Trump was forced into damage control and said ...": the passive
                # subject of the first verb does the second
                subj = self._passive_subject(tok.head)
            if subj is None and tok.tag_ in FINITE_TAGS and tok.head.tag_ not in FINITE_TAGS:
                # "Trump went after Clinton for ... refusal to use the term and called for
                # ...": a finite verb coordinated with an infinitive goes with the finite
                # verb above it
                anc = next((a for a in tok.head.ancestors if a.tag_ in FINITE_TAGS), None)
                if anc is not None:
                    subj, _ = self._subject(anc)
                    return subj, anc.i
            return subj, tok.head.i
        if tok.tag_ == "VBG" and tok.dep_ in ("advcl", "conj") and self._after_comma(tok.i):
            root = tok.sent.root  # ", calling the commitment ironclad": the main subject
            if tok.head.tag_.startswith("VB") and any(
                    c.dep_ == "nsubj" for c in tok.head.children):
                root = tok.head  # "It's a big if, but Sanders was there, emphasizing ..."
                # (unless that verb is in what a cue above it reports: "Mr. Trump questioned
                # why Mr. Khan's wife did not speak ..., implying ...": the questioner implies)
                if root.dep_ in ("ccomp", "xcomp"):
                    cue = next((a for a in root.ancestors if cue_lemma(a) is not None
                                and a.tag_.startswith("VB")), None)
                    if cue is not None and any(c.dep_ == "nsubj" for c in cue.children):
                        root = cue
            if root.i != tok.i and root.tag_.startswith("VB"):
                subj, _ = self._subject(root)
                if subj is not None:
                    return subj, root.i
        if tok.tag_ == "VBG" and tok.dep_ in ("advcl", "acl", "xcomp", "conj"):
            head = tok.head
            if head.lower_ in STATEMENT_NOUNS and head.dep_ == "dobj":
                head = head.head
            if head.tag_.startswith("VB"):
                subj, _ = self._subject(head)
                return subj, head.i
            if tok.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
                # "voters supporting Trump": the people; "Trump unleashed tweets criticizing
                # ...", "sent a letter opposing ...": who wrote the tweets or the letter
                m = self.idx.mention_at(head.i)
                if m is not None and m.actor is not None and m.actor.actor_type in (
                        "person", "organization", "group") or _personlike_noun(
                        head.lower_.rstrip("s")):
                    return head, None
                if head.lower_ in SIGN_NOUNS:
                    return head, None  # "held up a sign saying ...": the sign says it
                if head.lower_.rstrip("s") in BODY_NOUNS:
                    return head, None  # "outside groups supporting Christie": the groups
                # "the proportion of GOP voters saying ...": the people it counts
                part = [p for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                        for p in c.children if p.dep_ == "pobj"]
                if part and _personlike_noun(part[0].lower_.rstrip("s")):
                    return part[0], None
                gov = head.head
                while gov.dep_ in ("pobj", "prep") and gov.head.i != gov.i:
                    gov = gov.head
                if gov.tag_.startswith("VB") and head.dep_ in ("dobj", "pobj"):
                    subj, _ = self._subject(gov)
                    return subj, gov.i
                return None, None
        if tok.tag_ == "VBG" and tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and \
                tok.head.head.tag_.startswith("VB"):
            # "Obama responded by saying ...", "began by saying", "aside from saying", "was
            # suspended after slamming ..." (the passive subject)
            subj, _ = self._subject(tok.head.head)
            return subj or self._passive_subject(tok.head.head), tok.head.head.i
        if tok.head.tag_.startswith("VB") and (tok.dep_ == "xcomp" or (
                tok.dep_ == "advcl" and tok.tag_ == "VB" and any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in tok.children))):
            # "declined to say"; "went on to explain", "flew to Iowa to say" (an infinitive
            # the parser hung as an adverbial clause): the governing verb's subject
            subj, _ = self._subject(tok.head)
            return subj, tok.head.i
        if tok.dep_ == "xcomp" and tok.head.pos_ == "ADJ" and tok.head.dep_ in (
                "acomp", "oprd") and tok.head.head.tag_.startswith("VB"):
            # "voters were more likely to say ...", "quick to point out": the copula's subject
            subj, _ = self._subject(tok.head.head)
            return subj, tok.head.head.i
        return None, None

    def _past_dateline(self, subj: Token) -> Token:
        """"RANGOON, Burma - Aung San Suu Kyi's political allies predicted ...": the parser
        took the dateline for the subject and the subject for its appositive."""
        doc = self.doc
        unit = self.units[self.tok_unit[subj.i]]
        first = next((t for t in doc[unit.start:subj.i + 1] if not t.is_space), subj)
        if first.i != subj.i or not subj.text.isupper() or len(subj.text) < 3 or \
                subj.i + 1 >= len(doc) or doc[subj.i + 1].text != ",":
            return subj
        appos = [c for c in subj.children if c.dep_ == "appos" and c.i > subj.i and any(
            doc[k].text in DASHES for k in range(subj.i, c.i))]
        return appos[-1] if appos else subj

    @staticmethod
    def _antecedent_of(rel: Token, head: Token) -> Token:
        """The antecedent of a relative pronoun whose clause the parser hung on ``head``:
        "who" is a person, not the place or date the parser attached it to ("a gynecologist
        from Englewood, New Jersey, who said ..." is the gynecologist)."""
        if rel.lower_ not in ("who", "whom"):
            return head
        cur = head
        while cur.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "TIME") and cur.dep_ in (
                "pobj", "appos", "npadvmod", "compound"):
            cur = cur.head
            if cur.dep_ == "prep" or cur.pos_ == "ADP":
                cur = cur.head
        return cur if cur.pos_ in ("NOUN", "PROPN") and cur.ent_type_ not in (
            "GPE", "LOC", "FAC", "DATE", "TIME") else head

    @staticmethod
    def _relative_extracted(tok: Token) -> bool:
        """Whether the parser hung a relative pronoun extracted from the cue's complement on
        the cue itself, as a second subject ("which officials said [will go into effect]")."""
        subjects = [c for c in tok.children if c.dep_ == "nsubj"]
        return len(subjects) > 1 and subjects[0].lower_ in RELATIVE

    def _after_comma(self, i: int) -> bool:
        """Whether token ``i`` follows a comma, closing quote marks between ignored
        ('..., "A," referring to B')."""
        j = i - 1
        while j >= 0 and self.doc[j].text in QUOTE_CHARS:
            j -= 1
        return j >= 0 and self.doc[j].text == ","

    def _speaker_after(self, tok: Token) -> Token | None:
        """'"... its heart beating ...," said former tech executive Carly Fiorina': the parser
        took a word of the quotation for the subject; the speaker is the noun phrase right
        after the cue (its last noun, up to the first punctuation or verb)."""
        doc = self.doc
        unit = self.units[self.tok_unit[tok.i]]
        j = tok.i + 1
        last = None
        while j < min(unit.end, tok.i + 9):
            t = doc[j]
            if t.is_punct or t.tag_.startswith("VB") or t.tag_ == "MD" or \
                    self.tok_quote[j] >= 0 or t.pos_ in ("ADP", "CCONJ", "SCONJ"):
                break
            if t.pos_ in ("PROPN", "NOUN"):
                last = t
            j += 1
        return last

    def _name_to_the_left(self, tok: Token) -> Token | None:
        """"Vogel, 47, said ...": the parser lost the subject; take the name just before the
        cue, across commas, numbers and an appositive, if no verb intervenes."""
        doc = self.doc
        unit_start = self.units[self.tok_unit[tok.i]].start
        j = tok.i - 1
        steps = 0
        while j >= unit_start and steps < 14:
            t = doc[j]
            m = self.idx.mention_at(j)
            if m is not None and m.actor is not None and (
                    m.actor.actor_type == "person" or (
                        m.actor.actor_type == "organization"
                        and doc[m.end_tok - 1].dep_ in ("nsubj", "appos", "ROOT", "dep",
                                                        "conj", "npadvmod"))):
                return doc[m.end_tok - 1]
            if t.pos_ == "PROPN" and any(
                    a.actor_type == "person" and t.text in a.name.split()
                    for a in self.idx.actors):
                return t  # a known person's surname the NER missed here
            if t.head.i == tok.i and t.dep_ in ("aux", "neg", "advmod"):
                j -= 1  # "..., Carlos Curbelo, have said": the cue's own auxiliaries
                continue
            if t.tag_.startswith("VB") or t.tag_ == "MD" or self.tok_quote[j] >= 0:
                return None
            j -= 1
            steps += 1
        return None

    def _speaker_span(self, head: Token) -> tuple[int, int]:
        """The speaker's noun phrase without relative clauses, appositives and punctuation;
        prepositional modifiers only for descriptions ("a spokeswoman for the ministry")."""
        s = head.i
        for c in head.children:
            if c.i < head.i and c.dep_ not in ("punct", "cc", "prep", "relcl", "appos", "acl"):
                s = min(s, c.left_edge.i)
        e = head.i + 1
        for c in head.children:
            if c.i > head.i and c.dep_ in ("compound", "flat", "nummod", "prep", "cc", "conj",
                                           "case", "amod", "nmod"):
                # ("Senator Bernie Sanders of Vermont": a name keeps its state)
                if c.dep_ == "prep" and (head.pos_ == "PROPN" and not (
                        c.lower_ == "of" and any(p.ent_type_ == "GPE" and p.dep_ == "pobj"
                                                 for p in c.children))
                        or c.lower_ not in ("for", "of", "at", "in", "from", "with")):
                    continue
                e = max(e, c.right_edge.i + 1)
        # (nor a relative clause on a word of its modifier: "a gynecologist from Englewood,
        # New Jersey, who said ...")
        e = min([e] + [t.left_edge.i for t in self.doc[head.i + 1:e] if t.dep_ == "relcl"])
        while e > s and (self.doc[e - 1].is_punct or self.doc[e - 1].is_space) and \
                self.doc[e - 1].text != "%":  # "42% say ..."
            e -= 1
        # (never into a quotation before it: '"... hunky-dory," Gene Sperling, a top adviser,
        # said', where the parser made the quotation's last words modifiers of the name)
        s = max([s] + [k + 1 for k in range(max(s, 1), head.i) if self.doc[k].text in
                       QUOTE_CHARS and self.doc[k - 1].text in (",", "?", "!")])
        # (a dateline the parser ran into the phrase: "Burma - Aung San Suu Kyi's allies")
        s = max([s] + [k + 1 for k in range(s, head.i) if self.doc[k].text in DASHES
                       and self.doc[k - 1].whitespace_])
        while s < e and self.doc[s].is_punct:
            s += 1
        return s, e

    def _cue_frame(self, tok: Token, lemma: str, cue: CueVerb | None = None) -> Frame | None:
        doc = self.doc
        cue = cue or CUE_VERBS[lemma]
        cls = cue.attach
        if cls == "as":  # "sees him as a threat", never "will see"
            # (the parser may hang the "as" on the object: "Experts see the elections held
            # Sunday as a test of ...", "see police violence against blacks as a problem")
            if not any(c.dep_ == "prep" and c.lower_ == "as" and c.i > tok.i
                       for c in tok.children) and not any(
                    t.dep_ == "prep" and t.lower_ == "as" for c in tok.children
                    if c.dep_ == "dobj" for t in c.subtree):
                return None
            cls = "object"
        only_trailing = cls == "trailing"  # '"...," he continued.'
        if self._non_speech(tok):
            return None
        if tok.i + 1 < len(doc) and doc[tok.i + 1].text in DASHES:
            colon = next((t.i for t in doc[tok.i + 2:tok.i + 10] if t.text == ":"), None)
            if colon is not None and self._dash_label(colon) == (tok.i + 2, colon):
                return None  # 'Pollsters agree - Carl Bialik: "..."': the quotation is his
        subj, inherited = self._subject(tok)
        if subj is None or subj.lower_ in ("that", "this", "what", "which", "there"):
            return None
        if subj.tag_ == "WP" or (subj.is_punct and subj.text != "%"):  # "42% say ..."
            return None
        if subj.lower_ == "you" and self.quoted_mode:
            return None  # the reporter's generic "you": "if you would never vote for her"
        if lemma == "ask" and any(c.dep_ == "xcomp" and any(
                t.lower_ in ANONYMITY_WORDS for t in c.subtree) for c in tok.children):
            return None  # "an official who asked not to be named said ...": not speech
        if tok.dep_ in ("advcl", "xcomp") and any(
                t.lower_ == "anonymity" for t in doc[tok.head.i:tok.i]):
            return None  # "who spoke on condition of anonymity to discuss plans": the formula
        if lemma in ("refuse", "decline") and any(c.dep_ == "xcomp" and (
                c.lower_ in WITHHELD_SPEECH or cue_lemma(c) in WITHHELD_SPEECH
                or any(g.dep_ == "auxpass" for g in c.children)) for c in tok.children):
            # "refused to say whether ...": the cue it governs, negated; "declined to comment",
            # "to weigh in", "to be named": nothing said
            return None
        if cls == "clause" and lemma in EVIDENCE_VERBS and subj.lower_ in DOCUMENT_SUBJECTS:
            cls = "both"  # "A survey in March found Mrs. Clinton with a lead of 48 percent"
        negated = self._negates(tok)
        partitive = any(c.dep_ == "prep" and c.lower_ in ("of", "in") and any(
            p.dep_ == "pobj" for p in c.children) for c in subj.children)  # "many in the crowd"
        if subj.lower_ in NONPERSON_SPEAKERS and subj.ent_type_ == "" and \
                self.idx.mention_at(subj.i) is None and not partitive and not (
                    lemma in EVIDENCE_VERBS and subj.lower_ in DOCUMENT_SUBJECTS) and \
                subj.lower_ not in PEOPLE_QUANTIFIERS:
            # "everyone says ...", but "the poll showed that ...", "many of her supporters
            # say ..." and "Many speculated that ..." have a source
            return None
        children = list(tok.children)
        cue_s, cue_e = tok.i, tok.i + 1
        for c in children:
            if (c.dep_ == "prt" or c.dep_ == "advmod" and c.lower_ in cue.only) and c.i == cue_e:
                cue_e = c.i + 1
        if inherited is not None and tok.tag_ == "VBG" and doc[inherited].lower_ in PUBLISH_VERBS:
            cue_s = inherited  # "issued a statement calling on"
        speaker_span = self._speaker_span(subj)
        k = speaker_span[0] - 1
        if 1 <= k < tok.i and doc[k].is_alpha and (
                doc[k].head.i == tok.i and doc[k].text[:1].isupper() or subj.head.i == k) and \
                doc[k - 1].text in QUOTE_CHARS and self.tok_quote[k - 1] < 0 and \
                cue_lemma(doc[k]) is None:
            # '"...," Trump senior adviser Paul Manafort conceded': a word of the title the
            # parser hung on the cue (as its object) is the speaker's; so is one it took for a
            # verb with the name for its object ('"...," screenwriter Cole Haddon wrote'), but
            # not the cue of the quotation ('"...," declared Jeff Flake, who echoed ...')
            speaker_span = (k, speaker_span[1])
        if speaker_span[0] < tok.i < speaker_span[1]:  # the subject of a misparsed acl
            # (up to its appositive: "Beruff, a Scott ally, called ...")
            speaker_span = (speaker_span[0], next(
                (c.i for c in subj.children if subj.i < c.i < tok.i
                 and c.dep_ in ("punct", "appos", "relcl", "acl")), tok.i))
        frame = Frame(tok.i, (cue_s, cue_e), subj.i, speaker_span, inherited_from=inherited)
        if subj.lower_ == "it" and inherited is not None and (
                doc[inherited].lower_ in COPULAS or doc[inherited].lower_ in ("'s", "be")):
            # "it's worth pointing out that ...", "It is wrong to solely attribute ...": the
            # infinitive's or gerund's doer is no one named, not the "it" of the copula
            frame.speaker_head = frame.speaker_span = None
        # "has not confirmed its involvement", "refused to say that Jerusalem should be ...":
        # a statement, negated ("declined to comment" has no content and makes none)
        frame.negated = negated or (tok.dep_ == "xcomp" and tok.head.lower_ in DECLINE_FORMS)
        if cls == "event":
            frame.emit = False
            frame.event = True
            return frame
        right = [c for c in children if c.i > tok.i and c.dep_ not in ("punct", "cc", "conj")]
        ccomp = [c for c in right if c.dep_ in ("ccomp", "xcomp", "parataxis")]
        objs = [c for c in right if c.dep_ in ("dobj", "dative", "prep", "attr", "oprd",
                                              "advcl", "ccomp", "xcomp", "acomp")
                # "attacked Trump, saying he would ...": the saying is a statement of its own
                and not (c.dep_ == "advcl" and cue_lemma(c) is not None and c.tag_ == "VBG")]
        content: tuple[int, int] | None = None
        unit = self.units[self.tok_unit[tok.i]]
        glued = tok.dep_ == "amod" and tok.tag_ == "VBD" and cls in ("clause", "both") and \
            tok.head.dep_.startswith("nsubj") and tok.head.head.i > tok.head.i and \
            tok.head.head.tag_.startswith("VB")
        if glued:
            # "He implied immigrants were the ones ...": the parser hung the cue on the
            # subject of its complement as an adjective; the complement's clause is the content
            content = (tok.i + 1, tok.head.head.right_edge.i + 1)
        if cls == "call":
            preps = [c for c in children if c.i > tok.i and (
                c.lower_ in ("on", "for", "upon") and c.dep_ in ("prep", "prt")
                or c.lower_ == "out" and c.dep_ == "prt")]  # "called out Trump"
            if not preps and cue_e < len(doc) and doc[cue_e].lower_ in ("for", "on") and \
                    doc[cue_e].dep_ == "mark" and doc[cue_e].head.head.i == tok.i:
                preps = [doc[cue_e]]  # "calling for the US to take ...": "for" as a mark
            if not preps:
                dobj = [c for c in children if c.dep_ == "dobj" and c.i > tok.i]
                pred = [c for c in children if c.i > tok.i and c.dep_ in (
                    "oprd", "xcomp", "ccomp", "attr", "acomp", "advcl")]
                rel = [c for c in children if c.dep_ == "dobj" and (
                    c.lower_ in RELATIVE or c.lower_ == "what")]  # "what he called X"
                if not dobj and len(pred) >= 2 and pred[0].pos_ in ("NOUN", "PROPN", "PRON"):
                    dobj = pred[:1]  # 'called Clinton "crazy"' parsed with two predicates
                if len(dobj) >= 2 and not pred:
                    pred = dobj[1:2]  # 'calling Obama an "ignorant baboon"': two objects
                if not dobj and len(pred) == 1 and pred[0].dep_ == "oprd" and \
                        pred[0].left_edge.i == cue_e < pred[0].i:
                    dobj = pred  # 'called the TPP pact "insanity"' parsed as one predicate
                if len(dobj) == 1 and not pred:
                    q = dobj[0].right_edge.i + 1
                    if q + 1 < unit.end and doc[q].text in QUOTE_CHARS and \
                            self.tok_quote[q + 1] >= 0 and self._in_subtree(doc[q + 1], tok):
                        pred = [doc[q + 1]]  # 'called that "beyond preposterous"'
                if rel and pred:  # "which US officials have called a national security threat"
                    content = (pred[0].left_edge.i, max(c.right_edge.i for c in pred) + 1)
                elif dobj and (pred or dobj[0].right_edge.i > dobj[0].i or (
                        # 'called the 12-nation TPP pact "insanity"': one object, X "Y"
                        self.tok_quote[dobj[0].i] >= 0 and dobj[0].left_edge.i < dobj[0].i - 1
                        and self.tok_quote[dobj[0].left_edge.i] < 0)):
                    end = max(c.right_edge.i for c in right) + 1
                    # 'called X "crazy" and said ...': a verb the parser coordinated with the
                    # predicate is the speaker's next act, not part of what X was called
                    verbs = [t.i for t in doc[cue_e:end] if t.dep_ == "conj" and
                             t.tag_.startswith("VB") and not t.head.tag_.startswith("VB")]
                    if verbs:
                        end = verbs[0]
                        while end > cue_e and doc[end - 1].dep_ in ("cc", "punct"):
                            end -= 1
                    content = (dobj[0].left_edge.i, end)  # "called the vote "a shameful ...""
                elif not ccomp:
                    return None
            else:
                cue_e = max(cue_e, preps[0].i + 1)
                # ", slamming his ban": a participle cue is a statement of its own
                end = max(c.right_edge.i for c in right if not (
                    c.dep_ == "advcl" and cue_lemma(c) is not None and c.tag_ == "VBG")) + 1
                content = (preps[0].i + 1, end)
        elif cls == "concern":
            dobj = [c for c in children if c.dep_ == "dobj" and c.i > tok.i]
            if not dobj or dobj[0].lower_ in CUE_NOUNS and dobj[0].lower_ not in CONCERN_NOUNS:
                return None  # (a noun cue gives the statement: "voiced support for ...")
            d = dobj[0]
            if d.lower_ in CONCERN_NOUNS:
                cue_e = d.i + 1
                rest = [c for c in right if c.i > d.i] + [
                    c for c in d.children
                    if c.i > d.i and c.dep_ in ("prep", "acl", "ccomp", "relcl")]
                if rest:
                    s = min(c.left_edge.i for c in rest)
                    e = max(c.right_edge.i for c in rest) + 1
                    if doc[s].lower_ in CONCERN_PREPS:
                        cue_e = s + 1
                        s += 1
                    content = (s, e)
            else:
                # "expressed astonishment at Mrs. Clinton's handling of ...", "expressed
                # shock": the feeling and what it is about (but "raised money" raises no voice)
                if lemma not in ("express", "voice") or d.lower_ in THING_PRONOUNS:
                    return None
                preps = [c for c in right if c.i > d.i and c.dep_ == "prep"]
                content = (d.left_edge.i,
                           max([d.right_edge.i] + [c.right_edge.i for c in preps]) + 1)
        # an xcomp is content for intentions ("wants to ..."), and for any cue when it is a
        # gerund subject the parser hung on the verb: "said [cutting that output must be ...]"
        extracted = self._relative_extracted(tok)
        # "said [using a private server] was improper": a gerund subject whose verb the
        # parser hung outside the cue's clause, right after it, with no subject after the cue
        # (the parser may give it one before: "23 percent who said ...")
        stranded = next((doc[c.right_edge.i + 1] for c in ccomp
                         if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i == cue_e
                         and c.right_edge.i + 1 < unit.end
                         and doc[c.right_edge.i + 1].tag_ in ("VBZ", "VBP", "VBD", "MD")
                         and not self._in_subtree(doc[c.right_edge.i + 1], tok)
                         and not any(g.dep_.startswith("nsubj") and g.i > tok.i
                                     for g in doc[c.right_edge.i + 1].children)), None)
        ccomp = [c for c in ccomp if c.dep_ != "xcomp" or lemma in XCOMP_CONTENT or extracted
                 or cue is LEARNED_CUE or (
            c.tag_ == "VBG" and c.i == cue_e and (stranded is not None or any(
                t.dep_ == "ccomp" and t.tag_ in ("VBZ", "VBP", "VBD", "MD")
                or any(a.dep_ == "aux" and a.tag_ == "MD" for a in t.children)
                for t in c.subtree)))]
        ccomp = [c for c in ccomp if c.dep_ == "parataxis" or any(
            t.tag_.startswith("VB") or t.tag_ == "MD" for t in c.subtree)
            or self.tok_quote[c.i] >= 0  # "declare the charges unconstitutional": no clause
            # "worry that the vendetta signals ...": a subordinator makes it a clause whatever
            # the tagger took its verb for
            or c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ == "that"
                                         for g in c.children)]
        if not ccomp and cls in ("clause", "both"):
            # "said after the convention he would not accept ...": the parser made the
            # complement an adverbial clause (its own subject and tense, no subordinator)
            ccomp = [c for c in right if c.dep_ == "advcl" and not any(
                g.dep_ == "mark" or g.dep_ == "advmod" and g.tag_ == "WRB" for g in c.children)
                and any(g.dep_ == "nsubj" and g.i < c.i for g in c.children) and (
                    c.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
                        g.dep_ == "aux" and g.tag_ in ("MD", "VBD", "VBZ", "VBP")
                        for g in c.children))]
        if negated and not ccomp:  # "have not said when they would ...": the parser's advcl
            ccomp = [c for c in right if c.dep_ == "advcl" and doc[c.left_edge.i].lower_ in (
                "when", "whether", "how", "why", "where", "if", "what", "who")]
        if content is None and cls in ("clause", "both") and ccomp:
            c = ccomp[0]
            # "60 percent said A, and three-quarters said B": a later complement that is a
            # cue with its own subject is the next speech act, not more of this one
            nxt = next((x for x in ccomp[1:] if cue_lemma(x) is not None and x.tag_.startswith(
                "VB") and any(g.dep_ == "nsubj" for g in x.children)), None)
            if nxt is not None:
                ccomp = [x for x in ccomp if x.i < nxt.left_edge.i]
            else:
                # "believes there are no good options, but that sometimes ...": a second
                # complement the parser coordinated with the cue
                ccomp = ccomp + [x for x in children if x.dep_ == "conj" and x.i > c.i and any(
                    g.dep_ == "mark" and g.lower_ == "that" and g.i == x.left_edge.i
                    for g in x.children)]
            start = c.left_edge.i
            if lemma not in LISTENER_VERBS:
                # the first half of a clause the parser hung on the verb: "say [the more
                # delegates he takes], the more leverage he will have"
                start = min([start] + [x.left_edge.i for x in children if x.dep_ == "dobj"
                                       and cue_e <= x.left_edge.i < start])
                if c.dep_ == "ccomp" and not any(g.dep_ in ("nsubj", "nsubjpass", "expl", "csubj")
                                                 for g in c.children):
                    start = min([start] + [x.left_edge.i for x in children if x.dep_ in (
                        "npadvmod", "nsubj") and cue_e <= x.left_edge.i < start and x.i > tok.i])
            end = max(x.right_edge.i for x in ccomp) + 1
            if stranded is not None and stranded.i == end:
                end = min(unit.end, stranded.right_edge.i + 1)
            if nxt is None:
                # "feel the country is on the wrong path, in part because ...", "would make
                # Icahn secretary if he wins": a reason or condition the parser hung on the
                # cue belongs to what was said
                why = [x for x in children if x.dep_ == "advcl" and x.i > end and any(
                    g.dep_ == "mark" and g.lower_ in REASON_MARKS for g in x.children)]
                if why:
                    end = max(end, why[0].right_edge.i + 1)
                if end < unit.end - 2 and doc[end].text == ";" and not any(
                        cue_lemma(t) is not None and t.tag_.startswith("VB")
                        for t in doc[end:unit.end]) and \
                        self._has_clause(doc[end + 1].idx, self._tok_end(unit.end - 1)):
                    # "said the problem was not requiring a photo ID; the problem was that
                    # ...": a clause after a semicolon, with no cue of its own, goes on
                    end = unit.end
            while nxt is not None and end > start + 1 and (
                    doc[end - 1].dep_ == "cc" or doc[end - 1].is_punct):
                end -= 1  # ", and" before the next speech act
            content = (start, end)
            listener = [x for x in children if x.dep_ in ("dobj", "dative") and x.i > tok.i
                        and x.i < c.left_edge.i]
            if listener and lemma in LISTENER_VERBS:
                cue_e = max(cue_e, listener[0].right_edge.i + 1)
        if content is None and cls in ("clause", "both") and lemma not in LISTENER_VERBS:
            # the parser took the complement's subject for an object and its verb for a
            # relative clause: "Aides say [the more delegates he takes ...], the more ..."
            dobj = [c for c in children if c.dep_ == "dobj" and c.i > tok.i]
            if dobj and dobj[0].left_edge.i <= cue_e + 1 and dobj[0].lower_ not in RELATIVE \
                    and any(c.dep_ in ("relcl", "acl") and c.tag_ in ("VBZ", "VBP", "VBD", "MD")
                            or any(a.dep_ == "aux" and a.tag_ in ("MD", "VBZ", "VBP", "VBD")
                                   for a in c.children)
                            for c in dobj[0].children):
                content = (dobj[0].left_edge.i, max(c.right_edge.i for c in right) + 1)
            elif lemma == "say" and dobj and dobj[0].left_edge.i <= cue_e + 1 and \
                    dobj[0].lower_ not in QUANTITY_OBJECTS and \
                    dobj[0].right_edge.i - dobj[0].left_edge.i >= 4:
                # "said families of people killed by police file lawsuits": one says few
                # long noun phrases; the parser missed the clause's verb
                content = (dobj[0].left_edge.i, max(c.right_edge.i for c in right) + 1)
            elif lemma == "say" and dobj and self._title_case_headline(unit):
                # "Clinton Says Russians Hacked DNC, Calls ...": title case hides the verbs
                # from the parser; what was said runs to the next comma
                end = next((t.i for t in doc[cue_e:unit.end] if t.text in (",", ";", ":")),
                           unit.end)
                content = (cue_e, end) if end - cue_e >= 2 else None
        if content is None and lemma == "say" and not negated:
            # "the candidate said no", "75 percent of Democrats said yes": the answer
            answer = [c for c in right if c.lower_ in ("yes", "no") and c.dep_ in (
                "intj", "dobj", "advmod", "ccomp") and c.i <= cue_e + 1]
            if answer:
                content = (answer[0].i, answer[0].i + 1)
        if content is None and cls in ("clause", "both"):
            # the parser missed the complement: '"told a regular briefing that ..."'
            j = cue_e
            while j < min(unit.end, cue_e + 8) and doc[j].lower_ != "that" and not (
                    doc[j].tag_.startswith("VB") or doc[j].text in (",", ":", ";")):
                j += 1
            # ("noting that at one point he had trailed ...": "that" taken for a preposition)
            if j < unit.end - 2 and doc[j].lower_ == "that" and (
                    j > cue_e or doc[j].dep_ == "prep" and self._has_clause(
                        doc[j + 1].idx, self._tok_end(unit.end - 1))) and \
                    doc[j].dep_ != "det":  # not "confirmed its involvement in that strike"
                content = (j + 1, unit.end)
        if content is None and cls in ("clause", "both") and cue_e + 1 < unit.end and \
                doc[cue_e].tag_ == "PRP" and doc[cue_e].dep_ == "dobj" and \
                doc[cue_e].head.i == tok.i and doc[cue_e + 1].tag_ in FINITE_TAGS | {"MD"}:
            # "businesses that warn it could harm commerce": the complement's subject parsed
            # as the cue's object, its verb hung elsewhere
            verb = doc[cue_e + 1] if doc[cue_e + 1].tag_ in FINITE_TAGS else doc[cue_e + 1].head
            content = (cue_e, max(verb.right_edge.i, cue_e + 1) + 1)
        objs = self._content_objects(cue, objs, cue.needs == "person" and self._is_person(subj))
        if content is None and cls in ("object", "both") and objs:
            # "as he explained how ...", "when he saw ...": a subordinate clause is when or
            # why, not what
            objs = [o for o in objs if not (o.dep_ == "advcl" and any(
                g.dep_ == "mark" and g.lower_ in SUBORDINATORS for g in o.children))]
        if content is None and cls in ("object", "both") and objs:
            if all(o.lower_ in QUANTITY_OBJECTS for o in objs if o.dep_ == "dobj") and any(
                    o.dep_ == "dobj" for o in objs) and lemma not in ("deny",) and not any(
                    o.dep_ == "oprd" or o.dep_ == "prep" and o.lower_ == "as" for o in objs):
                return None  # (but "described it as a serious lapse": the "as" says it)
            s = min(o.left_edge.i for o in objs)
            e = max(o.right_edge.i for o in objs) + 1
            if doc[s].dep_ == "prep" and doc[s].head.i == tok.i and s + 1 < e and s >= cue_e \
                    and all(doc[k].dep_ == "advmod" for k in range(cue_e, s)):  # "highly of"
                cue_e = s + 1  # "agreed with [the analysis]": the preposition is the cue's
                s += 1
            # "mentioned refinancing loans and forcing universities to ...", "cited her years
            # as secretary and as a senator": a gerund or a phrase the parser coordinated with
            # the cue verb is more of its object (a verb in its tense would be the next act)
            more = [c for c in children if c.dep_ == "conj" and c.i >= e and not any(
                g.dep_.startswith("nsubj") or g.dep_ == "aux" for g in c.children) and (
                c.tag_ == "VBG" and tok.tag_ != "VBG" and cue_lemma(c) is None
                or c.pos_ in ("ADP", "NOUN", "PROPN"))]
            if more:
                e = max(e, more[0].right_edge.i + 1)
            # "pointed to Clinton's record, including her work to ...": the examples the
            # parser hung on the cue are more of its object
            incl = [c for c in children if c.dep_ == "prep" and c.lower_ == "including"
                    and c.i >= e and all(doc[k].is_punct for k in range(e, c.i))]
            if incl:
                e = max(e, incl[0].right_edge.i + 1)
            # "polls showing her well behind", "mentioned CNN five times": what the parser hung
            # on the cue right after its object says more of it (not a date: "on Tuesday")
            pred = [c for c in children if c.dep_ in ("advmod", "npadvmod") and
                    c.left_edge.i == e and c.ent_type_ not in ("DATE", "TIME") and
                    not any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree) and
                    " ".join(t.lower_ for t in c.subtree) not in VERB_ADVERBS
                    or c.dep_ == "xcomp" and c.left_edge.i == e and doc[e].lower_ == "to"]
            if pred:
                e = pred[0].right_edge.i + 1
            e = self._runs_on(tok, e)
            last = unit.end
            while last > e and (doc[last - 1].is_punct or doc[last - 1].is_space):
                last -= 1
            rest = doc[e + 1:last]
            if e < last and doc[e].text == "," and len(rest) >= 2 and \
                    rest[0].tag_ in ("DT", "PRP$", "JJ", "NN", "NNS", "NNP") and not any(
                        t.tag_.startswith("VB") or t.tag_ in ("MD", "WDT", "WP") or
                        t.text in QUOTE_CHARS for t in rest):
                # "spoke of the malaise in Mexican society, the lack of jobs and education
                # ..., the horrific violence of the drug cartels": a list the parser hung
                # elsewhere, verbless to the end of the sentence, is more of the object
                e = last
            if e + 2 < unit.end and doc[e].lower_ in ("and", "or") and \
                    doc[e + 1].tag_ in ("WRB", "WP") and doc[e + 1].head.i > e + 1:
                # "talking about trade and how he would improve it": a question coordinated
                # with the object (the parser hangs its verb on the cue's clause)
                e = max(e, doc[e + 1].head.right_edge.i + 1)
            content = (s, e)
        if content is not None and any(t.dep_ == "xcomp" and t.tag_ == "VB" and (
                t.head.i == tok.i or t.i > 0 and doc[t.i - 1].lower_ == "to")
                for t in doc[content[0]:content[1]]):
            # "vowed to triple X, grow Y and create Z", "said money is needed to develop a
            # vaccine, educate the public and learn more": the parser hangs the later
            # infinitives on the cue; they belong to the content
            more = [c for c in children if c.tag_ == "VB" and c.i >= content[1] and not any(
                g.dep_.startswith("nsubj") for g in c.children) and (
                c.dep_ == "conj" or c.dep_ == "advcl" and doc[c.i - 1].text == ","
                and all(doc[k].is_punct for k in range(content[1], c.i)))]
            if more:
                content = (content[0], max(c.right_edge.i for c in more) + 1)
        if content is not None and content[1] - content[0] == 1 and (
                doc[content[0]].pos_ == "ADP" or doc[content[0]].lower_ in THING_PRONOUNS):
            content = None  # "disagreed with" and nothing after it; "voted against it"
        if content is not None and all(t.ent_type_ in ("DATE", "TIME") or t.is_punct
                                       for t in doc[content[0]:content[1]]):
            content = None  # "has pushed for months", "repeating for decades": how long
        if content is not None and content[0] < tok.i and (
                doc[content[0]].lower_ in RELATIVE or doc[content[0]].lower_ == "what"
                and doc[content[0]].head.head.i == tok.i
                or doc[content[0]].tag_ == "WRB" and tok.dep_ == "relcl") \
                and content[1] > cue_e + 1 and not only_trailing:
            # "the changes, which officials said [will go into effect]": the relative pronoun
            # stands for the rest of the sentence; so does "what" in "displaying what many
            # analysts said [was a sign of ...]"; "in Raleigh, where she promised [to ...]":
            # the parser hung the relative adverb on the complement
            content = (cue_e, content[1])
        if content is not None and (content[0] < tok.i or only_trailing):
            content = None  # a complement to the left is the trailing pattern below
        # trailing / split cue: "..., he said." / "..., said the official" / "X, he said, Y"
        clause_s = min(speaker_span[0], cue_s) if inherited is None else cue_s
        for c in children:
            if c.dep_ in ("aux", "neg", "advmod") and c.i < tok.i and c.i >= clause_s - 1:
                clause_s = min(clause_s, c.i)
        while clause_s - 1 > unit.start and doc[clause_s - 1].is_space:
            clause_s -= 1  # 'chemistry,''  said Rhodes': a double space the tagger kept
        clause_e = max(cue_e, speaker_span[1] if speaker_span[0] > tok.i else cue_e)
        listener = next((c for c in children if c.dep_ in ("dobj", "dative")
                         and c.left_edge.i == clause_e), None) if lemma in LISTENER_VERBS else None
        if listener is not None and listener.right_edge.i + 1 < unit.end and \
                doc[listener.right_edge.i + 1].text == "," and content is None and \
                tok.head.i > listener.right_edge.i + 1:
            clause_e = listener.right_edge.i + 1  # "Instead, Trump told CNN, his policy ..."
        pieces_tok: list[tuple[int, int]] = []
        trailing = False
        right_clause = content is not None and any(
            c.dep_ == "ccomp" and c.i > tok.i for c in children)
        # a cue set off by commas in a sentence that goes on: "X, Hebert said, Y"
        parenthetical = clause_e < unit.end - 2 and doc[clause_e].text == "," and \
            clause_s - 1 >= unit.start and doc[clause_s - 1].text == "," and not (
                # ('After Brown criticized him, Hillary shot back, "I suppose ..."': a
                # sentence of its own in quotation marks after it is what the cue says)
                doc[clause_e + 1].text in QUOTE_CHARS and self.tok_quote[clause_e + 2] >= 0
                and doc[clause_e + 2].text[:1].isupper())
        # 'In an interview on "Face the Nation," Ryan said the ...': a quoted title in a phrase
        # that sets the scene, not a quotation the cue closes
        # (or any verbless phrase: 'Sunday on Fox News channel's "Sunday Morning Futures,"
        # Rep. Darrell Issa said ...')
        scene_quote = right_clause and (doc[unit.start].pos_ in ("ADP", "VERB") and
                                         doc[unit.start].tag_ in ("IN", "VBG") or sum(
            1 for t in doc[unit.start:clause_s] if t.is_alpha and self.tok_quote[t.i] < 0
        ) >= 2) and not any(t.tag_.startswith("VB") and self.tok_quote[t.i] < 0
                            for t in doc[unit.start + 1:clause_s])
        # '... was "absolutely right" when he said ...': a cue in an adverbial clause closes
        # nothing before it. The subordinator opens the cue's own clause; one further left
        # ("As Trump prepared to speak, a girl was hurt, police said") is a misparse of the
        # content's own subordinator.
        subordinate = tok.dep_ == "advcl" and any(
            c.i < tok.i and (c.dep_ == "mark" or c.dep_ == "advmod" and c.tag_ == "WRB")
            and not any(doc[k].text == "," for k in range(c.i + 1, tok.i))
            for c in children)
        # (a cue whose content is its object closes nothing before it: "residents in
        # Jupiter, Florida who were voting as independents")
        if inherited is None and clause_s - 1 >= unit.start and \
                cls not in ("object", "concern", "call") and not (
                tok.dep_ in ("acl", "relcl") and content is not None) and not (
                right_clause and self.tok_quote[clause_s - 1] < 0
                and self.tok_quote[max(unit.start, clause_s - 2)] < 0) and \
                not scene_quote and not subordinate and \
                self._before_is_break(clause_s - 1, tok, parenthetical):
            left_end = clause_s - 1
            while left_end > unit.start and doc[left_end].text in (",", "\u2014", "-", ":") \
                    or doc[left_end].text in QUOTE_CHARS and left_end > unit.start:
                left_end -= 1
            # "The plan, an inside source said, is to ...": two words do when the sentence
            # goes on after the cue
            min_left = 2 if clause_e < unit.end and doc[clause_e].text == "," else 3
            if parenthetical and left_end == unit.start and doc[left_end].dep_.startswith(
                    "nsubj") and doc[left_end].head.i > clause_e:
                min_left = 1  # "Trump, Sexton said, has created ...": the subject of what follows
            # 'On this weekend's broadcast of "Fox News Sunday," Pence said ...': a phrase
            # that opens with a preposition and has no verb sets the scene, it was not said
            # (unless the sentence goes on after the cue: "For Trump, aides said, the ...")
            scene = min_left == 3 and doc[unit.start].pos_ == "ADP" and not any(
                t.tag_.startswith("VB") or t.tag_ == "MD" for t in doc[unit.start:left_end + 1])
            if not scene and (left_end - unit.start + 1 >= min_left
                              or self.tok_quote[left_end] >= 0):
                pieces_tok.append((self._after_colon(unit.start, left_end), left_end + 1))
                trailing = True
            elif parenthetical and content is None and tok.head.i > clause_e and all(
                    t.dep_ in ("advmod", "cc", "intj") and not t.tag_.startswith("VB")
                    for t in doc[unit.start:left_end + 1]):
                # "Still, he said, officials have to decide ...": only a sentence adverb
                # before the cue, so what was said is the sentence after it
                k = clause_e + 1
                if self._has_clause(doc[k].idx, self._tok_end(unit.end - 1)):
                    content = (k, unit.end)
        if content is not None and not trailing:
            pieces_tok.append(content)
        elif trailing:
            # the rest after the cue clause: "..., he said, allowing Moscow to ..."
            j = clause_e
            while j < unit.end and doc[j].dep_ in ("npadvmod", "advmod", "dobj", "dative",
                                                   "prep", "pobj", "det", "compound", "amod",
                                                   "nummod") \
                    and doc[j].text != "," and self._in_subtree(doc[j], tok) \
                    and not doc[j].tag_.startswith("VB"):
                j += 1
            if j + 1 < unit.end and doc[j].text in QUOTE_CHARS and self.tok_quote[j + 1] >= 0:
                # 'told the hosts of "Morning Joe," adding ...': a short quoted title the cue
                # clause names is no quotation going on with the content
                k = j + 1
                while k < unit.end and self.tok_quote[k] == self.tok_quote[j + 1]:
                    k += 1
                words = [t for t in doc[j + 1:k] if not (t.is_punct or t.is_space)]
                if 0 < len(words) <= 4 and all(self._in_subtree(t, tok) for t in words):
                    j = k
                    while j < unit.end and doc[j].text in QUOTE_CHARS:
                        j += 1
            if j < unit.end and doc[j].text in (",", "\u2014", ":") or (
                    j < unit.end and doc[j].text in QUOTE_CHARS):
                k = j + 1
                while k < unit.end and doc[k].text in QUOTE_CHARS | {",", " "}:
                    k += 1
                rest = [t for t in doc[k:unit.end] if not (t.is_punct or t.is_space)]
                starts_quote = any(self.tok_quote[t.i] >= 0 for t in doc[j:k + 1])
                # "..., said the delegate, angered that ..." / "..., he said, looking at ...": a
                # past participle or a participle of what the speaker did tells about the
                # speaker; "..., he said, allowing Moscow to ..." goes on with the content
                narration = (doc[k].lower_ in NARRATION_OPENERS or doc[k].tag_ == "VBN"
                             or doc[k].tag_ == "VBD" and doc[k].dep_ in ("advcl", "ccomp")
                             and doc[k].head.i == tok.i and not any(
                                 c.dep_.startswith("nsubj") and not (
                                     speaker_span[0] <= c.i < speaker_span[1])
                                 for c in doc[k].children)
                             ) and not starts_quote
                # '"It's cut well," he said, just prior to the announcement that ...': after a
                # whole quoted clause, words outside quotation marks are the writer's, unless
                # they go on with its grammar ('"It's our bad luck," he said, that both ...')
                first = next((t for t in doc[unit.start:clause_s]
                              if not (t.is_punct or t.is_space)), None)
                after_quote = first is not None and self.tok_quote[first.i] >= 0 and \
                    self._has_clause(first.idx, doc[clause_s].idx) and \
                    doc[k].lower_ != "that" and doc[k].tag_ not in ("MD", "TO", "VBD", "VBZ",
                                                                    "VBP", "VB", "VBN")
                # "It was, he said, one of the bitterest failures ...", "Ms. Malik had two
                # interviews, officials said, the first by a consular officer ...": a noun
                # phrase that goes on with the content (not a time: "..., he said, a day after")
                noun_rest = len(rest) >= 3 and doc[k].tag_ in (
                    "DT", "PRP$", "JJ", "JJS", "CD", "PDT") and not any(
                        t.lower_ in TIME_WORDS for t in rest[:5])
                if k < unit.end and len(rest) >= 2 and not self._in_subtree(doc[k], subj) and \
                        not narration and (starts_quote or not after_quote and (
                            noun_rest or any(t.tag_.startswith("VB") or t.tag_ == "MD"
                                             for t in rest)
                            and doc[k].lower_ not in ("according", "citing", "adding")
                            and (cue_lemma(doc[k]) is None
                                 or doc[k].tag_ != "VBG"))):
                    end = unit.end
                    if pieces_tok[0][0] > unit.start and doc[pieces_tok[0][0] - 1].text in \
                            DASHES:
                        # '... - "A," he said, "B" - and vowed ...': a quotation set off by
                        # dashes ends at the closing dash
                        end = next((t.i for t in doc[k:unit.end] if t.text in DASHES
                                    and self.tok_quote[t.i] < 0), unit.end)
                    pieces_tok.append((k, end))
        quoted_after = False
        if not pieces_tok:
            # "He said: "..."" — no parsed complement but a colon/comma and a quotation, or a
            # colon and a clause (a text without quotation marks: "The governor added: It's ...")
            colon = clause_e
            # the cue's own modifiers before a colon: 'responded pointedly, with a smile: "..."'
            while colon < min(unit.end, clause_e + 8) and doc[colon].text != ":" and \
                    self.tok_quote[colon] < 0 and not doc[colon].tag_.startswith("VB") and \
                    self._in_subtree(doc[colon], tok):
                colon += 1
            k = colon + 1
            while k < unit.end and (doc[k].text in QUOTE_CHARS or doc[k].is_space):
                k += 1
            if clause_e < colon < unit.end and doc[colon].text == ":" and k < unit.end and \
                    self.tok_quote[k] >= 0 and self._dash_label(colon) is None:
                # (not when a name set off by a dash signs it: 'Pollsters agree - Carl Bialik:')
                clause_e = colon
            j = clause_e
            while j < unit.end and doc[j].text in {",", ":", " "} | QUOTE_CHARS:
                j += 1
            colon_clause = j < unit.end and doc[clause_e].text == ":" and \
                self._has_clause(doc[j].idx, self._tok_end(unit.end - 1))
            if j < unit.end and j > clause_e and (self.tok_quote[j] >= 0 or colon_clause):
                pieces_tok.append((j, unit.end))
                quoted_after = self.tok_quote[j] >= 0
            elif clause_e < unit.end and doc[clause_e].text == ":" and all(
                    t.is_space for t in doc[clause_e + 1:unit.end]):
                # "The governor added:" closing its paragraph: the next paragraph, when it is
                # not a quotation (those are found with the quotations), is what he added
                nxt = [u for u in self.units if u.para == unit.para + 1]
                first = next((t for t in doc[nxt[0].start:nxt[-1].end] if not t.is_space),
                             None) if nxt else None
                if first is not None and self.tok_quote[first.i] < 0 and \
                        first.text not in QUOTE_CHARS and \
                        self._has_clause(first.idx, self._tok_end(nxt[-1].end - 1)):
                    pieces_tok.append((first.i, nxt[-1].end))
        if only_trailing and not trailing and not quoted_after:
            return None  # 'yelled at the referee', but 'yelled, "Out, out, out!"' is speech
        frame.cue_span = (cue_s, cue_e)
        frame.trailing = trailing
        before = next((c for c in children if c.dep_ == "nsubj" and c.i < tok.i), None)
        if subj.i > tok.i and subj.head.i not in (tok.i, subj.i) and before is not None and \
                subj.head.i > subj.right_edge.i:
            # the inverted split cue (_inverted_split_speaker): the reported clause is the
            # subject before the cue and the verb after the speaker's phrase
            k = subj.right_edge.i + 1
            while k < subj.head.i and doc[k].is_punct:
                k += 1
            pieces_tok = [(before.left_edge.i, tok.i - 1), (k, subj.head.right_edge.i + 1)]
        for s, e in pieces_tok:
            p = self._piece(s, e)
            if p is not None:
                frame.pieces.append(p)
        if not frame.pieces:
            if cue.needs is not None and subj.tag_ in ("NN", "NNS") and subj.ent_type_ == "" and \
                    not _personlike_noun(subj.lower_.rstrip("s")) and \
                    self.idx.mention_at(subj.i) is None:
                return None  # "Uses deemed unacceptable ...": nothing deemed, and no one
            frame.emit = False
        return frame

    def _is_person(self, tok: Token) -> bool:
        """Whether ``tok`` names a person: a personal pronoun, a person's name or a noun
        that names one ("the senator")."""
        if tok.lower_ in ("he", "she", "i", "we", "they", "who"):
            return True
        mention = self.idx.mention_at(tok.i)
        if mention is not None and mention.actor is not None:
            return mention.actor.actor_type in ("person", "anonymous")
        return tok.ent_type_ == "PERSON" or _personlike_noun(tok.lower_.rstrip("s"))

    @staticmethod
    def _content_objects(cue: CueVerb, objs: list[Token], person: bool = False) -> list[Token]:
        """The objects that are content, as the cue's lexicon line says: "spoke of a visit"
        (not "spoke at the rally"), "dismissed the claims" (not "dismissed both articles of
        impeachment"), "asked them to leave" (not "asked not to be named"), "she offered an
        olive branch" (not "stores offering the app"; ``person``: the subject is a person)."""
        if cue.objects is not None:
            objs = [o for o in objs if o.dep_ in cue.objects
                    or o.dep_ == "prep" and f"prep:{o.lower_}" in cue.objects]
        if cue.needs == "dobj" and not any(o.dep_ == "dobj" for o in objs):
            return []
        if cue.needs == "named":
            heads = [p for o in objs for p in ([o] if o.dep_ == "dobj" else o.children)
                     if p.dep_ in ("dobj", "pobj")]
            if not any(h.pos_ == "PROPN" or h.lower_ in ("him", "her", "them") or any(
                    c.dep_ == "poss" and c.pos_ == "PROPN" for c in h.children) for h in heads):
                return []
        if cue.needs == "person" and any(o.dep_ == "dobj" and o.lower_ in CUE_NOUNS
                                         for o in objs):
            return []  # "offered a preview of ...": the noun cue gives the statement
        if (cue.needs == "speech" or cue.needs == "person" and not person) and not any(
                o.lower_ in SPEECH_OBJECTS or o.lower_ == "as" for o in objs):
            return []
        return objs

    def _title_case_headline(self, unit: Unit) -> bool:
        """The text's first sentence, written in title case ("Clinton Says Russians Hacked
        DNC"): a headline, whose parse is unreliable."""
        if not self.units or unit is not self.units[0]:
            return False
        words = [t for t in self.doc[unit.start:unit.end] if t.is_alpha]
        # (the body's case: the parser read the headline's common words in lower case)
        return len(words) >= 4 and sum(self.body[t.idx].isupper() for t in words) >= \
            0.8 * len(words)

    def _after_colon(self, start: int, last: int) -> int:
        """Where a trailing cue's content starts when the sentence before it ends in a
        quotation a colon or a dash opens: at the quotation ('Trump asserted that France had
        lost its identity: "France is no longer France," he claimed.', 'Clinton suggested that
        the plan was unserious - "Again, we need to get into the details," she said - and
        ...'); what comes before the colon or dash is another statement, or the writer's."""
        qi = self.tok_quote[last]
        if qi < 0:
            return start
        j = self._tok_at(self.quotes[qi].open_mark) - 1
        while j > start and (self.doc[j].is_space or self.doc[j].text in QUOTE_CHARS):
            j -= 1  # (a twin mark '' is a token of its own before the quotation's first word)
        return j + 1 if j > start and self.doc[j].text in (":", *DASHES) else start

    def _in_subtree(self, tok: Token, root: Token) -> bool:
        return root.left_edge.i <= tok.i <= root.right_edge.i and any(
            a.i == root.i for a in [tok, *tok.ancestors])

    def _before_is_break(self, i: int, cue: Token, parenthetical: bool = False) -> bool:
        """Whether token ``i`` (just before the cue clause) ends reported content: a comma,
        dash or closing quote that does not close an introductory phrase of the cue verb
        ("Speaking to reporters Friday, Blinken said ..."). In a ``parenthetical`` cue, set
        off by commas, a subordinate clause with its own subject before it is content the
        parser hung on the cue: "After the court approved the law, Hebert said, most ..."."""
        doc = self.doc
        t = doc[i]
        # (past closing marks: "them,'''" closes a quotation in '' and the one inside it)
        k = i
        while k > 0 and (doc[k].text in CLOSING_MARKS or doc[k].is_punct and k < i) and \
                self.tok_quote[k] < 0:
            k -= 1
        if t.text not in (",", "\u2014", "--") and not (
                t.text in CLOSING_MARKS and k < i and self.tok_quote[k] >= 0):
            return False
        j = i - 1
        while j >= 0 and (doc[j].is_punct or doc[j].text in QUOTE_CHARS):
            j -= 1
        if j < 0:
            return False
        if self.tok_quote[j] >= 0:
            return True
        prev = doc[j]
        if cue_lemma(prev) is not None and prev.tag_.startswith("VB") and any(
                c.dep_ == "nsubj" and c.i < prev.i and c.left_edge.i > 0
                and doc[c.left_edge.i - 1].text == "," for c in prev.children):
            return False  # "If X, he said, he would consider ...": a cue set off, not content
        if any(c.dep_ in ("ccomp", "parataxis") and c.i < i for c in cue.children):
            return True  # "You can safely expect ..., he said"
        if parenthetical and (cue.dep_ == "parataxis" or cue.dep_ == "advcl" and not any(
                c.dep_ == "mark" or c.tag_ == "WRB" for c in cue.children)) and \
                cue.head.i > cue.i:
            # "At times last year, people close to him said, the mere mention of ...": a cue
            # set off inside the sentence it reports; the phrase before it opens that sentence
            # (the parser may take the cue for an adverbial clause: "Instead, Trump told CNN,")
            return True
        if cue.dep_ in ("advcl", "ccomp", "conj", "parataxis") and cue.head.i < i and \
                self._ends_sentence(cue):
            # "The Internet has made it possible for ..., she said": the parser hung the cue
            # on the verb of the content before it
            return True
        # find the child of the cue verb that dominates prev (if any)
        node = prev
        while node.head.i != node.i and node.head.i != cue.i:
            node = node.head
        if node.head.i != cue.i:
            return True  # not in the cue's subtree: the cue is parenthetical
        if node.dep_ == "advcl" and node.i < cue.i and any(
                c.dep_.startswith("nsubj") for c in node.children) and any(
                c.dep_ == "mark" for c in node.children) and (parenthetical or any(
                t.dep_.startswith("nsubj") and t.head.i != node.i
                for t in doc[node.i:i]) and self._ends_sentence(cue)):
            # "As Trump prepared to speak, a girl was pepper-sprayed, police said": a clause
            # of its own after the subordinate one
            return True
        if node.dep_ == "nsubj" and any(c.dep_ == "nsubj" and c.i > cue.i
                                        for c in cue.children):
            return True  # '... for the EU, said Geert Wilders': a second subject, the content
        return node.dep_ in ("ccomp", "xcomp", "dep", "parataxis", "conj", "csubj", "dobj",
                             "punct")

    def _ends_sentence(self, cue: Token) -> bool:
        """Whether nothing but the cue's subject and punctuation follows the cue verb."""
        subj = {t.i for c in cue.children if c.dep_.startswith("nsubj") for t in c.subtree}
        return all(t.is_punct or t.is_space or t.i in subj or t.dep_ in ("aux", "neg", "prt")
                   for t in self.doc[cue.i + 1:cue.sent.end])

    def _colon_frame(self, tok: Token) -> Frame | None:
        """A speaker label and a colon opening a paragraph: the headline style "Marco Rubio:
        I'm Not Interested In Being Vice President" (the rest of the sentence is what they
        said) and the transcript style "TRUMP: The deaths of ..." (the rest of the
        paragraph). The label is a known person or organisation, or capitals only, and has
        no verb."""
        doc = self.doc
        ui = self.tok_unit[tok.i]
        unit = self.units[ui]
        if ui > 0 and self.units[ui - 1].para == unit.para:
            return None  # not the paragraph's first sentence
        label = [t for t in doc[unit.start:tok.i] if not t.is_space]
        quoted = self.tok_quote[tok.i] >= 0
        if quoted:  # a transcript quoted paragraph by paragraph: '"PENCE: Well, look, ...'
            if not label or label[0].text not in QUOTE_CHARS:
                return None
            label = label[1:]
        if not label or len(label) > 6 or any(
                t.tag_.startswith("VB") or t.tag_ == "MD" or t.is_punct and t.text != "."
                for t in label):
            return None
        words = [t for t in label if t.is_alpha]
        transcript = bool(words) and all(t.is_upper for t in words) and (
            len(words) > 1 or len(words[0].text) > 1)  # "TRUMP:", not "Q:" or "A:"
        if not transcript and ui == 0 and not quoted:
            # the headline "Clinton to Planned Parenthood: ...", "Former AG Mukasey at RNC:
            # ...": a name, then to whom, where or about what
            j = next((j for j, t in enumerate(label) if j >= 1 and t.tag_ in ("IN", "TO")),
                     None)
            m = self.idx.mention_at(label[j - 1].i) if j is not None else None
            if m is not None and m.actor is not None and \
                    m.actor.actor_type in ("person", "organization") and \
                    m.start_tok <= label[0].i + 2 and m.end_tok == label[j - 1].i + 1 or \
                    j is not None and j <= 3 and self._story_names_person(label[j - 1]):
                label = label[:j]
                words = [t for t in label if t.is_alpha]
        mention = self.idx.mention_at(label[-1].i)
        named = mention is not None and mention.actor is not None and \
            mention.actor.actor_type in ("person", "organization") and \
            mention.start_tok <= label[0].i + 2
        if not (transcript or named) and ui == 0 and len(words) == len(label) and \
                all(t.text[:1].isupper() for t in words) and (
                    words[-1].lower_ in HEADLINE_LABEL_SOURCES
                    or self._story_names_person(words[-1])):
            # the headline "Sanders: Clinton needs to ..." (title case hides the name from
            # the NER; the story names Bernie Sanders), "Poll: Clinton and Trump in dead heat"
            named = True
        if not (transcript or named) or quoted and not transcript:
            return None
        end = unit.end
        if transcript or ui == 0:  # (the headline: the segmenter may cut it at the colon)
            while end < len(doc) and self.tok_unit[end] < len(self.units) and \
                    self.units[self.tok_unit[end]].para == unit.para:
                end += 1
        if end - tok.i < 4:
            return None
        head = label[-1]
        frame = Frame(tok.i, (tok.i, tok.i + 1), head.i, (label[0].i, label[-1].i + 1))
        frame.transcript = transcript
        p = self._piece(tok.i + 1, end)
        if p is None:
            return None
        frame.pieces.append(p)
        return frame

    def _story_names_person(self, word: Token) -> bool:
        """Whether ``word`` is a word of the name of a person the story names: a title-case
        headline's "Sanders" when the story names Bernie Sanders."""
        low = word.text.casefold()
        return any(a.actor_type == "person" and low in a.name.casefold().split()
                   for a in self.idx.actors)

    def _noun_frame(self, tok: Token) -> Frame | None:
        """A noun cue with its holder ("Mr. Trump's assertion that ...", "his support for
        ...", "calls from Democrats for ..."): the content is the that-clause, infinitive,
        question or prepositional object that cue_nouns.tsv lists for the noun."""
        doc = self.doc
        intro = CUE_NOUNS[tok.lower_]
        holder = None
        for c in tok.children:
            if c.dep_ == "poss" and c.i < tok.i and c.lower_ not in ("its", "whose"):
                holder = c
            elif c.dep_ == "prep" and c.lower_ in ("by", "from") and c.i > tok.i \
                    and holder is None:
                objs = [p for p in c.children if p.dep_ == "pobj"]
                if objs and (objs[0].ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                             or objs[0].pos_ == "PROPN" or _personlike_noun(objs[0].lower_)):
                    holder = objs[0]
        if holder is not None and holder.lower_ in ("his", "her", "their"):
            holder = self._possessor_subject(tok, holder)
        cue_s = tok.i
        if holder is None and tok.dep_ == "dobj" and tok.head.lower_ in LIGHT_VERBS and not (
                tok.head.lower_ in ("have", "has", "had", "having")
                and tok.lower_ in HELD_BY_OBJECT):
            # "Sanders voiced support for ...": the light verb's subject holds the noun cue
            holder, _ = self._subject(tok.head)
            if holder is not None and (holder.lower_ in NONPERSON_SPEAKERS
                                       or holder.lower_ in RELATIVE):
                holder = None
            cue_s = tok.head.i
        if holder is None and tok.lower_ in BEARER_NOUNS:
            # "Rhonda Hughes is a fervent supporter of Trump", "Schlafly, a critic of ...": the
            # one the noun describes holds the stance
            if tok.dep_ == "attr" and tok.head.lemma_ in ("be", "remain", "become") or \
                    tok.head.lower_ in COPULAS:
                holder = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            elif tok.dep_ == "appos" and tok.head.pos_ in ("PROPN", "NOUN"):
                holder = tok.head
            if holder is not None and (holder.lower_ in RELATIVE or holder.pos_ == "PRON"
                                       and holder.lower_ in ("it", "this", "that")):
                holder = None
            cue_s = tok.i
        if holder is None and tok.dep_ == "pobj" and tok.head.lower_ in ("with", "in") and \
                tok.head.head.pos_ in ("VERB", "AUX") and cue_lemma(tok.head.head) is None:
            # "Ms. Warren roused the crowd with criticism of ...", "Sen. Graham has come out in
            # support of Cruz": the subject of the verb the noun is the means or manner of holds it
            # (not of a cue verb: "In a statement on its channel, the group said ...")
            holder, _ = self._subject(tok.head.head)
            if holder is not None and (holder.lower_ in NONPERSON_SPEAKERS
                                       or holder.lower_ in RELATIVE):
                holder = None
        if holder is None:
            return self._holderless_noun_frame(tok, intro)
        content, cue_e = self._introduced_content(tok, intro)
        if content is None and cue_s != tok.i:
            # "took a swipe at Bush": the parser hung the noun's preposition on the verb
            prep = next((c for c in tok.head.children if c.dep_ == "prep" and c.i > tok.i
                         and c.lower_ in intro and c.lower_ not in ("that", "to")), None)
            objs = [p for p in prep.children if p.dep_ in ("pobj", "pcomp")] if prep else []
            # (and its that-clause: "has been making the case for weeks that Rubio isn't ...")
            that = next((c for c in tok.head.children if c.dep_ == "ccomp" and c.i > tok.i
                         and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)),
                        None) if "that" in intro else None
            if that is not None:
                content = (that.left_edge.i, that.right_edge.i + 1)
            elif objs:
                content = (objs[0].left_edge.i, max(o.right_edge.i for o in objs) + 1)
                cue_e = prep.i + 1
        # (one word only when it names someone: "Trump's attacks on Curiel", not "on it")
        if content is None or content[1] - content[0] < 2 and not (
                doc[content[0]].ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                or doc[content[0]].lower_ in ("him", "her", "them")):
            return None
        frame = Frame(tok.i, (cue_s, cue_e), holder.i, self._holder_span(holder))
        p = self._piece(*content)
        if p is None:
            return None
        frame.pieces.append(p)
        return frame

    def _received_frame(self, tok: Token) -> Frame | None:
        """A stance someone is given ("Mr. Cruz won the endorsement of Bob Vander Plaats",
        "Clinton has the support of women", "the program is facing criticism from
        environmentalists"): the one named after "of", "from" or "by" holds it, and the
        receiving verb's subject is what it is about."""
        doc = self.doc
        giver = prep = None
        for c in tok.children:
            if c.dep_ == "prep" and c.i > tok.i and c.lower_ in ("of", "from", "by"):
                obj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if obj is not None and (obj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                                        or obj.pos_ == "PROPN" or self._is_person(obj)
                                        or any(a.dep_ == "appos" and a.ent_type_ == "PERSON"
                                               for a in obj.children)):
                    giver, prep = obj, c
                break
        if giver is None:
            return None
        subj, _ = self._subject(tok.head)
        if subj is None or subj.i > tok.i or subj.lower_ in RELATIVE or \
                subj.lower_ in THING_PRONOUNS | {"there"} or _first_second(subj):
            return None
        # the subject as written, without an aside: "Mr. Cruz, a Texas senator,"; but the
        # noun's own that-clause when it has one ("faced criticism from rivals that ...")
        s, e = subj.left_edge.i, subj.right_edge.i + 1
        e = next((k for k in range(subj.i + 1, e) if doc[k].text == ","), e)
        that = next((c for c in list(tok.children) + list(giver.children)
                     if c.dep_ in ("acl", "ccomp", "relcl") and c.i > giver.i and any(
                         g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
        if that is not None:
            s, e = that.left_edge.i, that.right_edge.i + 1
        p = self._piece(s, e)
        if p is None:
            return None
        frame = Frame(tok.i, (tok.i, prep.i + 1), giver.i, self._speaker_span(giver))
        frame.pieces.append(p)
        return frame

    def _holderless_noun_frame(self, tok: Token, intro: frozenset[str]) -> Frame | None:
        """A noun cue no one is named to hold, with a that-clause: "revelations that Mr.
        Clinton had a relationship ...", "amid suggestions that his story ...", "The hope has
        been that ...". What was said, without a speaker."""
        if "that" not in intro:
            return None
        content, cue_e = self._introduced_content(tok, frozenset({"that"}))
        if content is None or content[1] - content[0] < 4:
            return None
        verb = tok.head.head if tok.dep_ == "pobj" else tok.head
        if verb.pos_ in ("VERB", "AUX") and any(
                c.dep_ == "nsubj" and (c.pos_ in ("PROPN", "PRON") or self._is_person(c))
                for c in verb.children):
            # "Christie bristled at the suggestion that ...": the noun is what someone
            # named did something about; whose suggestion it was, the sentence does not say
            # (and PolNeAR gives it to Christie), so no statement rather than a doubtful one
            return None
        p = self._piece(*content)
        if p is None:
            return None
        frame = Frame(tok.i, (tok.i, cue_e), None, None)
        frame.pieces.append(p)
        return frame

    def _holder_span(self, holder: Token) -> tuple[int, int]:
        """The speaker span of a possessor: "Mr. Trump's" is Mr. Trump."""
        s, e = self._speaker_span(holder)
        while e > s + 1 and self.doc[e - 1].dep_ == "case":
            e -= 1
        return s, e

    def _possessor_subject(self, noun: Token, poss: Token) -> Token:
        """The subject of the clause whose object a noun cue is, when its possessive pronoun
        stands for it: "He has stepped up his attacks on Clinton's positions", "Latino
        Republicans have been unsparing in their criticism of Mr. Cruz". The speaker is the
        subject, not the pronoun."""
        node = noun
        while node.dep_ in ("pobj", "prep") and node.head.i != node.i:
            node = node.head
        if node is noun and noun.dep_ != "dobj":
            return poss
        verb = node.head
        while verb.pos_ == "ADJ" and verb.dep_ in ("acomp", "amod") and verb.head.i != verb.i:
            verb = verb.head  # "have been unsparing in their criticism"
        if not verb.tag_.startswith("VB"):
            return poss
        subj, _ = self._subject(verb)
        if subj is None or subj.i > noun.i:
            return poss
        plural = subj.tag_ in ("NNS", "NNPS") or subj.lower_ in ("they", "we") or any(
            c.dep_ == "conj" for c in subj.children)
        agrees = subj.lower_ == POSSESSIVE_SUBJECT[poss.lower_] or (
            subj.pos_ in ("PROPN", "NOUN") and plural == (poss.lower_ == "their"))
        return subj if agrees else poss

    def _in_poll_frame(self, tok: Token) -> Frame | None:
        """"In an early-October CBS News poll, she led Mr. Sanders 56 percent to 32 percent":
        a poll that opens the sentence is the source of what follows, as with "according to a
        new poll"; so is one poll that closes it ("Cruz had 38 percent support in a Fox
        poll"), but not "the polls" in general."""
        doc = self.doc
        unit = self.units[self.tok_unit[tok.i]]
        first = next((t for t in doc[unit.start:tok.i + 1] if not t.is_space), tok)
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.lower_ not in POLL_WORDS:
            return None
        trailing = first.i != tok.i
        if trailing:
            end = pobj.right_edge.i + 1
            while end < unit.end and (doc[end].is_punct or doc[end].is_space):
                end += 1
            rest = doc[pobj.right_edge.i + 1:unit.end]
            if end < unit.end and (
                    all(t.ent_type_ in ("DATE", "TIME") or t.is_punct or t.is_space
                        for t in rest)
                    or rest[0].text == "," and not any(
                        t.tag_.startswith("VB") or t.tag_ == "MD" for t in rest)):
                # "... in an NBC News/Marist poll Jan. 17-23", "... in the same poll, a
                # 52-point swing": when it was taken, or a verbless aside on the finding
                end = unit.end
            root = next((a for a in tok.ancestors if a.dep_ == "ROOT"), None)
            if end < unit.end or pobj.lower_ not in ("poll", "survey", "average") or \
                    root is None or \
                    not root.tag_.startswith("VB") or cue_lemma(root) is not None or \
                    not any(c.dep_ == "nsubj" and c.i < tok.i for c in root.children):
                return None
            piece = self._piece(unit.start, tok.i)
        else:
            comma = pobj.right_edge.i + 1
            if comma >= unit.end or doc[comma].text != "," or cue_lemma(tok.head) is not None:
                return None  # (also "In the poll, 60 percent said ...": they said it)
            piece = self._piece(comma + 1, unit.end)
        if piece is None or not self._has_clause(*piece):
            return None
        frame = Frame(tok.i, (tok.i, tok.i + 1), pobj.i, (pobj.left_edge.i, pobj.i + 1))
        frame.pieces.append(piece)
        frame.trailing = trailing
        return frame

    def _in_view_frame(self, tok: Token) -> Frame | None:
        """"In Ash's view, the change would have a profound impact ...", "..., in my view,
        ...": the sentence around the phrase is the holder's view, as with "according to"."""
        doc = self.doc
        unit = self.units[self.tok_unit[tok.i]]
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.lower_ not in VIEW_NOUNS:
            return None
        holder = next((c for c in pobj.children if c.dep_ == "poss" and c.lower_ != "its"), None)
        if holder is None or holder.lower_ in RELATIVE or pobj.right_edge.i != pobj.i:
            return None
        before = tok.i - 1
        while before >= unit.start and doc[before].is_space:
            before -= 1
        after = pobj.i + 1
        opens = before < unit.start or doc[before].lower_ in ("and", "but", "so", "yet")
        if not (opens or doc[before].text == ",") or after >= unit.end or \
                doc[after].text not in (",", ".", ";"):
            return None  # set off by commas, or opening the sentence
        left = before if not opens else unit.start
        right = after + 1 if doc[after].text == "," else unit.end
        spans = [(s, e) for s, e in ((unit.start, left), (right, unit.end)) if e > s]
        pieces = [p for p in (self._piece(s, e) for s, e in spans) if p is not None]
        if not pieces or not any(self._has_clause(*p) for p in pieces):
            return None
        frame = Frame(pobj.i, (tok.i, pobj.i + 1), holder.i, self._holder_span(holder))
        frame.pieces = pieces
        frame.trailing = not opens
        return frame

    def _to_holder_frame(self, tok: Token) -> Frame | None:
        """"To Sexton, Tuesday marked a turning point", "To many, Santilli is a provocateur":
        a sentence opened by "to" and people, set off by a comma, is their view. (Not "for":
        "For Trump, 38 % of likely voters would be scared" is about him, not his view.)"""
        doc = self.doc
        unit = self.units[self.tok_unit[tok.i]]
        k = unit.start
        while k < tok.i and (doc[k].is_space or doc[k].lower_ in ("but", "and", "yet", "so")):
            k += 1
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if k != tok.i or pobj is None:
            return None
        after = pobj.right_edge.i + 1
        if after >= unit.end or doc[after].text != "," or pobj.lower_ in ("person", "extent"):
            return None  # ("To a person, they ...", "To the extent she talks about it, ...")
        if not (self._is_person(pobj) and pobj.lower_ not in ("i", "we", "who")
                or pobj.ent_type_ in ("PERSON", "NORP") or pobj.lower_ in PEOPLE_QUANTIFIERS):
            return None
        p = self._piece(after + 1, unit.end)
        if p is None or not self._has_clause(*p):
            return None
        frame = Frame(pobj.i, (tok.i, tok.i + 1), pobj.i, self._speaker_span(pobj))
        frame.pieces.append(p)
        return frame

    def _as_put_it_frame(self, tok: Token) -> Frame | None:
        """"As Professor Foner put it: ..." / "..., as one senator put it.": the clause the
        as-clause modifies is what the speaker said."""
        if not any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children):
            return None
        return self._as_clause_frame(tok, (tok.i, tok.i + 2))

    def _as_clause_frame(self, tok: Token, cue_span: tuple[int, int]) -> Frame | None:
        """An as-clause of a reporting verb: the clause it modifies is the content ("The
        economy, as the senator noted, is growing" / "As one user pointed out, the gap ...").
        The pieces on either side of the as-clause that hold the modified verb or one of its
        dependents ("Hawaii, as an adviser pointed out, normally does not get ...")."""
        doc = self.doc
        kids = list(tok.children)
        if tok.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in kids) \
                or any(c.dep_ == "neg" for c in kids):
            return None
        subj = next((c for c in kids if c.dep_ == "nsubj"), None)
        agent = next((c for c in kids if c.dep_ == "agent"), None)
        if subj is None and agent is not None and tok.tag_ == "VBN" and \
                tok.lower_ != "known":  # (not "as he's affectionately known by his grandchildren")
            # "As reported by Western Journalism, investigators found ...": the agent
            subj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            cue_span = (cue_span[0], max(cue_span[1], agent.i + 1))
        if subj is None or subj.lower_ in ("it", "that", "this", "there") or \
                _first_second(subj):
            # "as it turned out" tells no speaker; "as you pointed out" is said to someone,
            # inside someone else's speech
            return None
        unit = self.units[self.tok_unit[tok.i]]
        head = tok.head
        left, right = tok.left_edge.i, tok.right_edge.i + 1
        if head.pos_ not in ("VERB", "AUX") or left >= 2 and doc[left - 2].lower_ == "as":
            return None  # "working as long as they like": a comparison, not a source
        while right < unit.end and doc[right].is_punct and doc[right].text not in QUOTE_CHARS:
            right += 1

        def holds_clause(s: int, e: int) -> bool:
            return e - s >= 1 and any(
                t.i == head.i or t.head.i == head.i and t.dep_ not in ("punct", "cc", "mark")
                for t in doc[s:e])

        spans = [(s, e) for s, e in ((unit.start, left), (right, unit.end)) if holds_clause(s, e)]
        if sum(e - s for s, e in spans) < 3:
            return None
        frame = Frame(tok.i, cue_span, subj.i, self._speaker_span(subj))
        frame.pieces = [p for p in (self._piece(s, e) for s, e in spans) if p is not None]
        return frame if frame.pieces else None

    def _dash_frame(self, tok: Token, closing: bool = False) -> Frame | None:
        """A quotation signed with a dash and a name: '"Maybe we can build a wall around
        him." ― Steve Quinlan' (pull quotes, readers' comments, epigraphs). The name is a
        known person or organisation, or two or more proper nouns."""
        doc = self.doc
        marks = "".join(QUOTE_CHARS)
        dash = tok.idx + len(tok.text) - 1
        # only white space (a no-break space too: '..."\xa0― Karen') and quote marks between
        before = [q for q in self.quotes if q.end <= dash
                  and not self.body[q.end:dash].strip().strip(marks).strip()]
        if not before or self._words(before[-1].start, before[-1].end) < 2:
            return None
        j = tok.i + 1
        while j < len(doc) and doc[j].is_space:  # "―\xa0Jorge Falcon"
            j += 1
        m = self.idx.mention_at(j) if j < len(doc) else None
        if m is not None and m.start_tok == j and m.actor is not None and \
                m.actor.actor_type in ("person", "organization"):
            end = m.end_tok
        else:
            end = j
            while end < len(doc) and doc[end].pos_ == "PROPN" and end - j < 5:
                end += 1
            if end - j < (1 if closing else 2):
                return None  # (one name will do where it closes the sentence: "- Sanders.")
        q = before[-1]
        if closing and not (self.body[q.start:q.end].rstrip(marks + " ").endswith(
                (".", "?", "!")) and (end >= len(doc) or doc[end].text in (".", ",")
                                      or doc[end].is_space)):
            return None
        frame = Frame(tok.i, (tok.i, tok.i + 1), end - 1, (j, end))
        frame.pieces.append((q.start, self._trim_end(q.start, q.end)))
        return frame

    def _according(self, tok: Token) -> Frame | None:
        doc = self.doc
        to = doc[tok.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"]
        misread = None  # "according to show insiders": the parser made "show" a verb
        if not objs:
            misread = next((c for c in to.children if c.dep_ == "pcomp" and c.i == to.i + 1), None)
            objs = [d for d in misread.children if d.dep_ == "dobj"] if misread is not None else []
        if not objs:
            return None
        obj = objs[0]
        if obj.lower_ in ACCORDING_TO_DOCUMENTS:
            # "according to LSEG data", "according to data published by X": the source
            source = None
            for t in obj.subtree:
                if t.i < obj.i and t.dep_ in ("compound", "poss") and (t.ent_type_ in (
                        "ORG", "PERSON", "GPE", "NORP") or t.pos_ == "PROPN" and t.is_upper):
                    source = t
                if t.dep_ == "pobj" and t.head.lower_ == "by" and source is None:
                    source = t
            if source is not None:
                obj = source
            # else the document is the source: "according to a new poll, ..." says what the
            # poll found, as "the poll showed that ..." does
        unit = self.units[self.tok_unit[tok.i]]
        sp = self._speaker_span(obj)
        if misread is not None:
            sp = (min(sp[0], misread.i), sp[1])
        phrase_s = tok.i
        phrase_e = max(obj.right_edge.i + 1, sp[1])
        if phrase_s == unit.start and unit.end - phrase_e < 3:
            # "According to X, the move reeks of ...": the parser hung the whole sentence on
            # X; the phrase ends at its comma
            comma = next((t.i for t in doc[obj.i:phrase_e] if t.text == ","), None)
            if comma is not None and comma >= sp[1]:
                phrase_e = comma
        frame = Frame(tok.i, (tok.i, tok.i + 2), obj.i, sp)
        left = self._piece(unit.start, phrase_s)
        right = self._piece(phrase_e, unit.end)
        left_ok = left is not None and phrase_s - unit.start >= 3
        right_ok = right is not None and unit.end - phrase_e >= 3
        if left_ok:
            frame.pieces.append(left)
            k = phrase_e
            while k < unit.end and doc[k].is_punct:
                k += 1
            if right_ok and k < unit.end and doc[k].pos_ not in ("ADP", "SCONJ", "CCONJ") \
                    and doc[k].lower_ not in RELATIVE:
                frame.pieces.append(right)
        elif right_ok:
            frame.pieces.append(right)
        if not frame.pieces:
            frame.emit = False
        return frame

    # -- statements -----------------------------------------------------------------------
    def find(self) -> list[Found]:
        frames = self.frames()
        emitting = [f for f in frames if f.emit]
        # speech that said nothing in its own sentence ("Dianne Bystrom agreed."): the
        # quotation that opens the next sentence is what was said
        silent = [f for f in frames if not f.emit and not f.event and not f.ends_turn
                  and f.speaker_head is not None]
        # quotes decide piece extent and kind
        found: list[Found] = []
        for f in emitting:
            for s, e in f.pieces:
                # (a transcript's turn is its paragraph, whatever quotation marks it opens)
                s2, e2, kind, _ = (s, e, "direct", []) if f.transcript else \
                    self._quote_adjust(s, e)
                unit = self.tok_unit[f.cue]
                found.append(Found(s2, e2, kind, f, unit, self.units[unit].para, "frame"))
        # nested frames: a cue inside another statement's content is part of that content,
        # unless it opens a clause of its own after a comma (", while X said ...",
        # ", accusing Beijing of ..."): then the outer content ends at that comma
        keep = []
        for x in found:
            cue_c = self.doc[x.frame.cue].idx
            # (what no one named is reported to have said keeps the statements in it: "The
            # union, which endorsed Clinton, is widely regarded as ...")
            outer = [y for y in found if y is not x and y.start <= cue_c < y.end
                     and not self._in_unsourced_subject(x, y)]
            if not outer:
                keep.append(x)
                continue
            after = self._after_trailing_cue(x, outer)
            if after is not None:
                # "In Seattle, marchers honored ..., KING-TV reported, while in Chicago the
                # parade began ..., the Chicago Sun-Times reported": two reports, one after the
                # other; the second starts after the first one's cue
                for y in outer:
                    y.start = after
                keep.append(x)
                continue
            cut = self._clause_break(x.frame)
            # "Analysts had expected revenue of ..., according to LSEG data": each cue sits in
            # the other's content; the source given after the comma holds the whole sentence
            mutual = self.doc[x.frame.cue].lower_ == "according" and all(
                y.frame is not None and x.start <= self.doc[y.frame.cue].idx < x.end
                for y in outer)
            if cut is None or not mutual and any(
                    y.frame is None or y.frame.trailing or y.start >= cut
                    or not self._enough_before(y, cut) for y in outer):
                continue
            for y in outer:
                y.end = self._trim_end(y.start, min(y.end, cut))
            keep.append(x)
        found = self._join_turns(self._dedupe([x for x in keep if x.end > x.start]))
        claimed: set[int] = set()  # the quotations a statement took whole, or finished
        for x in found:
            if x.kind in ("direct", "mixed"):
                claimed.update(self._quotes_in(x.start, x.end))
        # frames that emitted nothing still count for pronoun salience, unless they sit inside
        # someone else's statement ("Renner had asked her to ...")
        spans = [(x.start, x.end) for x in found]
        self.event_frames = [
            f for f in frames if not f.emit and not any(
                a <= self.doc[f.cue].idx < b for a, b in spans)
        ] + [x.frame for x in found]
        # floating quotes
        found.sort(key=lambda x: x.start)
        found = self._floating(found, claimed, silent)
        # the frames of quotations after a colon (_colon_introduced) are resolved with the rest
        known = {id(f) for f in self.event_frames}
        self.event_frames += [x.frame for x in found
                              if x.frame is not None and id(x.frame) not in known]
        if not self.quoted_mode:
            found = self._continuations(found)
        found = self._join_turns(found)
        relays = self._relays(emitting, found)
        self.event_frames += [x.frame for x in relays if x.frame is not None]
        return sorted(found + relays, key=lambda x: (x.start, x.end))

    def _relays(self, emitting: list[Frame], found: list[Found]) -> list[Found]:
        """'"...," Walker said, according to an Associated Press account': the account relays
        the quotation and who said it. Walker's statement stays; the account's is one more, its
        content the quotation with its cue (PolNeAR annotates both). Added last, so it neither
        claims the quotation nor takes the quotations that go on after it."""
        out = []
        for f in emitting:
            if self.doc[f.cue].lower_ != "according" or not f.pieces:
                continue
            s, e = f.pieces[0]
            # (a statement whose cue comes after its content: '"...," he told advisers')
            inner = [x for x in found if x.frame is not None and x.start < e and
                     x.end <= self.doc[x.frame.cue].idx and s <= self.doc[x.frame.cue].idx < e]
            if inner and not any(x.frame is f for x in found):
                x = inner[-1]
                out.append(Found(min(x.start, s), e, "mixed", f, x.unit, x.para, "frame"))
        return out

    def _join_turns(self, found: list[Found]) -> list[Found]:
        """One speaker's turn, one statement: the pieces one cue frame reports in one sentence
        (a split cue, "Beijing was trying, Blinken said, to covertly help Russia", or the
        second half of a split quote, '"A," he said, "B."'), and a floating quote or a
        continuation sentence that goes on quoting the statement just before it, join that
        statement, whose content then runs over both (the cue or the quote marks between
        included). Only when nothing else was said in between, at most one paragraph on: an
        interview's later answers stay their own. Runs twice: on the frames' pieces (so the
        quotes a joined statement covers are claimed), then with the floating quotes and
        continuations."""
        found = sorted(found, key=lambda x: (x.start, x.end))
        into: dict[int, Found] = {}  # id of a joined statement -> the one it joined
        out: list[Found] = []
        for x in found:
            target = None
            if x.source in ("frame", "quote") and x.frame is not None:
                same = [y for y in out if y.frame is x.frame and y.unit == x.unit]
                target = same[-1] if same else None
            elif x.source in ("quote", "continuation") and x.follows is not None:
                p = into.get(id(x.follows), x.follows)
                last = out[-1] if out else None
                # '"A," said Caddell, speaking of her health. "B."': the statement before only
                # goes on with A's cue sentence, so what follows either is still A's turn
                turn = out[-2] if len(out) >= 2 and self._goes_on(out[-2], last) else last
                if last is not None and (p is last or p is turn) and \
                        x.para - turn.para <= 1 and turn.end <= x.start and \
                        not self._introduced_apart(turn.end, x.start) and \
                        turn.kind in ("direct", "direct_unquoted", "mixed") and not (
                            turn.frame is not None and turn.frame.ends_turn):
                    target = turn
            if target is None:
                out.append(x)
                continue
            target.start, target.end = min(target.start, x.start), max(target.end, x.end)
            if target.kind != x.kind and "direct_unquoted" not in (target.kind, x.kind):
                target.kind = "mixed"
            into[id(x)] = target
        for x in out:
            while x.follows is not None and id(x.follows) in into:
                x.follows = into[id(x.follows)]
        return out

    def _introduced_apart(self, end: int, start: int) -> bool:
        """The words between a statement and a quotation after it introduce that quotation as
        a speech act of its own: they end in a colon or a comma ('Then, later that month on
        CNN: "...', 'Sanders shot back, "...', 'Adding, "...'). PolNeAR annotates those as
        separate attributions (train: 12 of 13 after a colon, 10 of 17 after a comma)."""
        bare = self.body[end:start].rstrip("".join(QUOTE_CHARS) + " \n\t\u00a0")
        words = bare.lstrip("".join(QUOTE_CHARS) + " ,.?!\n")
        return bare.endswith((":", ",")) and bool(words)

    def _goes_on(self, turn: Found, after: Found) -> bool:
        """``after`` only goes on with the cue sentence of the quotation ``turn``: its cue
        is in that sentence, after the quotation's ('"A," DuVernay said, emphasizing why
        ...', '"A," Mr. Trump said in a documentary that showed off ...'), so a quotation
        after both still continues ``turn``."""
        a, b = turn.frame, after.frame
        return a is not None and b is not None and a.speaker_head is not None and \
            turn.unit == after.unit and \
            turn.kind == "direct" and after.kind == "indirect" and \
            turn.end <= self.doc[a.cue].idx < self.doc[b.cue].idx

    def _has_clause(self, start: int, end: int) -> bool:
        """At least three words and a verb between two offsets."""
        i = self._tok_at(start)
        n, verb = 0, False
        while i < len(self.doc) and self.doc[i].idx < end:
            t = self.doc[i]
            if not t.is_punct:
                n += 1
            verb = verb or t.tag_.startswith("VB") or t.tag_ == "MD"
            i += 1
        return n >= 3 and verb

    def _enough_before(self, outer: Found, cut: int) -> bool:
        """Whether the outer content keeps a statement of its own when cut at `cut`: a clause,
        or, before a new subject's "while"/"but", any words of an object ("preferred Clinton
        while 6 in 10 men backed Sanders")."""
        if self._has_clause(outer.start, cut):
            return True
        assert outer.frame is not None
        opener = self.body[cut:].lstrip(",;\u2014 ").split(maxsplit=1)[0].lower() \
            in SUBJECT_CLAUSE_OPENERS
        return opener and self.doc[outer.frame.cue].idx < outer.start \
            and self._words(outer.start, cut) > 0

    def _after_trailing_cue(self, x: Found, outer: list[Found]) -> int | None:
        """Where what the outer statements report starts when ``x`` ends in its cue inside them
        and each of them ends in a cue of its own after it: past x's cue clause ("KING-TV
        reported on Friday,") and a conjunction opening the next clause ("while", "and",
        "but"); None unless a clause follows."""
        doc, fr = self.doc, x.frame
        if fr is None or not fr.trailing or x.end > doc[fr.cue].idx or not all(
                y.frame is not None and y.frame.trailing and y.start <= x.start and
                doc[y.frame.cue].idx > doc[fr.cue].idx for y in outer):
            return None
        k = max(fr.cue_span[1], fr.speaker_span[1] if fr.speaker_span else 0)
        limit = min(k + 6, len(doc))
        while k < limit and doc[k].text != "," and not doc[k].tag_.startswith("VB"):
            k += 1
        if k >= limit or doc[k].text != ",":
            return None
        k += 1
        while k < len(doc) and doc[k].lower_ in ("while", "and", "but", "whereas"):
            k += 1
        if k >= len(doc) or not all(self._has_clause(doc[k].idx, doc[y.frame.cue].idx)
                                    for y in outer):
            return None
        return doc[k].idx

    def _clause_break(self, fr: Frame) -> int | None:
        """Char offset of the comma that opens the nested frame's clause, if any."""
        doc = self.doc
        start = fr.cue_span[0]
        if fr.speaker_span is not None and fr.inherited_from is None:
            start = min(start, fr.speaker_span[0])
        i = start - 1
        while i >= 0 and (doc[i].lower_ in CLAUSE_OPENERS or doc[i].text in QUOTE_CHARS):
            i -= 1
        if i >= 1 and doc[i].lower_ in ("which", "who") and doc[i - 1].text == ",":
            i -= 1
        if i >= 0 and doc[i].text in (",", ";", "\u2014"):
            return doc[i].idx
        opener = next((t for t in doc[i + 1:start] if t.lower_ in SUBJECT_CLAUSE_OPENERS), None)
        if fr.inherited_from is None and fr.speaker_head is not None and opener is not None:
            return opener.idx  # "accuses X of Y while Sanders suggests Z": a new subject
        if fr.inherited_from is not None and start > 0 and doc[start - 1].lower_ in (
                "and", "but") and self.doc[fr.cue].dep_ == "conj":
            return doc[start - 1].idx  # "said X and urged Y": two statements
        return None

    def _quotes_in(self, s: int, e: int) -> list[int]:
        return [i for i, q in enumerate(self.quotes) if q.start < e and q.end > s]

    def _quote_adjust(self, s: int, e: int) -> tuple[int, int, str, list[int]]:
        qis = self._quotes_in(s, e)
        if not qis:
            if not self.quoted_mode and self._first_person(s, e):
                return s, e, "direct_unquoted", []
            return s, e, "indirect", []
        covered = sum(min(e, self.quotes[i].end) - max(s, self.quotes[i].start) for i in qis)
        if covered >= 0.6 * (e - s) or (len(qis) == 1 and self.quotes[qis[0]].start <= s + 2
                                         # not 'that "a bomb" had gone off in New York'
                                         and self._words(self.quotes[qis[0]].end, e) < 3):
            q0, q1 = self.quotes[qis[0]], self.quotes[qis[-1]]
            start, end = q0.start, q1.end
            # a quote running on over paragraphs: include its continuations
            k = qis[-1]
            while not self.quotes[k].closed and k + 1 < len(self.quotes) and \
                    self.quotes[k + 1].continued:
                k += 1
                qis.append(k)
            end = self.quotes[k].end
            end = self._trim_end(start, end)
            if self._words(s, q0.open_mark) >= 2:
                # 'said the Obama administration "was the worst thing ..."': the quotation
                # finishes a clause the reporter began; the statement is the whole clause
                return s, max(e, end), "mixed", qis
            return start, end, "direct", qis
        q0, q1 = self.quotes[qis[0]], self.quotes[qis[-1]]
        if q0.open_mark < s <= q0.start and q0.end < e:
            s = q0.open_mark  # 'that "a bomb" had gone off': keep the mark the quote opens with
        if s <= q1.start < e < q1.end:
            # 'said the nominees "were stiff. They didn't have the joy."': a quotation the
            # clause opens goes on past the sentence
            e = self._trim_end(s, q1.end)
        return s, e, "mixed", []

    def _trim_end(self, start: int, end: int) -> int:
        while end > start and self.body[end - 1] in ",;: \n":
            end -= 1
        return end

    def _first_person(self, s: int, e: int) -> bool:
        doc = self.doc
        i = self._tok_at(s)
        while i < len(doc) and doc[i].idx < e:
            if _first_second(doc[i]) and self.tok_quote[i] < 0:
                return True
            i += 1
        return False

    def _tok_at(self, char: int) -> int:
        """Index of the first token starting at or after ``char``."""
        return bisect_left(self.tok_starts, char)

    def _in_unsourced_subject(self, x: Found, y: Found) -> bool:
        """``x`` is said in the subject of ``y``, which no one named is reported to have said
        or expected: "The union, which endorsed Clinton, is widely regarded as ...". (What is
        expected after the cue, "is expected to announce ...", was not said yet.)"""
        a, b = x.frame, y.frame
        return a is not None and b is not None and b.speaker_head is None and \
            b.speaker_span is None and not b.question and a.speaker_head is not None and \
            a.cue < b.cue_span[0]

    def _dedupe(self, found: list[Found]) -> list[Found]:
        """Two frames claiming the same content (a quote near two cues): keep the first."""
        out: list[Found] = []
        for x in sorted(found, key=lambda x: (x.start, -(x.end - x.start))):
            dup = False
            for y in out:
                ov = min(x.end, y.end) - max(x.start, y.start)
                if ov > 0.5 * (x.end - x.start) and not self._in_unsourced_subject(x, y):
                    dup = True
                    break
            if not dup:
                out.append(x)
        return out

    def _floating(self, found: list[Found], claimed: set[int], silent: list[Frame]
                  ) -> list[Found]:
        """The quotations no statement took: the second half of a split quotation, one a
        clause before it introduces (a colon, a cue of ``silent``, the frames that said
        nothing), or a floating one that may go on with the statement before."""
        out = list(found)
        for qi, q in enumerate(self.quotes):
            if qi in claimed:
                continue
            if any(x.start <= q.start and q.end <= x.end for x in found):
                continue  # inside a reported statement (partial quote: mixed)
            words = self._words(q.start, q.end)
            tok = self._tok_at(q.start)
            unit = self.tok_unit[min(tok, len(self.doc) - 1)]
            # the second half of a quote split by its attribution: '"A," he said, "B."'
            split_of = [x for x in found if x.frame is not None and x.kind == "direct"
                        and x.unit == unit and self.doc[x.frame.cue].idx < q.start
                        and x.end <= self.doc[x.frame.cue].idx]
            if split_of and words >= 2 and not self._titled_in_cue_clause(
                    q, self.doc[split_of[-1].frame.cue]):
                x = split_of[-1]
                end = self._trim_end(q.start, q.end)
                out.append(Found(q.start, end, "direct", x.frame, unit, q.para, "quote"))
                continue
            starts_unit = self._quote_starts_unit(q)
            long_enough = words >= MIN_QUOTE_WORDS and (starts_unit or words >= 8)
            # 'Sanders delivered a snappy retort: "..."', short as it may be ('a new campaign
            # message: "It's about me."'); 'tells his supporters to "go vote"'; 'Bystrom
            # agreed. "..."'
            introduced = (self._colon_introduced(q) if words >= 2 else None) or (
                self._comma_introduced(q) if words >= 3 else None) or (
                self._said_in_sentence(q, out, silent) if words >= 3 else None) or (
                self._said_before(q, out, silent) if long_enough else None)
            if introduced is not None:
                end = self._trim_end(q.start, q.end)
                out.append(Found(q.start, end, "direct", introduced, unit, q.para, "frame"))
                continue
            if not long_enough:
                continue
            prev = [x for x in out if x.end <= q.start and not self._in_narration(x)
                    and not (x.frame is not None and x.frame.question)]
            follows = None
            if prev:
                p = max(prev, key=lambda x: x.end)
                if q.continued or q.para - p.para <= 1:
                    follows = p
                else:  # an interview: quotes run on; the last quoted speaker still talks
                    direct = [x for x in prev if x.kind == "direct"]
                    if direct:
                        follows = max(direct, key=lambda x: x.end)
            end = self._trim_end(q.start, q.end)
            out.append(Found(q.start, end, "direct", None, unit, q.para, "quote", follows))
        return out

    def _titled_in_cue_clause(self, q: Quote, cue: Token) -> bool:
        """A short quoted name the cue clause governs ('told the hosts of "Morning Joe,"'),
        not the second half of a split quotation."""
        toks = [t for t in self.doc[self._tok_at(q.start):self._tok_at(q.end)]
                if not (t.is_punct or t.is_space)]
        if not toks or len(toks) > 4:
            return False
        top = [t for t in toks if not q.start <= t.head.idx < q.end or t.head.i == t.i]
        return len(top) == 1 and top[0].dep_ in ("pobj", "compound", "appos", "nmod", "poss",
                                                 "dobj") and self._in_subtree(top[0], cue)

    def _colon_introduced(self, q: Quote) -> Frame | None:
        """A quotation after a colon that ends a clause: 'Sanders delivered a snappy retort:
        "No one is tearing this up."' / 'The report had one conclusion: "..."'. The clause's
        subject said it, whatever the verb (the resolver decides who that is); the quotation
        does not go on with the statement before."""
        doc = self.doc
        j = self._tok_at(q.open_mark) - 1
        # (a colon closing the paragraph before; the twin marks of "gloated: ''I told you")
        while j > 0 and (doc[j].is_space or doc[j].text in ("''", "``")):
            j -= 1
        if j < 1 or doc[j].text != ":" or self.tok_quote[j] >= 0:
            return None
        signed = self._dash_label(j)
        if signed is not None:
            frame = Frame(j, (j, j + 1), signed[1] - 1, signed)
            frame.pieces.append((q.start, q.end))
            return frame
        verb = doc[j - 1]  # the clause before the colon: its top word left of the colon,
        # or the first with a subject on the way ("The crowd cheers, and then Wallnau
        # continues:")
        while verb.head.i < j and verb.head.i != verb.i and not (
                verb.tag_.startswith("VB") and any(c.dep_ == "nsubj" for c in verb.children)):
            verb = verb.head
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if not verb.tag_.startswith("VB") or subj is None or subj.i > j:
            return self._label_introduced(q, j)
        if subj.lower_ in ("it", "this", "that", "there", "what", "which", "who") or \
                subj.pos_ not in ("PROPN", "NOUN", "PRON"):
            return None
        frame = Frame(verb.i, (verb.i, verb.i + 1), subj.i, self._speaker_span(subj))
        frame.pieces.append((q.start, q.end))
        return frame

    def _comma_introduced(self, q: Quote) -> Frame | None:
        """A quotation after a comma that ends a clause of a person's verb and nothing else
        ('In "Just the Way You Are," Billy Joel sings, "Don't go changing ..."'): whatever the
        verb, the person says the quotation, not the speaker of the statement before."""
        doc = self.doc
        j = self._tok_at(q.open_mark) - 1
        if j < 2 or doc[j].text != "," or self.tok_quote[j] >= 0:
            return None
        verb = doc[j - 1]
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if verb.tag_ not in ("VBD", "VBZ", "VBP") or subj is None or subj.i >= verb.i or \
                verb.dep_ not in ("ROOT", "conj") or self.tok_quote[verb.i] >= 0 or any(
                    c.dep_ in ("mark", "dobj", "ccomp", "xcomp", "aux", "neg", "auxpass")
                    for c in verb.children if c.i < j) or not self._is_person(subj):
            # (not a subordinate clause, "When he arrived, ..."; nor a verb that has its
            # object already; what the parser hung on it from the quotation does not count)
            return None
        frame = Frame(verb.i, (verb.i, verb.i + 1), subj.i, self._speaker_span(subj))
        frame.pieces.append((q.start, q.end))
        return frame

    def _dash_label(self, colon: int) -> tuple[int, int] | None:
        """The tokens of a name set off by a dash before a colon, a round-up's byline of the
        quotation after it ('Pollsters agree - Carl Bialik: "..."', '... are particularly
        problematic - Pew Research: "..."', '-More from Blumenthal and Cohen: "..."'): a few
        capitalised words ("and" between them)."""
        doc = self.doc
        k = colon - 1
        while k > max(0, colon - 8) and (doc[k].text[:1].isupper() or doc[k].lower_ == "and"
                                          or doc[k].lower_ == "from" and doc[k - 1].lower_.lstrip(
                                              "".join(DASHES)) == "more"):
            k -= 1
        start = k + 1
        if doc[k].text.startswith(DASHES) and doc[k].text.lstrip("".join(DASHES)):
            start = k  # "-More", the dash glued to the word
        elif doc[k].text not in DASHES:
            return None
        words = [t for t in doc[start:colon]]
        if words and words[0].lower_.lstrip("".join(DASHES)) == "more" and len(words) > 2 and \
                words[1].lower_ == "from":
            start = words[2].i  # "More from Blumenthal and Cohen"
        if start >= colon or doc[start].lower_ == "and" or doc[colon - 1].lower_ == "and" or \
                not all(t.is_alpha or t.text.endswith(".") for t in doc[start:colon]):
            return None
        return start, colon

    def _label_introduced(self, q: Quote, colon: int) -> Frame | None:
        """A quotation after a speaker label and a colon, a sentence of its own with no
        verb: 'Bush: "Containment is not a strategy."', 'Former secretary of state Hillary
        Rodham Clinton: "..."'. The label is the phrase of the name of a person or
        organisation the article knows, maybe with a parenthesis after it ("Sen. Ron Johnson
        (R-Wis.) :"; the tokenizer glues "):" into one token, which no label ends in)."""
        doc = self.doc
        start = self.units[self.tok_unit[colon]].start
        i = colon - 1
        while i > start and doc[i - 1].text not in (".", "?", "!") and \
                self.tok_quote[i - 1] < 0 and doc[i - 1].text not in QUOTE_CHARS:
            i -= 1
        label = [t for t in doc[i:colon] if not t.is_space]
        if not label or len(label) > LABEL_TOKENS or any(
                t.tag_.startswith("VB") or t.tag_ == "MD" for t in label):
            return None
        last = len(label) - 1
        if label[-1].text == ")":  # a party-and-state tag after the name: "(R-S.C.)"
            last = next((k for k in range(len(label) - 1, -1, -1) if label[k].text == "("),
                        0) - 1
        if last < 0:
            return None
        head = label[last]
        mention = self.idx.mention_at(head.i)
        if mention is None or mention.actor is None or \
                mention.actor.actor_type not in ("person", "organization") or \
                mention.end_tok != head.i + 1:
            return None
        if any(t.i != head.i and head not in t.ancestors for t in label[:last + 1]):
            return None  # a phrase around the name, not a label: 'Then, on CNN: "..."'
        frame = Frame(colon, (colon, colon + 1), head.i, (label[0].i, head.i + 1))
        frame.pieces.append((q.start, q.end))
        return frame

    def _said_in_sentence(self, q: Quote, found: list[Found], silent: list[Frame]
                          ) -> Frame | None:
        """A quotation after a cue of its own sentence that gave no content ('Trump tells his
        supporters at a Michigan rally to "go to your place and vote"'): that speaker's words,
        not more of the statement before."""
        i = self._tok_at(q.start)
        if i >= len(self.doc):
            return None
        ui = self.tok_unit[i]
        before = [f for f in silent if self.tok_unit[f.cue] == ui and f.cue < i]
        if not before:
            return None
        f = before[-1]
        cue_c = self.doc[f.cue].idx
        words = [w for w in self.body[q.start:q.end].split() if w[:1].isalpha()]
        between = self.doc[f.cue_span[1]:self._tok_at(q.open_mark)]
        if any(x.start < q.start and x.end > cue_c for x in found) or any(
                t.tag_.startswith("VB") and self.tok_quote[t.i] < 0 for t in between) or \
                self._titled_in_cue_clause(q, self.doc[f.cue]) or \
                sum(w[0].isupper() for w in words) > 0.6 * len(words):
            # (not after a clause of its own: 'voted to declare the charges unconstitutional
            # because they did not meet the standard of "high crimes ..."'; nor a title:
            # 'leads "America with Jorge Ramos"')
            return None
        return self._saying(f, q)

    @staticmethod
    def _saying(f: Frame, q: Quote) -> Frame:
        """The frame of a cue that said nothing in its own words, saying the quotation."""
        frame = Frame(f.cue, f.cue_span, f.speaker_head, f.speaker_span,
                      inherited_from=f.inherited_from)
        frame.pieces.append((q.start, q.end))
        return frame

    def _said_before(self, q: Quote, found: list[Found], silent: list[Frame]
                     ) -> Frame | None:
        """A quotation opening the sentence after one that says someone spoke but not what
        ('Iowa State University's Dianne Bystrom agreed. "Mainstream Republicans are ..."'):
        that speaker's words, not more of the statement before."""
        i = self._tok_at(q.start)
        if not self._quote_starts_unit(q) or i >= len(self.doc):
            return None
        ui = self.tok_unit[i]
        if ui == 0:
            return None
        prev = self.units[ui - 1]
        if q.para - prev.para > 1:
            return None
        lo, hi = self.doc[prev.start].idx, self._tok_end(prev.end - 1)
        if any(x.start < hi and x.end > lo for x in found):
            return None
        for f in silent:
            if not prev.start <= f.cue < prev.end:
                continue
            rest = [t for t in self.doc[f.cue_span[1]:prev.end] if not t.is_punct]
            if len(rest) > 5 or any(t.tag_.startswith("VB") for t in rest):
                continue
            return self._saying(f, q)
        return None

    def _in_narration(self, x: Found) -> bool:
        """'..., said Murphy, using a term Rubio has used to describe Trump': Rubio's frame sits
        in a participle that tells about Murphy's speaking; a quotation after it is still
        Murphy's, not Rubio's."""
        if x.frame is None:
            return False
        cue = self.doc[x.frame.cue]
        return any(a.tag_ in ("VBG", "VBN") and a.dep_ in ("advcl", "acl")
                   and a.head.tag_.startswith("VB") and cue_lemma(a.head) is not None
                   for a in cue.ancestors)

    def _quote_starts_unit(self, q: Quote) -> bool:
        i = self._tok_at(q.start)
        if i >= len(self.doc):
            return False
        u = self.units[self.tok_unit[i]]
        return self.body[self.doc[u.start].idx:q.start].strip(" \"\u201c\u201e\u00ab\u2018") \
            == ""

    def _continuations(self, found: list[Found]) -> list[Found]:
        """Unquoted texts: first-person sentences after a statement continue it."""
        doc = self.doc
        by_unit: dict[int, list[Found]] = {}
        for x in found:
            by_unit.setdefault(self._unit_of_char(x.start), []).append(x)
            by_unit.setdefault(self._unit_of_char(max(x.start, x.end - 1)), []).append(x)
        cue_units = {self.tok_unit[f.cue] for f in self.event_frames}
        out = list(found)
        for x in sorted(found, key=lambda x: x.end):
            if x.source != "frame" or x.frame is None or x.frame.ends_turn:
                continue  # what someone did not say, or a question, has no continuation
            last = x
            ui = self._unit_of_char(max(x.start, x.end - 1)) + 1
            direct = x.kind in ("direct", "direct_unquoted")
            while ui < len(self.units):
                u = self.units[ui]
                if u.para != x.para or ui in by_unit or ui in cue_units:
                    break
                toks = doc[u.start:u.end]
                first_person = any(_first_second(t) for t in toks)
                present = any(t.dep_ == "ROOT" and t.tag_ in ("VBP", "VBZ", "MD")
                              for t in toks) or any(t.dep_ == "aux" and t.tag_ == "MD"
                                                    and t.head.dep_ == "ROOT" for t in toks)
                if not (first_person or (direct and present)):
                    break
                p = self._piece(u.start, u.end)
                if p is None:
                    break
                new = Found(p[0], p[1], "direct", None, ui, u.para, "continuation", last)
                out.append(new)
                by_unit[ui] = [new]
                last = new
                direct = True
                ui += 1
        return out

    def _unit_of_char(self, c: int) -> int:
        i = min(self._tok_at(c), len(self.doc) - 1)
        return self.tok_unit[i]


class SpeakerResolver:
    """Speakers to actors, in text order (a documented salience heuristic, no coreference
    model). The *history* holds every entity mention and every *speaker event* (the subject of
    a reporting verb, even of a negated or content-less one: "did not deny", "declined to
    comment"; not those inside someone else's statement).

    - A name: the actor of the entity mention under the speaker's head word; a name the NER
      missed falls back to a known person's surname, an organisation's acronym or a well-known
      person ("Sunak"); an appositive name wins over a description ("Its spokeswoman, Lin Hua").
    - "he"/"she": the most recent person-like speaker event within three paragraphs, unless
      the cue is not a trailing one and a governing clause of the same sentence has a
      person-like subject ("Blinken will visit ... as he and others accuse ..."); else the most
      recent person-like subject, then mention, skipping actors named inside the statement.
    - "they"/"it": the same over groups, organisations and countries.
    - A definite or possessive description ("the official", "the minister", "the company",
      "the junta's spokesman", "the seven foreign ministers"): (1) a speaker of the last three
      paragraphs it fits (an anonymous actor with that head noun, a person whose role contains
      it, an organisation whose name contains it, a bloc for plural ministers/leaders); (2) for
      a person noun, the person who spoke in this or the previous paragraph; (3) any earlier
      actor it fits; (4) for a person noun, a person named as a subject in the next paragraph
      (lede "The WHO's chief scientist said ..." then "Jeremy Farrar told ..."). "The company"
      is one named earlier in the paragraph, else the most mentioned company so far.
    - "the government", "authorities": the country that modifies it, else the dateline's or
      the most mentioned country.
    - An indefinite or bare description: "a senior State Department official" -> anonymous
      actor "senior State Department official" (affiliation State Department); "U.S. officials"
      -> anonymous; other plurals ("critics", "immigrant advocates") -> group; a plural whose
      singular names an organisation of the article ("prosecutors" -> Prosecutor's Office) ->
      that organisation.
    """

    def __init__(self, finder: StatementFinder):
        self.f = finder
        self.doc = finder.doc
        self.idx = finder.idx
        self.history: list[tuple[int, ActorRec, bool, bool]] = []  # (char, actor, speaker, subj)

    def resolve(self, found: list[Found]) -> list[Statement]:
        doc = self.doc
        mentions = sorted(self.idx.mentions, key=lambda m: m.start)
        frames = sorted({id(f): f for f in self.f.event_frames}.values(), key=lambda f: f.cue)
        frame_actor: dict[int, ActorRec | None] = {}
        frame_span: dict[int, tuple[int, int] | None] = {}
        mi = 0
        for fr in frames:
            pos = doc[fr.speaker_head].idx if fr.speaker_head is not None else doc[fr.cue].idx
            while mi < len(mentions) and mentions[mi].start < pos:
                m = mentions[mi]
                if m.actor is not None:
                    self.history.append((m.start, m.actor, False, m.is_subject))
                mi += 1
            actor = self._resolve_frame(fr, found)
            frame_actor[id(fr)] = actor
            if fr.speaker_span is not None:
                s, e = fr.speaker_span
                while s < e - 1 and doc[s].idx < self.f.dateline_end:
                    s += 1
                frame_span[id(fr)] = (doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text))
            if actor is not None:
                actor.speaks = True
                self.history.append((pos, actor, True, True))
        found = sorted(found, key=lambda x: (x.start, x.end))
        for x in found:
            if x.frame is not None:
                x.speaker = frame_actor.get(id(x.frame))
                x.speaker_span = frame_span.get(id(x.frame))
            elif x.follows is not None:  # continuation / floating quote: predecessor's speaker
                x.speaker = x.follows.speaker
                x.speaker_span = x.follows.speaker_span
        return self._statements(found)

    def _statements(self, found: list[Found]) -> list[Statement]:
        body = self.f.body
        doc = self.doc
        out = []
        for x in found:
            cue = None
            if x.frame is not None:
                s, e = x.frame.cue_span
                a, b = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
                cue = Span(a, b, body[a:b])
            speaker = None
            if x.speaker_span is not None:
                a, b = x.speaker_span
                speaker = Span(a, b, body[a:b])
            kind = "direct" if x.kind == "direct_unquoted" else x.kind
            out.append(Statement(
                content=Span(x.start, x.end, body[x.start:x.end]), kind=kind, speaker=speaker,
                speaker_actor_id=x.speaker.actor_id if x.speaker is not None else None, cue=cue,
                negated=x.frame is not None and x.frame.negated))
        return out

    # -- per frame ------------------------------------------------------------------------
    def _resolve_frame(self, fr: Frame, found: list[Found]) -> ActorRec | None:
        if fr.speaker_head is None:
            return None
        doc = self.doc
        head = doc[fr.speaker_head]
        m = self.idx.mention_at(head.i)
        low = head.lower_
        pos = head.idx
        content = [(x.start, x.end) for x in found if x.frame is fr]
        plural = head.tag_ in ("NNS", "NNPS")
        modified = any(c.dep_ in ("compound", "amod") and c.i < head.i and (
            m is None or c.i < m.start_tok) for c in head.children)
        if m is not None and m.actor is not None and not (
                m.label == "NORP" and (low in PERSON_DESCRIPTIONS or (plural and modified))):
            return m.actor
        low = POSSESSIVE_SUBJECT.get(low, low)  # "his claim that ...": he claims
        if head.pos_ == "PRON" or low in PRONOUNS:
            if low in ("he", "she"):
                return self._pronoun(pos, fr, content, lambda a: a.is_personlike())
            if low == "they":
                return self._pronoun(pos, fr, content, lambda a: a.plural or a.actor_type in (
                    "group", "organization", "country"), plural=True)
            if low == "it":
                return self._pronoun(pos, fr, content, lambda a: a.actor_type in (
                    "organization", "country", "group"), plural=True)
            return None
        if fr.speaker_span is None:
            return None
        s, e = fr.speaker_span
        # an appositive or following name: "The first witness, ... Lina Farouk,",
        # "Its spokeswoman, Lin Hua,"
        for c in head.children:
            if c.dep_ == "appos" and c.i > head.i:
                for t in c.subtree:
                    mm = self.idx.mention_at(t.i)
                    if mm is not None and mm.actor is not None and (
                            mm.actor.actor_type == "person" or (
                                mm.actor.actor_type == "organization"
                                and low in ORG_DESCRIPTIONS)):
                        return mm.actor  # "The state news agency IRNA", "the agency, UNHCR,"
        if head.text[:1].isupper() and low in TITLE_WORDS:
            # "U.N. High Commissioner for Refugees Filippo Grandi"
            for t in head.subtree:
                mm = self.idx.mention_at(t.i)
                if t.i > head.i and mm is not None and mm.actor is not None and \
                        mm.actor.actor_type == "person":
                    return mm.actor
        return self._description(fr, head, s, e)

    def _pronoun(self, pos: int, fr: Frame, content: list[tuple[int, int]], ok,
                 plural: bool = False) -> ActorRec | None:
        in_content = set()
        for s, e in content:
            for c, a, _sp, _subj in self.history:
                if s <= c < e:
                    in_content.add(id(a))
        limit_para = self.f.units[self.f.tok_unit[fr.cue]].para - 3
        # 1. the last speaker event
        for c, a, speaker, _subj in reversed(self.history):
            if c >= pos:
                continue
            if self._para(c) < limit_para:
                break
            if speaker and ok(a):
                # 1b. a governing clause's subject in the same sentence wins when the cue is
                # not a trailing one ("Blinken will visit ... as he and others accuse ...")
                gov = None if fr.trailing else self._governing_subject(fr, ok)
                return gov or a
        gov = None if fr.trailing else self._governing_subject(fr, ok)
        if gov is not None:
            return gov
        for want_subject in (True, False):
            for c, a, _speaker, subj in reversed(self.history):
                if c >= pos or (want_subject and not subj) or id(a) in in_content:
                    continue
                if ok(a):
                    return a
        return None

    def _governing_subject(self, fr: Frame, ok) -> ActorRec | None:
        doc = self.doc
        node = doc[fr.cue]
        for anc in node.ancestors:
            for c in anc.children:
                if c.dep_ == "nsubj" and c.i < fr.cue:
                    m = self.idx.mention_at(c.i)
                    if m is not None and m.actor is not None and ok(m.actor):
                        return m.actor
        return None

    def _para(self, char: int) -> int:
        return para_of(self.f.para_starts, char)

    def _description(self, fr: Frame, head: Token, s: int, e: int) -> ActorRec | None:
        """A speaker that is a description, not a name (see the class docstring)."""
        doc = self.doc
        low = head.lower_
        det = None
        possessor = None
        for c in head.children:
            if c.dep_ == "det" and c.i < head.i:
                det = c.lower_
            if c.dep_ == "poss" and c.i < head.i:
                possessor = c
        plural = head.tag_ in ("NNS", "NNPS") or low in COLLECTIVE_NOUNS
        pos = head.idx
        if det in DEFINITE or possessor is not None:
            found = self._antecedent(pos, head, plural)
            if found is not None:
                return found
        ts0, te0 = self._description_bounds(head, s, e)
        for i in range(ts0, te0 if low not in ANONYMOUS_HEADS else ts0):
            mm = self.idx.mention_at(i)  # "G7 foreign ministers meeting on Capri"
            if mm is not None and mm.actor is not None and \
                    mm.actor.name in countries.COUNTRY_BLOCS:
                return mm.actor
            bloc = countries.lookup_group(doc[i].text)
            if mm is None and bloc in countries.COUNTRY_BLOCS:
                return self.idx.get_actor(bloc, "organization", doc[i].idx)
        if head.pos_ == "PROPN":
            return self._unknown_name(head, ts0, te0)
        if low in NONPERSON_SPEAKERS or head.pos_ != "NOUN":
            return None
        modifiers = [self.idx.mention_at(c.i) for c in head.children
                     if c.i < head.i and c.dep_ in ("compound", "amod", "nmod", "poss")]
        modifiers = [mm for mm in modifiers if mm is not None and mm.actor is not None and
                     mm.actor.actor_type != "place"]
        if low in COUNTRY_DESCRIPTIONS:
            # "the Chinese government", "Authorities": the country (named, else the story's)
            for mm in modifiers:
                if mm.actor.actor_type == "country":
                    return mm.actor
            return self._story_country()
        if low in GENERIC_ORG_HEADS:
            # "The G7 group", "the Tesla company": the name modifying the generic head
            for mm in modifiers:
                return mm.actor
            if det in DEFINITE and not plural:
                return None  # "the company" with no company in sight: unknown
        ts, te = self._description_bounds(head, s, e)
        if ts >= te:
            return None
        if plural and det is None and possessor is None:
            singular = low[:-1] if low.endswith("s") else low
            for a in self.idx.actors:
                if a.actor_type == "organization" and len(singular) > 3 and singular in (
                        a.name.lower().replace("\u2019s", "").replace("'s", "").split()):
                    return a
        name = doc[ts:te].text
        affiliation, cc = "", ""
        for i in range(ts, te):
            m = self.idx.mention_at(i)
            if m is None or m.actor is None or m.actor.actor_type == "place":
                continue
            if m.actor.actor_type == "country":
                affiliation = affiliation or m.actor.name
                cc = cc or m.actor.country_code
            elif not affiliation or m.actor.actor_type == "organization":
                affiliation = m.actor.name
                cc = cc or m.actor.country_code
        if low in ORG_DESCRIPTIONS and not plural:
            actor_type = "organization"
        elif low in ANONYMOUS_HEADS:
            actor_type = "anonymous"
        elif plural:
            actor_type = "group"
        elif _personlike_noun(low):
            actor_type = "anonymous"
        else:
            return None
        rec = self.idx.add_description(name, actor_type, doc[ts].idx, low, plural,
                                       affiliation, cc)
        self.idx.absorb(ts, te, rec)
        return rec

    def _unknown_name(self, head: Token, ts: int, te: int) -> ActorRec | None:
        """A capitalised name NER missed ("London Marathon Events, the race organiser,")."""
        doc = self.doc
        toks = doc[ts:te]
        if not toks or not all(t.text[:1].isupper() or not t.is_alpha for t in toks):
            return None
        if len(toks) == 1:  # "The RSF", "Sunak": an acronym or a surname of a known actor
            word = toks[0].text
            key = word.casefold()
            for a in reversed(self.idx.actors):
                if a.actor_type == "person" and key in a.name.casefold().split():
                    return a
                if a.actor_type == "organization" and word.isupper() and word == "".join(
                        w[0] for w in a.name.split() if w[0].isupper()):
                    return a
            from extract.nlp.actors import FAMOUS_PEOPLE

            if key in FAMOUS_PEOPLE:
                return self.idx.get_actor(FAMOUS_PEOPLE[key], "person", toks[0].idx)
            return None
        appos = [c for c in head.children if c.dep_ == "appos"]
        name = toks.text
        if (appos and appos[0].lower_ in ORG_APPOSITIVE_NOUNS) or head.tag_ == "NNPS":
            rec = self.idx.get_actor(name, "organization", toks[0].idx)
        elif 2 <= len(toks) <= 3:
            rec = self.idx.get_actor(name, "person", toks[0].idx)
        else:
            return None
        self.idx.absorb(ts, te, rec)
        return rec

    def _description_bounds(self, head: Token, s: int, e: int) -> tuple[int, int]:
        """The description's name: without article, dateline, and anything after a comma or
        a preposition other than of/for/in/from/at."""
        doc = self.doc
        dl = self.f.dateline_end
        ts = s
        while ts < e and (doc[ts].idx < dl or doc[ts].lower_ in DESCRIPTION_LEADING_WORDS
                          or doc[ts].is_punct):
            ts += 1
        te = head.i + 1
        for c in head.children:
            if c.i > head.i and (
                    (c.dep_ == "prep" and c.lower_ in ("of", "for", "in", "from", "at"))
                    or c.dep_ in ("compound", "amod", "nummod")):
                te = max(te, c.right_edge.i + 1)
        for i in range(head.i, min(te, e)):
            if doc[i].text in (",", "(", "\u2014", ";"):
                te = i
                break
        te = min(te, max(e, head.i + 1))
        while te > ts and doc[te - 1].is_punct:
            te -= 1
        return ts, te

    def _story_country(self) -> ActorRec | None:
        """The country a story is about: its dateline's, else the most mentioned one."""
        dl = self.f.dateline_end
        if dl:
            city = self.f.body[:dl].split(",")[0].split("/")[0].strip(" -\u2014\u2013")
            hit = countries.lookup_capital(city) or countries.lookup_country(city)
            if hit is None and "," in self.f.body[:dl]:
                hit = countries.lookup_country(
                    self.f.body[:dl].split(",")[1].strip(" -\u2014\u2013"))
            if hit is not None:
                rec = self.idx.find_actor(hit[0], "country")
                if rec is not None:
                    return rec
        counts: dict[int, tuple[int, ActorRec]] = {}
        for m in self.idx.mentions:
            if m.actor is not None and m.actor.actor_type == "country":
                n, _ = counts.get(id(m.actor), (0, m.actor))
                counts[id(m.actor)] = (n + 1, m.actor)
        if not counts:
            return None
        return max(counts.values(), key=lambda x: x[0])[1]

    def _antecedent(self, pos: int, head: Token, plural: bool) -> ActorRec | None:
        low = head.lower_
        num = None
        for c in head.children:
            if c.dep_ == "nummod":
                num = c.lower_
        if plural and (low in GROUP_HEADS or num):
            g = countries.group_from_number(num) if num else None
            for _c, a, _sp, _subj in reversed(self.history):
                if _c >= pos:
                    continue
                if (a.actor_type == "group" or a.name in countries.COUNTRY_BLOCS) and (
                        g is None or a.name == g):
                    return a
            if g is not None:
                rec = self.idx.find_actor(g, "group")
                if rec is not None:
                    return rec
        singular = low[:-1] if low.endswith("s") and not low.endswith("ss") else low

        def fits(a: ActorRec) -> bool:
            if a.head and (a.head == low or a.head.rstrip("s") == singular) and \
                    a.plural == plural:
                return True
            if not plural and a.actor_type == "person" and a.role and \
                    singular in a.role.lower():
                return True
            if a.actor_type == "organization" and len(singular) > 3 and \
                    singular in a.name.lower().replace("\u2019", "'").split():
                return True  # "the laboratory" -> Jet Propulsion Laboratory
            if low in GENERIC_ORG_HEADS and a.actor_type == "organization" and not plural:
                is_public = any(w in PUBLIC_BODY_WORDS for w in a.name.split())
                return not (low in COMPANY_HEADS and is_public)
            return low in COUNTRY_DESCRIPTIONS and a.actor_type == "country"

        para = self._para(pos)
        person_role = not plural and _personlike_noun(low) and low not in ORG_DESCRIPTIONS \
            and low not in COUNTRY_DESCRIPTIONS and low not in GENERIC_ORG_HEADS
        if low in COMPANY_HEADS and not plural:
            # "the company": one named earlier in this paragraph, else the story's company
            # (the most mentioned one so far)
            same_para = [a for _c, a, _sp, _subj in self.history
                         if _c < pos and self._para(_c) == para and fits(a)]
            if same_para:
                return same_para[-1]
            counts: dict[int, list] = {}
            for _c, a, _sp, _subj in self.history:
                if _c < pos and fits(a):
                    counts.setdefault(id(a), [0, 0, a])
                    counts[id(a)][0] += 1
                    counts[id(a)][1] = _c
            if counts:
                return max(counts.values(), key=lambda v: (v[0], v[1]))[2]
        # 1. a recent speaker (this or the previous two paragraphs) the description fits
        for _c, a, sp, _subj in reversed(self.history):
            if _c < pos and sp and self._para(_c) >= para - 2 and fits(a):
                return a
        # 2. "the minister said" right after a person spoke: that person
        if person_role:
            for _c, a, sp, _subj in reversed(self.history):
                if _c < pos and sp and a.actor_type == "person" and self._para(_c) >= para - 1:
                    return a
                if _c < pos and sp:
                    break
        # 3. any earlier actor it fits
        for _c, a, _sp, _subj in reversed(self.history):
            if _c < pos and fits(a):
                return a
        # 4. a description in the lede, the name in the next sentences:
        #    "The WHO's chief scientist said ... Jeremy Farrar told reporters ..."
        if person_role:
            for m in self.idx.mentions:
                if m.start > pos and m.actor is not None and m.actor.actor_type == "person" \
                        and m.is_subject and self._para(m.start) <= para + 1:
                    return m.actor
            for _c, a, sp, _subj in reversed(self.history):
                if _c < pos and sp and a.actor_type == "person":
                    return a
        return None
