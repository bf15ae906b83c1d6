{#
    Pre-hook of the incremental marts (articles, statements and the bridges). They are keyed
    on published_date and run as delete+insert: the model selects the rows of the dates in
    int_rebuild_dates. This hook runs first, in the same transaction, and deletes
      - every row of those dates (also of a date that ends up with no rows at all), and
      - every row that no longer matches its current intermediate row: its key (an article or
        statement id) is gone, or now has another published_date (an article reloaded with a
        corrected date, or dropped by a re-run).
    It reads the mart itself, so a retry after a partly failed build still finds the rows an
    earlier attempt left behind. On a full refresh it renders nothing.
#}
{% macro delete_rebuilt_dates(current_model, key_column) %}
    {%- if is_incremental() -%}
        delete from {{ this }} as previous_rows
        where
            previous_rows.published_date in (
                select rebuild_dates.published_date
                from {{ ref('int_rebuild_dates') }} as rebuild_dates
            )
            or not exists (
                select 1
                from {{ ref(current_model) }} as current_rows
                where
                    current_rows.{{ key_column }} = previous_rows.{{ key_column }}
                    and current_rows.published_date = previous_rows.published_date
            )
    {%- endif -%}
{% endmacro %}
