with

issue_mentions as (

    select * from {{ ref('int_issue_mentions_rolled') }}

),

final as (

    select distinct
        statement_id,
        issue_id,
        published_date

    from issue_mentions

    where statement_id is not null

)

select * from final
