{#
    Fails for every combination of the given columns that occurs more than once (nulls compare
    equal). Same interface as dbt_utils.unique_combination_of_columns, without the package.
#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

    {%- set column_list = combination_of_columns | join(', ') %}

    select
        {{ column_list }},
        count(*) as n_records

    from {{ model }}

    group by {{ column_list }}

    having count(*) > 1

{% endtest %}
