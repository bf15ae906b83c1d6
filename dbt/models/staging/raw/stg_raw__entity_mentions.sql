with

source as (

    select * from {{ source('raw', 'entity_mentions') }}

),

renamed as (

    select
        -- ids
        mention_id,
        article_id,
        actor_id,
        load_id,

        -- text
        mention_text,
        ner_label,
        actor_name,
        lower(actor_type) as actor_type,
        nullif(trim(actor_role), '') as actor_role,
        nullif(trim(actor_affiliation), '') as actor_affiliation,
        upper(nullif(trim(actor_country_code), '')) as actor_country_code,

        -- offsets into the article body
        start_char,
        end_char,

        -- dates
        logical_date

    from source

)

select * from renamed
