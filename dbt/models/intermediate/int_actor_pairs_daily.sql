-- Actors that appear together, per publication date: one row per date and ordered pair of
-- distinct actors in the same article, with the statements in which the actor addresses the
-- other. marts.actor_pairs sums the dates, so a daily run computes one day's pairs instead of
-- every article's pairs over the whole history.
-- Incremental on published_date: the pre-hook (macro delete_stale_dates) deletes the rebuilt
-- and the stale dates, and this model builds every date that has articles and no rows.
-- depends_on: {{ ref('int_rebuild_dates') }}
-- depends_on: {{ ref('int_publication_dates_fingerprinted') }}

{{ incremental_by_published_date(
    pre_hook="{{ delete_stale_dates() }}"
) }}

with

days as (

    {{ dates_to_build() }}

),

article_actors as (

    select article_actors.*
    from {{ ref('article_actors') }} as article_actors
    inner join days
        on article_actors.published_date = days.published_date

),

statements as (

    select statements.*
    from {{ ref('statements') }} as statements
    inner join days
        on statements.published_date = days.published_date
    where statements.speaker_actor_id is not null

),

mentions as (

    select mentions.*
    from {{ ref('int_entity_mentions_dated') }} as mentions
    inner join days
        on mentions.published_date = days.published_date

),

together as (

    select
        actor_articles.published_date,
        actor_articles.actor_id,
        other_articles.actor_id as other_actor_id,
        count(*) as article_count

    from article_actors as actor_articles

    inner join article_actors as other_articles
        on
            actor_articles.article_id = other_articles.article_id
            and actor_articles.actor_id != other_articles.actor_id

    group by actor_articles.published_date, actor_articles.actor_id, other_articles.actor_id

),

addressed as (

    select
        statements.published_date,
        statements.speaker_actor_id as actor_id,
        mentions.actor_id as other_actor_id,
        count(distinct statements.statement_id) as statement_count

    from statements

    inner join mentions
        on
            statements.article_id = mentions.article_id
            and statements.content_start <= mentions.start_char
            and statements.content_end >= mentions.end_char

    where mentions.actor_id != statements.speaker_actor_id

    group by statements.published_date, statements.speaker_actor_id, mentions.actor_id

),

final as (

    select
        together.published_date,
        together.actor_id,
        together.other_actor_id,
        together.article_count,
        coalesce(addressed.statement_count, 0) as statement_count,
        days.articles_fingerprint

    from together

    inner join days
        on together.published_date = days.published_date

    left join addressed
        on
            together.published_date = addressed.published_date
            and together.actor_id = addressed.actor_id
            and together.other_actor_id = addressed.other_actor_id

)

select * from final
