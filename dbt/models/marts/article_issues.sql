-- Incremental on published_date (dbt/README.md): with var('logical_date') only the dates in
-- int_rebuild_dates are rebuilt, without it the whole table.
-- One row per article and issue: the issues scored for the article (CAP topics from the topic
-- classifier, taxonomy issues named in it; exactly one primary) and every issue with pattern
-- evidence, rolled up to its ancestors (mention_count).
-- depends_on: {{ ref('int_rebuild_dates') }}
-- depends_on: {{ ref('int_articles_deduplicated') }}

{{ incremental_by_published_date(
    pre_hook="{{ delete_rebuilt_dates('int_articles_deduplicated', 'article_id') }}"
) }}

with

issue_mentions as (

    select * from {{ ref('int_issue_mentions_rolled') }}

    {{ rebuilt_dates_only() }}

),

articles as (

    select * from {{ ref('int_articles_deduplicated') }}

    {{ rebuilt_dates_only() }}

),

issue_scores as (

    select * from {{ ref('stg_raw__issue_scores') }}

    where statement_id is null

),

mentioned as (

    select
        article_id,
        issue_id,
        published_date,
        sum(mention_count) as mention_count

    from issue_mentions

    group by article_id, issue_id, published_date

),

scored as (

    select
        issue_scores.article_id,
        issue_scores.issue_id,
        articles.published_date,
        max(issue_scores.score) as score,
        bool_or(issue_scores.is_primary) as is_primary

    from issue_scores

    inner join articles
        on
            issue_scores.article_id = articles.article_id
            and issue_scores.logical_date = articles.logical_date

    group by issue_scores.article_id, issue_scores.issue_id, articles.published_date

),

final as (

    select
        coalesce(scored.article_id, mentioned.article_id) as article_id,
        coalesce(scored.issue_id, mentioned.issue_id) as issue_id,
        coalesce(scored.published_date, mentioned.published_date) as published_date,
        cast(coalesce(mentioned.mention_count, 0) as bigint) as mention_count,
        cast(scored.score as double) as score,
        coalesce(scored.is_primary, false) as is_primary

    from scored

    full outer join mentioned
        on
            scored.article_id = mentioned.article_id
            and scored.issue_id = mentioned.issue_id

)

select * from final
