-- One row per publication date with a fingerprint of its current articles and their loads:
-- a date's per-article rows (mentions, statements, bridges) change only when these do. The
-- per-date aggregates keep the fingerprint they were built from and rebuild a date whose
-- fingerprint changed (macros delete_stale_dates, dates_to_build). Built once per run.

with

articles as (

    select * from {{ ref('int_articles_deduplicated') }}

),

final as (

    select
        published_date,
        sum(hash(article_id, load_id)) as articles_fingerprint

    from articles

    group by published_date

)

select * from final
