{#
    Fails for every value of `key` (an article, a statement) whose rows do not have exactly one
    `is_primary` row; with `at_most: true`, only for those with more than one. A key without any
    scored row (an article tagged before the topic classifier) may have none.
#}
{% test one_primary(model, key, at_most=false) %}

    select
        {{ key }},
        count(*) filter (where is_primary) as primary_count

    from {{ model }}

    group by {{ key }}

    having
        count(*) filter (where is_primary) > 1
        {%- if not at_most %}
            or (count(*) filter (where is_primary) = 0 and count(score) > 0)
        {%- endif %}

{% endtest %}
