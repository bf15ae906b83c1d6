-- Incremental on published_date (dbt/README.md): with var('logical_date') only the dates in
-- int_rebuild_dates are rebuilt, without it the whole table.
-- depends_on: {{ ref('int_rebuild_dates') }}
-- depends_on: {{ ref('int_articles_deduplicated') }}

{{ incremental_by_published_date(
    pre_hook="{{ delete_rebuilt_dates('int_articles_deduplicated', 'article_id') }}"
) }}

with

statements as (

    select * from {{ ref('int_statements_attributed') }}

    {{ rebuilt_dates_only() }}

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
        is_negated,
        content_start,
        content_end

    from statements

)

select * from final
