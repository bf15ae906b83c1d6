-- Statements of each article's current load, dated by the article's publication date and
-- attributed to their speaker. A speaker that resolved to something that is not an actor
-- (a place) or to an id without mentions is dropped: speaker_actor_id is then null and only
-- speaker_text remains.

-- Incremental on published_date, as the marts (dbt/README.md): with var('logical_date') only
-- the dates in int_rebuild_dates are rebuilt, without it the whole table.
-- depends_on: {{ ref('int_rebuild_dates') }}

{{ incremental_by_published_date(
    pre_hook="{{ delete_rebuilt_dates('int_articles_deduplicated', 'article_id') }}"
) }}

with

statements as (

    select * from {{ ref('stg_raw__statements') }}

),

articles as (

    select * from {{ ref('int_articles_deduplicated') }}

    {{ rebuilt_dates_only() }}

),

actors as (

    select * from {{ ref('int_actors_merged') }}
    where is_actor

),

attributed as (

    select
        statements.statement_id,
        statements.article_id,
        articles.published_date,
        statements.statement_index,
        statements.kind,
        statements.content,
        statements.content_start,
        statements.content_end,
        statements.speaker_actor_id as extracted_speaker_actor_id,
        actors.actor_id as speaker_actor_id,
        actors.actor_name as speaker_name,
        statements.speaker_text,
        statements.speaker_start,
        statements.speaker_end,
        statements.cue_text,
        statements.is_negated,
        statements.cue_start,
        statements.cue_end,
        statements.logical_date

    from statements

    inner join articles
        on
            statements.article_id = articles.article_id
            and statements.logical_date = articles.logical_date

    left join actors
        on statements.speaker_actor_id = actors.actor_id

)

select * from attributed
