-- Entity mentions of each article's current load, dated by the article's publication date.

-- Incremental on published_date, as the marts (dbt/README.md): with var('logical_date') only
-- the dates in int_rebuild_dates are rebuilt, without it the whole table.
-- depends_on: {{ ref('int_rebuild_dates') }}

{{ incremental_by_published_date(
    pre_hook="{{ delete_rebuilt_dates('int_articles_deduplicated', 'article_id') }}"
) }}

with

mentions as (

    select * from {{ ref('stg_raw__entity_mentions') }}

),

articles as (

    select * from {{ ref('int_articles_deduplicated') }}

    {{ rebuilt_dates_only() }}

),

dated as (

    select
        mentions.mention_id,
        mentions.article_id,
        mentions.actor_id,
        mentions.actor_name,
        mentions.actor_type,
        mentions.actor_role,
        mentions.actor_affiliation,
        mentions.actor_country_code,
        mentions.mention_text,
        regexp_replace(trim(mentions.mention_text), '\s+', ' ', 'g') as normalized_mention_text,
        mentions.ner_label,
        mentions.start_char,
        mentions.end_char,
        articles.published_date,
        mentions.logical_date

    from mentions

    inner join articles
        on
            mentions.article_id = articles.article_id
            and mentions.logical_date = articles.logical_date

)

select * from dated
