-- One row per actor_id across all mentions. Per-mention attributes (canonical name, type,
-- role, affiliation, country code) are merged by picking the most frequent non-empty value;
-- ties go to the most recently seen value, then alphabetically. Places are kept here
-- (is_actor = false) so that callers can tell "resolved to a place" from "unresolved".

with

mentions as (

    select * from {{ ref('int_entity_mentions_dated') }}

),

attribute_values as (

    select
        actor_id,
        published_date,
        'actor_name' as attribute_name,
        actor_name as attribute_value
    from mentions

    union all

    select
        actor_id,
        published_date,
        'actor_type' as attribute_name,
        actor_type as attribute_value
    from mentions

    union all

    select
        actor_id,
        published_date,
        'role' as attribute_name,
        actor_role as attribute_value
    from mentions

    union all

    select
        actor_id,
        published_date,
        'affiliation' as attribute_name,
        actor_affiliation as attribute_value
    from mentions

    union all

    select
        actor_id,
        published_date,
        'country_code' as attribute_name,
        actor_country_code as attribute_value
    from mentions

),

attribute_counts as (

    select
        actor_id,
        attribute_name,
        attribute_value,
        count(*) as value_mentions,
        max(published_date) as value_last_seen

    from attribute_values

    where attribute_value is not null

    group by actor_id, attribute_name, attribute_value

),

attributes_ranked as (

    select
        actor_id,
        attribute_name,
        attribute_value,
        row_number() over (
            partition by actor_id, attribute_name
            order by value_mentions desc, value_last_seen desc, attribute_value asc
        ) as value_rank

    from attribute_counts

),

attributes_picked as (

    select
        actor_id,
        attribute_name,
        attribute_value

    from attributes_ranked

    where value_rank = 1

),

attributes_pivoted as (

    select
        actor_id,
        max(case when attribute_name = 'actor_name' then attribute_value end) as actor_name,
        max(case when attribute_name = 'actor_type' then attribute_value end) as actor_type,
        max(case when attribute_name = 'role' then attribute_value end) as role,
        max(case when attribute_name = 'affiliation' then attribute_value end) as affiliation,
        max(case when attribute_name = 'country_code' then attribute_value end) as country_code

    from attributes_picked

    group by actor_id

),

mention_stats as (

    select
        actor_id,
        list_sort(list_distinct(list(normalized_mention_text))) as aliases,
        min(published_date) as first_seen,
        max(published_date) as last_seen,
        count(*) as mention_count,
        count(distinct article_id) as article_count

    from mentions

    group by actor_id

),

merged as (

    select
        mention_stats.actor_id,
        attributes_pivoted.actor_name,
        attributes_pivoted.actor_type,
        attributes_pivoted.actor_type != 'place' as is_actor,
        mention_stats.aliases,
        attributes_pivoted.role,
        attributes_pivoted.affiliation,
        attributes_pivoted.country_code,
        mention_stats.first_seen,
        mention_stats.last_seen,
        mention_stats.mention_count,
        mention_stats.article_count

    from mention_stats

    inner join attributes_pivoted
        on mention_stats.actor_id = attributes_pivoted.actor_id

)

select * from merged
