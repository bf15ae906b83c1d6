-- One row per issue and publication date with coverage that day: articles, evidence and
-- statements, rolled up like marts.issues (a sub-issue's coverage also counts for its
-- ancestors). Counted per date by int_issue_coverage_daily; this names the issues.

with

coverage as (

    select * from {{ ref('int_issue_coverage_daily') }}

),

issues as (

    select * from {{ ref('issues') }}

),

final as (

    select
        coverage.published_date,
        coverage.issue_id,
        issues.issue_name,
        issues.parent_issue_id,
        cast(coverage.article_count as bigint) as article_count,
        cast(coverage.mention_count as bigint) as mention_count,
        cast(coverage.statement_count as bigint) as statement_count,
        cast(coverage.speaker_count as bigint) as speaker_count

    from coverage

    inner join issues
        on coverage.issue_id = issues.issue_id

)

select * from final
