-- Issue mentions of each article's current load, rolled up to one row per article, statement
-- (null for evidence outside any statement) and issue. A mention of an issue also counts for
-- every ancestor along parent_issue_id, so a broad issue collects its sub-issues' evidence.
-- Mentions of issue ids missing from the taxonomy are dropped.

-- Incremental on published_date, as the marts (dbt/README.md): with var('logical_date') only
-- the dates in int_rebuild_dates are rebuilt, without it the whole table.
-- depends_on: {{ ref('int_rebuild_dates') }}

{{ incremental_by_published_date(
    pre_hook="{{ delete_rebuilt_dates('int_articles_deduplicated', 'article_id') }}"
) }}

with recursive

issue_mentions as (

    select * from {{ ref('stg_raw__issue_mentions') }}

),

articles as (

    select * from {{ ref('int_articles_deduplicated') }}

    {{ rebuilt_dates_only() }}

),

taxonomy as (

    select * from {{ ref('stg_seeds__issue_taxonomy') }}

),

-- every issue paired with itself (depth 0) and each of its ancestors
issue_lineage as (

    select
        issue_id,
        issue_id as rollup_issue_id,
        parent_issue_id as next_parent_issue_id,
        0 as lineage_depth

    from taxonomy

    union all

    select
        issue_lineage.issue_id,
        taxonomy.issue_id as rollup_issue_id,
        taxonomy.parent_issue_id as next_parent_issue_id,
        issue_lineage.lineage_depth + 1 as lineage_depth

    from issue_lineage

    inner join taxonomy
        on issue_lineage.next_parent_issue_id = taxonomy.issue_id

    -- guards against a cycle in the taxonomy
    where issue_lineage.lineage_depth < 10

),

dated_mentions as (

    select
        issue_mentions.issue_mention_id,
        issue_mentions.article_id,
        issue_mentions.statement_id,
        issue_mentions.issue_id,
        articles.published_date,
        issue_mentions.logical_date

    from issue_mentions

    inner join articles
        on
            issue_mentions.article_id = articles.article_id
            and issue_mentions.logical_date = articles.logical_date

),

rolled_up as (

    select
        dated_mentions.article_id,
        dated_mentions.statement_id,
        issue_lineage.rollup_issue_id as issue_id,
        dated_mentions.published_date,
        dated_mentions.logical_date,
        count(distinct dated_mentions.issue_mention_id) as mention_count,
        count(
            distinct case
                when issue_lineage.lineage_depth = 0 then dated_mentions.issue_mention_id
            end
        ) as direct_mention_count

    from dated_mentions

    inner join issue_lineage
        on dated_mentions.issue_id = issue_lineage.issue_id

    group by
        dated_mentions.article_id,
        dated_mentions.statement_id,
        issue_lineage.rollup_issue_id,
        dated_mentions.published_date,
        dated_mentions.logical_date

)

select * from rolled_up
