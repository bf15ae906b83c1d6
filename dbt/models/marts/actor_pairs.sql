-- Actors that appear together: one row per ordered pair (actor, other actor) of distinct
-- actors that appear in the same article (symmetric: both orders are present), with the
-- statements in which the actor addresses the other, i.e. statements by the actor whose
-- content mentions the other actor (directed). Places are not actors and stay out.
-- Summed over the dates of int_actor_pairs_daily (a statement and an article have one date).

with

pairs_daily as (

    select * from {{ ref('int_actor_pairs_daily') }}

),

actors as (

    select * from {{ ref('actors') }}

),

together as (

    select
        actor_id,
        other_actor_id,
        sum(article_count) as article_count,
        sum(statement_count) as statement_count,
        min(published_date) as first_seen,
        max(published_date) as last_seen

    from pairs_daily

    group by actor_id, other_actor_id

),

final as (

    select
        together.actor_id,
        actor.actor_name,
        actor.actor_type,
        together.other_actor_id,
        other_actor.actor_name as other_actor_name,
        other_actor.actor_type as other_actor_type,
        cast(together.article_count as bigint) as article_count,
        cast(together.statement_count as bigint) as statement_count,
        together.first_seen,
        together.last_seen

    from together

    inner join actors as actor
        on together.actor_id = actor.actor_id

    inner join actors as other_actor
        on together.other_actor_id = other_actor.actor_id

)

select * from final
