-- Incremental on published_date (dbt/README.md): with var('logical_date') only the dates in
-- int_rebuild_dates are rebuilt, without it the whole table.
-- depends_on: {{ ref('int_rebuild_dates') }}

{{ incremental_by_published_date(
    pre_hook="{{ delete_rebuilt_dates('int_articles_deduplicated', 'article_id') }}"
) }}

with

articles as (

    select * from {{ ref('int_articles_deduplicated') }}

    {{ rebuilt_dates_only() }}

),

final as (

    select
        article_id,
        published_date,
        source,
        url,
        title,
        language,
        word_count,
        story_id

    from articles

)

select * from final
