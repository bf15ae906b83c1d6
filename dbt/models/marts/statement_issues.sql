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

-- scored, final: the scores full-joined with the mentions (macros/issue_bridges.sql, shared
-- with the other issue bridge)
{{ scored_or_mentioned_issues('statement_id', 'statements') }}

select * from final
