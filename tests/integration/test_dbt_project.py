"""Build the dbt project against a real DuckDB warehouse holding a handful of raw rows.

Creates the raw schema from ``newsdw.warehouse.schema.DDL``, loads two articles published on two
dates (entity mentions incl. a place and one person under several aliases, statements incl. one
without speaker and one whose speaker resolved to a place, issue mentions), runs ``dbt build``
and ``dbt docs generate`` through dbt's programmatic API and checks the marts.

The incremental marts get their own warehouse: day by day runs with ``logical_date``, a re-run
of day 1 with changed raw rows, an article reloaded on a later date with a corrected date and
a re-run that drops it again; after every step the marts equal a full refresh.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

duckdb = pytest.importorskip("duckdb")
dbt_main = pytest.importorskip("dbt.cli.main")

from extract import ids  # noqa: E402
from newsdw.warehouse.schema import DDL, RAW_TABLES  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
DBT_DIR = REPO / "dbt"
TAXONOMY_CSV = DBT_DIR / "seeds" / "issue_taxonomy.csv"

# Marts as documented in docs/contracts.md ("Marts"), in column order, with DuckDB types.
MART_COLUMNS = {
    "actors": [
        ("actor_id", "VARCHAR"),
        ("actor_name", "VARCHAR"),
        ("actor_type", "VARCHAR"),
        ("aliases", "VARCHAR[]"),
        ("role", "VARCHAR"),
        ("affiliation", "VARCHAR"),
        ("country_code", "VARCHAR"),
        ("first_seen", "DATE"),
        ("last_seen", "DATE"),
        ("mention_count", "BIGINT"),
        ("article_count", "BIGINT"),
        ("statement_count", "BIGINT"),
    ],
    "issues": [
        ("issue_id", "VARCHAR"),
        ("issue_name", "VARCHAR"),
        ("description", "VARCHAR"),
        ("parent_issue_id", "VARCHAR"),
        ("iptc_code", "VARCHAR"),
        ("iptc_label", "VARCHAR"),
        ("cap_code", "INTEGER"),
        ("cap_label", "VARCHAR"),
        ("issue_level", "VARCHAR"),
        ("topic_issue_id", "VARCHAR"),
        ("topic_name", "VARCHAR"),
        ("topic_iptc_code", "VARCHAR"),
        ("topic_iptc_label", "VARCHAR"),
        ("mention_count", "BIGINT"),
        ("article_count", "BIGINT"),
        ("statement_count", "BIGINT"),
        ("first_seen", "DATE"),
        ("last_seen", "DATE"),
    ],
    "articles": [
        ("article_id", "VARCHAR"),
        ("published_date", "DATE"),
        ("source", "VARCHAR"),
        ("url", "VARCHAR"),
        ("title", "VARCHAR"),
        ("language", "VARCHAR"),
        ("word_count", "INTEGER"),
        ("story_id", "VARCHAR"),
    ],
    "statements": [
        ("statement_id", "VARCHAR"),
        ("article_id", "VARCHAR"),
        ("published_date", "DATE"),
        ("statement_index", "INTEGER"),
        ("speaker_actor_id", "VARCHAR"),
        ("speaker_name", "VARCHAR"),
        ("speaker_text", "VARCHAR"),
        ("cue_text", "VARCHAR"),
        ("content", "VARCHAR"),
        ("kind", "VARCHAR"),
        ("is_negated", "BOOLEAN"),
        ("content_start", "INTEGER"),
        ("content_end", "INTEGER"),
    ],
    "statement_issues": [
        ("statement_id", "VARCHAR"),
        ("issue_id", "VARCHAR"),
        ("published_date", "DATE"),
        ("score", "DOUBLE"),
        ("is_primary", "BOOLEAN"),
    ],
    "article_actors": [
        ("article_id", "VARCHAR"),
        ("actor_id", "VARCHAR"),
        ("published_date", "DATE"),
        ("mention_count", "BIGINT"),
        ("statement_count", "BIGINT"),
    ],
    "article_issues": [
        ("article_id", "VARCHAR"),
        ("issue_id", "VARCHAR"),
        ("published_date", "DATE"),
        ("mention_count", "BIGINT"),
        ("score", "DOUBLE"),
        ("is_primary", "BOOLEAN"),
    ],
    "actor_daily": [
        ("published_date", "DATE"),
        ("actor_id", "VARCHAR"),
        ("actor_name", "VARCHAR"),
        ("actor_type", "VARCHAR"),
        ("article_count", "BIGINT"),
        ("mention_count", "BIGINT"),
        ("statement_count", "BIGINT"),
    ],
    "issue_daily": [
        ("published_date", "DATE"),
        ("issue_id", "VARCHAR"),
        ("issue_name", "VARCHAR"),
        ("parent_issue_id", "VARCHAR"),
        ("article_count", "BIGINT"),
        ("mention_count", "BIGINT"),
        ("statement_count", "BIGINT"),
        ("speaker_count", "BIGINT"),
    ],
    "actor_issue_statements": [
        ("actor_id", "VARCHAR"),
        ("actor_name", "VARCHAR"),
        ("actor_type", "VARCHAR"),
        ("issue_id", "VARCHAR"),
        ("issue_name", "VARCHAR"),
        ("statement_count", "BIGINT"),
        ("article_count", "BIGINT"),
        ("first_seen", "DATE"),
        ("last_seen", "DATE"),
    ],
    "actor_pairs": [
        ("actor_id", "VARCHAR"),
        ("actor_name", "VARCHAR"),
        ("actor_type", "VARCHAR"),
        ("other_actor_id", "VARCHAR"),
        ("other_actor_name", "VARCHAR"),
        ("other_actor_type", "VARCHAR"),
        ("article_count", "BIGINT"),
        ("statement_count", "BIGINT"),
        ("first_seen", "DATE"),
        ("last_seen", "DATE"),
    ],
}
# Incremental on published_date (delete+insert); the others are rebuilt as tables every run.
INCREMENTAL_MARTS = ("articles", "statements", "statement_issues", "article_actors",
                     "article_issues")

BLINKEN = ids.actor_id("Antony Blinken", "person")
WANG = ids.actor_id("Wang Yi", "person")
CHINA = ids.actor_id("China", "country")
RUSSIA = ids.actor_id("Russia", "country")
BEIJING = ids.actor_id("Beijing", "place")

BODY_1 = (
    "US Secretary of State Antony Blinken will visit China on Wednesday. "
    '"We are realistic about the prospects for progress," Blinken said. '
    "The visit follows new export controls on dual-use goods, officials in Beijing said."
)
BODY_2 = (
    "Secretary Blinken told reporters that China was fueling the war in Ukraine by "
    "supplying Russia. Beijing said the Taiwan question is an internal matter. "
    "Foreign Minister Wang Yi will host the talks. "
    "The talks will also cover export controls, according to the agenda."
)
URL_1 = "https://news.example.com/2024/04/20/blinken-china-visit"
URL_2 = "https://news.example.com/2024/04/22/blinken-ukraine-china"
ARTICLE_1 = ids.article_id(URL_1, ids.content_hash(BODY_1))
ARTICLE_2 = ids.article_id(URL_2, ids.content_hash(BODY_2))
DAY_1 = dt.date(2024, 4, 20)
DAY_2 = dt.date(2024, 4, 22)
LOAD_1 = "load_2024-04-20_1"
LOAD_2 = "load_2024-04-22_1"


def span(body: str, text: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = body.index(text, start + 1)
    return start, start + len(text)


def article_row(article_id, body, url, title, day, load_id):
    published_at = dt.datetime.combine(day, dt.time(8, 30))
    return (
        article_id, day, "example_news", url, url, title, "Staff", published_at, day,
        "article", body, "en", len(body.split()), ids.content_hash(body), article_id,
        url, published_at + dt.timedelta(hours=2), load_id,
    )  # fmt: skip


def mention_rows():
    # (article_id, body, text, occurrence, label, actor_id, name, type, role, affiliation, cc)
    specs = [
        (ARTICLE_1, BODY_1, "US", 1, "GPE", ids.actor_id("United States", "country"),
         "United States", "country", None, None, "US"),
        (ARTICLE_1, BODY_1, "Antony Blinken", 1, "PERSON", BLINKEN, "Antony Blinken", "person",
         "Secretary of State", "US State Department", "US"),
        (ARTICLE_1, BODY_1, "China", 1, "GPE", CHINA, "China", "country", None, None, "CN"),
        (ARTICLE_1, BODY_1, "Blinken", 2, "PERSON", BLINKEN, "Antony Blinken", "person",
         "", "", ""),
        (ARTICLE_1, BODY_1, "Beijing", 1, "GPE", BEIJING, "Beijing", "place", None, None, "CN"),
        (ARTICLE_2, BODY_2, "Secretary Blinken", 1, "TITLE_RULE", BLINKEN, "Antony Blinken",
         "person", "Secretary of State", None, "US"),
        (ARTICLE_2, BODY_2, "China", 1, "GPE", CHINA, "China", "country", None, None, "CN"),
        (ARTICLE_2, BODY_2, "Russia", 1, "GPE", RUSSIA, "Russia", "country", None, None, "RU"),
        (ARTICLE_2, BODY_2, "Beijing", 1, "GPE", BEIJING, "Beijing", "place", None, None, "CN"),
        (ARTICLE_2, BODY_2, "Wang Yi", 1, "PERSON", WANG, "Wang Yi", "person",
         "Foreign Minister", "China", "CN"),
    ]  # fmt: skip
    rows = []
    for n, (art, body, text, occ, label, actor, name, typ, role, aff, cc) in enumerate(specs):
        start, end = span(body, text, occ)
        day, load = (DAY_1, LOAD_1) if art == ARTICLE_1 else (DAY_2, LOAD_2)
        rows.append(
            (f"men_{n}", art, day, start, end, text, label, actor, name, typ, role, aff, cc, load)
        )
    return rows


def statement_rows():
    # (article_id, body, index, kind, content, speaker text, speaker actor, cue, negated:
    # None as in a load before raw.statements had the column)
    specs = [
        (ARTICLE_1, BODY_1, 0, "direct", "We are realistic about the prospects for progress",
         "Blinken", BLINKEN, "said", None),
        (ARTICLE_2, BODY_2, 0, "indirect",
         "China was fueling the war in Ukraine by supplying Russia", "Secretary Blinken",
         BLINKEN, "told reporters", False),
        (ARTICLE_2, BODY_2, 1, "indirect", "the Taiwan question is an internal matter",
         "Beijing", BEIJING, "said", True),
        (ARTICLE_2, BODY_2, 2, "indirect", "The talks will also cover export controls",
         None, None, "according to", False),
    ]  # fmt: skip
    rows = []
    for art, body, index, kind, content, speaker, actor, cue, negated in specs:
        c_start, c_end = span(body, content)
        s_start, s_end = span(body, speaker) if speaker else (None, None)
        q_start, q_end = span(body, cue)
        day, load = (DAY_1, LOAD_1) if art == ARTICLE_1 else (DAY_2, LOAD_2)
        rows.append(
            (
                ids.statement_id(art, c_start, c_end), art, day, index, kind, c_start, c_end,
                content, s_start, s_end, speaker, actor, q_start, q_end, cue, load, negated,
            )
        )  # fmt: skip
    return rows


STATEMENTS = statement_rows()
STMT_BLINKEN_1, STMT_BLINKEN_2, STMT_BEIJING, STMT_NO_SPEAKER = (r[0] for r in STATEMENTS)


def issue_mention_rows():
    # (article_id, body, issue_id, evidence, statement_id)
    specs = [
        (ARTICLE_1, BODY_1, "export_controls", "export controls", None),
        (ARTICLE_2, BODY_2, "ukraine_war", "war in Ukraine", STMT_BLINKEN_2),
        (ARTICLE_2, BODY_2, "taiwan", "Taiwan", STMT_BEIJING),
        (ARTICLE_2, BODY_2, "export_controls", "export controls", STMT_NO_SPEAKER),
    ]
    rows = []
    for n, (art, body, issue, evidence, stmt) in enumerate(specs):
        start, end = span(body, evidence)
        day, load = (DAY_1, LOAD_1) if art == ARTICLE_1 else (DAY_2, LOAD_2)
        rows.append((f"iss_{n}", art, day, issue, stmt, start, end, evidence, load))
    return rows


def issue_score_rows():
    """What the articles and statements are about (raw.issue_scores), as the topic classifier
    scores them: article 2's primary issue is a CAP topic no pattern matched."""
    # (article_id, statement_id, issue_id, score, is_primary, evidence)
    specs = [
        (ARTICLE_1, None, "export_controls", 0.62, True, "export controls"),
        (ARTICLE_1, None, "cap_international_affairs", 0.55, False, "Blinken to visit China"),
        (ARTICLE_2, None, "cap_defense", 0.48, True, "supplying Russia"),
        (ARTICLE_2, None, "ukraine_war", 0.41, False, "war in Ukraine"),
        (ARTICLE_2, STMT_BLINKEN_2, "ukraine_war", 0.7, True, "war in Ukraine"),
        (ARTICLE_2, STMT_BEIJING, "taiwan", 0.6, True, "Taiwan"),
        (ARTICLE_2, STMT_BEIJING, "cap_international_affairs", 0.5, False, "Taiwan question"),
    ]  # fmt: skip
    rows = []
    for art, stmt, issue, score, primary, evidence in specs:
        day, load = (DAY_1, LOAD_1) if art == ARTICLE_1 else (DAY_2, LOAD_2)
        rows.append((f"isc_{ids.stable_id(art, stmt, issue)}", art, day, issue, stmt, score,
                     primary, evidence, load))
    return rows


def load_raw(warehouse: Path) -> None:
    con = duckdb.connect(str(warehouse))
    try:
        con.execute(DDL)
        con.executemany(
            "insert into raw.articles values (" + ", ".join(["?"] * 18) + ")",
            [
                article_row(ARTICLE_1, BODY_1, URL_1, "Blinken to visit China", DAY_1, LOAD_1),
                article_row(ARTICLE_2, BODY_2, URL_2, "Blinken: China fuels war", DAY_2, LOAD_2),
            ],
        )
        con.executemany(
            "insert into raw.entity_mentions values (" + ", ".join(["?"] * 14) + ")",
            mention_rows(),
        )
        con.executemany(
            "insert into raw.statements values (" + ", ".join(["?"] * 17) + ")", STATEMENTS
        )
        con.executemany(
            "insert into raw.issue_mentions values (" + ", ".join(["?"] * 9) + ")",
            issue_mention_rows(),
        )
        con.executemany(
            "insert into raw.issue_scores values (" + ", ".join(["?"] * 9) + ")",
            issue_score_rows(),
        )
        con.execute(
            "insert into raw.candidate_issues values (?, ?, 'defense industrial base', 2, ?)",
            [ARTICLE_2, DAY_2, LOAD_2],
        )
        con.execute(
            "insert into raw.duplicates values (?, 'example_news', ?, ?, 'canonical_url', ?)",
            [DAY_2, URL_2 + "?utm_source=feed", ARTICLE_2, LOAD_2],
        )
        con.execute(
            "insert into raw.quarantine values ('qua_1', ?, 'example_news', ?, ?, '', ?)",
            [DAY_2, "https://news.example.com/broken", "empty body", LOAD_2],
        )
    finally:
        con.close()


def run_dbt(args: list[str], tmp: Path) -> tuple[object, list[str]]:
    """Invoke dbt in-process; return the result and the warning/error log messages."""
    messages: list[str] = []

    def collect(event) -> None:
        if event.info.level in ("warn", "error"):
            messages.append(f"{event.info.name}: {event.info.msg}")

    cwd = os.getcwd()
    try:
        paths = {
            "--project-dir": DBT_DIR,
            "--profiles-dir": DBT_DIR,
            "--target-path": tmp / "target",  # keeps dbt/target untouched: parallel-safe
            "--log-path": tmp / "logs",
        }
        argv = [*args, *(part for flag, path in paths.items() for part in (flag, str(path)))]
        result = dbt_main.dbtRunner(callbacks=[collect]).invoke(argv)
    finally:
        os.chdir(cwd)  # dbt changes into the project directory
    return result, messages


@dataclass(frozen=True)
class Built:
    warehouse: Path
    tmp: Path
    taxonomy: dict[str, dict]  # the seed as dbt loaded it, by issue_id


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A warehouse with raw rows after a successful ``dbt build``."""
    tmp = tmp_path_factory.mktemp("dbt")
    warehouse = tmp / "news.duckdb"
    load_raw(warehouse)
    with TAXONOMY_CSV.open(newline="", encoding="utf-8") as f:
        taxonomy = {r["issue_id"]: r for r in csv.DictReader(f)}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEWSDW_WAREHOUSE", str(warehouse))
        mp.setenv("DO_NOT_TRACK", "1")
        result, messages = run_dbt(["build"], tmp)
        assert result.success, (result.exception, messages)
        assert messages == [], "dbt build should be warning-free"
        statuses = {
            r.node.unique_id: str(r.status)
            for r in result.result
            if not r.node.unique_id.startswith("exposure.")
        }
        assert set(statuses.values()) <= {"success", "pass"}, statuses
        assert sum(uid.startswith("unit_test.") for uid in statuses) >= 4
        yield Built(warehouse, tmp, taxonomy)


@pytest.fixture()
def con(built):
    # dbt-duckdb keeps its in-process database instance open: connect with the same config
    connection = duckdb.connect(str(built.warehouse))
    yield connection
    connection.close()


def rows(con, sql: str, params=None) -> list[dict]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def test_marts_match_the_contract(con):
    for table, expected in MART_COLUMNS.items():
        actual = con.execute(
            """
            select column_name, data_type from information_schema.columns
            where table_schema = 'marts' and table_name = ?
            order by ordinal_position
            """,
            [table],
        ).fetchall()
        assert actual == expected, table
    kinds = dict(
        con.execute(
            "select table_schema || '.' || table_name, table_type from information_schema.tables"
        ).fetchall()
    )
    assert kinds["marts.actors"] == "BASE TABLE"
    assert kinds["staging.stg_raw__articles"] == "VIEW"
    assert kinds["intermediate.int_actors_merged"] == "BASE TABLE"
    assert kinds["seeds.issue_taxonomy"] == "BASE TABLE"


def test_actors_merge_aliases_and_exclude_places(con):
    actors = {r["actor_id"]: r for r in rows(con, "select * from marts.actors")}
    assert BEIJING not in actors
    assert "place" not in {a["actor_type"] for a in actors.values()}
    blinken = actors[BLINKEN]
    assert blinken["actor_name"] == "Antony Blinken"
    assert blinken["actor_type"] == "person"
    assert blinken["aliases"] == ["Antony Blinken", "Blinken", "Secretary Blinken"]
    assert blinken["role"] == "Secretary of State"
    assert blinken["affiliation"] == "US State Department"
    assert blinken["country_code"] == "US"
    assert (blinken["first_seen"], blinken["last_seen"]) == (DAY_1, DAY_2)
    assert (blinken["mention_count"], blinken["article_count"]) == (3, 2)
    assert blinken["statement_count"] == 2
    assert actors[WANG]["role"] == "Foreign Minister"
    assert actors[WANG]["statement_count"] == 0
    assert actors[CHINA]["article_count"] == 2


def test_statements_reference_actors(con):
    statements = {r["statement_id"]: r for r in rows(con, "select * from marts.statements")}
    assert set(statements) == {r[0] for r in STATEMENTS}
    assert statements[STMT_BLINKEN_1]["speaker_actor_id"] == BLINKEN
    assert statements[STMT_BLINKEN_1]["speaker_name"] == "Antony Blinken"
    assert statements[STMT_BLINKEN_1]["published_date"] == DAY_1
    assert statements[STMT_BLINKEN_2]["kind"] == "indirect"
    # resolved to a place: not an actor, the written speaker stays
    assert statements[STMT_BEIJING]["speaker_actor_id"] is None
    assert statements[STMT_BEIJING]["speaker_name"] is None
    assert statements[STMT_BEIJING]["speaker_text"] == "Beijing"
    assert statements[STMT_NO_SPEAKER]["speaker_actor_id"] is None
    # negated as loaded; a row loaded before the flag existed (null) is not negated
    assert {sid: s["is_negated"] for sid, s in statements.items()} == {
        STMT_BLINKEN_1: False, STMT_BLINKEN_2: False, STMT_BEIJING: True, STMT_NO_SPEAKER: False}
    for s in statements.values():
        body = BODY_1 if s["article_id"] == ARTICLE_1 else BODY_2
        assert body[s["content_start"] : s["content_end"]] == s["content"]
    dangling = con.execute(
        """
        select count(*) from marts.statements s
        left join marts.actors a on s.speaker_actor_id = a.actor_id
        where s.speaker_actor_id is not null and a.actor_id is null
        """
    ).fetchone()[0]
    assert dangling == 0


def test_article_actors_bridge(con):
    bridge = {
        (r["article_id"], r["actor_id"]): r for r in rows(con, "select * from marts.article_actors")
    }
    assert not any(actor == BEIJING for _, actor in bridge)
    assert bridge[(ARTICLE_1, BLINKEN)]["mention_count"] == 2
    assert bridge[(ARTICLE_1, BLINKEN)]["statement_count"] == 1
    assert bridge[(ARTICLE_2, BLINKEN)]["published_date"] == DAY_2
    assert bridge[(ARTICLE_2, WANG)]["statement_count"] == 0


def lineage(issue_id: str, taxonomy: dict[str, dict]) -> list[str]:
    """The issue and its ancestors along parent_issue_id."""
    chain: list[str] = []
    while issue_id in taxonomy and issue_id not in chain:
        chain.append(issue_id)
        issue_id = taxonomy[issue_id]["parent_issue_id"].strip()
    return chain


def test_issues_carry_taxonomy_codes_and_rolled_up_counts(con, built):
    taxonomy = built.taxonomy
    issues = {r["issue_id"]: r for r in rows(con, "select * from marts.issues")}
    assert set(issues) == set(taxonomy)
    for issue_id, seed in taxonomy.items():
        issue = issues[issue_id]
        assert issue["issue_name"] == seed["issue_name"].strip()
        assert issue["iptc_code"] == (seed["iptc_code"].strip() or None)
        assert issue["iptc_label"] == (seed["iptc_label"].strip() or None)
        assert issue["cap_code"] == (int(seed["cap_code"]) if seed["cap_code"].strip() else None)
        assert issue["cap_label"] == (seed["cap_label"].strip() or None)
        assert issue["parent_issue_id"] == (seed["parent_issue_id"].strip() or None)

    # every piece of evidence counts for its issue and each ancestor of it
    mentions: dict[str, int] = {}
    articles: dict[str, set] = {}
    statements: dict[str, set] = {}
    for _, article, _, issue_id, statement, *_ in issue_mention_rows():
        for rolled in lineage(issue_id, taxonomy):
            mentions[rolled] = mentions.get(rolled, 0) + 1
            articles.setdefault(rolled, set()).add(article)
            if statement:
                statements.setdefault(rolled, set()).add(statement)
    # an article (statement) scored for an issue is about it too, evidence or not
    for _, article, _, issue_id, statement, *_ in issue_score_rows():
        if statement:
            statements.setdefault(issue_id, set()).add(statement)
        else:
            articles.setdefault(issue_id, set()).add(article)
    assert {"export_controls", "ukraine_war", "taiwan"} <= set(mentions)
    for issue_id, issue in issues.items():
        assert issue["mention_count"] == mentions.get(issue_id, 0), issue_id
        assert issue["article_count"] == len(articles.get(issue_id, ())), issue_id
        assert issue["statement_count"] == len(statements.get(issue_id, ())), issue_id
    export = issues["export_controls"]
    assert (export["mention_count"], export["article_count"], export["statement_count"]) == (
        (2, 2, 1)
    )
    assert (export["first_seen"], export["last_seen"]) == (DAY_1, DAY_2)

    statement_issues = set(
        con.execute("select statement_id, issue_id from marts.statement_issues").fetchall()
    )
    assert statement_issues == {
        (statement, rolled)
        for _, _, _, issue_id, statement, *_ in issue_mention_rows()
        if statement
        for rolled in lineage(issue_id, taxonomy)
    } | {
        (statement, issue_id)
        for _, _, _, issue_id, statement, *_ in issue_score_rows()
        if statement
    }
    assert (STMT_BLINKEN_2, "ukraine_war") in statement_issues
    assert (STMT_BEIJING, "taiwan") in statement_issues
    article_issues = {
        (r["article_id"], r["issue_id"]): r["mention_count"]
        for r in rows(con, "select * from marts.article_issues")
    }
    assert article_issues[(ARTICLE_1, "export_controls")] == 1
    assert article_issues[(ARTICLE_2, "ukraine_war")] == 1
    for parent in lineage("export_controls", taxonomy)[1:]:
        assert article_issues[(ARTICLE_1, parent)] == 1


def test_article_and_statement_issues_carry_scores_and_one_primary(con, built):
    taxonomy = built.taxonomy
    article_issues = {
        (r["article_id"], r["issue_id"]): r for r in rows(con, "select * from marts.article_issues")
    }
    # every article has exactly one primary issue, the one the classifier chose
    primaries = {a: i for (a, i), r in article_issues.items() if r["is_primary"]}
    assert primaries == {ARTICLE_1: "export_controls", ARTICLE_2: "cap_defense"}
    assert sum(r["is_primary"] for r in article_issues.values()) == 2
    # a CAP topic only the classifier found: scored, no pattern evidence
    defense = article_issues[(ARTICLE_2, "cap_defense")]
    assert (defense["score"], defense["mention_count"]) == (0.48, 0)
    assert defense["published_date"] == DAY_2
    # a scored issue with evidence keeps both
    export = article_issues[(ARTICLE_1, "export_controls")]
    assert (export["score"], export["mention_count"], export["is_primary"]) == (0.62, 1, True)
    # an ancestor reached by roll-up only: evidence, no score
    rolled = lineage("export_controls", taxonomy)[1]
    assert article_issues[(ARTICLE_1, rolled)]["score"] is None
    assert article_issues[(ARTICLE_1, rolled)]["mention_count"] == 1
    assert article_issues[(ARTICLE_1, rolled)]["is_primary"] is False
    assert article_issues[(ARTICLE_1, "cap_international_affairs")]["score"] == 0.55

    statement_issues = {
        (r["statement_id"], r["issue_id"]): r
        for r in rows(con, "select * from marts.statement_issues")
    }
    assert statement_issues[(STMT_BLINKEN_2, "ukraine_war")]["is_primary"] is True
    assert statement_issues[(STMT_BLINKEN_2, "ukraine_war")]["score"] == 0.7
    assert statement_issues[(STMT_BEIJING, "cap_international_affairs")]["is_primary"] is False
    per_statement: dict[str, int] = {}
    for (statement, _), r in statement_issues.items():
        per_statement[statement] = per_statement.get(statement, 0) + int(r["is_primary"])
    assert per_statement[STMT_BLINKEN_2] == per_statement[STMT_BEIJING] == 1
    assert per_statement[STMT_NO_SPEAKER] == 0  # evidence, but nothing scored for it

    # issue_daily counts an article about a topic the patterns missed
    daily = dict(con.execute(
        "select issue_id, article_count from marts.issue_daily where published_date = ?",
        [DAY_2]).fetchall())
    assert daily["cap_defense"] == 1

    issues = {r["issue_id"]: r for r in rows(con, "select * from marts.issues")}
    for issue_id, seed in taxonomy.items():
        issue = issues[issue_id]
        assert issue["issue_level"] == seed["issue_level"].strip()
        topic = issues[issue["topic_issue_id"]]
        assert topic["issue_level"] == "topic" and topic["cap_code"] == issue["cap_code"]
        assert issue["topic_iptc_code"] == topic["iptc_code"]
    assert issues["ukraine_war"]["topic_issue_id"] == "cap_international_affairs"
    assert issues["cap_defense"]["topic_issue_id"] == "cap_defense"


def test_docs_generate(built):
    tmp = built.tmp
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEWSDW_WAREHOUSE", str(built.warehouse))
        mp.setenv("DO_NOT_TRACK", "1")
        result, messages = run_dbt(["docs", "generate"], tmp)
    assert result.success, (result.exception, messages)
    catalog = json.loads((tmp / "target" / "catalog.json").read_text(encoding="utf-8"))
    manifest = json.loads((tmp / "target" / "manifest.json").read_text(encoding="utf-8"))
    assert {f"model.newsdw.{mart}" for mart in MART_COLUMNS} <= set(catalog["nodes"])
    assert {f"source.newsdw.raw.{table}" for table in RAW_TABLES} == set(catalog["sources"])

    # every model, seed and source is documented, column for column
    documented = {**manifest["nodes"], **manifest["sources"]}
    for unique_id, entry in {**catalog["nodes"], **catalog["sources"]}.items():
        node = documented[unique_id]
        assert node["description"].strip(), unique_id
        actual = {name.lower() for name in entry["columns"]}
        described = {name for name, c in node["columns"].items() if c["description"].strip()}
        assert actual == described, unique_id


def test_daily_aggregates(con):
    blinken_days = {
        r["published_date"]: r
        for r in rows(con, "select * from marts.actor_daily where actor_id = ?", [BLINKEN])
    }
    assert set(blinken_days) == {DAY_1, DAY_2}
    day_1 = blinken_days[DAY_1]
    assert (day_1["actor_name"], day_1["actor_type"]) == ("Antony Blinken", "person")
    assert (day_1["article_count"], day_1["mention_count"], day_1["statement_count"]) == (1, 2, 1)
    assert not rows(con, "select * from marts.actor_daily where actor_id = ?", [BEIJING])

    issue_days = {
        (r["issue_id"], r["published_date"]): r
        for r in rows(con, "select * from marts.issue_daily")
    }
    export_1 = issue_days[("export_controls", DAY_1)]
    export_2 = issue_days[("export_controls", DAY_2)]
    assert (export_1["article_count"], export_1["mention_count"], export_1["statement_count"]) == (
        (1, 1, 0)
    )
    # the statement about export controls has no speaker: counted, but no speaker
    assert (export_2["statement_count"], export_2["speaker_count"]) == (1, 0)
    assert issue_days[("ukraine_war", DAY_2)]["speaker_count"] == 1
    assert ("ukraine_war", DAY_1) not in issue_days


def test_who_speaks_about_what_and_actor_pairs(con, built):
    spoken = {
        (r["actor_id"], r["issue_id"]): r
        for r in rows(con, "select * from marts.actor_issue_statements")
    }
    ukraine = spoken[(BLINKEN, "ukraine_war")]
    assert ukraine["actor_name"] == "Antony Blinken"
    assert ukraine["issue_name"] == built.taxonomy["ukraine_war"]["issue_name"].strip()
    assert (ukraine["statement_count"], ukraine["first_seen"], ukraine["last_seen"]) == (
        (1, DAY_2, DAY_2)
    )
    # Beijing's statement on Taiwan: a place is no speaker; the speakerless one counts for no one
    assert {actor for actor, _ in spoken} == {BLINKEN}

    pairs = {
        (r["actor_id"], r["other_actor_id"]): r
        for r in rows(con, "select * from marts.actor_pairs")
    }
    assert pairs[(BLINKEN, CHINA)]["article_count"] == pairs[(CHINA, BLINKEN)]["article_count"] == 2
    assert (pairs[(BLINKEN, CHINA)]["first_seen"], pairs[(BLINKEN, CHINA)]["last_seen"]) == (
        (DAY_1, DAY_2)
    )
    # "China was fueling the war in Ukraine by supplying Russia", said Blinken: he addresses
    # China and Russia; neither addresses him
    assert pairs[(BLINKEN, CHINA)]["statement_count"] == 1
    assert pairs[(BLINKEN, RUSSIA)]["statement_count"] == 1
    assert pairs[(CHINA, BLINKEN)]["statement_count"] == 0
    assert pairs[(BLINKEN, WANG)]["statement_count"] == 0
    assert not any(BEIJING in pair for pair in pairs)
    assert not any(a == b for a, b in pairs)


# -- incremental marts ------------------------------------------------------------------------

DAY_3 = dt.date(2024, 4, 23)
LOAD_1B = "load_2024-04-20_2"
LOAD_3 = "load_2024-04-23_1"
LOAD_3B = "load_2024-04-23_2"


# Incremental like the marts; compared with a full refresh too.
INCREMENTAL_INTERMEDIATES = ("int_entity_mentions_dated", "int_statements_attributed",
                             "int_issue_mentions_rolled", "int_actor_pairs_daily",
                             "int_actor_issue_statements_daily", "int_issue_coverage_daily")


def mart_contents(warehouse: Path) -> dict[str, list[tuple]]:
    tables = [f"marts.{mart}" for mart in MART_COLUMNS]
    tables += [f"intermediate.{model}" for model in INCREMENTAL_INTERMEDIATES]
    with duckdb.connect(str(warehouse)) as connection:
        return {
            table.split(".")[1]: sorted(connection.execute(f"select * from {table}").fetchall(),
                                        key=repr)
            for table in tables
        }


def day_rows(contents: dict[str, list[tuple]], day: dt.date) -> dict[str, list[tuple]]:
    """The rows of the incremental marts published on `day`."""
    out = {}
    for mart in INCREMENTAL_MARTS:
        position = [name for name, _ in MART_COLUMNS[mart]].index("published_date")
        out[mart] = [r for r in contents[mart] if r[position] == day]
    return out


def build(tmp: Path, logical_date: dt.date | None, command: str = "run") -> None:
    args = [command]
    if command == "build":
        args += ["--exclude-resource-type", "unit_test"]
    if logical_date:
        args += ["--vars", json.dumps({"logical_date": logical_date.isoformat()})]
    result, messages = run_dbt(args, tmp)
    assert result.success, (result.exception, messages)
    assert messages == [], messages


def assert_equals_full_refresh(warehouse: Path, tmp: Path) -> dict[str, list[tuple]]:
    """The incremental marts hold what a full refresh (a run without logical_date) builds."""
    incremental = mart_contents(warehouse)
    build(tmp, None)
    assert mart_contents(warehouse) == incremental
    return incremental


@pytest.fixture(scope="module")
def incremental(tmp_path_factory):
    """A warehouse whose raw tables start with day 1 only; day 2's rows wait in hold_*."""
    tmp = tmp_path_factory.mktemp("dbt_incremental")
    warehouse = tmp / "news.duckdb"
    load_raw(warehouse)
    with duckdb.connect(str(warehouse)) as connection:
        for table in RAW_TABLES:
            connection.execute(
                f"create table main.hold_{table} as select * from raw.{table} "
                "where logical_date = ?", [DAY_2],
            )
            connection.execute(f"delete from raw.{table} where logical_date = ?", [DAY_2])
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEWSDW_WAREHOUSE", str(warehouse))
        mp.setenv("DO_NOT_TRACK", "1")
        yield warehouse, tmp


def test_incremental_marts_across_days_re_runs_and_reloads(incremental):
    warehouse, tmp = incremental

    # Day 1, then day 2, as the daily DAG runs them.
    build(tmp, DAY_1, "build")
    with duckdb.connect(str(warehouse)) as connection:
        for table in RAW_TABLES:
            connection.execute(f"insert into raw.{table} select * from main.hold_{table}")
        # Mark day 1 in the marts: an incremental run of day 2 must not rewrite it.
        connection.execute("update marts.articles set title = 'SENTINEL' where published_date = ?",
                           [DAY_1])
    build(tmp, DAY_2, "build")
    after_day_2 = mart_contents(warehouse)
    titles = dict(rows_of(warehouse, "select article_id, title from marts.articles"))
    assert titles == {ARTICLE_1: "SENTINEL", ARTICLE_2: "Blinken: China fuels war"}
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("update marts.articles set title = 'Blinken to visit China' "
                           "where article_id = ?", [ARTICLE_1])
    after_day_2 = assert_equals_full_refresh(warehouse, tmp)
    assert {r[0] for r in after_day_2["statements"]} == {r[0] for r in STATEMENTS}

    # Re-run of day 1 with changed raw rows: new title, the quote re-tagged as mixed with a
    # new issue, the export-controls evidence gone. Day 2 is marked and must stay as it was.
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("update raw.articles set title = 'Blinken heads to China', "
                           "load_id = ? where logical_date = ?", [LOAD_1B, DAY_1])
        connection.execute("update raw.statements set kind = 'mixed' where statement_id = ?",
                           [STMT_BLINKEN_1])
        connection.execute("delete from raw.issue_mentions where logical_date = ?", [DAY_1])
        start, end = span(BODY_1, "progress")
        connection.execute(
            "insert into raw.issue_mentions values ('iss_new', ?, ?, 'taiwan', ?, ?, ?, "
            "'progress', ?)", [ARTICLE_1, DAY_1, STMT_BLINKEN_1, start, end, LOAD_1B],
        )
        connection.execute("delete from raw.issue_scores where logical_date = ?", [DAY_1])
        connection.executemany(
            "insert into raw.issue_scores values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [("isc_new_1", ARTICLE_1, DAY_1, "cap_international_affairs", None, 0.6, True,
              "Blinken heads to China", LOAD_1B),
             ("isc_new_2", ARTICLE_1, DAY_1, "taiwan", STMT_BLINKEN_1, 0.5, True, "progress",
              LOAD_1B)],
        )
        for mart in INCREMENTAL_MARTS:
            column = "title" if mart == "articles" else "published_date"
            if mart == "articles":
                connection.execute("update marts.articles set title = 'SENTINEL' "
                                   "where published_date = ?", [DAY_2])
            else:  # a marker row on day 2 that a rewrite of day 2 would drop
                connection.execute(
                    f"insert into marts.{mart} select * from marts.{mart} "
                    f"where {column} = ? limit 1", [DAY_2],
                )
    build(tmp, DAY_1)
    rerun = mart_contents(warehouse)
    assert dict(rows_of(warehouse, "select article_id, title from marts.articles")) == {
        ARTICLE_1: "Blinken heads to China", ARTICLE_2: "SENTINEL",
    }
    for mart in INCREMENTAL_MARTS[1:]:
        assert len(day_rows(rerun, DAY_2)[mart]) == len(day_rows(after_day_2, DAY_2)[mart]) + 1
    statement = rows_of(warehouse, "select kind from marts.statements where statement_id = ?",
                        [STMT_BLINKEN_1])
    assert statement == [("mixed",)]
    day_1_issues = rows_of(
        warehouse, "select issue_id from marts.article_issues where article_id = ?", [ARTICLE_1]
    )
    assert "taiwan" in {i for (i,) in day_1_issues}
    assert "export_controls" not in {i for (i,) in day_1_issues}
    # Without the markers, everything equals a full refresh.
    build(tmp, None)
    full = mart_contents(warehouse)
    assert day_rows(full, DAY_1) == day_rows(rerun, DAY_1)
    assert day_rows(full, DAY_2) == day_rows(after_day_2, DAY_2)

    # Article 1 reloaded on day 3 with a corrected publication date: the latest copy wins, and
    # day 1 loses the article in every incremental mart.
    with duckdb.connect(str(warehouse)) as connection:
        for table in ("articles", "entity_mentions", "statements", "issue_mentions",
                      "issue_scores"):
            connection.execute(
                f"insert into raw.{table} by name select * replace (?::date as logical_date, "
                f"? as load_id) from raw.{table} where article_id = ? and logical_date = ?",
                [DAY_3, LOAD_3, ARTICLE_1, DAY_1],
            )
        connection.execute("update raw.articles set published_date = ?, title = 'Corrected' "
                           "where logical_date = ?", [DAY_3, DAY_3])
    build(tmp, DAY_3)
    reloaded = assert_equals_full_refresh(warehouse, tmp)
    assert all(rows == [] for rows in day_rows(reloaded, DAY_1).values())
    assert rows_of(warehouse, "select published_date, title from marts.articles "
                   "where article_id = ?", [ARTICLE_1]) == [(DAY_3, "Corrected")]
    assert {r[0] for r in day_rows(reloaded, DAY_3)["statements"]} == {STMT_BLINKEN_1}

    # A re-run of day 1 keeps the day-3 copy ...
    build(tmp, DAY_1)
    assert mart_contents(warehouse) == reloaded
    # ... and a re-run of day 3 that finds the article seen before (a duplicate of the day-1
    # copy) brings it back to day 1.
    with duckdb.connect(str(warehouse)) as connection:
        for table in RAW_TABLES:
            connection.execute(f"delete from raw.{table} where logical_date = ?", [DAY_3])
        connection.execute(
            "insert into raw.duplicates values (?, 'example_news', ?, ?, 'seen_before', ?)",
            [DAY_3, URL_1, ARTICLE_1, LOAD_3B],
        )
    build(tmp, DAY_3, "build")
    dropped = assert_equals_full_refresh(warehouse, tmp)
    assert rows_of(warehouse, "select published_date, title from marts.articles "
                   "where article_id = ?", [ARTICLE_1]) == [(DAY_1, "Blinken heads to China")]
    assert all(rows == [] for rows in day_rows(dropped, DAY_3).values())


def rows_of(warehouse: Path, sql: str, params=None) -> list[tuple]:
    with duckdb.connect(str(warehouse)) as connection:
        return connection.execute(sql, params or []).fetchall()


def test_the_first_daily_run_after_a_mart_gained_a_column_rebuilds_in_full(built, tmp_path,
                                                                         caplog):
    """A warehouse built by an older version: marts.statements without is_negated (issue #14).
    The daily transform step's incremental build stops on the changed schema; the step then
    builds every model in full once, and the mart has the column and all its rows."""
    from newsdw.pipeline.context import RunContext
    from newsdw.pipeline.steps import transform_step
    from newsdw.settings import Settings

    warehouse = tmp_path / "news.duckdb"
    shutil.copy(built.warehouse, warehouse)
    wal = built.warehouse.with_name(built.warehouse.name + ".wal")  # not yet checkpointed
    if wal.exists():
        shutil.copy(wal, warehouse.with_name(warehouse.name + ".wal"))
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("alter table marts.statements drop column is_negated")
    ctx = RunContext(DAY_2, "test__upgrade", Settings.from_env(warehouse=warehouse))
    with caplog.at_level("WARNING", logger="newsdw.pipeline.steps"):
        out = transform_step(ctx)
    assert "rebuilding the models in full" in caplog.text and "PASS=" in out["dbt"]
    negated = dict(rows_of(warehouse, "select statement_id, is_negated from marts.statements"))
    assert negated == {STMT_BLINKEN_1: False, STMT_BLINKEN_2: False, STMT_BEIJING: True,
                       STMT_NO_SPEAKER: False}
