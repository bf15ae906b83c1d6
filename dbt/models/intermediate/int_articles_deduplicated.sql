-- One row per article: the copy from its most recent load. An article loaded again on a later
-- logical date (re-listed by a feed, re-extracted) replaces the earlier copy, and downstream
-- models keep only the child rows (mentions, statements, issue mentions) of that same load.

with

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

ranked as (

    select
        article_id,
        logical_date,
        load_id,
        source,
        url,
        canonical_url,
        title,
        author,
        published_at,
        published_date,
        date_source,
        language,
        word_count,
        content_hash,
        story_id,
        extracted_at,
        row_number() over (
            partition by article_id
            order by logical_date desc, extracted_at desc, load_id desc
        ) as load_rank

    from articles

),

latest_load as (

    select
        article_id,
        logical_date,
        load_id,
        source,
        url,
        canonical_url,
        title,
        author,
        published_at,
        published_date,
        date_source,
        language,
        word_count,
        content_hash,
        story_id,
        extracted_at

    from ranked

    where load_rank = 1

)

select * from latest_load
