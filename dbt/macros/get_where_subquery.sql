{#
    Data tests of the incremental models set `where: __rebuild_dates__`. On an incremental
    run (var('logical_date') set) they then check only the rows of the dates the run rebuilt,
    as the rest of the table was checked by the run that built it; without the var (a full
    build, CI) they check every row. Otherwise dbt's own behaviour: the relation, filtered by
    the test's `where` config when it has one.
    The relation is named, not ref()'d: a test's refs must be known when dbt parses it.
#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where') -%}
    {%- if where and '__rebuild_dates__' in where -%}
        {%- if var('logical_date') -%}
            {%- set rebuild_dates = api.Relation.create(
                database=relation.database,
                schema=generate_schema_name('intermediate', none),
                identifier='int_rebuild_dates',
            ) -%}
            {%- set where = where | replace(
                '__rebuild_dates__',
                'published_date in (select published_date from ' ~ rebuild_dates ~ ')',
            ) -%}
        {%- else -%}
            {%- set where = where | replace('__rebuild_dates__', 'true') -%}
        {%- endif -%}
    {%- endif -%}
    {%- if where -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') as dbt_subquery') -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
