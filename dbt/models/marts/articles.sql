-- Incremental on published_date (dbt/README.md): with var('logical_date') only the dates in
-- int_rebuild_dates are rebuilt, without it the whole table.
-- depends_on: {{ ref('int_rebuild_dates') }}

{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='published_date',
        on_schema_change='fail',
        full_refresh=(none if var('logical_date') else true),
        pre_hook="{{ delete_rebuilt_dates('int_articles_deduplicated', 'article_id') }}"
    )
}}

with

articles as (

    select * from {{ ref('int_articles_deduplicated') }}

    {% if is_incremental() %}
        where
            published_date in (
                select rebuild_dates.published_date
                from {{ ref('int_rebuild_dates') }} as rebuild_dates
            )
    {% endif %}

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
