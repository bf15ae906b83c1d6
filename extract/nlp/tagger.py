"""The tagger: article bodies in, :class:`TaggedArticle` out (statements, actors, issues)."""

from __future__ import annotations

import functools
import itertools
import logging
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extract.nlp import cue_model
from extract.nlp.actors import ActorIndex
from extract.nlp.headline import parser_text
from extract.nlp.issues import IssueMatcher, candidate_issues
from extract.nlp.model import load_model, resolve_model_name
from extract.nlp.statements import SpeakerResolver, StatementFinder
from extract.nlp.topics.about import AboutTagger, Taxonomy
from extract.processes import spawning
from extract.records import (
    Actor,
    EntityMention,
    IssueMention,
    IssueScore,
    Span,
    Statement,
    TaggedArticle,
)

log = logging.getLogger(__name__)

DEFAULT_TAXONOMY = Path(__file__).resolve().parents[2] / "dbt/seeds/issue_taxonomy.csv"

# The longest text parsed as one Doc. spaCy refuses a text over ``nlp.max_length`` (1,000,000
# characters by default, error E088) because its parser and NER need about 1 GB per 100,000
# characters with the bigger models. News articles run under 50,000 characters, so none is
# ever split; a longer body (a feed item that glued an archive together, a transcript) is tagged
# in pieces of at most this many characters, cut at paragraph ends, and the pieces' results are
# merged into one TaggedArticle (see ``chunk_bounds`` and ``merge_pieces``). Memory then follows
# this limit, not the body: ~20,000 tokens per Doc.
MAX_CHUNK_CHARS = 100_000
# Where a piece may end, best first; searched in the second half of the piece's window, so a
# piece holds at least half the limit. No break at all: a hard cut at the limit.
_BREAKS = (
    re.compile(r"\n[^\S\n]*\n\s*"),  # a paragraph end: a blank line
    re.compile(r"\n\s*"),  # a line end
    re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+"),  # a sentence end
    re.compile(r"\s+"),  # any white space
)
ERROR_CHARS = 500  # characters of an exception message kept in a tagging failure's reason


class Tagger:
    """``Tagger().tag(article_id, body)``; ``tag_many`` for batches (``nlp.pipe``).

    The model name is resolved at once (a missing model fails here) but the pipeline loads on
    first use: with ``n_process > 1`` only the worker processes load it. A body longer than
    ``chunk_chars`` (default ``MAX_CHUNK_CHARS``) is tagged in pieces, never as one Doc."""

    def __init__(self, model_name: str | None = None, taxonomy_path: Path | None = None,
                 chunk_chars: int | None = None):
        self.model_name = resolve_model_name(model_name)
        self.taxonomy_path = Path(taxonomy_path) if taxonomy_path else DEFAULT_TAXONOMY
        self.issues = IssueMatcher.from_csv(self.taxonomy_path)
        # what each article and statement is about (CAP topic classifier + the patterns above)
        self.about = AboutTagger(Taxonomy.from_csv(self.taxonomy_path))
        self.chunk_chars = chunk_chars or MAX_CHUNK_CHARS
        # the learned cue model a user trained (NEWSDW_STATEMENT_MODEL), or none: rules only
        self.cue_model = cue_model.configured()
        trained_with = self.cue_model.meta.get("spacy_model") if self.cue_model else None
        if trained_with and trained_with != self.model_name:
            raise cue_model.ModelError(
                f"the cue model in {cue_model.MODEL_ENV} was trained with spaCy pipeline "
                f"{trained_with}; this tagger runs {self.model_name}: train one for it")

    @functools.cached_property
    def nlp(self) -> Language:
        return load_model(self.model_name)

    @property
    def piece_limit(self) -> int:
        """The longest text tagged as one Doc: never over the model's own ``max_length``."""
        return max(1, min(self.chunk_chars, self.nlp.max_length))

    def tag(self, article_id: str, body: str) -> TaggedArticle:
        """Tag one article; an exception propagates (``tag_many`` turns it into a failure)."""
        bounds = chunk_bounds(body, self.piece_limit)
        if len(bounds) == 1:
            return self.tag_doc(article_id, body, self.nlp(parser_text(body)))
        return self._tag_pieces(article_id, body, bounds)

    def _tag_pieces(self, article_id: str, body: str,
                    bounds: list[tuple[int, int]]) -> TaggedArticle:
        """A long body, piece by piece: one piece's Doc at a time, then the merged result."""
        log.info("article %s: %d characters, tagged in %d pieces", article_id, len(body),
                 len(bounds))

        def parts() -> Iterator[tuple[int, TaggedArticle]]:
            for start, end in bounds:
                piece = body[start:end]
                text = parser_text(piece) if start == 0 else piece  # the headline's piece
                yield start, self.tag_doc(article_id, piece, self.nlp(text))

        merged = merge_pieces(article_id, parts())
        merged.about = self.about.article(body, merged.issues)  # over the whole body
        merged.statement_about = self.about.statements(merged.statements, merged.issues)
        return merged

    def tag_many(self, items: Iterable[tuple[str, str]], batch_size: int = 32,
                 n_process: int = 1) -> Iterator[TaggedArticle]:
        """Tag (article_id, body) pairs; results come in input order.

        With ``n_process > 1`` every worker process parses *and* runs the rules on its own
        chunks and sends back only the small TaggedArticle records. (spaCy's own
        ``nlp.pipe(n_process=...)`` sends every parsed Doc back to this process, which then
        deserialises them and runs the rules alone.) Measured on 2 cores, 500 articles: 1.53x
        bare 1-process spaCy including the workers' start, where bare 2-process spaCy did
        1.61x without any rules.

        No article can stop the others: one whose tagging raises comes back as a
        TaggedArticle with only ``error`` set (``tagging failed: <type>: <message>``), and a
        body over the piece limit is tagged in pieces (``tag``), in both paths."""
        if n_process <= 1:
            rest, size = iter(items), max(1, batch_size)
            while batch := list(itertools.islice(rest, size)):
                yield from self._tag_batch(batch, size)
            return
        if isinstance(items, Sized):  # small inputs: a few chunks per worker, none left idle
            batch_size = max(1, min(batch_size, -(-len(items) // (4 * n_process))))
        rest = iter(items)
        chunks = iter(lambda: list(itertools.islice(rest, batch_size)), [])
        with spawning() as context, ProcessPoolExecutor(
            max_workers=n_process, mp_context=context,
            initializer=_start_worker,
            initargs=(type(self), self.model_name, self.taxonomy_path, self.chunk_chars),
        ) as pool:
            # Submit a bounded window ahead, so memory follows the batch size, not the day size.
            pending = deque(pool.submit(_tag_chunk, c, batch_size)
                            for c in itertools.islice(chunks, 2 * n_process))
            while pending:
                done = pending.popleft().result()
                pending.extend(pool.submit(_tag_chunk, c, batch_size)
                               for c in itertools.islice(chunks, 1))
                yield from done

    def _tag_batch(self, batch: list[tuple[str, str]], batch_size: int) -> list[TaggedArticle]:
        """One batch, in input order: the bodies under the piece limit through ``nlp.pipe``,
        longer ones piece by piece; every article isolated from the others' failures."""
        limit = self.piece_limit
        bounds = [chunk_bounds(body, limit) for _, body in batch]
        whole = [i for i, b in enumerate(bounds) if len(b) == 1]
        out: list[TaggedArticle | None] = [None] * len(batch)
        try:
            docs = self.nlp.pipe((parser_text(batch[i][1]) for i in whole),
                                 batch_size=batch_size)
            for i, doc in zip(whole, docs, strict=True):
                out[i] = _isolated(batch[i][0], self.tag_doc, batch[i][0], batch[i][1], doc)
        except Exception:  # spaCy failed inside the batch: the rest of it one by one
            log.warning("a batch failed in spaCy: tagging its articles one by one",
                        exc_info=True)
        for i, (article_id, body) in enumerate(batch):
            if out[i] is None:
                if len(bounds[i]) == 1:
                    out[i] = _isolated(article_id, self.tag, article_id, body)
                else:
                    out[i] = _isolated(article_id, self._tag_pieces, article_id, body, bounds[i])
        return out  # type: ignore[return-value]  # every slot is filled above

    def statement_finder(self, doc: Doc, body: str, actors: ActorIndex) -> StatementFinder:
        return StatementFinder(doc, body, actors, model=self.cue_model)

    def tag_doc(self, article_id: str, body: str, doc: Doc) -> TaggedArticle:
        actors = ActorIndex(doc).build()
        finder = self.statement_finder(doc, body, actors)
        found = finder.find()
        statements = SpeakerResolver(finder).resolve(found)
        actor_list, entities = actors.finish()
        known = {a.actor_id for a in actor_list}
        for st in statements:  # a speaker is always an actor of the article
            if st.speaker_actor_id is not None and st.speaker_actor_id not in known:
                st.speaker_actor_id = None
        entities = _with_speaker_mentions(entities, statements)
        issues = self.issues.match(body, statements)
        return TaggedArticle(
            article_id=article_id, actors=actor_list, entities=entities, statements=statements,
            issues=issues, candidate_issues=candidate_issues(doc, issues),
            about=self.about.article(body, issues),
            statement_about=self.about.statements(statements, issues),
        )


_worker_tagger: Tagger | None = None


def _start_worker(tagger_class: type[Tagger], model_name: str, taxonomy_path: Path,
                  chunk_chars: int) -> None:
    """A worker runs the caller's Tagger class (a subclass too), with its settings."""
    global _worker_tagger
    _worker_tagger = tagger_class(model_name, taxonomy_path, chunk_chars)
    _worker_tagger.nlp  # noqa: B018 - load the model before the first chunk arrives


def _tag_chunk(chunk: list[tuple[str, str]], batch_size: int) -> list[TaggedArticle]:
    assert _worker_tagger is not None, "worker not initialised"
    return list(_worker_tagger.tag_many(chunk, batch_size=batch_size))


def _isolated(article_id: str, tag: Callable[..., TaggedArticle], *args) -> TaggedArticle:
    """``tag(*args)``, or, when it raises, the failure of that one article."""
    try:
        return tag(*args)
    except Exception as exc:
        log.warning("article %s: tagging failed", article_id, exc_info=True)
        return failed(article_id, exc)


def failed(article_id: str, exc: BaseException) -> TaggedArticle:
    """The result of an article whose tagging raised: nothing tagged, ``error`` the reason
    (the load quarantines the article with it)."""
    message = " ".join(str(exc).split())
    if len(message) > ERROR_CHARS:
        message = message[:ERROR_CHARS - 3] + "..."
    return TaggedArticle(article_id, [], [], [], [],
                         error=f"tagging failed: {type(exc).__name__}: {message}")


def chunk_bounds(body: str, limit: int) -> list[tuple[int, int]]:
    """``[start, end)`` pieces of ``body``, in order, covering it, each at most ``limit``
    characters: one piece when it fits, else cut at the last paragraph end in the second half
    of each window (else a line end, a sentence end, white space; else a hard cut)."""
    if limit < 1:
        raise ValueError(f"piece limit must be positive, not {limit}")
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(body) - start > limit:
        end = cut = start + limit
        for pattern in _BREAKS:
            last = None
            for last in pattern.finditer(body, start + limit // 2, end):  # noqa: B007
                pass
            if last is not None:
                cut = last.end()
                break
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(body)))
    return bounds


def merge_pieces(article_id: str, parts: Iterable[tuple[int, TaggedArticle]]) -> TaggedArticle:
    """One TaggedArticle from its pieces' (``(offset of the piece in the body, result)``, in
    body order): every offset shifted to the body, issues' statement indexes re-based, actors
    merged by id (first name, type and role win; other names and aliases become aliases),
    candidate issues concatenated."""
    actors: dict[str, Actor] = {}
    entities: list[EntityMention] = []
    statements: list[Statement] = []
    issues: list[IssueMention] = []
    candidates: list[str] = []
    for offset, part in parts:
        for a in part.actors:
            kept = actors.get(a.actor_id)
            if kept is None:
                actors[a.actor_id] = replace(a, aliases=list(a.aliases))
            else:
                _merge_actor(kept, a)
        entities.extend(replace(e, start=e.start + offset, end=e.end + offset)
                        for e in part.entities)
        base = len(statements)
        statements.extend(
            replace(s, content=_shift(s.content, offset), speaker=_shift(s.speaker, offset),
                    cue=_shift(s.cue, offset))
            for s in part.statements
        )
        issues.extend(
            replace(m, start=m.start + offset, end=m.end + offset,
                    statement_index=None if m.statement_index is None
                    else m.statement_index + base)
            for m in part.issues
        )
        candidates.extend(part.candidate_issues)
    return TaggedArticle(article_id, list(actors.values()), entities, statements, issues,
                         candidates)


def _shift(span: Span | None, offset: int) -> Span | None:
    return None if span is None else Span(span.start + offset, span.end + offset, span.text)


def _merge_actor(kept: Actor, other: Actor) -> None:
    for alias in (other.name, *other.aliases):
        if alias != kept.name and alias not in kept.aliases:
            kept.aliases.append(alias)
    kept.role = kept.role or other.role
    kept.affiliation = kept.affiliation or other.affiliation
    kept.country_code = kept.country_code or other.country_code


def _with_speaker_mentions(entities: list[EntityMention],
                           statements: list[Statement]) -> list[EntityMention]:
    """Every actor of the article has a mention: a speaker known only from its speaker span
    ("G7 foreign ministers meeting ... called on") gets that span as its mention, so the
    warehouse never holds a speaker id without a mention in its article."""
    mentioned = {e.actor_id for e in entities}
    spans = {(e.start, e.end) for e in entities}
    added = []
    for st in statements:
        sp = st.speaker
        if (st.speaker_actor_id is None or sp is None or st.speaker_actor_id in mentioned
                or (sp.start, sp.end) in spans):
            continue
        added.append(EntityMention(sp.start, sp.end, sp.text, "SPEAKER", st.speaker_actor_id))
        mentioned.add(st.speaker_actor_id)
        spans.add((sp.start, sp.end))
    return sorted([*entities, *added], key=lambda e: (e.start, e.end)) if added else entities


def _issue_score(s: IssueScore) -> dict:
    out = {"issue_id": s.issue_id, "score": s.score, "is_primary": s.is_primary,
           "evidence": s.evidence}
    if s.statement_index is not None:
        out["statement_index"] = s.statement_index
    return out


def to_json(tagged: TaggedArticle, body: str) -> dict:
    """The stable ``newsdw tag`` output for one article."""
    actors = {a.actor_id: a for a in tagged.actors}

    def actor_ref(actor_id: str | None) -> dict | None:
        a = actors.get(actor_id) if actor_id else None
        return None if a is None else {"actor_id": a.actor_id, "name": a.name,
                                       "type": a.actor_type}

    entities = []
    for m in tagged.entities:
        a = actors.get(m.actor_id)
        entities.append({
            "start": m.start, "end": m.end, "text": body[m.start:m.end], "label": m.ner_label,
            "actor_id": m.actor_id, "actor_name": a.name if a else None,
            "actor_type": a.actor_type if a else None,
        })
    out = {
        "article_id": tagged.article_id,
        "entities": entities,
        "actors": [
            {"actor_id": a.actor_id, "name": a.name, "type": a.actor_type,
             "aliases": list(a.aliases), "role": a.role, "affiliation": a.affiliation,
             "country_code": a.country_code}
            for a in tagged.actors
        ],
        "statements": [
            {
                "kind": s.kind,
                "content": s.content.as_dict(),
                "speaker": s.speaker.as_dict() if s.speaker else None,
                "speaker_actor": actor_ref(s.speaker_actor_id),
                "cue": s.cue.as_dict() if s.cue else None,
                "negated": s.negated,
            }
            for s in tagged.statements
        ],
        "issues": [
            {"issue_id": i.issue_id, "start": i.start, "end": i.end, "evidence": i.evidence,
             "statement_index": i.statement_index}
            for i in tagged.issues
        ],
        "candidate_issues": list(tagged.candidate_issues),
        "about": [_issue_score(s) for s in tagged.about],
        "statement_about": [_issue_score(s) for s in tagged.statement_about],
    }
    if tagged.error is not None:  # only on a failure: the output of a tagged article is stable
        out["error"] = tagged.error
    return out
