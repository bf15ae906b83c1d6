-- Materialized as a table for now. To make it incremental, configure
-- materialized='incremental' with unique_key='statement_id' and filter the statements CTE on
-- logical_date / published_date when is_incremental().

with

statements as (

    select * from {{ ref('int_statements_attributed') }}

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
