"""The steps of one daily run, as plain functions of the logical date. The Airflow DAG wires
them together; tests and the CLI call them directly. Steps exchange small dicts (paths,
counts), never article data: that is staged as Parquet under the run's staging directory."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path

from extract import ids
from extract.extraction import extract_interval
from extract.records import TaggedArticle
from extract.sources.config import load_sources
from extract.sources.documents import truncate
from extract.sources.items import FetchRecord
from newsdw.ops import progress
from newsdw.ops.faults import crash_point
from newsdw.pipeline.context import RunContext
from newsdw.warehouse import staging
from newsdw.warehouse.load import known_articles, load_raw

log = logging.getLogger(__name__)


# -- extract -----------------------------------------------------------------------------------


def extract_step(ctx: RunContext) -> dict:
    sources = load_sources(ctx.settings.sources_file)
    # A re-run starts from a clean slate: tag shards of an earlier attempt must not be loaded.
    shutil.rmtree(ctx.staging_dir / "tags", ignore_errors=True)
    start, end = ctx.interval
    result = extract_interval(
        sources, start, end, known_articles(ctx.settings.warehouse, ctx.logical_date)
    )
    staging.write_table(ctx.staged("articles"), "articles", [
        {
            "article_id": a.article_id, "source": a.source, "url": a.url,
            "canonical_url": a.canonical_url, "title": a.title, "author": a.author,
            "published_at": a.published_at, "published_date": a.published_date,
            "date_source": a.date_source, "body": a.body, "language": a.language,
            "word_count": len(a.body.split()), "content_hash": a.content_hash,
            "story_id": result.story_ids[a.article_id], "location": a.location,
            "extracted_at": a.extracted_at,
        }
        for a in result.articles
    ])
    staging.write_table(ctx.staged("duplicates"), "duplicates", [
        {"source": d.source, "location": d.location, "duplicate_of": d.duplicate_of,
         "reason": d.reason}
        for d in result.duplicates
    ])
    staging.write_table(ctx.staged("quarantine"), "quarantine", [
        {"quarantine_id": "q_" + ids.stable_id(q.source, q.location, q.reason),
         "source": q.source, "location": q.location, "reason": q.reason, "payload": q.payload}
        for q in result.quarantined
    ])
    crash_point("extract")
    for q in result.quarantined:
        log.warning("quarantined %s (%s): %s", q.location, q.source, q.reason)
    latest: dict[tuple[str, str], FetchRecord] = {}
    for f in sorted(result.fetches, key=lambda f: f.fetched_at):
        latest[(f.kind, f.url)] = f  # one row per (kind, url): the last fetch
    staging.write_table(ctx.staged("http_cache"), "http_cache", [
        {k: v for k, v in vars(f).items() if k != "logical_date"} for f in latest.values()
    ])
    # Content-derived load id: re-running an unchanged day reproduces the same rows.
    load_id = "load_" + ids.stable_id(
        ctx.logical_date, *sorted(f"{a.article_id}:{a.content_hash}" for a in result.articles)
    )
    summary = {
        "logical_date": ctx.logical_date.isoformat(),
        "load_id": load_id,
        "articles": len(result.articles),
        "duplicates": len(result.duplicates),
        "quarantined": len(result.quarantined),
        "http_fetches": len(latest),
        "http_not_modified": sum(1 for f in latest.values() if f.status == 304),
        "sources": [vars(s) for s in result.summaries],
    }
    staging.write_json(ctx.staging_dir / "extract_summary.json", summary)
    return summary


# -- tag ---------------------------------------------------------------------------------------


def plan_shards(articles: int, shard_size: int, max_shards: int) -> list[dict]:
    """Split the day into tagging shards of about `shard_size` articles (at least one)."""
    shards = max(1, min(max_shards, -(-articles // max(1, shard_size))))
    return [{"shard": i, "shards": shards} for i in range(shards)]


def shard_bounds(total: int, shards: int, shard: int) -> tuple[int, int]:
    size = -(-total // shards) if total else 0
    return min(total, shard * size), min(total, (shard + 1) * size)


def tag_step(ctx: RunContext, shard: int = 0, shards: int = 1, tagger=None) -> dict:
    """Tag one contiguous shard of the day's staged articles and stage the results, written
    as they come: memory follows the batch size, not the size of the shard or the day.

    An article whose tagging failed costs only itself: it is staged in ``tag_failures`` (its
    source and location, the reason, the truncated body) and the load quarantines it."""
    from extract.nlp.tagger import Tagger

    staged = ctx.staged("articles")
    lo, hi = shard_bounds(staging.count_rows(staged), shards, shard)
    rows = staging.read_rows(staged, ["article_id", "body", "source", "location"], lo, hi)
    items = [(a["article_id"], a["body"]) for a in rows]
    tagger = tagger or Tagger(model_name=ctx.settings.spacy_model)
    out = ctx.tag_shard_dir(shard)
    writers = {name: staging.TableWriter(out / f"{name}.parquet", name)
               for name in staging.TAG_TABLES}
    every = max(1, len(items) // 10)
    try:
        tagged_all = tagger.tag_many(items, batch_size=ctx.settings.batch_size,
                                     n_process=ctx.settings.processes_for(len(items)))
        for done, (article, tagged) in enumerate(zip(rows, tagged_all, strict=True), start=1):
            if tagged.error is not None:
                writers[staging.TAG_FAILURES].write([tag_failure_row(article, tagged.error)])
                log.warning("quarantined %s (%s): %s", article["location"], article["source"],
                            tagged.error)
            for name, table_rows in tag_rows(tagged).items():
                writers[name].write(table_rows)
            if done % every == 0 or done == len(items):
                log.info("shard %d/%d: tagged %d/%d articles", shard + 1, shards, done,
                         len(items))
                progress.progress("tag", done, len(items), "articles")
    except BaseException:
        for writer in writers.values():
            writer.abort()
        raise
    for writer in writers.values():
        writer.close()
        crash_point("tag")  # killed here, the shard lacks files: the load refuses it
    counts = {name: w.rows for name, w in writers.items()}
    return {"shard": shard, "articles": len(items), **counts}


def tag_failure_row(article: dict, reason: str) -> dict:
    """The staged ``tag_failures`` row of a staged article whose tagging failed."""
    source, location = article["source"], article["location"] or ""
    return {
        "quarantine_id": "q_" + ids.stable_id(source, location, reason, article["article_id"]),
        "article_id": article["article_id"], "source": source, "location": location,
        "reason": reason, "payload": truncate(article["body"]),
    }


def tag_rows(tagged: TaggedArticle) -> dict[str, list[dict]]:
    """Flatten one tagged article into rows of the raw tag tables (none for a failure)."""
    aid = tagged.article_id
    actors = {a.actor_id: a for a in tagged.actors}
    mentions = []
    for m in tagged.entities:
        actor = actors[m.actor_id]
        mentions.append({
            "mention_id": "men_" + ids.stable_id(aid, m.start, m.end),
            "article_id": aid, "start_char": m.start, "end_char": m.end,
            "mention_text": m.text, "ner_label": m.ner_label, "actor_id": actor.actor_id,
            "actor_name": actor.name, "actor_type": actor.actor_type,
            "actor_role": actor.role or None, "actor_affiliation": actor.affiliation or None,
            "actor_country_code": actor.country_code or None,
        })
    statements, statement_ids = [], []
    for i, s in enumerate(tagged.statements):
        sid = ids.statement_id(aid, s.content.start, s.content.end)
        statement_ids.append(sid)
        statements.append({
            "statement_id": sid, "article_id": aid, "statement_index": i, "kind": s.kind,
            "content_start": s.content.start, "content_end": s.content.end,
            "content": s.content.text,
            "speaker_start": s.speaker.start if s.speaker else None,
            "speaker_end": s.speaker.end if s.speaker else None,
            "speaker_text": s.speaker.text if s.speaker else None,
            "speaker_actor_id": s.speaker_actor_id,
            "cue_start": s.cue.start if s.cue else None,
            "cue_end": s.cue.end if s.cue else None,
            "cue_text": s.cue.text if s.cue else None,
            "negated": s.negated,
        })
    issues = [
        {
            "issue_mention_id": "ism_" + ids.stable_id(aid, m.issue_id, m.start, m.end),
            "article_id": aid, "issue_id": m.issue_id,
            "statement_id": None if m.statement_index is None else statement_ids[m.statement_index],
            "start_char": m.start, "end_char": m.end, "evidence": m.evidence,
        }
        for m in tagged.issues
    ]
    scores = [
        {
            "issue_score_id": "isc_" + ids.stable_id(aid, sid, s.issue_id),
            "article_id": aid, "issue_id": s.issue_id, "statement_id": sid,
            "score": s.score, "is_primary": s.is_primary, "evidence": s.evidence,
        }
        for s in [*tagged.about, *tagged.statement_about]
        for sid in [None if s.statement_index is None else statement_ids[s.statement_index]]
    ]
    counts: dict[str, int] = {}
    for phrase in tagged.candidate_issues:
        counts[phrase] = counts.get(phrase, 0) + 1
    candidates = [
        {"article_id": aid, "phrase": p, "frequency": n} for p, n in sorted(counts.items())
    ]
    return {"entity_mentions": mentions, "statements": statements, "issue_mentions": issues,
            "issue_scores": scores, "candidate_issues": candidates}


# -- load --------------------------------------------------------------------------------------


def load_step(ctx: RunContext, run_started_at: dt.datetime, shards: int = 1,
              loaded_at: dt.datetime | None = None) -> dict:
    """Load the day's staged files into the raw tables (``warehouse.load.load_raw``: one
    transaction replacing the logical date). Refuses a day whose tagging is incomplete.
    The audit records when the run started and when this load happened (``loaded_at``,
    default now, UTC): a backfill's runs load days after their logical dates."""
    loaded_at = loaded_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    summary = staging.read_json(ctx.staging_dir / "extract_summary.json")
    load_id = summary["load_id"]
    staged: dict[str, list[Path]] = {name: [ctx.staged(name)]
                                     for name in staging.EXTRACT_TABLES}
    shard_dirs = [ctx.tag_shard_dir(i) for i in range(shards)]
    missing = [str(d) for d in shard_dirs
               if not all((d / f"{name}.parquet").exists() for name in staging.TAG_TABLES)]
    if missing:
        raise FileNotFoundError(f"tag shards missing (tagging incomplete): {missing}")
    for name in staging.TAG_TABLES:
        staged[name] = [d / f"{name}.parquet" for d in shard_dirs]
    sources = _with_tag_failures(summary["sources"], staged[staging.TAG_FAILURES])
    counts = load_raw(ctx.settings.warehouse, ctx.logical_date, ctx.run_id, load_id, staged,
                      ctx.staged("http_cache"), sources, loaded_at, run_started_at)
    return {"load_id": load_id, **counts}


def _with_tag_failures(sources: list[dict], failure_files: list[Path]) -> list[dict]:
    """The extract's per-source counts with every tagging failure moved from ``loaded`` to
    ``quarantined``, as the load moves the article (audit.source_runs: where items ended)."""
    failed: dict[str, int] = {}
    for path in failure_files:
        for source in staging.read_table(path, ["source"]).column("source").to_pylist():
            failed[source] = failed.get(source, 0) + 1
    if not failed:
        return sources
    return [{**s, "loaded": s["loaded"] - failed.get(s["source"], 0),
             "quarantined": s["quarantined"] + failed.get(s["source"], 0)} for s in sources]


# -- validate, transform, publish -------------------------------------------------------------


def validate_step(ctx: RunContext, layer: str, validated_at: dt.datetime) -> dict:
    """Run the layer's GX suites, record every result in audit.validation_results, and raise
    ValidationFailed (naming the failed expectations) when a critical one fails. Returns the
    counts and ``data_docs``, the Data Docs index (None when it could not be rendered).

    The suites run in a child process: the memory of the day's frames goes back to the OS when
    they are done, not held by this process through the steps that follow (the daily run of
    10,000 articles stays under 2 GiB)."""
    from expectations.runner import raise_for_failures, record_results, validate_layer_in_child

    report = validate_layer_in_child(
        ctx.settings.warehouse, layer, ctx.logical_date, ctx.run_id, ctx.settings.data_docs_dir,
        validated_at=validated_at,
    )
    record_results(ctx.settings.warehouse, report, ctx.logical_date, ctx.run_id, validated_at)
    raise_for_failures(report)
    return {
        "layer": layer,
        "expectations": len(report.results),
        "warnings": sum(1 for r in report.results if not r.success),
        "data_docs": str(report.docs_index) if report.docs_index else None,
    }


def transform_step(ctx: RunContext) -> dict:
    from newsdw.warehouse.dbt_runner import SCHEMA_CHANGED, DbtFailed, run_dbt

    # Unit tests check the SQL logic, not the day's data: CI runs them, the daily run need not.
    build = ("build", "--exclude-resource-type", "unit_test")
    try:
        output = run_dbt(ctx.settings, *build, variables={"logical_date": str(ctx.logical_date)})
    except DbtFailed as err:
        if SCHEMA_CHANGED not in err.output:
            raise
        # The first run after an upgrade that changed a model's columns (2026-12-02:
        # statements.is_negated): rebuild every model in full once, which gives what the
        # incremental runs would have (dbt/README.md); the next days run incrementally again.
        log.warning("dbt: a model's columns changed since the warehouse was built; "
                    "rebuilding the models in full")
        output = run_dbt(ctx.settings, *build)
    crash_point("dbt")
    done = [line for line in output.splitlines() if "Done. PASS=" in line]
    return {"dbt": done[-1].strip() if done else "ok"}


def publish_step(ctx: RunContext) -> dict:
    from newsdw.warehouse.publish import export_parquet, publish_snapshot

    published = publish_snapshot(ctx.settings.warehouse, ctx.settings.bi_snapshot)
    exported = export_parquet(ctx.settings.bi_snapshot, ctx.settings.parquet_dir)
    return {
        "snapshot": str(ctx.settings.bi_snapshot), "tables": published.counts,
        # tables updated by date: the dates replaced (others were copied whole)
        "replaced_dates": {name: sorted(str(d) for d in days)
                           for name, days in published.changed_dates.items()},
        "parquet": exported,
    }
