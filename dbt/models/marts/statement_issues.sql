-- Incremental on published_date (dbt/README.md): with var('logical_date') only the dates in
-- int_rebuild_dates are rebuilt, without it the whole table.
-- One row per statement and issue: the issues scored for the statement (named in it, or its
-- own CAP topic when the classifier is confident; one primary per statement that has any) and
-- every issue with pattern evidence inside it, rolled up to its ancestors.
-- depends_on: {{ ref('int_rebuild_dates') }}
-- depends_on: {{ ref('int_statements_attributed') }}

{{ incremental_by_published_date(
    pre_hook="{{ delete_rebuilt_dates('int_statements_attributed', 'statement_id') }}"
) }}

with

issue_mentions as (

    select * from {{ ref('int_issue_mentions_rolled') }}

    {{ rebuilt_dates_only() }}

),

statements as (

    select * from {{ ref('int_statements_attributed') }}

    {{ rebuilt_dates_only() }}

),

issue_scores as (

    select * from {{ ref('stg_raw__issue_scores') }}

    where statement_id is not null

),

mentioned as (

    select distinct
        statement_id,
        issue_id,
        published_date

    from issue_mentions

    where statement_id is not null

),

scored as (

    select
        issue_scores.statement_id,
        issue_scores.issue_id,
        statements.published_date,
        max(issue_scores.score) as score,
        bool_or(issue_scores.is_primary) as is_primary

    from issue_scores

    inner join statements
        on
            issue_scores.statement_id = statements.statement_id
            and issue_scores.logical_date = statements.logical_date

    group by issue_scores.statement_id, issue_scores.issue_id, statements.published_date

),

final as (

    select
        coalesce(scored.statement_id, mentioned.statement_id) as statement_id,
        coalesce(scored.issue_id, mentioned.issue_id) as issue_id,
        coalesce(scored.published_date, mentioned.published_date) as published_date,
        cast(scored.score as double) as score,
        coalesce(scored.is_primary, false) as is_primary

    from scored

    full outer join mentioned
        on
            scored.statement_id = mentioned.statement_id
            and scored.issue_id = mentioned.issue_id

)

select * from final
