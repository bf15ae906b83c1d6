-- Incremental on published_date (dbt/README.md): with var('logical_date') only the dates in
-- int_rebuild_dates are rebuilt, without it the whole table.
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

final as (

    select
        article_id,
        issue_id,
        published_date,
        cast(sum(mention_count) as bigint) as mention_count

    from issue_mentions

    group by article_id, issue_id, published_date

)

select * from final
