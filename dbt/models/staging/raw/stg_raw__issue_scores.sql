with

source as (

    select * from {{ source('raw', 'issue_scores') }}

),

renamed as (

    select
        -- ids
        issue_score_id,
        article_id,
        issue_id,
        nullif(trim(statement_id), '') as statement_id,
        load_id,

        -- text
        evidence,

        -- scores
        cast(score as double) as score,
        coalesce(is_primary, false) as is_primary,

        -- dates
        logical_date

    from source

)

select * from renamed
