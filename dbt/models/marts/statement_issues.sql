-- Incremental on published_date (dbt/README.md): with var('logical_date') only the dates in
-- int_rebuild_dates are rebuilt, without it the whole table.
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

final as (

    select distinct
        statement_id,
        issue_id,
        published_date

    from issue_mentions

    where statement_id is not null

)

select * from final
