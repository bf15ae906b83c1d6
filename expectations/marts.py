"""Checks on the marts layer (dbt schema ``marts``, columns in docs/contracts.md).

Validated after each dbt build: the dimensions (actors, issues) whole, the facts and bridges
on the dates the run rebuilt (``DAY_SCOPE``: the published dates of the logical date's
articles), so the cost of a validation does not grow with history; dbt's own data tests still
check keys across whole tables. Foreign keys (``Ref``) check that facts and bridges only point
at rows of their dimensions. Thresholds live in ``expectations.config``.
"""

from __future__ import annotations

import great_expectations.expectations as gxe
import pandas as pd

from expectations import config
from expectations.spec import (
    WARNING,
    Frames,
    LayerSpec,
    Ref,
    TableChecks,
    critical,
    key_checks,
    not_empty,
    primary_counts,
    span_checks,
    warning,
)

DAY_SCOPE = (
    "published_date in (select published_date from raw.articles where logical_date = ?)"
)


def actors() -> TableChecks:
    return TableChecks(
        "marts.actors",
        row_id=("actor_id",),
        expectations=[
            # "no actor built" is checked against the articles there are (COVERAGE): a
            # warehouse whose days so far were all quiet has no actor, and is right.
            *key_checks("actor_id"),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="actor_name")),
            critical(not_empty("actor_name")),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="actor_type")),
            critical(
                gxe.ExpectColumnValuesToBeInSet(
                    column="actor_type", value_set=list(config.MART_ACTOR_TYPES)
                )
            ),
            warning(gxe.ExpectColumnValuesToBeBetween(column="mention_count", min_value=0)),
            warning(gxe.ExpectColumnValuesToBeBetween(column="statement_count", min_value=0)),
            warning(
                gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                    column_A="last_seen",
                    column_B="first_seen",
                    or_equal=True,
                    ignore_row_if="either_value_is_missing",
                )
            ),
        ],
    )


def issues() -> TableChecks:
    return TableChecks(
        "marts.issues",
        row_id=("issue_id",),
        expectations=[
            critical(gxe.ExpectTableRowCountToBeBetween(min_value=config.MIN_MART_ISSUES)),
            *key_checks("issue_id"),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="issue_name")),
            critical(not_empty("issue_name")),
            critical(gxe.ExpectColumnValuesToBeInSet(
                column="issue_level", value_set=["topic", "issue", "event"])),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="topic_issue_id")),
        ],
        refs=[Ref("parent_issue_id", "marts.issues.issue_id", severity=WARNING)],
    )


def articles() -> TableChecks:
    return TableChecks(
        "marts.articles",
        scope=DAY_SCOPE,
        row_id=("article_id",),
        expectations=[
            *key_checks("article_id"),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="published_date")),
        ],
    )


def statements() -> TableChecks:
    return TableChecks(
        "marts.statements",
        scope=DAY_SCOPE,
        row_id=("statement_id",),
        expectations=[
            # A day's articles without one statement: suspicious, but a quiet day can be real.
            warning(gxe.ExpectTableRowCountToBeBetween(min_value=config.MIN_MART_STATEMENTS)),
            *key_checks("statement_id"),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="article_id")),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="kind")),
            critical(
                gxe.ExpectColumnValuesToBeInSet(
                    column="kind", value_set=list(config.STATEMENT_KINDS_ALLOWED)
                )
            ),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="content")),
            critical(not_empty("content")),
            *span_checks("content_start", "content_end", length_column=None),
        ],
        refs=[
            Ref("speaker_actor_id", "marts.actors.actor_id"),
            Ref("article_id", "marts.articles.article_id"),
        ],
    )


def statement_issues() -> TableChecks:
    return TableChecks(
        "marts.statement_issues",
        scope=DAY_SCOPE,
        row_id=("statement_id", "issue_id"),
        expectations=[
            *key_checks("statement_id", "issue_id"),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="is_primary")),
            critical(gxe.ExpectColumnValuesToBeBetween(column="score", min_value=0, max_value=1)),
            # a statement has one primary issue, or none (nothing it says names an issue)
            critical(gxe.ExpectColumnValuesToBeInSet(column="primary_count", value_set=[0, 1])),
        ],
        derived={"primary_count": "primary issues of the row's statement"},
        refs=[
            Ref("statement_id", "marts.statements.statement_id"),
            Ref("issue_id", "marts.issues.issue_id"),
        ],
    )


def article_actors() -> TableChecks:
    return TableChecks(
        "marts.article_actors",
        scope=DAY_SCOPE,
        row_id=("article_id", "actor_id"),
        expectations=key_checks("article_id", "actor_id"),
        refs=[
            Ref("article_id", "marts.articles.article_id"),
            Ref("actor_id", "marts.actors.actor_id"),
        ],
    )


def article_issues() -> TableChecks:
    return TableChecks(
        "marts.article_issues",
        scope=DAY_SCOPE,
        row_id=("article_id", "issue_id"),
        expectations=[
            *key_checks("article_id", "issue_id"),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="is_primary")),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="mention_count")),
            critical(gxe.ExpectColumnValuesToBeBetween(column="score", min_value=0, max_value=1)),
            # every article is primarily about exactly one issue (articles tagged before the
            # topic classifier have no scores and no primary: a warehouse upgraded in place
            # keeps validating when a late article rebuilds one of their dates)
            critical(gxe.ExpectColumnValuesToBeInSet(
                column="primary_count", value_set=[1], row_condition="scored==True",
                condition_parser="pandas")),
        ],
        derived={"primary_count": "primary issues of the row's article",
                 "scored": "whether the row's article has scored issues (tagged with the topic "
                           "classifier)"},
        refs=[
            Ref("article_id", "marts.articles.article_id"),
            Ref("issue_id", "marts.issues.issue_id"),
        ],
    )


COVERAGE = "marts.coverage"
ARTICLE_TOTAL = "marts.article_total"
# Context query (its one ``?`` is the logical date every context query gets): the articles of
# the whole warehouse, where the validated marts.articles frame holds the day's dates only.
ARTICLE_TOTAL_SQL = "select count(*) as articles from marts.articles where ?::date is not null"


def coverage() -> TableChecks:
    """Models that turn articles into no actor at all are broken (critical). A warehouse that
    holds no article yet (its first days were quiet) has no actor to build: not judged."""
    return TableChecks(
        COVERAGE,
        row_id=("articles", "actors"),
        metrics=True,
        expectations=[
            critical(
                gxe.ExpectColumnValuesToBeBetween(
                    column="actors_when_articles",
                    min_value=config.MIN_MART_ACTORS,
                    notes=(
                        "marts.actors must not be empty once marts.articles has rows; before "
                        "the first article (quiet first days) it is not judged."
                    ),
                )
            ),
        ],
        derived={
            "articles": "rows of marts.articles (every date)",
            "actors": "rows of marts.actors",
            "actors_when_articles": "actors; null (not judged) while there is no article",
        },
    )


def prepare(frames: Frames) -> Frames:
    """Compute the one-row metric frame ``marts.coverage`` (see ``coverage``)."""
    out = dict(frames)
    for name, key in (("marts.article_issues", "article_id"),
                      ("marts.statement_issues", "statement_id")):
        if name in out:
            out[name] = out[name].copy()
            out[name]["primary_count"] = primary_counts(out[name], [key])
    if "marts.article_issues" in out:
        frame = out["marts.article_issues"]
        frame["scored"] = frame["score"].notna().groupby(frame["article_id"]).transform(
            "any").astype(bool)
    total = out.pop(ARTICLE_TOTAL, None)
    articles = int(total["articles"].iloc[0]) if total is not None and len(total) else 0
    actors = len(out["marts.actors"])
    out[COVERAGE] = pd.DataFrame({
        "articles": [articles],
        "actors": [actors],
        "actors_when_articles": pd.Series([float(actors) if articles else float("nan")],
                                          dtype="float64"),
    })
    return out


# The columns ``prepare`` reads (LayerSpec.prepare_reads): a table is loaded with the columns
# its checks name and these only, so a column ``prepare`` starts reading must be added here.
PREPARE_READS: dict[str, tuple[str, ...]] = {
    "marts.article_issues": ("article_id", "is_primary", "score"),
    "marts.statement_issues": ("statement_id", "is_primary"),
}


def spec() -> LayerSpec:
    return LayerSpec(
        name="marts",
        tables=(
            actors(),
            issues(),
            articles(),
            statements(),
            statement_issues(),
            article_actors(),
            article_issues(),
            coverage(),
        ),
        per_logical_date=False,
        prepare=prepare,
        context_queries={ARTICLE_TOTAL: ARTICLE_TOTAL_SQL},
        prepare_reads=PREPARE_READS,
    )
