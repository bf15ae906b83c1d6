"""Staged run files: each step writes Parquet under the run's staging directory, to a temporary
name renamed into place, so a killed step never leaves a half-written file behind. Tasks pass
these paths, never the data, between each other."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

_str, _int, _date, _ts = pa.string(), pa.int32(), pa.date32(), pa.timestamp("us")
_bool, _bytes, _float = pa.bool_(), pa.binary(), pa.float64()

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("article_id", _str), ("source", _str), ("url", _str), ("canonical_url", _str),
        ("title", _str), ("author", _str), ("published_at", _ts), ("published_date", _date),
        ("date_source", _str), ("body", _str), ("language", _str), ("word_count", _int),
        ("content_hash", _str), ("story_id", _str), ("location", _str), ("extracted_at", _ts),
    ]),
    "duplicates": pa.schema([
        ("source", _str), ("location", _str), ("duplicate_of", _str), ("reason", _str),
    ]),
    "quarantine": pa.schema([
        ("quarantine_id", _str), ("source", _str), ("location", _str), ("reason", _str),
        ("payload", _str),
    ]),
    "entity_mentions": pa.schema([
        ("mention_id", _str), ("article_id", _str), ("start_char", _int), ("end_char", _int),
        ("mention_text", _str), ("ner_label", _str), ("actor_id", _str), ("actor_name", _str),
        ("actor_type", _str), ("actor_role", _str), ("actor_affiliation", _str),
        ("actor_country_code", _str),
    ]),
    "statements": pa.schema([
        ("statement_id", _str), ("article_id", _str), ("statement_index", _int), ("kind", _str),
        ("content_start", _int), ("content_end", _int), ("content", _str),
        ("speaker_start", _int), ("speaker_end", _int), ("speaker_text", _str),
        ("speaker_actor_id", _str), ("cue_start", _int), ("cue_end", _int), ("cue_text", _str),
        ("negated", _bool),
    ]),
    "issue_mentions": pa.schema([
        ("issue_mention_id", _str), ("article_id", _str), ("issue_id", _str),
        ("statement_id", _str), ("start_char", _int), ("end_char", _int), ("evidence", _str),
    ]),
    "issue_scores": pa.schema([
        ("issue_score_id", _str), ("article_id", _str), ("issue_id", _str),
        ("statement_id", _str), ("score", _float), ("is_primary", _bool), ("evidence", _str),
    ]),
    "candidate_issues": pa.schema([
        ("article_id", _str), ("phrase", _str), ("frequency", _int),
    ]),
    # Articles whose tagging raised: the load moves them from raw.articles to raw.quarantine.
    "tag_failures": pa.schema([
        ("quarantine_id", _str), ("article_id", _str), ("source", _str), ("location", _str),
        ("reason", _str), ("payload", _str),
    ]),
    "http_cache": pa.schema([
        ("url", _str), ("kind", _str), ("source", _str), ("requested_url", _str),
        ("final_url", _str), ("status", _int), ("error", _str), ("transient", _bool),
        ("etag", _str), ("last_modified", _str), ("content_type", _str), ("body", _bytes),
        ("published_at", _ts), ("date_source", _str), ("first_fetched_at", _ts),
        ("fetched_at", _ts),
    ]),
}
EXTRACT_TABLES = ("articles", "duplicates", "quarantine")
TAG_FAILURES = "tag_failures"
# The files every tag shard stages (the load refuses a shard that lacks one): the raw tag
# tables, and the shard's tagging failures (not a raw table: quarantined by the load).
TAG_TABLES = ("entity_mentions", "statements", "issue_mentions", "issue_scores",
              "candidate_issues", TAG_FAILURES)
STATE_TABLES = ("http_cache",)  # upserted into state.* by key (see newsdw.warehouse.schema)


def write_table(path: Path, name: str, rows: list[dict]) -> Path:
    with TableWriter(path, name) as writer:
        writer.write(rows)
    return path


class TableWriter:
    """Writes a staged table in row groups as rows come (memory follows the row group, not the
    table); the file appears under its name only when the writer closes without an error."""

    def __init__(self, path: Path, name: str, row_group_rows: int = 50_000):
        self.path, self.schema, self.row_group_rows = path, SCHEMAS[name], row_group_rows
        path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        self._writer = pq.ParquetWriter(self.tmp, self.schema, compression="zstd")
        self._pending: list[dict] = []
        self.rows = 0

    def write(self, rows: list[dict]) -> None:
        self._pending.extend(rows)
        self.rows += len(rows)
        if len(self._pending) >= self.row_group_rows:
            self._flush()

    def _flush(self) -> None:
        self._writer.write_table(pa.Table.from_pylist(self._pending, schema=self.schema))
        self._pending = []

    def close(self) -> Path:
        """Finish the file and move it into place."""
        try:
            if self._pending or not self.rows:
                self._flush()  # an empty table still gets its (schema-only) row group
        finally:
            self._writer.close()
        os.replace(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        self._writer.close()
        self.tmp.unlink(missing_ok=True)

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def read_table(path: Path, columns: list[str] | None = None) -> pa.Table:
    return pq.read_table(path, columns=columns)


def count_rows(path: Path) -> int:
    return pq.ParquetFile(path).metadata.num_rows


def read_rows(path: Path, columns: list[str], start: int, stop: int) -> list[dict]:
    """Rows [start, stop) of a staged table, without reading the rest into memory."""
    out: list[dict] = []
    offset = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1024, columns=columns):
        lo, hi = max(start - offset, 0), min(stop - offset, batch.num_rows)
        if lo < hi:
            out.extend(batch.slice(lo, hi - lo).to_pylist())
        offset += batch.num_rows
        if offset >= stop:
            break
    return out


def write_json(path: Path, payload: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(payload, indent=2, sort_keys=True, default=str), encoding="utf-8")
    os.replace(tmp, path)
    return path


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
