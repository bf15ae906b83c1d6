{#
    The two last CTEs of the issue bridges (marts.article_issues, marts.statement_issues): an
    article or statement is about an issue when the topic classifier or a pattern scored it
    (raw.issue_scores) or when the issue has pattern evidence in it. The two can disagree (a CAP
    topic nobody named, a mention in passing), so they are full-joined on the key and issue.
    The model defines three CTEs first, all limited to the dates it builds:
      - `issue_scores`: stg_raw__issue_scores rows of its kind (statement_id null or not),
      - `<parents>`: the articles or statements, for published_date (issue_scores has only the
        logical_date it was loaded on; joined on both, a reloaded item gets its new date),
      - `mentioned`: one row per key and issue with pattern evidence, with published_date and,
        when `with_mention_count`, mention_count.
    Shared so that the two bridges cannot drift apart in how a score and a mention combine.
#}
{% macro scored_or_mentioned_issues(key_column, parents, with_mention_count=false) %}
scored as (

    select
        issue_scores.{{ key_column }},
        issue_scores.issue_id,
        {{ parents }}.published_date,
        max(issue_scores.score) as score,
        bool_or(issue_scores.is_primary) as is_primary

    from issue_scores

    inner join {{ parents }}
        on
            issue_scores.{{ key_column }} = {{ parents }}.{{ key_column }}
            and issue_scores.logical_date = {{ parents }}.logical_date

    group by issue_scores.{{ key_column }}, issue_scores.issue_id, {{ parents }}.published_date

),

final as (

    select
        coalesce(scored.{{ key_column }}, mentioned.{{ key_column }}) as {{ key_column }},
        coalesce(scored.issue_id, mentioned.issue_id) as issue_id,
        coalesce(scored.published_date, mentioned.published_date) as published_date,
        {%- if with_mention_count %}
        cast(coalesce(mentioned.mention_count, 0) as bigint) as mention_count,
        {%- endif %}
        cast(scored.score as double) as score,
        coalesce(scored.is_primary, false) as is_primary

    from scored

    full outer join mentioned
        on
            scored.{{ key_column }} = mentioned.{{ key_column }}
            and scored.issue_id = mentioned.issue_id

)
{% endmacro %}
