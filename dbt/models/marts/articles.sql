with

articles as (

    select * from {{ ref('int_articles_deduplicated') }}

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
