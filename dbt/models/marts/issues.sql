with

taxonomy as (

    select * from {{ ref('stg_seeds__issue_taxonomy') }}

),

issue_mentions as (

    select * from {{ ref('int_issue_mentions_rolled') }}

),

mention_stats as (

    select
        issue_id,
        sum(mention_count) as mention_count,
        count(distinct article_id) as article_count,
        count(distinct statement_id) as statement_count,
        min(published_date) as first_seen,
        max(published_date) as last_seen

    from issue_mentions

    group by issue_id

),

final as (

    select
        taxonomy.issue_id,
        taxonomy.issue_name,
        taxonomy.description,
        taxonomy.parent_issue_id,
        taxonomy.iptc_code,
        taxonomy.iptc_label,
        taxonomy.cap_code,
        taxonomy.cap_label,
        cast(coalesce(mention_stats.mention_count, 0) as bigint) as mention_count,
        cast(coalesce(mention_stats.article_count, 0) as bigint) as article_count,
        cast(coalesce(mention_stats.statement_count, 0) as bigint) as statement_count,
        mention_stats.first_seen,
        mention_stats.last_seen

    from taxonomy

    left join mention_stats
        on taxonomy.issue_id = mention_stats.issue_id

)

select * from final
