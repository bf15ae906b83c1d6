with

issue_mentions as (

    select * from {{ ref('int_issue_mentions_rolled') }}

),

final as (

    select
        article_id,
        issue_id,
        published_date,
        cast(sum(mention_count) as bigint) as mention_count

    from issue_mentions

    group by article_id, issue_id, published_date

)

select * from final
