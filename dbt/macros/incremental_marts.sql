{#
    The config of every model incremental on published_date (dbt/README.md, "Incremental
    models"): delete+insert of whole dates; rebuilt in full without var('logical_date') (a
    developer's dbt build, CI), as with --full-refresh. `pre_hook` deletes what the run
    replaces: delete_rebuilt_dates for per-article rows, delete_stale_dates for per-date
    aggregates.
#}
{% macro incremental_by_published_date(pre_hook) -%}
    {{- config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='published_date',
        on_schema_change='fail',
        full_refresh=(none if var('logical_date') else true),
        pre_hook=pre_hook
    ) -}}
{%- endmacro %}

{#
    The filter of an incremental run: only the rows of the dates in int_rebuild_dates. Renders
    nothing on a full build. (The model names int_rebuild_dates in a depends_on comment: dbt
    must see the ref when it parses, and is_incremental() is false then.)
#}
{% macro rebuilt_dates_only() -%}
    {%- if is_incremental() %}
        where {{ in_rebuild_dates() }}
    {%- endif -%}
{%- endmacro %}

{#
    `<column> in (the dates in int_rebuild_dates)`: the predicate every incremental run filters
    and deletes by.
#}
{% macro in_rebuild_dates(column='published_date') -%}
    {{ column }} in (
        select rebuild_dates.published_date
        from {{ ref('int_rebuild_dates') }} as rebuild_dates
    )
{%- endmacro %}

{#
    Pre-hook of the incremental per-article models (the marts articles, statements and the
    bridges; the intermediate mentions, statements and issue roll-up). They are keyed on
    published_date and run as delete+insert: the model selects the rows of the dates in
    int_rebuild_dates. This hook runs first, in the same transaction, and deletes
      - every row of those dates (also of a date that ends up with no rows at all), and
      - every row that no longer matches its current intermediate row: its key (an article or
        statement id) is gone, or now has another published_date (an article reloaded with a
        corrected date, or dropped by a re-run).
    It reads the mart itself, so a retry after a partly failed build still finds the rows an
    earlier attempt left behind. On a full refresh it renders nothing.
    Keyed on the article where the model has article_id: checking a row's article against
    int_articles_deduplicated (one row per article) is much cheaper than checking its own key
    against an intermediate model of the same size, and as exact: an article that stays
    current on its date keeps its rows unless it was reloaded, which rebuilds the date.
#}
{% macro delete_rebuilt_dates(current_model, key_column) %}
    {%- if is_incremental() -%}
        delete from {{ this }} as previous_rows
        where
            {{ in_rebuild_dates('previous_rows.published_date') }}
            or not exists (
                select 1
                from {{ ref(current_model) }} as current_rows
                where
                    current_rows.{{ key_column }} = previous_rows.{{ key_column }}
                    and current_rows.published_date = previous_rows.published_date
            )
    {%- endif -%}
{% endmacro %}

{#
    The dates a per-date aggregate builds, with their fingerprint: on an incremental run every
    date with articles and no rows left after the pre-hook (delete_stale_dates), else all.
#}
{% macro dates_to_build() %}
    select
        current_days.published_date,
        current_days.articles_fingerprint
    from {{ ref('int_publication_dates_fingerprinted') }} as current_days
    {% if is_incremental() %}
        where current_days.published_date not in (
            select built.published_date from {{ this }} as built
        )
    {% endif %}
{% endmacro %}

{#
    Pre-hook of the per-date aggregates (int_actor_pairs_daily, int_actor_issue_statements_daily,
    int_issue_coverage_daily): deletes the rows of the dates the run rebuilds and of every date
    whose articles no longer match the fingerprint its rows were built from
    (int_publication_dates_fingerprinted) (an article moved to another date, or dropped) or that has no articles
    left. The model then builds every date with articles and no rows. The fingerprint lives in
    the rows themselves, so a retry after a failed build still finds what is stale.
#}
{% macro delete_stale_dates() %}
    {%- if is_incremental() -%}
        delete from {{ this }} as built
        where
            {{ in_rebuild_dates('built.published_date') }}
            or not exists (
                select 1
                from {{ ref('int_publication_dates_fingerprinted') }} as current_days
                where
                    current_days.published_date = built.published_date
                    and current_days.articles_fingerprint = built.articles_fingerprint
            )
    {%- endif -%}
{% endmacro %}
