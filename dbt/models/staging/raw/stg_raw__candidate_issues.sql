with

source as (

    select * from {{ source('raw', 'candidate_issues') }}

),

renamed as (

    select
        -- ids
        article_id,
        load_id,

        -- text
        phrase,

        -- numerics
        frequency,

        -- dates
        logical_date

    from source

)

select * from renamed
