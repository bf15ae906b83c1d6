"""Checks on the marts layer (dbt schema ``marts``, columns in docs/contracts.md).

Validated after each dbt build: the dimensions (actors, issues) whole, the facts and bridges
on the dates the run rebuilt (``DAY_SCOPE``: the published dates of the logical date's
articles), so the cost of a validation does not grow with history; dbt's own data tests still
check keys across whole tables. Foreign keys (``Ref``) check that facts and bridges only point
at rows of their dimensions. Thresholds live in ``expectations.config``.
"""

from __future__ import annotations

import great_expectations.expectations as gxe

from expectations import config
from expectations.spec import (
    WARNING,
    LayerSpec,
    Ref,
    TableChecks,
    critical,
    key_checks,
    not_empty,
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
            critical(gxe.ExpectTableRowCountToBeBetween(min_value=config.MIN_MART_ACTORS)),
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
        expectations=key_checks("statement_id", "issue_id"),
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
        expectations=key_checks("article_id", "issue_id"),
        refs=[
            Ref("article_id", "marts.articles.article_id"),
            Ref("issue_id", "marts.issues.issue_id"),
        ],
    )


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
        ),
        per_logical_date=False,
    )
