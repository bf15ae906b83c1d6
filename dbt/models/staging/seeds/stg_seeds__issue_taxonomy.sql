with

source as (

    select * from {{ ref('issue_taxonomy') }}

),

renamed as (

    select
        -- ids
        trim(issue_id) as issue_id,
        nullif(trim(parent_issue_id), '') as parent_issue_id,

        -- text
        trim(issue_name) as issue_name,
        nullif(trim(description), '') as description,
        nullif(trim(iptc_code), '') as iptc_code,
        nullif(trim(iptc_label), '') as iptc_label,
        cast(cap_code as integer) as cap_code,
        nullif(trim(cap_label), '') as cap_label,
        trim(issue_level) as issue_level,
        patterns

    from source

)

select * from renamed
