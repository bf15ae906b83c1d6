-- Incremental on published_date (dbt/README.md): with var('logical_date') only the dates in
-- int_rebuild_dates are rebuilt, without it the whole table.
-- depends_on: {{ ref('int_rebuild_dates') }}

{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='published_date',
        on_schema_change='fail',
        full_refresh=(none if var('logical_date') else true),
        pre_hook="{{ delete_rebuilt_dates('int_statements_attributed', 'statement_id') }}"
    )
}}

with

statements as (

    select * from {{ ref('int_statements_attributed') }}

    {% if is_incremental() %}
        where
            published_date in (
                select rebuild_dates.published_date
                from {{ ref('int_rebuild_dates') }} as rebuild_dates
            )
    {% endif %}

),

final as (

    select
        statement_id,
        article_id,
        published_date,
        statement_index,
        speaker_actor_id,
        speaker_name,
        speaker_text,
        cue_text,
        content,
        kind,
        content_start,
        content_end

    from statements

)

select * from final
