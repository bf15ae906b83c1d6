with

actors as (

    select * from {{ ref('int_actors_merged') }}
    where is_actor

),

statements as (

    select * from {{ ref('int_statements_attributed') }}

),

-- Counted by the extracted speaker, not the attributed one: int_statements_attributed is
-- incremental, so an old statement keeps the attribution of its day's build, while this
-- table follows the actor's current merge (a non-actor speaker finds no row in actors).
statement_counts as (

    select
        extracted_speaker_actor_id as actor_id,
        count(*) as statement_count

    from statements

    where extracted_speaker_actor_id is not null

    group by extracted_speaker_actor_id

),

final as (

    select
        actors.actor_id,
        actors.actor_name,
        actors.actor_type,
        actors.aliases,
        actors.role,
        actors.affiliation,
        actors.country_code,
        actors.first_seen,
        actors.last_seen,
        cast(actors.mention_count as bigint) as mention_count,
        cast(actors.article_count as bigint) as article_count,
        cast(coalesce(statement_counts.statement_count, 0) as bigint) as statement_count

    from actors

    left join statement_counts
        on actors.actor_id = statement_counts.actor_id

)

select * from final
