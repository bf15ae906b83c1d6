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

-- scored, final: the scores full-joined with the mentions (macros/issue_bridges.sql, shared
-- with the other issue bridge)
{{ scored_or_mentioned_issues('article_id', 'articles', with_mention_count=true) }}

select * from final
