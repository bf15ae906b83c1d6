"""The tagger: article bodies in, :class:`TaggedArticle` out (statements, actors, issues)."""

from __future__ import annotations

import functools
import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sized
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extract.nlp.actors import ActorIndex
from extract.nlp.issues import IssueMatcher, candidate_issues
from extract.nlp.model import load_model, resolve_model_name
from extract.nlp.statements import SpeakerResolver, StatementFinder
from extract.records import EntityMention, Statement, TaggedArticle

DEFAULT_TAXONOMY = Path(__file__).resolve().parents[2] / "dbt/seeds/issue_taxonomy.csv"


class Tagger:
    """``Tagger().tag(article_id, body)``; ``tag_many`` for batches (``nlp.pipe``).

    The model name is resolved at once (a missing model fails here) but the pipeline loads on
    first use: with ``n_process > 1`` only the worker processes load it."""

    def __init__(self, model_name: str | None = None, taxonomy_path: Path | None = None):
        self.model_name = resolve_model_name(model_name)
        self.taxonomy_path = Path(taxonomy_path) if taxonomy_path else DEFAULT_TAXONOMY
        self.issues = IssueMatcher.from_csv(self.taxonomy_path)

    @functools.cached_property
    def nlp(self) -> Language:
        return load_model(self.model_name)

    def tag(self, article_id: str, body: str) -> TaggedArticle:
        return self.tag_doc(article_id, body, self.nlp(body))

    def tag_many(self, items: Iterable[tuple[str, str]], batch_size: int = 32,
                 n_process: int = 1) -> Iterator[TaggedArticle]:
        """Tag (article_id, body) pairs; results come in input order.

        With ``n_process > 1`` every worker process parses *and* runs the rules on its own
        chunks and sends back only the small TaggedArticle records. (spaCy's own
        ``nlp.pipe(n_process=...)`` sends every parsed Doc back to this process, which then
        deserialises them and runs the rules alone.) Measured on 2 cores, 500 articles: 1.53x
        bare 1-process spaCy including the workers' start, where bare 2-process spaCy did
        1.61x without any rules."""
        if n_process <= 1:
            pairs = ((body, article_id) for article_id, body in items)
            for doc, article_id in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
                yield self.tag_doc(article_id, doc.text, doc)
            return
        if isinstance(items, Sized):  # small inputs: a few chunks per worker, none left idle
            batch_size = max(1, min(batch_size, -(-len(items) // (4 * n_process))))
        rest = iter(items)
        chunks = iter(lambda: list(itertools.islice(rest, batch_size)), [])
        # spawn, not fork: the caller may be a threaded process (Airflow's task runner).
        with ProcessPoolExecutor(
            max_workers=n_process, mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker, initargs=(self.model_name, self.taxonomy_path),
        ) as pool:
            # Submit a bounded window ahead, so memory follows the batch size, not the day size.
            pending = deque(pool.submit(_tag_chunk, c, batch_size)
                            for c in itertools.islice(chunks, 2 * n_process))
            while pending:
                done = pending.popleft().result()
                pending.extend(pool.submit(_tag_chunk, c, batch_size)
                               for c in itertools.islice(chunks, 1))
                yield from done

    def tag_doc(self, article_id: str, body: str, doc: Doc) -> TaggedArticle:
        actors = ActorIndex(doc).build()
        finder = StatementFinder(doc, body, actors)
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
        )


_worker_tagger: Tagger | None = None


def _start_worker(model_name: str, taxonomy_path: Path) -> None:
    global _worker_tagger
    _worker_tagger = Tagger(model_name, taxonomy_path)
    _worker_tagger.nlp  # noqa: B018 - load the model before the first chunk arrives


def _tag_chunk(chunk: list[tuple[str, str]], batch_size: int) -> list[TaggedArticle]:
    assert _worker_tagger is not None, "worker not initialised"
    return list(_worker_tagger.tag_many(chunk, batch_size=batch_size))


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
    return {
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
            }
            for s in tagged.statements
        ],
        "issues": [
            {"issue_id": i.issue_id, "start": i.start, "end": i.end, "evidence": i.evidence,
             "statement_index": i.statement_index}
            for i in tagged.issues
        ],
        "candidate_issues": list(tagged.candidate_issues),
    }
