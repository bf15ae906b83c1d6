with

source as (

    select * from {{ source('raw', 'duplicates') }}

),

renamed as (

    select
        -- ids
        duplicate_of as duplicate_of_article_id,
        load_id,

        -- text
        source,
        location,
        reason,

        -- dates
        logical_date

    from source

)

select * from renamed
