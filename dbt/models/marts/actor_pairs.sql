-- Actors that appear together: one row per ordered pair (actor, other actor) of distinct
-- actors that appear in the same article (symmetric: both orders are present), with the
-- statements in which the actor addresses the other, i.e. statements by the actor whose
-- content mentions the other actor (directed). Places are not actors and stay out.

with

article_actors as (

    select * from {{ ref('article_actors') }}

),

statements as (

    select * from {{ ref('statements') }}
    where speaker_actor_id is not null

),

mentions as (

    select * from {{ ref('int_entity_mentions_dated') }}

),

actors as (

    select * from {{ ref('actors') }}

),

together as (

    select
        actor_articles.actor_id,
        other_articles.actor_id as other_actor_id,
        count(*) as article_count,
        min(actor_articles.published_date) as first_seen,
        max(actor_articles.published_date) as last_seen

    from article_actors as actor_articles

    inner join article_actors as other_articles
        on
            actor_articles.article_id = other_articles.article_id
            and actor_articles.actor_id != other_articles.actor_id

    group by actor_articles.actor_id, other_articles.actor_id

),

addressed as (

    select
        statements.speaker_actor_id as actor_id,
        mentions.actor_id as other_actor_id,
        count(distinct statements.statement_id) as statement_count

    from statements

    inner join mentions
        on
            statements.article_id = mentions.article_id
            and statements.content_start <= mentions.start_char
            and statements.content_end >= mentions.end_char

    where mentions.actor_id != statements.speaker_actor_id

    group by statements.speaker_actor_id, mentions.actor_id

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
        cast(coalesce(addressed.statement_count, 0) as bigint) as statement_count,
        together.first_seen,
        together.last_seen

    from together

    inner join actors as actor
        on together.actor_id = actor.actor_id

    inner join actors as other_actor
        on together.other_actor_id = other_actor.actor_id

    left join addressed
        on
            together.actor_id = addressed.actor_id
            and together.other_actor_id = addressed.other_actor_id

)

select * from final
