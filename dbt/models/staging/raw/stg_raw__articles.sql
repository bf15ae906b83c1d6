with

source as (

    select * from {{ source('raw', 'articles') }}

),

renamed as (

    select
        -- ids
        article_id,
        story_id,
        load_id,

        -- text
        source,
        nullif(trim(url), '') as url,
        nullif(trim(canonical_url), '') as canonical_url,
        nullif(trim(title), '') as title,
        nullif(trim(author), '') as author,
        body,
        lower(language) as language,
        content_hash,
        date_source,
        nullif(trim(location), '') as location,

        -- numerics
        word_count,

        -- dates and timestamps
        logical_date,
        published_at,
        published_date,
        extracted_at

    from source

)

select * from renamed
