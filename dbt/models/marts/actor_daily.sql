-- One row per actor and publication date: how much the actor was in the news that day.
-- A table rebuilt from the incremental article_actors mart on every run (one aggregation), so
-- it always agrees with it.

with

article_actors as (

    select * from {{ ref('article_actors') }}

),

actors as (

    select * from {{ ref('actors') }}

),

daily as (

    select
        published_date,
        actor_id,
        count(*) as article_count,
        sum(mention_count) as mention_count,
        sum(statement_count) as statement_count

    from article_actors

    group by published_date, actor_id

),

final as (

    select
        daily.published_date,
        daily.actor_id,
        actors.actor_name,
        actors.actor_type,
        cast(daily.article_count as bigint) as article_count,
        cast(daily.mention_count as bigint) as mention_count,
        cast(daily.statement_count as bigint) as statement_count

    from daily

    inner join actors
        on daily.actor_id = actors.actor_id

)

select * from final
