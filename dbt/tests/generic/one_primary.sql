{#
    Fails for every value of `key` (an article, a statement) whose rows do not have exactly one
    `is_primary` row; with `at_most: true`, only for those with more than one.
#}
{% test one_primary(model, key, at_most=false) %}

    select
        {{ key }},
        count(*) filter (where is_primary) as primary_count

    from {{ model }}

    group by {{ key }}

    having count(*) filter (where is_primary) {{ '> 1' if at_most else '<> 1' }}

{% endtest %}
