-- Who speaks about which issue: one row per speaker actor and issue, over all statements.
-- A statement about a sub-issue also counts for its ancestors (marts.statement_issues rolls
-- up), so "taiwan" collects statements about the Taiwan Strait.

with

statements as (

    select * from {{ ref('statements') }}
    where speaker_actor_id is not null

),

statement_issues as (

    select * from {{ ref('statement_issues') }}

),

actors as (

    select * from {{ ref('actors') }}

),

issues as (

    select * from {{ ref('issues') }}

),

spoken as (

    select
        statements.speaker_actor_id as actor_id,
        statement_issues.issue_id,
        count(distinct statements.statement_id) as statement_count,
        count(distinct statements.article_id) as article_count,
        min(statements.published_date) as first_seen,
        max(statements.published_date) as last_seen

    from statements

    inner join statement_issues
        on statements.statement_id = statement_issues.statement_id

    group by statements.speaker_actor_id, statement_issues.issue_id

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
