-- One row per issue and publication date with coverage that day: articles, evidence and
-- statements, rolled up like marts.issues (a sub-issue's coverage also counts for its
-- ancestors). Rebuilt from the incremental bridges on every run, so it always agrees with them.

with

article_issues as (

    select * from {{ ref('article_issues') }}

),

statement_issues as (

    select * from {{ ref('statement_issues') }}

),

statements as (

    select * from {{ ref('statements') }}

),

issues as (

    select * from {{ ref('issues') }}

),

daily_articles as (

    select
        published_date,
        issue_id,
        count(*) as article_count,
        sum(mention_count) as mention_count

    from article_issues

    group by published_date, issue_id

),

daily_statements as (

    select
        statement_issues.published_date,
        statement_issues.issue_id,
        count(*) as statement_count,
        count(distinct statements.speaker_actor_id) as speaker_count

    from statement_issues

    inner join statements
        on statement_issues.statement_id = statements.statement_id

    group by statement_issues.published_date, statement_issues.issue_id

),

final as (

    select
        daily_articles.published_date,
        daily_articles.issue_id,
        issues.issue_name,
        issues.parent_issue_id,
        cast(daily_articles.article_count as bigint) as article_count,
        cast(daily_articles.mention_count as bigint) as mention_count,
        cast(coalesce(daily_statements.statement_count, 0) as bigint) as statement_count,
        cast(coalesce(daily_statements.speaker_count, 0) as bigint) as speaker_count

    from daily_articles

    inner join issues
        on daily_articles.issue_id = issues.issue_id

    left join daily_statements
        on
            daily_articles.published_date = daily_statements.published_date
            and daily_articles.issue_id = daily_statements.issue_id

)

select * from final
