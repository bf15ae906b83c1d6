with

source as (

    select * from {{ source('raw', 'statements') }}

),

renamed as (

    select
        -- ids
        statement_id,
        article_id,
        nullif(trim(speaker_actor_id), '') as speaker_actor_id,
        load_id,

        -- text
        lower(kind) as kind,
        content,
        nullif(trim(speaker_text), '') as speaker_text,
        nullif(trim(cue_text), '') as cue_text,

        -- flags: rows loaded before raw.statements had `negated` are not negated (the
        -- tagger did not emit negated statements then)
        coalesce(negated, false) as is_negated,

        -- order and offsets into the article body
        statement_index,
        content_start,
        content_end,
        speaker_start,
        speaker_end,
        cue_start,
        cue_end,

        -- dates
        logical_date

    from source

)

select * from renamed
