with

source as (

    select * from {{ source('raw', 'issue_mentions') }}

),

renamed as (

    select
        -- ids
        issue_mention_id,
        article_id,
        issue_id,
        nullif(trim(statement_id), '') as statement_id,
        load_id,

        -- text
        evidence,

        -- offsets into the article body
        start_char,
        end_char,

        -- dates
        logical_date

    from source

)

select * from renamed
