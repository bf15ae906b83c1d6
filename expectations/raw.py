"""Checks on the raw layer: the rows one run loaded for ONE logical date.

Tables are read with ``where logical_date = <the run's logical date>``; ``prepare`` joins each
span table to its article so spans can be checked against the body length. Thresholds live in
``expectations.config``.
"""

from __future__ import annotations

import datetime as dt

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
    span_checks,
    warning,
)

# Suite parameters filled in per run (the data interval of the logical date).
INTERVAL_START = {"$PARAMETER": "interval_start"}
INTERVAL_END = {"$PARAMETER": "interval_end"}


def articles() -> TableChecks:
    return TableChecks(
        "raw.articles",
        row_id=("article_id",),
        expectations=[
            critical(gxe.ExpectTableRowCountToBeBetween(min_value=config.MIN_ARTICLES_PER_LOAD)),
            *key_checks("article_id"),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="body")),
            warning(
                gxe.ExpectColumnValuesToBeBetween(
                    column="body_chars",
                    min_value=config.BODY_MIN_CHARS,
                    max_value=config.BODY_MAX_CHARS,
                )
            ),
            # Published within the run's data interval [logical_date, logical_date + 1 day).
            critical(
                gxe.ExpectColumnValuesToBeBetween(
                    column="published_date",
                    min_value=INTERVAL_START,
                    max_value=INTERVAL_END,
                    strict_max=True,
                )
            ),
            critical(
                gxe.ExpectColumnValuesToBeBetween(
                    column="published_at",
                    min_value=INTERVAL_START,
                    max_value=INTERVAL_END,
                    strict_max=True,
                )
            ),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="language")),
            critical(
                gxe.ExpectColumnValuesToBeInSet(
                    column="language", value_set=list(config.LANGUAGE_CODES)
                )
            ),
            critical(
                gxe.ExpectColumnValuesToBeInSet(
                    column="date_source", value_set=list(config.ALLOWED_DATE_SOURCES)
                )
            ),
            warning(gxe.ExpectColumnValuesToBeBetween(column="word_count", min_value=1)),
        ],
        derived={"body_chars": "len(body) in characters (Python string length)"},
    )


def entity_mentions() -> TableChecks:
    return TableChecks(
        "raw.entity_mentions",
        row_id=("mention_id",),
        expectations=[
            *key_checks("mention_id"),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="article_id")),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="actor_id")),
            *span_checks("start_char", "end_char", length_column="article_body_len"),
            critical(
                gxe.ExpectColumnValuesToBeInSet(
                    column="actor_type", value_set=list(config.RAW_ACTOR_TYPES)
                )
            ),
            warning(
                gxe.ExpectColumnValuesToBeInSet(column="mention_matches_body", value_set=[True])
            ),
        ],
        refs=[Ref("article_id", "raw.articles.article_id")],
        derived={
            "article_body_len": "len(body) of the article the row belongs to",
            "mention_matches_body": "body[start_char:end_char] == mention_text",
        },
    )


def statements() -> TableChecks:
    return TableChecks(
        "raw.statements",
        row_id=("statement_id",),
        expectations=[
            *key_checks("statement_id"),
            *key_checks("article_id", "statement_index", severity=WARNING),
            critical(
                gxe.ExpectColumnValuesToBeInSet(
                    column="kind", value_set=list(config.STATEMENT_KINDS_ALLOWED)
                )
            ),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="content")),
            critical(not_empty("content")),
            *span_checks("content_start", "content_end", length_column="article_body_len"),
            *span_checks(
                "speaker_start", "speaker_end", length_column="article_body_len", optional=True
            ),
            *span_checks("cue_start", "cue_end", length_column="article_body_len", optional=True),
            warning(
                gxe.ExpectColumnValuesToBeInSet(column="content_matches_body", value_set=[True])
            ),
        ],
        refs=[
            Ref("article_id", "raw.articles.article_id"),
            # A speaker should be an actor the tagger found in the same load.
            Ref("speaker_actor_id", "raw.entity_mentions.actor_id", severity=WARNING),
        ],
        derived={
            "article_body_len": "len(body) of the article the row belongs to",
            "content_matches_body": "body[content_start:content_end] == content",
        },
    )


def issue_mentions() -> TableChecks:
    return TableChecks(
        "raw.issue_mentions",
        row_id=("issue_mention_id",),
        expectations=[
            *key_checks("issue_mention_id"),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="article_id")),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="issue_id")),
            *span_checks("start_char", "end_char", length_column="article_body_len"),
        ],
        refs=[
            Ref("article_id", "raw.articles.article_id"),
            Ref("statement_id", "raw.statements.statement_id"),
        ],
        derived={"article_body_len": "len(body) of the article the row belongs to"},
    )


def prepare(frames: Frames) -> Frames:
    """Add the derived columns the checks read (see ``TableChecks.derived``)."""
    out = {name: df.copy() for name, df in frames.items()}
    arts = out["raw.articles"]
    arts["body_chars"] = _char_len(arts["body"])
    bodies = arts.dropna(subset=["article_id"]).drop_duplicates("article_id")
    body_of = dict(zip(bodies["article_id"], bodies["body"], strict=True))
    length_of = _char_len(bodies.set_index("article_id")["body"])
    for name in ("raw.entity_mentions", "raw.statements", "raw.issue_mentions"):
        out[name]["article_body_len"] = out[name]["article_id"].map(length_of)
    mentions = out["raw.entity_mentions"]
    mentions["mention_matches_body"] = _span_matches(
        mentions, body_of, "start_char", "end_char", "mention_text"
    )
    stmts = out["raw.statements"]
    stmts["content_matches_body"] = _span_matches(
        stmts, body_of, "content_start", "content_end", "content"
    )
    return out


def _char_len(texts: pd.Series) -> pd.Series:
    """Length in characters (Python str indices, like the offsets); NaN for missing text."""
    return pd.Series(
        [float(len(t)) if isinstance(t, str) else float("nan") for t in texts],
        index=texts.index,
        dtype="float64",
    )


def _span_matches(
    df: pd.DataFrame, body_of: dict[str, str], start: str, end: str, text: str
) -> pd.Series:
    """body[start:end] == text per row; None when the article or a bound is missing."""
    values: list[bool | None] = []
    for article_id, s, e, t in zip(df["article_id"], df[start], df[end], df[text], strict=True):
        body = body_of.get(article_id)
        if not isinstance(body, str) or pd.isna(s) or pd.isna(e) or not isinstance(t, str):
            values.append(None)
        else:
            values.append(body[int(s) : int(e)] == t)
    return pd.Series(values, index=df.index, dtype="object")


def interval_parameters(logical_date: dt.date) -> dict[str, dt.datetime]:
    """The run's data interval [logical_date, logical_date + DATA_INTERVAL) as naive UTC."""
    start = dt.datetime.combine(logical_date, dt.time())
    return {"interval_start": start, "interval_end": start + config.DATA_INTERVAL}


def spec() -> LayerSpec:
    return LayerSpec(
        name="raw",
        tables=(articles(), entity_mentions(), statements(), issue_mentions()),
        per_logical_date=True,
        prepare=prepare,
        date_parameters=interval_parameters,
    )
