"""Checks on the raw layer: the rows one run loaded for ONE logical date.

Tables are read with ``where logical_date = <the run's logical date>``; ``prepare`` joins each
span table to its article so spans can be checked against the body length, and computes two
one-row metric frames: ``raw.nlp_health`` (is the tagger still working?) and ``raw.volume``
(the day's article count against the median of earlier dates, read by the context query
``raw.article_history``). Thresholds live in ``expectations.config``.
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
    primary_counts,
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
            # A quiet day (a holiday, a source down) is a valid day: it loads, builds and
            # publishes; the empty load is a warning for someone to look at, not a failure.
            warning(
                gxe.ExpectTableRowCountToBeBetween(
                    min_value=config.MIN_ARTICLES_PER_LOAD,
                    notes=(
                        "Volume: a day without articles is recorded and published as an empty "
                        "day (a warning, not a failure). Worth a look when the sources usually "
                        "have news on that weekday: raw.volume compares the day with the "
                        "median of the earlier days, and audit.source_runs says what each "
                        "source found."
                    ),
                )
            ),
            *key_checks("article_id"),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="body")),
            warning(
                gxe.ExpectColumnValuesToBeBetween(
                    column="body_chars",
                    min_value=config.BODY_MIN_CHARS,
                    max_value=config.BODY_MAX_CHARS,
                )
            ),
            # Every article has a publication date: the marts partition by it. (The raw DDL
            # says NOT NULL too, but a warehouse whose constraint was lost must still fail here:
            # "between" alone ignores nulls.)
            critical(gxe.ExpectColumnValuesToNotBeNull(column="published_date")),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="published_at")),
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


def issue_scores() -> TableChecks:
    """What each article (statement_id null) and statement is about: scored issues, exactly one
    primary per article and per statement that has any."""
    return TableChecks(
        "raw.issue_scores",
        row_id=("issue_score_id",),
        expectations=[
            *key_checks("issue_score_id"),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="article_id")),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="issue_id")),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="is_primary")),
            critical(gxe.ExpectColumnValuesToNotBeNull(column="score")),
            critical(gxe.ExpectColumnValuesToBeBetween(column="score", min_value=0, max_value=1)),
            critical(gxe.ExpectColumnValuesToBeInSet(column="primary_count", value_set=[1])),
        ],
        refs=[
            Ref("article_id", "raw.articles.article_id"),
            Ref("statement_id", "raw.statements.statement_id"),
        ],
        derived={
            "primary_count": "primary rows of the row's article (statement_id null) or statement",
        },
    )


NLP_HEALTH = "raw.nlp_health"
VOLUME = "raw.volume"
# Context frame: article counts of the VOLUME_WINDOW_DAYS latest logical dates before the run's.
ARTICLE_HISTORY = "raw.article_history"
ARTICLE_HISTORY_SQL = (
    "select logical_date, count(*) as articles from raw.articles where logical_date < ? "
    f"group by logical_date order by logical_date desc limit {int(config.VOLUME_WINDOW_DAYS)}"
)


def nlp_health() -> TableChecks:
    """A collapse of the tagger's output (broken model, silent regression) fails the run."""
    low, high = config.NLP_ENTITIES_PER_1K_WORDS
    return TableChecks(
        NLP_HEALTH,
        row_id=(
            "articles",
            "words",
            "statements",
            "statements_with_speaker",
            "articles_with_actor",
            "entity_mentions",
        ),
        metrics=True,
        expectations=[
            critical(
                gxe.ExpectColumnValuesToBeBetween(
                    column="speaker_share",
                    min_value=config.NLP_MIN_SPEAKER_SHARE,
                    max_value=1,
                    notes=(
                        "NLP health: share of the day's statements whose speaker was resolved "
                        "to an actor (speaker_actor_id not null); a collapse means speaker "
                        "resolution or the model broke."
                    ),
                )
            ),
            critical(
                gxe.ExpectColumnValuesToBeBetween(
                    column="articles_with_actor_share",
                    min_value=config.NLP_MIN_ARTICLES_WITH_ACTOR_SHARE,
                    max_value=1,
                    notes=(
                        "NLP health: share of the day's articles with at least one actor "
                        "mention (actor_type other than place); a collapse means NER or actor "
                        "resolution broke."
                    ),
                )
            ),
            critical(
                gxe.ExpectColumnValuesToBeBetween(
                    column="entities_per_1k_words",
                    min_value=low,
                    max_value=high,
                    notes=(
                        "NLP health: entity mentions per 1,000 words of article text; too few "
                        "means NER found (almost) nothing, too many means it tags noise."
                    ),
                )
            ),
        ],
        derived={
            "speaker_share": (
                "statements_with_speaker / statements; null (not judged) with fewer than "
                f"{config.NLP_MIN_STATEMENTS} statements"
            ),
            "articles_with_actor_share": (
                "articles_with_actor / articles; null (not judged) with fewer than "
                f"{config.NLP_MIN_ARTICLES} articles"
            ),
            "entities_per_1k_words": (
                "entity_mentions / words * 1000 (words: sum of raw.articles.word_count); null "
                f"(not judged) with fewer than {config.NLP_MIN_WORDS} words"
            ),
        },
    )


def volume() -> TableChecks:
    """A drop or spike in the day's article count is worth a look (warning only)."""
    factor = config.VOLUME_FACTOR
    return TableChecks(
        VOLUME,
        row_id=("article_count", "trailing_median", "prior_days"),
        metrics=True,
        expectations=[
            warning(
                gxe.ExpectColumnValuesToBeBetween(
                    column="volume_ratio",
                    min_value=round(1 / factor, 4),
                    max_value=factor,
                    notes=(
                        "Volume: the day's article count divided by the median count of the "
                        f"{config.VOLUME_WINDOW_DAYS} latest earlier logical dates; beyond a "
                        f"factor {factor:g} either way a source may be down or flooding."
                    ),
                )
            ),
        ],
        derived={
            "article_count": "rows of raw.articles for the logical date",
            "prior_days": (
                f"earlier logical dates in the baseline (the latest {config.VOLUME_WINDOW_DAYS} "
                "present in raw.articles)"
            ),
            "trailing_median": "median article count of those dates",
            "volume_ratio": (
                "article_count / trailing_median; null (not judged) with fewer than "
                f"{config.VOLUME_MIN_PRIOR_DAYS} prior days"
            ),
        },
    )


def prepare(frames: Frames) -> Frames:
    """Add the derived columns the checks read (see ``TableChecks.derived``) and compute the
    metric frames ``raw.nlp_health`` and ``raw.volume``."""
    # Shallow copies: prepare only adds columns, which leaves the caller's frames as they were
    # without copying the day's data.
    out = {name: df.copy(deep=False) for name, df in frames.items()}
    out[NLP_HEALTH] = nlp_health_metrics(
        out["raw.articles"], out["raw.entity_mentions"], out["raw.statements"]
    )
    history = out.pop(ARTICLE_HISTORY, None)
    prior = history["articles"] if history is not None else pd.Series([], dtype="int64")
    out[VOLUME] = volume_metrics(len(out["raw.articles"]), prior)
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
    if "raw.issue_scores" in out:
        out["raw.issue_scores"]["primary_count"] = primary_counts(
            out["raw.issue_scores"], ["article_id", "statement_id"]
        )
    return out


# The columns ``prepare`` reads (LayerSpec.prepare_reads): a table is loaded with the columns
# its checks name and these only, so a column ``prepare`` starts reading must be added here.
PREPARE_READS: dict[str, tuple[str, ...]] = {
    "raw.articles": ("article_id", "body", "word_count"),
    "raw.entity_mentions": ("article_id", "actor_type", "start_char", "end_char", "mention_text"),
    "raw.statements": (
        "article_id", "speaker_actor_id", "content_start", "content_end", "content",
    ),
    "raw.issue_mentions": ("article_id",),
    "raw.issue_scores": ("article_id", "statement_id", "is_primary"),
}


def nlp_health_metrics(
    articles: pd.DataFrame, mentions: pd.DataFrame, statements: pd.DataFrame
) -> pd.DataFrame:
    """One row: the day's counts and the three NLP health metrics (null when not judged)."""
    article_ids = set(articles["article_id"].dropna())
    n_articles = len(article_ids)
    words = int(pd.to_numeric(articles["word_count"]).fillna(0).sum())
    n_statements = len(statements)
    with_speaker = int(statements["speaker_actor_id"].notna().sum())
    actors = mentions.loc[mentions["actor_type"] != "place", "article_id"]
    with_actor = len(article_ids & set(actors.dropna()))
    n_mentions = len(mentions)

    def share(part: int, whole: int, minimum: int) -> float | None:
        return round(part / whole, 4) if whole >= max(minimum, 1) else None

    density = (
        round(n_mentions / words * 1000, 2) if words >= max(config.NLP_MIN_WORDS, 1) else None
    )
    return pd.DataFrame(
        {
            "articles": [n_articles],
            "words": [words],
            "statements": [n_statements],
            "statements_with_speaker": [with_speaker],
            "articles_with_actor": [with_actor],
            "entity_mentions": [n_mentions],
            "speaker_share": _metric(
                share(with_speaker, n_statements, config.NLP_MIN_STATEMENTS)
            ),
            "articles_with_actor_share": _metric(
                share(with_actor, n_articles, config.NLP_MIN_ARTICLES)
            ),
            "entities_per_1k_words": _metric(density),
        }
    )


def volume_metrics(article_count: int, prior_counts: pd.Series) -> pd.DataFrame:
    """One row: the day's article count, the trailing median of the earlier dates' counts and
    their ratio (null without enough earlier dates)."""
    counts = pd.to_numeric(prior_counts).dropna()
    median = float(counts.median()) if len(counts) else None
    ratio = None
    if len(counts) >= config.VOLUME_MIN_PRIOR_DAYS and median:
        ratio = round(article_count / median, 4)
    return pd.DataFrame(
        {
            "article_count": [article_count],
            "trailing_median": _metric(median),
            "prior_days": [len(counts)],
            "volume_ratio": _metric(ratio),
        }
    )


def _metric(value: float | None) -> pd.Series:
    return pd.Series([float("nan") if value is None else value], dtype="float64")


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
        tables=(
            articles(),
            entity_mentions(),
            statements(),
            issue_mentions(),
            issue_scores(),
            nlp_health(),
            volume(),
        ),
        per_logical_date=True,
        prepare=prepare,
        date_parameters=interval_parameters,
        context_queries={ARTICLE_HISTORY: ARTICLE_HISTORY_SQL},
        prepare_reads=PREPARE_READS,
    )
