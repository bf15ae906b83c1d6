"""Every threshold and allowed-value list the validation suites use, in one place.

Change a number here, not in ``raw.py`` / ``marts.py``. Severities live next to each check in
the suite modules (they are part of the spec); the numbers they compare against live here.
"""

from __future__ import annotations

import datetime as dt

import pycountry

from extract.records import ACTOR_TYPES, DATE_SOURCES, STATEMENT_KINDS

# --- raw layer (one logical date) ---------------------------------------------------------------

# A daily load with no articles means a broken source or fetch: fail the run (critical).
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

# --- both layers --------------------------------------------------------------------------------

STATEMENT_KINDS_ALLOWED: tuple[str, ...] = STATEMENT_KINDS

# Offsets are Python string indices into the article body (end exclusive), so >= 0.
MIN_OFFSET = 0

# --- marts layer (whole tables) -----------------------------------------------------------------

# marts.actors.actor_type: places are filtered out by dbt.
MART_ACTOR_TYPES: tuple[str, ...] = tuple(t for t in ACTOR_TYPES if t != "place")

# An empty dimension or fact after a successful dbt run means the models are broken (critical).
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
