"""Suite construction: the specs in expectations/ build valid GX suites with the checks the
contracts require, severities set, and parameters derived from the data."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from expectations import config, layer_spec
from expectations import raw as raw_suite
from expectations.marts import DAY_SCOPE
from expectations.spec import CRITICAL, WARNING, LayerSpec, dangling_column
from newsdw.warehouse.schema import DDL


def _find(spec: LayerSpec, table: str, expectation_type: str, **kwargs) -> list:
    suite = spec.table(table).build_suite()
    return [
        e
        for e in suite.expectations
        if e.expectation_type == expectation_type
        and all(e.configuration.kwargs.get(k) == v for k, v in kwargs.items())
    ]


def _severity(expectation) -> str:
    return expectation.severity.value


@pytest.fixture(scope="module")
def raw() -> LayerSpec:
    return layer_spec("raw")


@pytest.fixture(scope="module")
def marts() -> LayerSpec:
    return layer_spec("marts")


def test_layers_cover_the_contract_tables(raw: LayerSpec, marts: LayerSpec) -> None:
    assert raw.stored_table_names == (
        "raw.articles",
        "raw.entity_mentions",
        "raw.statements",
        "raw.issue_mentions",
        "raw.issue_scores",
    )
    # metric frames computed by prepare, validated like tables
    assert raw.table_names == (*raw.stored_table_names, "raw.nlp_health", "raw.volume")
    assert marts.table_names == (*marts.stored_table_names, "marts.coverage")
    assert set(marts.table_names) >= {
        "marts.actors",
        "marts.issues",
        "marts.statements",
        "marts.statement_issues",
        "marts.article_actors",
        "marts.article_issues",
    }
    assert raw.per_logical_date and not marts.per_logical_date


def test_unknown_layer_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown layer"):
        layer_spec("staging")  # type: ignore[arg-type]


@pytest.mark.parametrize("layer", ["raw", "marts"])
def test_every_expectation_is_critical_or_warning(layer: str) -> None:
    for name, suite in layer_spec(layer).suites().items():
        assert suite.name == name
        assert suite.expectations, name
        for e in suite.expectations:
            assert _severity(e) in (CRITICAL, WARNING), (name, e.expectation_type)


def test_raw_articles_checks(raw: LayerSpec) -> None:
    [rows] = _find(raw, "raw.articles", "expect_table_row_count_to_be_between")
    # a quiet day is valid: an empty load is a warning with a note saying so
    assert rows.min_value == config.MIN_ARTICLES_PER_LOAD >= 1 and _severity(rows) == WARNING
    assert "a day without articles" in rows.notes
    assert _find(raw, "raw.articles", "expect_column_values_to_be_unique", column="article_id")
    assert _find(raw, "raw.articles", "expect_column_values_to_not_be_null", column="article_id")
    assert _find(raw, "raw.articles", "expect_column_values_to_not_be_null", column="body")
    [length] = _find(raw, "raw.articles", "expect_column_values_to_be_between", column="body_chars")
    assert (length.min_value, length.max_value) == (200, 200_000)
    [published] = _find(
        raw, "raw.articles", "expect_column_values_to_be_between", column="published_date"
    )
    assert published.min_value == {"$PARAMETER": "interval_start"}
    assert published.max_value == {"$PARAMETER": "interval_end"}
    assert published.strict_max and _severity(published) == CRITICAL
    [language] = _find(raw, "raw.articles", "expect_column_values_to_be_in_set", column="language")
    assert {"en", "de", "fr", "zh"} <= set(language.value_set)
    assert "zh-cn" not in language.value_set and len(language.value_set) == 184


def test_interval_parameters_are_the_half_open_day(raw: LayerSpec) -> None:
    params = raw.date_parameters(dt.date(2024, 4, 20))
    assert params == {
        "interval_start": dt.datetime(2024, 4, 20),
        "interval_end": dt.datetime(2024, 4, 21),
    }


def test_raw_spans_and_sets(raw: LayerSpec) -> None:
    [kind] = _find(raw, "raw.statements", "expect_column_values_to_be_in_set", column="kind")
    assert set(kind.value_set) == {"direct", "indirect", "mixed"}
    [types] = _find(
        raw, "raw.entity_mentions", "expect_column_values_to_be_in_set", column="actor_type"
    )
    assert set(types.value_set) == {
        "person",
        "organization",
        "country",
        "group",
        "anonymous",
        "place",
    }
    for table, start, end in [
        ("raw.statements", "content_start", "content_end"),
        ("raw.entity_mentions", "start_char", "end_char"),
        ("raw.issue_mentions", "start_char", "end_char"),
    ]:
        assert _find(raw, table, "expect_column_values_to_be_between", column=start, min_value=0)
        pair = "expect_column_pair_values_a_to_be_greater_than_b"
        [ordered] = _find(raw, table, pair, column_A=end, column_B=start)
        assert ordered.or_equal is False
        [inside] = _find(raw, table, pair, column_A="article_body_len", column_B=end)
        assert inside.or_equal is True and _severity(inside) == CRITICAL


def test_marts_checks(marts: LayerSpec) -> None:
    [rows] = _find(marts, "marts.issues", "expect_table_row_count_to_be_between")
    assert rows.min_value >= 1 and _severity(rows) == CRITICAL
    # no actor is critical once there are articles (a quiet first day has neither)
    assert not _find(marts, "marts.actors", "expect_table_row_count_to_be_between")
    [actors] = _find(marts, "marts.coverage", "expect_column_values_to_be_between",
                     column="actors_when_articles")
    assert actors.min_value == config.MIN_MART_ACTORS >= 1 and _severity(actors) == CRITICAL
    [rows] = _find(marts, "marts.statements", "expect_table_row_count_to_be_between")
    assert rows.min_value >= 1 and _severity(rows) == WARNING
    for table in ("marts.articles", "marts.statements", "marts.statement_issues",
                  "marts.article_actors", "marts.article_issues"):
        assert marts.table(table).scope == DAY_SCOPE  # facts: the day's dates only
    assert marts.table("marts.actors").scope is None
    [types] = _find(marts, "marts.actors", "expect_column_values_to_be_in_set", column="actor_type")
    assert set(types.value_set) == {"person", "organization", "country", "group", "anonymous"}
    assert _find(marts, "marts.statements", "expect_column_values_to_match_regex", column="content")
    [speaker] = _find(marts, "marts.statements", "expect_column_values_to_be_in_set",
                      column=dangling_column("speaker_actor_id"))
    assert speaker.value_set == [] and speaker.meta["column"] == "speaker_actor_id"
    assert _severity(speaker) == CRITICAL
    assert _find(
        marts,
        "marts.statement_issues",
        "expect_compound_columns_to_be_unique",
        column_list=["statement_id", "issue_id"],
    )


def test_every_bridge_key_references_its_dimension(marts: LayerSpec) -> None:
    refs = {(t.table, r.column): r.target for t in marts.tables for r in t.refs}
    assert refs[("marts.statement_issues", "statement_id")] == "marts.statements.statement_id"
    assert refs[("marts.statement_issues", "issue_id")] == "marts.issues.issue_id"
    assert refs[("marts.article_actors", "actor_id")] == "marts.actors.actor_id"
    assert refs[("marts.article_issues", "issue_id")] == "marts.issues.issue_id"
    assert refs[("marts.statements", "speaker_actor_id")] == "marts.actors.actor_id"
    for target in refs.values():
        table = target.rsplit(".", 1)[0]
        assert table in marts.table_names


def test_a_foreign_key_column_is_checked_through_its_dangling_values(marts: LayerSpec) -> None:
    frames = {name: pd.DataFrame() for name in marts.table_names}
    frames["marts.actors"] = pd.DataFrame({"actor_id": ["a", "b", "c"]})
    frames["marts.issues"] = pd.DataFrame({"issue_id": ["i1"], "parent_issue_id": [None]})
    frames["marts.articles"] = pd.DataFrame({"article_id": ["x"]})
    frames["marts.statements"] = pd.DataFrame(
        {
            "statement_id": ["s1", "s2", "s3"],
            "article_id": ["x"] * 3,
            "speaker_actor_id": ["b", "ghost", None],
        }
    )
    for name in ("marts.statement_issues", "marts.article_actors", "marts.article_issues"):
        frames[name] = pd.DataFrame(
            {"statement_id": [], "issue_id": [], "article_id": [], "actor_id": []}
        )
    out = marts.add_ref_columns(frames)
    # a known or missing value is null (passes); a value the target lacks is kept (fails)
    dangling = out["marts.statements"][dangling_column("speaker_actor_id")].tolist()
    assert [v if isinstance(v, str) else None for v in dangling] == [None, "ghost", None]
    assert out["marts.issues"][dangling_column("parent_issue_id")].isna().all()
    assert "speaker_actor_id__dangling" not in frames["marts.statements"]  # inputs untouched


def test_raw_prepare_derives_lengths_and_span_matches(raw: LayerSpec) -> None:
    body = "x" * 250 + " Quote here."
    frames = {
        "raw.articles": pd.DataFrame(
            {"article_id": ["a1", "a1"], "body": [body, body], "word_count": [3, 3]}
        ),
        "raw.entity_mentions": pd.DataFrame(
            {
                "article_id": ["a1", "zz"],
                "start_char": [251, 0],
                "end_char": [256, 3],
                "mention_text": ["Quote", "abc"],
                "actor_type": ["person", "place"],
            }
        ),
        "raw.statements": pd.DataFrame(
            {
                "article_id": ["a1", "a1"],
                "content_start": [251, 251],
                "content_end": [261, 262],
                "content": ["Quote here", "wrong"],
                "speaker_actor_id": ["act_1", None],
            }
        ),
        "raw.issue_mentions": pd.DataFrame({"article_id": ["a1"]}),
    }
    out = raw.prepare(frames)
    assert "body_chars" not in frames["raw.articles"]  # inputs are not mutated
    assert len(out["raw.nlp_health"]) == 1 and len(out["raw.volume"]) == 1
    assert out["raw.articles"]["body_chars"].tolist() == [len(body)] * 2
    assert out["raw.statements"]["article_body_len"].tolist() == [len(body)] * 2
    assert out["raw.statements"]["content_matches_body"].tolist() == [True, False]
    mentions = out["raw.entity_mentions"]
    assert mentions["mention_matches_body"].tolist() == [True, None]
    assert mentions["article_body_len"].isna().tolist() == [False, True]


def test_only_the_columns_checks_and_prepare_read_are_loaded(
    raw: LayerSpec, marts: LayerSpec
) -> None:
    scores = raw.read_columns("raw.issue_scores")
    assert {"issue_score_id", "article_id", "statement_id", "issue_id", "score",
            "is_primary"} <= scores
    assert not {"evidence", "load_id", "logical_date"} & scores
    articles = raw.read_columns("raw.articles")
    assert {"article_id", "body", "word_count", "published_at", "language"} <= articles
    assert not {"title", "url", "content_hash", "load_id"} & articles
    # the column another table's foreign key points at
    assert "actor_id" in raw.read_columns("raw.entity_mentions")
    # a row condition's columns (marts.article_issues: primary_count where scored==True)
    assert {"scored", "primary_count"} <= marts.read_columns("marts.article_issues")


def test_raw_tables_as_loaded_have_every_column_prepare_and_the_checks_use(
    raw: LayerSpec,
) -> None:
    # Each raw table with the columns of the DDL the layer reads (no rows), as the runner loads
    # it: prepare runs, and every column a check names is in the prepared frame.
    con = duckdb.connect()
    con.execute(DDL)
    frames = {}
    for table in raw.stored_table_names:
        schema, name = table.split(".")
        columns = [
            c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_schema = ? "
                "and table_name = ? order by ordinal_position", [schema, name]
            ).fetchall()
            if c in raw.read_columns(table)
        ]
        frames[table] = con.execute(f"select {', '.join(columns)} from {table}").df()
    frames[raw_suite.ARTICLE_HISTORY] = con.execute(
        raw_suite.ARTICLE_HISTORY_SQL, [dt.date(2024, 4, 20)]
    ).df()
    out = raw.add_ref_columns(raw.prepare(frames))
    for checks in raw.tables:
        assert checks.columns() <= set(out[checks.table].columns), checks.table


def _nlp(articles: int, words: int, statements: int, resolved: int, with_actor: int,
         mentions: int) -> pd.DataFrame:
    ids = [f"a{i}" for i in range(articles)]
    arts = pd.DataFrame({"article_id": ids, "word_count": [words // max(articles, 1)] * articles})
    arts.loc[0:0, "word_count"] += words - int(arts["word_count"].sum())
    stmts = pd.DataFrame(
        {"speaker_actor_id": ["act"] * resolved + [None] * (statements - resolved)}
    )
    actor_articles = ids[:with_actor] + [ids[0]] * (mentions - with_actor)
    types = ["person"] * with_actor + ["place"] * (mentions - with_actor)
    ments = pd.DataFrame({"article_id": actor_articles[:mentions], "actor_type": types})
    return raw_suite.nlp_health_metrics(arts, ments, stmts)


def test_nlp_health_metrics_are_shares_and_density() -> None:
    row = _nlp(articles=10, words=4000, statements=40, resolved=30, with_actor=9,
               mentions=300).iloc[0]
    assert (row["articles"], row["words"], row["statements"]) == (10, 4000, 40)
    assert row["speaker_share"] == 0.75
    assert row["articles_with_actor_share"] == 0.9  # places do not count as actors
    assert row["entities_per_1k_words"] == 75.0


def test_nlp_health_does_not_judge_tiny_days() -> None:
    row = _nlp(articles=1, words=300, statements=2, resolved=0, with_actor=0,
               mentions=1).iloc[0]
    assert row.isna()[["speaker_share", "articles_with_actor_share",
                       "entities_per_1k_words"]].all()
    empty = pd.DataFrame({"article_id": [], "word_count": []})
    row = raw_suite.nlp_health_metrics(
        empty, pd.DataFrame({"article_id": [], "actor_type": []}),
        pd.DataFrame({"speaker_actor_id": []}),
    ).iloc[0]
    assert row["articles"] == 0 and pd.isna(row["speaker_share"])


def test_nlp_health_suite_is_critical_with_bounds_from_config(raw: LayerSpec) -> None:
    checks = raw.table("raw.nlp_health")
    assert checks.metrics
    bounds = {
        e.configuration.kwargs["column"]: (e.min_value, e.max_value, _severity(e))
        for e in checks.build_suite().expectations
    }
    assert bounds == {
        "speaker_share": (config.NLP_MIN_SPEAKER_SHARE, 1, CRITICAL),
        "articles_with_actor_share": (config.NLP_MIN_ARTICLES_WITH_ACTOR_SHARE, 1, CRITICAL),
        "entities_per_1k_words": (*config.NLP_ENTITIES_PER_1K_WORDS, CRITICAL),
    }


@pytest.mark.parametrize(
    ("today", "prior", "median", "ratio"),
    [
        (30, [10, 8, 12, 10], 10.0, 3.0),
        (2, [10, 10, 10], 10.0, 0.2),
        (10, [10, 10], 10.0, None),  # fewer than VOLUME_MIN_PRIOR_DAYS: not judged
        (0, [], None, None),
    ],
)
def test_volume_ratio_against_the_trailing_median(today, prior, median, ratio) -> None:
    row = raw_suite.volume_metrics(today, pd.Series(prior, dtype="int64")).iloc[0]
    assert row["article_count"] == today and row["prior_days"] == len(prior)
    assert (None if pd.isna(row["trailing_median"]) else row["trailing_median"]) == median
    assert (None if pd.isna(row["volume_ratio"]) else row["volume_ratio"]) == ratio


def test_volume_suite_is_a_warning(raw: LayerSpec) -> None:
    [check] = raw.table("raw.volume").build_suite().expectations
    assert _severity(check) == WARNING
    assert check.max_value == config.VOLUME_FACTOR
    assert check.min_value == pytest.approx(1 / config.VOLUME_FACTOR, abs=1e-3)
    assert "limit 7" in raw.context_queries["raw.article_history"]


def test_thresholds_live_in_config() -> None:
    assert config.BODY_MIN_CHARS < config.BODY_MAX_CHARS
    assert dt.timedelta(days=1) == config.DATA_INTERVAL
    assert "place" not in config.MART_ACTOR_TYPES and "place" in config.RAW_ACTOR_TYPES
