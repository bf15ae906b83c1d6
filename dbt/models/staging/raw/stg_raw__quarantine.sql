with

source as (

    select * from {{ source('raw', 'quarantine') }}

),

renamed as (

    select
        -- ids
        quarantine_id,
        load_id,

        -- text
        source,
        location,
        reason,
        payload,

        -- dates
        logical_date

    from source

)

select * from renamed
