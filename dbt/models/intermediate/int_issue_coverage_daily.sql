-- Coverage of every issue per publication date: articles and evidence from the article
-- bridge, statements and distinct resolved speakers from the statement bridge (both rolled
-- up). marts.issue_daily names the issues, so a daily run counts one day's coverage instead
-- of the whole history's.
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

article_issues as (

    select article_issues.*
    from {{ ref('article_issues') }} as article_issues
    inner join days
        on article_issues.published_date = days.published_date

),

statement_issues as (

    select statement_issues.*
    from {{ ref('statement_issues') }} as statement_issues
    inner join days
        on statement_issues.published_date = days.published_date

),

statements as (

    select statements.*
    from {{ ref('statements') }} as statements
    inner join days
        on statements.published_date = days.published_date

),

daily_articles as (

    select
        published_date,
        issue_id,
        count(*) as article_count,
        sum(mention_count) as mention_count

    from article_issues

    group by published_date, issue_id

),

daily_statements as (

    select
        statement_issues.published_date,
        statement_issues.issue_id,
        count(*) as statement_count,
        count(distinct statements.speaker_actor_id) as speaker_count

    from statement_issues

    inner join statements
        on statement_issues.statement_id = statements.statement_id

    group by statement_issues.published_date, statement_issues.issue_id

),

final as (

    select
        daily_articles.published_date,
        daily_articles.issue_id,
        daily_articles.article_count,
        daily_articles.mention_count,
        coalesce(daily_statements.statement_count, 0) as statement_count,
        coalesce(daily_statements.speaker_count, 0) as speaker_count,
        days.articles_fingerprint

    from daily_articles

    inner join days
        on daily_articles.published_date = days.published_date

    left join daily_statements
        on
            daily_articles.published_date = daily_statements.published_date
            and daily_articles.issue_id = daily_statements.issue_id

)

select * from final
