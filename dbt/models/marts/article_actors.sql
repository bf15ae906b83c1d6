-- Incremental on published_date (dbt/README.md): with var('logical_date') only the dates in
-- int_rebuild_dates are rebuilt, without it the whole table.
-- depends_on: {{ ref('int_rebuild_dates') }}
-- depends_on: {{ ref('int_articles_deduplicated') }}

{{ incremental_by_published_date(
    pre_hook="{{ delete_rebuilt_dates('int_articles_deduplicated', 'article_id') }}"
) }}

with

mentions as (

    select * from {{ ref('int_entity_mentions_dated') }}

    {{ rebuilt_dates_only() }}

),

actors as (

    select * from {{ ref('int_actors_merged') }}
    where is_actor

),

statements as (

    select * from {{ ref('int_statements_attributed') }}

    {{ rebuilt_dates_only() }}

),

mention_counts as (

    select
        mentions.article_id,
        mentions.actor_id,
        mentions.published_date,
        count(*) as mention_count

    from mentions

    inner join actors
        on mentions.actor_id = actors.actor_id

    group by mentions.article_id, mentions.actor_id, mentions.published_date

),

statement_counts as (

    select
        article_id,
        speaker_actor_id as actor_id,
        published_date,
        count(*) as statement_count

    from statements

    where speaker_actor_id is not null

    group by article_id, speaker_actor_id, published_date

),

final as (

    select
        coalesce(mention_counts.article_id, statement_counts.article_id) as article_id,
        coalesce(mention_counts.actor_id, statement_counts.actor_id) as actor_id,
        coalesce(mention_counts.published_date, statement_counts.published_date) as published_date,
        cast(coalesce(mention_counts.mention_count, 0) as bigint) as mention_count,
        cast(coalesce(statement_counts.statement_count, 0) as bigint) as statement_count

    from mention_counts

    full outer join statement_counts
        on
            mention_counts.article_id = statement_counts.article_id
            and mention_counts.actor_id = statement_counts.actor_id

)

select * from final
