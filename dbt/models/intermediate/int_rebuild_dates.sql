-- The publication dates an incremental run of the marts rebuilds: the dates of the articles
-- loaded for var('logical_date') (as loaded now: a re-run rebuilds the dates of its new rows)
-- and the current dates of articles the day's load dropped as duplicates of a copy kept on
-- another date. Empty without the var: the marts are then rebuilt in full.
-- Mart rows whose article moved to another date, or disappeared, are deleted separately by
-- the marts' pre-hook (macro delete_rebuilt_dates), which compares each mart with its
-- intermediate model.

{%- set logical_date = var('logical_date') %}

with

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

duplicates as (

    select * from {{ ref('stg_raw__duplicates') }}

),

current_articles as (

    select * from {{ ref('int_articles_deduplicated') }}

),

loaded as (

    select
        published_date,
        'loaded' as reason

    from articles

    {% if logical_date %}
        where logical_date = cast('{{ logical_date }}' as date)
    {% else %}
        where false
    {% endif %}

),

duplicate_targets as (

    select
        current_articles.published_date,
        'duplicate_of' as reason

    from duplicates

    inner join current_articles
        on duplicates.duplicate_of_article_id = current_articles.article_id

    {% if logical_date %}
        where duplicates.logical_date = cast('{{ logical_date }}' as date)
    {% else %}
        where false
    {% endif %}

),

final as (

    select distinct
        published_date,
        reason

    from (
        select
            published_date,
            reason
        from loaded

        union all

        select
            published_date,
            reason
        from duplicate_targets
    ) as rebuild_dates

)

select * from final
