-- Who speaks about which issue: one row per speaker actor and issue, over all statements.
-- A statement about a sub-issue also counts for its ancestors (marts.statement_issues rolls
-- up), so "taiwan" collects statements about the Taiwan Strait. Summed over the dates of
-- int_actor_issue_statements_daily (a statement and an article have one date).

with

spoken_daily as (

    select * from {{ ref('int_actor_issue_statements_daily') }}

),

actors as (

    select * from {{ ref('actors') }}

),

issues as (

    select * from {{ ref('issues') }}

),

spoken as (

    select
        actor_id,
        issue_id,
        sum(statement_count) as statement_count,
        sum(article_count) as article_count,
        min(published_date) as first_seen,
        max(published_date) as last_seen

    from spoken_daily

    group by actor_id, issue_id

),

final as (

    select
        spoken.actor_id,
        actors.actor_name,
        actors.actor_type,
        spoken.issue_id,
        issues.issue_name,
        cast(spoken.statement_count as bigint) as statement_count,
        cast(spoken.article_count as bigint) as article_count,
        spoken.first_seen,
        spoken.last_seen

    from spoken

    inner join actors
        on spoken.actor_id = actors.actor_id

    inner join issues
        on spoken.issue_id = issues.issue_id

)

select * from final
