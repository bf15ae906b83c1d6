-- Who speaks about which issue, per publication date: one row per date, speaker actor and
-- issue. marts.actor_issue_statements sums the dates, so a daily run counts one day's
-- statements instead of the whole history's.
-- Incremental on published_date like int_actor_pairs_daily: the pre-hook (macro
-- delete_stale_dates) deletes the rebuilt and the stale dates, and this model builds every
-- date that has articles and no rows.
-- depends_on: {{ ref('int_rebuild_dates') }}
-- depends_on: {{ ref('int_publication_dates_fingerprinted') }}

{{ incremental_by_published_date(
    pre_hook="{{ delete_stale_dates() }}"
) }}

with

days as (

    {{ dates_to_build() }}

),

statements as (

    select statements.*
    from {{ ref('statements') }} as statements
    inner join days
        on statements.published_date = days.published_date
    where statements.speaker_actor_id is not null

),

statement_issues as (

    select statement_issues.*
    from {{ ref('statement_issues') }} as statement_issues
    inner join days
        on statement_issues.published_date = days.published_date

),

spoken as (

    select
        statements.published_date,
        statements.speaker_actor_id as actor_id,
        statement_issues.issue_id,
        count(distinct statements.statement_id) as statement_count,
        count(distinct statements.article_id) as article_count

    from statements

    inner join statement_issues
        on statements.statement_id = statement_issues.statement_id

    group by statements.published_date, statements.speaker_actor_id, statement_issues.issue_id

),

final as (

    select
        spoken.published_date,
        spoken.actor_id,
        spoken.issue_id,
        spoken.statement_count,
        spoken.article_count,
        days.articles_fingerprint

    from spoken

    inner join days
        on spoken.published_date = days.published_date

)

select * from final
