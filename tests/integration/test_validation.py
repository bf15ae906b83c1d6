"""expectations.runner against a real DuckDB warehouse: a good load for 2024-04-20 passes both
layers and is audited; each corruption fails with the expectation named in the message."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import duckdb
import pytest

from expectations.runner import (
    ValidationFailed,
    ValidationReport,
    raise_for_failures,
    record_results,
    validate_layer,
    validate_layer_in_child,
)
from newsdw.warehouse.schema import DDL

DAY = dt.date(2024, 4, 20)
RUN_ID = "scheduled__2024-04-20T00:00:00+00:00"
VALIDATED_AT = dt.datetime(2024, 4, 21, 0, 5, tzinfo=dt.UTC)
LOAD_ID = "load-1"

BODY_1 = (
    'Secretary of State Antony Blinken said on Saturday that "the United States will keep '
    'supporting Ukraine for as long as it takes". Speaking in Brussels, he added that NATO '
    "allies had agreed to send more air defence systems. Russia's foreign ministry rejected the "
    "remarks. Analysts expect further talks on the war in Ukraine next week in Geneva."
)
BODY_2 = (
    "China's defence ministry warned on Saturday that Beijing \"will not tolerate provocations "
    'near Taiwan". A spokesperson said the exercises in the strait were routine. Officials in '
    "Taipei said they were monitoring the situation closely and called for calm. The European "
    "Union urged both sides to avoid escalation and to resume dialogue about the strait."
)
QUOTE_1 = "the United States will keep supporting Ukraine for as long as it takes"
QUOTE_2 = "will not tolerate provocations near Taiwan"


def _span(body: str, text: str) -> tuple[int, int]:
    start = body.index(text)
    return start, start + len(text)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    columns = list(rows[0])
    con.executemany(
        f"insert into {table} ({', '.join(columns)}) values ({', '.join('?' for _ in columns)})",
        [[row[c] for c in columns] for row in rows],
    )


def _load_raw(con: duckdb.DuckDBPyConnection) -> None:
    extracted = dt.datetime(2024, 4, 21, 0, 1)
    articles = [
        ("a1", "https://example.com/blinken", BODY_1, dt.datetime(2024, 4, 20, 9, 30)),
        ("a2", "https://example.com/taiwan", BODY_2, dt.datetime(2024, 4, 20, 23, 59, 59)),
    ]
    _insert(
        con,
        "raw.articles",
        [
            {
                "article_id": aid,
                "logical_date": DAY,
                "source": "sample",
                "url": url,
                "canonical_url": url,
                "title": f"Title {aid}",
                "author": None,
                "published_at": published,
                "published_date": published.date(),
                "date_source": "article",
                "body": body,
                "language": "en",
                "word_count": len(body.split()),
                "content_hash": f"hash-{aid}",
                "story_id": f"story-{aid}",
                "location": f"samples/{aid}.txt",
                "extracted_at": extracted,
                "load_id": LOAD_ID,
            }
            for aid, url, body, published in articles
        ],
    )
    mentions = [
        ("m1", "a1", BODY_1, "Antony Blinken", "PERSON", "act_blinken", "person"),
        ("m2", "a1", BODY_1, "NATO", "ORG", "act_nato", "organization"),
        ("m3", "a1", BODY_1, "Brussels", "GPE", "act_brussels", "place"),
        ("m4", "a2", BODY_2, "China's defence ministry", "ORG", "act_china_mod", "organization"),
        ("m5", "a2", BODY_2, "Taiwan", "GPE", "act_taiwan", "country"),
    ]
    _insert(
        con,
        "raw.entity_mentions",
        [
            {
                "mention_id": mid,
                "article_id": aid,
                "logical_date": DAY,
                "start_char": _span(body, text)[0],
                "end_char": _span(body, text)[1],
                "mention_text": text,
                "ner_label": label,
                "actor_id": actor,
                "actor_name": text,
                "actor_type": actor_type,
                "actor_role": None,
                "actor_affiliation": None,
                "actor_country_code": None,
                "load_id": LOAD_ID,
            }
            for mid, aid, body, text, label, actor, actor_type in mentions
        ],
    )
    statements = [
        ("s1", "a1", BODY_1, QUOTE_1, "direct", "Antony Blinken", "act_blinken", "said"),
        (
            "s2",
            "a2",
            BODY_2,
            QUOTE_2,
            "direct",
            "China's defence ministry",
            "act_china_mod",
            "warned",
        ),
    ]
    _insert(
        con,
        "raw.statements",
        [
            {
                "statement_id": sid,
                "article_id": aid,
                "logical_date": DAY,
                "statement_index": 0,
                "kind": kind,
                "content_start": _span(body, quote)[0],
                "content_end": _span(body, quote)[1],
                "content": quote,
                "speaker_start": _span(body, speaker)[0],
                "speaker_end": _span(body, speaker)[1],
                "speaker_text": speaker,
                "speaker_actor_id": actor,
                "cue_start": _span(body, cue)[0],
                "cue_end": _span(body, cue)[1],
                "cue_text": cue,
                "load_id": LOAD_ID,
            }
            for sid, aid, body, quote, kind, speaker, actor, cue in statements
        ],
    )
    issue_mentions = [
        ("i1", "a1", BODY_1, "ukraine_war", "s1", "Ukraine"),
        ("i2", "a2", BODY_2, "taiwan", "s2", "Taiwan"),
    ]
    _insert(
        con,
        "raw.issue_mentions",
        [
            {
                "issue_mention_id": iid,
                "article_id": aid,
                "logical_date": DAY,
                "issue_id": issue,
                "statement_id": sid,
                "start_char": _span(body, text)[0],
                "end_char": _span(body, text)[1],
                "evidence": text,
                "load_id": LOAD_ID,
            }
            for iid, aid, body, issue, sid, text in issue_mentions
        ],
    )
    issue_scores = [  # (id, article, statement, issue, score, primary, evidence)
        ("c1", "a1", None, "ukraine_war", 0.7, True, "Ukraine"),
        ("c2", "a1", None, "cap_international_affairs", 0.5, False, "Ukraine"),
        ("c3", "a2", None, "taiwan", 0.6, True, "Taiwan"),
        ("c4", "a2", "s2", "taiwan", 0.6, True, "Taiwan"),
    ]
    _insert(
        con,
        "raw.issue_scores",
        [
            {
                "issue_score_id": cid, "article_id": aid, "logical_date": DAY,
                "issue_id": issue, "statement_id": sid, "score": score, "is_primary": primary,
                "evidence": text, "load_id": LOAD_ID,
            }
            for cid, aid, sid, issue, score, primary, text in issue_scores
        ],
    )


MARTS_DDL = """
create schema if not exists marts;
create table marts.actors (
    actor_id varchar, actor_name varchar, actor_type varchar, aliases varchar[], role varchar,
    affiliation varchar, country_code varchar, first_seen date, last_seen date,
    mention_count integer, article_count integer, statement_count integer);
create table marts.issues (
    issue_id varchar, issue_name varchar, description varchar, parent_issue_id varchar,
    iptc_code varchar, iptc_label varchar, cap_code integer, cap_label varchar,
    issue_level varchar, topic_issue_id varchar, topic_name varchar, topic_iptc_code varchar,
    topic_iptc_label varchar, mention_count integer, article_count integer,
    statement_count integer, first_seen date, last_seen date);
create table marts.articles (
    article_id varchar, published_date date, source varchar, url varchar, title varchar,
    language varchar, word_count integer, story_id varchar);
create table marts.statements (
    statement_id varchar, article_id varchar, published_date date, statement_index integer,
    speaker_actor_id varchar, speaker_name varchar, speaker_text varchar, cue_text varchar,
    content varchar, kind varchar, content_start integer, content_end integer);
create table marts.statement_issues (
    statement_id varchar, issue_id varchar, published_date date, score double,
    is_primary boolean);
create table marts.article_actors (
    article_id varchar, actor_id varchar, published_date date, mention_count integer,
    statement_count integer);
create table marts.article_issues (
    article_id varchar, issue_id varchar, published_date date, mention_count integer,
    score double, is_primary boolean);

insert into marts.actors values
    ('act_blinken', 'Antony Blinken', 'person', ['Blinken'], 'Secretary of State',
     'United States', 'US', '2024-04-20', '2024-04-20', 1, 1, 1),
    ('act_nato', 'NATO', 'organization', [], null, null, null, '2024-04-20', '2024-04-20',
     1, 1, 0),
    ('act_china_mod', 'China''s defence ministry', 'organization', [], null, 'China', 'CN',
     '2024-04-20', '2024-04-20', 1, 1, 1),
    ('act_taiwan', 'Taiwan', 'country', [], null, null, 'TW', '2024-04-20', '2024-04-20',
     1, 1, 0);
insert into marts.issues values
    ('ukraine_war', 'War in Ukraine', 'Russia''s war against Ukraine', null, 'medtop:16000000',
     'conflict, war and peace', 16, 'Defense', 'issue', 'cap_defense', 'Defense',
     'medtop:16000000', 'conflict, war and peace', 1, 1, 1, '2024-04-20', '2024-04-20'),
    ('taiwan', 'Taiwan', 'Cross-strait relations', null, 'medtop:11000000', 'politics', 19,
     'International Affairs', 'issue', 'cap_international_affairs', 'International Affairs',
     'medtop:11000000', 'politics', 1, 1, 1, '2024-04-20', '2024-04-20');
insert into marts.articles values
    ('a1', '2024-04-20', 'sample', 'https://example.com/blinken', 'Title a1', 'en', 60, 's-a1'),
    ('a2', '2024-04-20', 'sample', 'https://example.com/taiwan', 'Title a2', 'en', 58, 's-a2');
insert into marts.statements values
    ('s1', 'a1', '2024-04-20', 0, 'act_blinken', 'Antony Blinken', 'Antony Blinken', 'said',
     'the United States will keep supporting Ukraine for as long as it takes', 'direct', 57, 128),
    ('s2', 'a2', '2024-04-20', 0, 'act_china_mod', 'China''s defence ministry',
     'China''s defence ministry', 'warned', 'will not tolerate provocations near Taiwan',
     'direct', 58, 100),
    ('s3', 'a2', '2024-04-20', 1, null, null, 'A spokesperson', 'said',
     'the exercises in the strait were routine', 'indirect', 134, 174);
insert into marts.statement_issues values
    ('s1', 'ukraine_war', '2024-04-20', null, false),
    ('s2', 'taiwan', '2024-04-20', 0.6, true);
insert into marts.article_actors values
    ('a1', 'act_blinken', '2024-04-20', 1, 1), ('a1', 'act_nato', '2024-04-20', 1, 0),
    ('a2', 'act_china_mod', '2024-04-20', 1, 1), ('a2', 'act_taiwan', '2024-04-20', 1, 0);
insert into marts.article_issues values
    ('a1', 'ukraine_war', '2024-04-20', 1, 0.7, true),
    ('a2', 'taiwan', '2024-04-20', 1, 0.6, true);
"""


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "news.duckdb"
    con = duckdb.connect(str(path))
    try:
        con.execute(DDL)
        _load_raw(con)
        con.execute(MARTS_DDL)
    finally:
        con.close()
    return path


def _sql(warehouse: Path, statement: str) -> None:
    con = duckdb.connect(str(warehouse))
    try:
        con.execute(statement)
    finally:
        con.close()


def _validate(warehouse: Path, layer: str, docs_dir: Path | None = None) -> ValidationReport:
    return validate_layer(warehouse, layer, DAY, RUN_ID, docs_dir, validated_at=VALIDATED_AT)


def test_good_load_passes_both_layers_and_is_audited(warehouse: Path, tmp_path: Path) -> None:
    docs = tmp_path / "data_docs"
    for layer in ("raw", "marts"):
        report = _validate(warehouse, layer, docs)
        assert report.success, [r for r in report.results if not r.success]
        assert report.warnings == []
        raise_for_failures(report)  # no exception
        assert record_results(warehouse, report, DAY, RUN_ID, VALIDATED_AT) == len(report.results)

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(
            "select layer, count(*), bool_and(success), min(validated_at), "
            "count(distinct table_name), count(*) filter (where severity = 'critical') "
            "from audit.validation_results where run_id = ? and logical_date = ? "
            "group by layer order by layer",
            [RUN_ID, DAY],
        ).fetchall()
        sample = con.execute(
            "select observed_value from audit.validation_results "
            "where table_name = 'raw.articles' and expectation = "
            "'expect_table_row_count_to_be_between'"
        ).fetchone()
    finally:
        con.close()
    by_layer = {layer: rest for layer, *rest in rows}
    assert set(by_layer) == {"marts", "raw"}
    # 5 raw tables plus the metric frames raw.nlp_health and raw.volume
    assert by_layer["raw"][1:4] == [True, dt.datetime(2024, 4, 21, 0, 5), 7]
    # 7 marts plus the metric frame marts.coverage
    assert by_layer["marts"][1:4] == [True, dt.datetime(2024, 4, 21, 0, 5), 8]
    assert by_layer["raw"][0] > 40 and by_layer["marts"][0] > 40
    assert sample == ("2",)

    index = docs / "index.html"
    assert report.docs_index == index.resolve()
    html = index.read_text()
    for suite in ("raw.articles", "raw.statements", "marts.statements", "marts.actors"):
        assert suite in html  # both layers are listed
    validation_pages = list((docs / "validations").rglob("*.html"))
    assert len(validation_pages) == 15  # one per validated table (and metric frame)


def _message_of(report: ValidationReport) -> str:
    assert not report.success
    with pytest.raises(ValidationFailed) as excinfo:
        raise_for_failures(report)
    assert excinfo.value.report is report
    return str(excinfo.value)


CORRUPTIONS: dict[str, tuple[str, str, list[str]]] = {
    # name: (layer, SQL that corrupts the good load, substrings the message must contain)
    "duplicate_article_id": (
        "raw",
        "insert into raw.articles select * from raw.articles where article_id = 'a1'",
        ["expect_column_values_to_be_unique on raw.articles.article_id", "'a1'"],
    ),
    "published_outside_interval": (
        "raw",
        "update raw.articles set published_at = timestamp '2024-04-22 08:00', "
        "published_date = date '2024-04-22' where article_id = 'a2'",
        [
            "expect_column_values_to_be_between on raw.articles.published_date",
            "2024-04-22",
            "article_id=a2",
        ],
    ),
    # The raw DDL says NOT NULL; a warehouse that lost the constraint must still fail.
    "null_published_date": (
        "raw",
        "alter table raw.articles alter published_date drop not null; "
        "update raw.articles set published_date = null where article_id = 'a2'",
        ["expect_column_values_to_not_be_null on raw.articles.published_date", "article_id=a2"],
    ),
    "span_past_body_end": (
        "raw",
        f"update raw.statements set content_end = {len(BODY_2) + 5} where statement_id = 's2'",
        [
            "expect_column_pair_values_a_to_be_greater_than_b on "
            "raw.statements.article_body_len,content_end",
            f"content_end={len(BODY_2) + 5}",
            "statement_id=s2",
        ],
    ),
    "dangling_speaker_actor": (
        "marts",
        "update marts.statements set speaker_actor_id = 'act_ghost' where statement_id = 's2'",
        ["expect_column_values_to_be_in_set on marts.statements.speaker_actor_id", "'act_ghost'"],
    ),
    "mart_actor_type_outside_set": (
        "marts",
        "update marts.actors set actor_type = 'place' where actor_id = 'act_taiwan'",
        ["expect_column_values_to_be_in_set on marts.actors.actor_type", "'place'"],
    ),
    "raw_actor_type_outside_set": (
        "raw",
        "update raw.entity_mentions set actor_type = 'alien' where mention_id = 'm5'",
        ["expect_column_values_to_be_in_set on raw.entity_mentions.actor_type", "'alien'"],
    ),
}


@pytest.mark.parametrize("name", list(CORRUPTIONS))
def test_corruption_fails_with_named_expectation(warehouse: Path, name: str) -> None:
    layer, statement, expected = CORRUPTIONS[name]
    _sql(warehouse, statement)
    message = _message_of(_validate(warehouse, layer))
    for fragment in expected:
        assert fragment in message, message


def test_failed_validation_is_recorded_and_rendered(warehouse: Path, tmp_path: Path) -> None:
    _sql(warehouse, "update marts.statements set kind = 'rumour' where statement_id = 's3'")
    docs = tmp_path / "docs"
    report = _validate(warehouse, "marts", docs)
    message = _message_of(report)
    assert "expect_column_values_to_be_in_set on marts.statements.kind" in message
    assert "'rumour'" in message and "statement_id=s3" in message

    record_results(warehouse, report, DAY, RUN_ID, VALIDATED_AT)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        failed = con.execute(
            "select table_name, column_name, severity, observed_value "
            "from audit.validation_results where not success"
        ).fetchall()
    finally:
        con.close()
    assert failed == [
        ("marts.statements", "kind", "critical", "1 of 3 unexpected (33.3%): 'rumour'")
    ]
    assert "Failed" in report.docs_index.read_text()


def test_warnings_are_recorded_but_do_not_fail(warehouse: Path) -> None:
    # A negative count violates only a warning-level check.
    _sql(warehouse, "update marts.actors set mention_count = -1 where actor_id = 'act_nato'")
    report = _validate(warehouse, "marts")
    assert report.success
    raise_for_failures(report)
    [warned] = report.warnings
    assert (warned.table, warned.column) == ("marts.actors", "mention_count")
    assert warned.severity == "warning"
    assert warned.unexpected_values == (-1,)


def test_missing_mart_table_is_a_critical_failure(warehouse: Path) -> None:
    _sql(warehouse, "drop table marts.article_issues")
    message = _message_of(_validate(warehouse, "marts"))
    assert "expect_table_to_exist on marts.article_issues" in message


def test_other_logical_dates_are_ignored(warehouse: Path) -> None:
    # Rows of another day (with dates outside this run's interval) are not this run's business.
    _sql(
        warehouse,
        "insert into raw.articles select * replace (date '2024-04-19' as logical_date, "
        "timestamp '2024-04-19 10:00' as published_at, date '2024-04-19' as published_date) "
        "from raw.articles",
    )
    assert _validate(warehouse, "raw").success


def test_an_empty_day_passes_with_a_row_count_warning(warehouse: Path) -> None:
    # A quiet day (no articles at all) is valid: every suite passes on zero rows, and the
    # row count of raw.articles is the one warning, with its note.
    _sql(
        warehouse,
        "delete from raw.issue_scores; delete from raw.issue_mentions; "
        "delete from raw.statements; delete from raw.entity_mentions; delete from raw.articles",
    )
    report = _validate(warehouse, "raw")
    assert report.success
    raise_for_failures(report)  # no exception
    [warned] = report.warnings
    assert (warned.table, warned.expectation) == (
        "raw.articles", "expect_table_row_count_to_be_between")
    assert warned.observed_value.startswith("0") and warned.severity == "warning"


def _empty_marts(warehouse: Path, *, keep_articles: bool = False) -> None:
    tables = ["statement_issues", "article_actors", "article_issues", "statements", "actors"]
    _sql(warehouse, "; ".join(f"delete from marts.{t}" for t in tables)
         + ("" if keep_articles else "; delete from marts.articles"))


def test_a_warehouse_without_any_article_yet_passes_the_marts_suite(warehouse: Path) -> None:
    # its first days were quiet: no article, so no actor to build, and that is right
    _empty_marts(warehouse)
    report = _validate(warehouse, "marts")
    assert report.success, [r for r in report.results if not r.success]


def test_articles_without_any_actor_fail_the_marts_suite(warehouse: Path) -> None:
    _empty_marts(warehouse, keep_articles=True)
    message = _message_of(_validate(warehouse, "marts"))
    assert "on marts.coverage.actors_when_articles" in message
    assert "observed 0 (articles=2, actors=0)" in message


def test_a_child_process_validates_as_this_one(
    warehouse: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # The pipeline validates in a child process (its memory goes back to the OS): same results,
    # Data Docs and failure message, and the child's log lines reach this process's loggers.
    _sql(warehouse, "update raw.articles set language = 'xx' where article_id = 'a2'")
    caplog.set_level(logging.INFO)
    docs = tmp_path / "docs"
    child = validate_layer_in_child(warehouse, "raw", DAY, RUN_ID, docs, validated_at=VALIDATED_AT)
    here = _validate(warehouse, "raw", docs)
    assert child.results == here.results and not child.success
    assert child.docs_index == here.docs_index == (docs / "index.html").resolve()
    assert _message_of(child) == _message_of(here)
    assert "'xx'" in _message_of(child)
    summaries = [r for r in caplog.records if r.name == "expectations.runner"
                 and r.getMessage().startswith("raw validation FAILED")]
    assert len(summaries) == 2  # the child's and this process's


def test_a_child_process_raises_its_error_here(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="warehouse not found"):
        validate_layer_in_child(tmp_path / "none.duckdb", "raw", DAY, RUN_ID, None)


@pytest.mark.parametrize(
    "validated_at",
    [
        VALIDATED_AT,
        VALIDATED_AT.astimezone(dt.timezone(dt.timedelta(hours=-4))),
        VALIDATED_AT.replace(tzinfo=None),
    ],
)
def test_validated_at_is_kept_as_naive_utc(warehouse: Path, validated_at: dt.datetime) -> None:
    report = validate_layer(warehouse, "raw", DAY, RUN_ID, None, validated_at=validated_at)
    assert report.validated_at == dt.datetime(2024, 4, 21, 0, 5)


def test_validated_at_may_be_left_to_gx(warehouse: Path, tmp_path: Path) -> None:
    # the positional form newsdw.pipeline.steps uses; GX stamps the Data Docs run itself
    report = validate_layer(warehouse, "marts", DAY, RUN_ID, tmp_path / "docs")
    assert report.success and report.validated_at is None
    assert report.docs_index is not None and report.docs_index.exists()


def test_marts_facts_are_validated_on_the_days_dates_only(warehouse: Path) -> None:
    # A broken fact row of another date is that date's run's concern (dbt's data tests still
    # check keys across whole tables); a broken row of the day's dates fails the day.
    _sql(warehouse, "insert into marts.statements values ('s9', 'a9', '2024-03-01', 0, null, "
                    "null, null, null, 'old', 'rumour', 0, 3)")
    report = _validate(warehouse, "marts")
    assert report.success, [r for r in report.results if not r.success]
    _sql(warehouse, "update marts.statements set published_date = '2024-04-20' "
                    "where statement_id = 's9'")
    message = _message_of(_validate(warehouse, "marts"))
    assert "'rumour'" in message and "statement_id=s9" in message
