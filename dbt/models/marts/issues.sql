with

taxonomy as (

    select * from {{ ref('stg_seeds__issue_taxonomy') }}

),

-- Summed from the incremental bridges (one row per article or statement and issue, already
-- rolled up), not from the mentions: the same counts, at a fraction of the rows.
article_issues as (

    select * from {{ ref('article_issues') }}

),

statement_issues as (

    select * from {{ ref('statement_issues') }}

),

article_stats as (

    select
        issue_id,
        sum(mention_count) as mention_count,
        count(*) as article_count,
        min(published_date) as first_seen,
        max(published_date) as last_seen

    from article_issues

    group by issue_id

),

statement_stats as (

    select
        issue_id,
        count(*) as statement_count

    from statement_issues

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
        cast(coalesce(article_stats.mention_count, 0) as bigint) as mention_count,
        cast(coalesce(article_stats.article_count, 0) as bigint) as article_count,
        cast(coalesce(statement_stats.statement_count, 0) as bigint) as statement_count,
        article_stats.first_seen,
        article_stats.last_seen

    from taxonomy

    left join article_stats
        on taxonomy.issue_id = article_stats.issue_id

    left join statement_stats
        on taxonomy.issue_id = statement_stats.issue_id

)

select * from final
