"""DDL of the warehouse tables that Python writes: schema ``raw`` (loaded per logical date),
schema ``audit`` (append-only run history) and schema ``state`` (what the extract must remember
between runs, e.g. HTTP validators; upserted by the load, never published). dbt reads ``raw``
through ``source()``.

Every raw table carries ``logical_date``: the Airflow data interval start that loaded it, the
partition key a re-run replaces.
"""

RAW_TABLES = (
    "articles",
    "entity_mentions",
    "statements",
    "issue_mentions",
    "issue_scores",
    "candidate_issues",
    "duplicates",
    "quarantine",
)

# Upserted by key (not per logical date) in the load transaction, read at the next extract.
STATE_TABLES = ("http_cache",)

DDL = """
create schema if not exists raw;
create schema if not exists audit;
create schema if not exists state;

create table if not exists raw.articles (
    article_id varchar not null,      -- stable hash of canonical URL (or content when no URL)
    logical_date date not null,
    source varchar not null,          -- name of the configured source
    url varchar,
    canonical_url varchar,
    title varchar,
    author varchar,
    published_at timestamp not null,  -- UTC
    published_date date not null,
    date_source varchar not null,     -- article | feed | fetch | file
    body varchar not null,
    language varchar not null,        -- ISO 639-1
    word_count integer not null,
    content_hash varchar not null,
    story_id varchar not null,        -- near-duplicate cluster (wire copies share it)
    location varchar,                 -- file path or URL it was read from
    extracted_at timestamp not null,
    load_id varchar not null
);

create table if not exists raw.entity_mentions (
    mention_id varchar not null,
    article_id varchar not null,
    logical_date date not null,
    start_char integer not null,
    end_char integer not null,
    mention_text varchar not null,
    ner_label varchar not null,       -- spaCy label, or the rule that found the mention
    actor_id varchar not null,
    actor_name varchar not null,      -- canonical name after resolution
    actor_type varchar not null,      -- person | organization | country | group | anonymous | place
    actor_role varchar,
    actor_affiliation varchar,
    actor_country_code varchar,       -- ISO 3166-1 alpha-2
    load_id varchar not null
);

create table if not exists raw.statements (
    statement_id varchar not null,
    article_id varchar not null,
    logical_date date not null,
    statement_index integer not null, -- order within the article
    kind varchar not null,            -- direct | indirect | mixed
    content_start integer not null,
    content_end integer not null,
    content varchar not null,
    speaker_start integer,
    speaker_end integer,
    speaker_text varchar,
    speaker_actor_id varchar,
    cue_start integer,
    cue_end integer,
    cue_text varchar,
    load_id varchar not null,
    negated boolean                   -- "did not deny the claims" (issue #14)
);
-- Warehouses created before statements carried `negated` get it here, last as in a new one
-- (null on their rows: the tagger then never emitted a negated statement).
alter table raw.statements add column if not exists negated boolean;

create table if not exists raw.issue_mentions (
    issue_mention_id varchar not null,
    article_id varchar not null,
    logical_date date not null,
    issue_id varchar not null,
    statement_id varchar,             -- set when the evidence lies inside a statement
    start_char integer not null,
    end_char integer not null,
    evidence varchar not null,
    load_id varchar not null
);

-- What each article (statement_id null) and each statement is about: its scored issues, the
-- CAP topics of the topic classifier and the taxonomy issues named in it; one primary per
-- article and per statement that has any (extract/nlp/topics/about.py).
create table if not exists raw.issue_scores (
    issue_score_id varchar not null,
    article_id varchar not null,
    logical_date date not null,
    issue_id varchar not null,
    statement_id varchar,             -- set for a statement's issues, null for the article's
    score double not null,            -- in [0, 1]
    is_primary boolean not null,      -- what the article (or statement) is mainly about
    evidence varchar not null,        -- first matched span, or the sentence most typical of a topic
    load_id varchar not null
);

create table if not exists raw.candidate_issues (
    article_id varchar not null,
    logical_date date not null,
    phrase varchar not null,          -- salient noun phrase that matched no issue
    frequency integer not null,
    load_id varchar not null
);

create table if not exists raw.duplicates (
    logical_date date not null,
    source varchar not null,
    location varchar not null,
    duplicate_of varchar not null,    -- article_id of the copy that was kept
    reason varchar not null,          -- canonical_url | content_hash
    load_id varchar not null
);

create table if not exists raw.quarantine (
    quarantine_id varchar not null,
    logical_date date not null,
    source varchar not null,
    location varchar not null,
    reason varchar not null,
    payload varchar,                  -- truncated raw input
    load_id varchar not null
);

create table if not exists audit.loads (
    load_id varchar not null,
    run_id varchar not null,
    logical_date date not null,       -- which day was loaded (the partition)
    loaded_at timestamp not null,     -- when it was loaded: wall clock, UTC
    articles integer not null,        -- 0 is a quiet day, not a failure
    entity_mentions integer not null,
    statements integer not null,
    issue_mentions integer not null,
    duplicates integer not null,
    quarantined integer not null,
    run_started_at timestamp,         -- when the DAG run started, UTC
    issue_scores integer              -- raw.issue_scores rows; null: loaded before it was counted
);
-- Warehouses created before `run_started_at` get it here (null on their rows: their
-- `loaded_at` is what the run reported as its start, which embedded `dags test` runs set to
-- the logical date).
alter table audit.loads add column if not exists run_started_at timestamp;
-- Warehouses created before `issue_scores` was counted get it here, last as in a new one (null
-- on their rows, not 0: loads since the topic classifier did write issue scores, uncounted).
alter table audit.loads add column if not exists issue_scores integer;

create table if not exists audit.source_runs (
    load_id varchar not null,
    run_id varchar not null,
    logical_date date not null,
    loaded_at timestamp not null,
    source varchar not null,
    found integer not null,           -- input items read from the source
    loaded integer not null,
    duplicates integer not null,
    quarantined integer not null,
    other_dates integer not null,     -- items that belong to another logical date's run
    over_limit integer not null,      -- items past the source's per-run limit
    error varchar,                    -- the source as a whole could not be read
    skipped integer not null default 0 -- not inputs by the source's rules (hidden files, fifos)
);
-- found = loaded + duplicates + quarantined + other_dates + over_limit + skipped, per row.
-- Warehouses created before `skipped` existed get it here (last, as in a new one; rows loaded
-- before it count 0).
alter table audit.source_runs add column if not exists skipped integer default 0;

create table if not exists audit.validation_results (
    run_id varchar not null,
    logical_date date not null,
    validated_at timestamp not null,
    layer varchar not null,           -- raw | marts
    suite varchar not null,
    expectation varchar not null,
    table_name varchar,
    column_name varchar,
    success boolean not null,
    severity varchar not null,        -- critical | warning
    observed_value varchar
);

-- The last HTTP fetch of every feed and page of the web sources, one row per (kind, url).
create table if not exists state.http_cache (
    url varchar not null,             -- the feed URL as configured, or a page's canonical URL
    kind varchar not null,            -- feed | page
    source varchar not null,          -- the source that fetched it last
    requested_url varchar not null,
    final_url varchar,                -- after redirects
    status integer,                   -- last HTTP status (304: unchanged); null: no response
    error varchar,                    -- why the fetch or its reading failed; null when it worked
    transient boolean not null,       -- 5xx / timeout / connection: the next run tries again
    etag varchar,                     -- validators sent as If-None-Match / If-Modified-Since
    last_modified varchar,
    content_type varchar,
    body blob,                        -- feeds: the last good document, re-read on a 304
    published_at timestamp,           -- pages: the UTC date the item settled on
    date_source varchar,              -- pages: article | feed | fetch
    first_fetched_at timestamp not null,
    fetched_at timestamp not null,
    logical_date date not null,       -- the run that fetched it last
    load_id varchar not null
);
"""
