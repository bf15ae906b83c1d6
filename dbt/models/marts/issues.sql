with

taxonomy as (

    select * from {{ ref('stg_seeds__issue_taxonomy') }}

),

-- Summed over the dates of int_issue_coverage_daily (articles, evidence and statements per
-- date and issue, already rolled up): an article and a statement have one date.
coverage as (

    select * from {{ ref('int_issue_coverage_daily') }}

),

coverage_stats as (

    select
        issue_id,
        sum(mention_count) as mention_count,
        sum(article_count) as article_count,
        sum(statement_count) as statement_count,
        min(published_date) as first_seen,
        max(published_date) as last_seen

    from coverage

    group by issue_id

),

-- the CAP major topic row (issue_level 'topic') of every CAP code: the first level BI rolls up to
cap_topics as (

    select
        cap_code,
        issue_id as topic_issue_id,
        issue_name as topic_name,
        iptc_code as topic_iptc_code,
        iptc_label as topic_iptc_label

    from taxonomy

    where issue_level = 'topic'

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
        taxonomy.issue_level,
        cap_topics.topic_issue_id,
        cap_topics.topic_name,
        cap_topics.topic_iptc_code,
        cap_topics.topic_iptc_label,
        cast(coalesce(coverage_stats.mention_count, 0) as bigint) as mention_count,
        cast(coalesce(coverage_stats.article_count, 0) as bigint) as article_count,
        cast(coalesce(coverage_stats.statement_count, 0) as bigint) as statement_count,
        coverage_stats.first_seen,
        coverage_stats.last_seen

    from taxonomy

    left join cap_topics
        on taxonomy.cap_code = cap_topics.cap_code

    left join coverage_stats
        on taxonomy.issue_id = coverage_stats.issue_id

)

select * from final
