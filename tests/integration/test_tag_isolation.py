"""No item can sink a day (issue #17), through the real steps and DuckDB: an article over the
tagger's piece limit is tagged in pieces and loaded whole, an article whose tagging raises is
quarantined with its reason, and the article beside them loads as usual."""

from __future__ import annotations

import datetime as dt
import os
import resource
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from extract.nlp import tagger as tagger_module
from extract.sources.documents import PAYLOAD_LIMIT, split_header
from newsdw.pipeline import steps
from newsdw.pipeline.context import RunContext
from newsdw.settings import Settings
from newsdw.warehouse import staging
from tests.conftest import REPO
from tests.unit.test_tag_isolation import LATE_QUOTE, LATE_SPEAKER, MARKER, long_body

DAY = dt.date(2024, 4, 20)
LOADED_AT = dt.datetime(2024, 4, 21, 6)
GOLD = REPO / "tests" / "gold"


def landing_day(root: Path, big_chars: int, failing: bool = True) -> Path:
    """A folder source with a normal gold article, one of ``big_chars`` characters and (when
    ``failing``) a gold article carrying MARKER, which the patched tagger raises on."""
    folder = root / "landing"
    folder.mkdir(parents=True)
    shutil.copy(GOLD / "sudan_el_fasher_multiparagraph.txt", folder / "normal.txt")
    (folder / "big.txt").write_text(
        f"date {DAY}\ntitle: The whole archive in one item\n"
        f"url: https://example.com/archive/all\n{long_body(big_chars)}\n", encoding="utf-8")
    if failing:
        text = (GOLD / "myanmar_myawaddy_conflict.txt").read_text(encoding="utf-8")
        (folder / "bad.txt").write_text(f"{text.rstrip()}\n\nEditor's note: {MARKER}.\n",
                                        encoding="utf-8")
    sources = root / "sources.yml"
    sources.write_text(
        "sources:\n  - name: landing\n    type: folder\n    path: landing\n    language: en\n"
    )
    return sources


def context(root: Path, sources: Path, monkeypatch, n_process: int = 1) -> RunContext:
    monkeypatch.setenv("NEWSDW_WAREHOUSE", str(root / "warehouse" / "news.duckdb"))
    monkeypatch.setenv("NEWSDW_SOURCES", str(sources))
    monkeypatch.setenv("NEWSDW_N_PROCESS", str(n_process))
    return RunContext(DAY, f"test__{DAY}", Settings.from_env())


def rows(ctx: RunContext, sql: str) -> list[tuple]:
    with duckdb.connect(str(ctx.settings.warehouse), read_only=True) as con:
        return con.execute(sql, [DAY] * sql.count("?")).fetchall()


def assert_spans_match_bodies(ctx: RunContext) -> None:
    bodies = dict(rows(ctx, "select article_id, body from raw.articles where logical_date = ?"))
    spans = [
        *rows(ctx, "select article_id, start_char, end_char, mention_text "
                   "from raw.entity_mentions where logical_date = ?"),
        *rows(ctx, "select article_id, content_start, content_end, content "
                   "from raw.statements where logical_date = ?"),
        *rows(ctx, "select article_id, speaker_start, speaker_end, speaker_text "
                   "from raw.statements where logical_date = ? and speaker_start is not null"),
        *rows(ctx, "select article_id, start_char, end_char, evidence "
                   "from raw.issue_mentions where logical_date = ?"),
    ]
    assert spans
    for article_id, start, end, text in spans:
        assert bodies[article_id][start:end] == text


def test_a_long_article_and_a_failing_one_cost_only_themselves(tmp_path, monkeypatch):
    # The piece limit lowered so that a ~250,000-character article is cut in 6+ pieces without
    # minutes of parsing (the 5 MB case at the real limit: test_a_5_mb_article_... below).
    monkeypatch.setattr(tagger_module, "MAX_CHUNK_CHARS", 40_000)
    original = tagger_module.Tagger.tag_doc

    def tag_doc(self, article_id, body, doc):
        if MARKER in body:
            raise ValueError(f"rules cannot take {MARKER!r}")
        return original(self, article_id, body, doc)

    monkeypatch.setattr(tagger_module.Tagger, "tag_doc", tag_doc)
    ctx = context(tmp_path, landing_day(tmp_path, 250_000), monkeypatch)

    extracted = steps.extract_step(ctx)
    assert (extracted["articles"], extracted["quarantined"]) == (3, 0)
    tagged = [steps.tag_step(ctx, shard, 2) for shard in range(2)]
    assert sum(t["tag_failures"] for t in tagged) == 1
    loaded = steps.load_step(ctx, LOADED_AT, shards=2)
    assert (loaded["articles"], loaded["quarantine"], loaded["tag_failures"]) == (2, 1, 1)

    assert sorted(Path(p).name for (p,) in rows(
        ctx, "select location from raw.articles where logical_date = ?")) == ["big.txt",
                                                                             "normal.txt"]
    ((location, reason, payload),) = rows(
        ctx, "select location, reason, payload from raw.quarantine where logical_date = ?")
    bad_body = split_header((tmp_path / "landing" / "bad.txt").read_text(encoding="utf-8"))[1]
    assert Path(location).name == "bad.txt"
    assert reason == f"tagging failed: ValueError: rules cannot take '{MARKER}'"
    assert payload == bad_body[:PAYLOAD_LIMIT]
    # the failed article left nothing behind; the other two are tagged
    assert rows(ctx, "select count(distinct article_id) from raw.entity_mentions "
                     "where logical_date = ?") == [(2,)]
    assert_spans_match_bodies(ctx)
    big_statements = rows(ctx, "select s.content, s.content_start, length(a.body), "
                               "m.actor_name from raw.statements s join raw.articles a "
                               "using (article_id) left join raw.entity_mentions m "
                               "on m.actor_id = s.speaker_actor_id "
                               "and m.article_id = s.article_id "
                               "where s.logical_date = ? and a.location like '%big.txt'")
    late = [r for r in big_statements if LATE_QUOTE in r[0]]
    assert late and late[0][1] > late[0][2] - 1_000 and late[0][3] == LATE_SPEAKER
    assert len(big_statements) > 100

    # the audit counts where items ended, after the move
    assert rows(ctx, "select articles, quarantined from audit.loads "
                     "where logical_date = ?") == [(2, 1)]
    assert rows(ctx, "select source, loaded, quarantined from audit.source_runs "
                     "where logical_date = ?") == [("landing", 2, 1)]
    steps.validate_step(ctx, "raw", LOADED_AT)  # raises ValidationFailed on a critical failure

    # a re-run of the load replaces the day with the same rows
    assert steps.load_step(ctx, LOADED_AT, shards=2) == loaded


def test_the_load_refuses_a_shard_without_its_tag_failures(tmp_path, monkeypatch):
    ctx = context(tmp_path, landing_day(tmp_path, 1_000, failing=False), monkeypatch)
    steps.extract_step(ctx)
    for name in staging.TAG_TABLES:
        if name != staging.TAG_FAILURES:
            staging.write_table(ctx.tag_shard_dir(0) / f"{name}.parquet", name, [])
    with pytest.raises(FileNotFoundError, match="tagging incomplete"):
        steps.load_step(ctx, LOADED_AT)
    assert not ctx.settings.warehouse.exists()


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("NEWSDW_TEST_5MB"),
                    reason="minutes of parsing: set NEWSDW_TEST_5MB=1 to run")
def test_a_5_mb_article_costs_only_itself(tmp_path, monkeypatch, capsys):
    """The reviewer's case at the real piece limit, on two worker processes: a 5 MB article
    (5x spaCy's max_length) beside a normal one; both load, nothing fails. Prints the time and
    the peak memory of this process and of the workers."""
    ctx = context(tmp_path, landing_day(tmp_path, 5_000_000, failing=False), monkeypatch,
                  n_process=2)
    steps.extract_step(ctx)
    started = time.perf_counter()
    tagged = steps.tag_step(ctx)
    seconds = time.perf_counter() - started
    loaded = steps.load_step(ctx, LOADED_AT)
    assert (tagged["tag_failures"], loaded["articles"], loaded["quarantine"]) == (0, 2, 0)
    assert_spans_match_bodies(ctx)
    assert any(LATE_QUOTE in c for (c,) in rows(
        ctx, "select content from raw.statements where logical_date = ?"))
    peak = {who: resource.getrusage(getattr(resource, f"RUSAGE_{who}")).ru_maxrss // 1024
            for who in ("SELF", "CHILDREN")}
    with capsys.disabled():
        print(f"\n5 MB article: tag_step {seconds:.0f} s, {tagged}, peak RSS "
              f"{peak['SELF']} MiB (this process), {peak['CHILDREN']} MiB (largest worker)")
