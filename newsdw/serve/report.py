"""`newsdw report`: a static, self-contained HTML briefing of one day, read from the BI snapshot.

Everything is in one file (inline CSS, an inline SVG chart drawn here, no scripts, no external
resources), so it can be mailed, archived or opened offline. Sections: the day in numbers, issue
coverage over the preceding weeks (chart), the day's top issues, top speakers, notable
statements with links to their articles, top actors, the day's articles.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from newsdw.serve.sandbox import connect_snapshot, one_line

TEMPLATES = Path(__file__).with_name("templates")
# Tableau 10: distinguishable, colour-blind friendlier than defaults, readable on white.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac")


@dataclass
class Series:
    label: str
    values: list[int]
    color: str = ""


@dataclass
class Briefing:
    day: dt.date
    snapshot: str
    generated_at: str
    window: list[dt.date]
    numbers: dict[str, int]
    issue_series: list[Series]
    top_issues: list[dict]
    speakers: list[dict]
    statements: list[dict]
    actors: list[dict]
    articles: list[dict]
    chart: Markup = field(default_factory=lambda: Markup(""))


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# Issues of a statement, most specific first: an issue is dropped when a sub-issue of it is
# also tagged on the same statement (statement_issues rolls evidence up to every ancestor).
SPECIFIC_STATEMENT_ISSUES = """
    select si.statement_id, si.issue_id, i.issue_name
    from marts.statement_issues si
    join marts.issues i on i.issue_id = si.issue_id
    where si.published_date = $day
      and not exists (
        select 1 from marts.statement_issues child
        join marts.issues ci on ci.issue_id = child.issue_id
        where child.statement_id = si.statement_id and ci.parent_issue_id = si.issue_id
      )
"""


def load_briefing(snapshot: Path, day: dt.date, window_days: int = 14,
                  max_series: int = 6) -> Briefing:
    """Read everything the briefing shows for `day` from the snapshot (read-only, sandboxed)."""
    start = day - dt.timedelta(days=window_days - 1)
    with connect_snapshot(snapshot) as con:
        params = {"day": day}
        numbers = _rows(con, """
            select
              (select count(*) from marts.articles where published_date = $day) as articles,
              (select count(*) from marts.statements where published_date = $day) as statements,
              (select count(distinct speaker_actor_id) from marts.statements
                 where published_date = $day) as speakers,
              (select count(*) from marts.actor_daily where published_date = $day) as actors,
              (select count(*) from marts.issue_daily where published_date = $day) as issues
        """, params)[0]
        first_day = con.execute(
            "select min(published_date) from marts.issue_daily "
            "where published_date between ? and ?", [start, day]
        ).fetchone()[0]
        window = [first_day + dt.timedelta(days=i)
                  for i in range((day - first_day).days + 1)] if first_day else [day]
        # Top-level issues: sub-issues roll up into them, so the lines do not double count.
        top = _rows(con, """
            select issue_id, any_value(issue_name) as issue_name, sum(mention_count) as total
            from marts.issue_daily
            where published_date between $start and $day and parent_issue_id is null
            group by issue_id order by total desc, issue_id limit $n
        """, {"start": window[0], "day": day, "n": max_series})
        daily = {
            (r["issue_id"], r["published_date"]): r["mention_count"]
            for r in _rows(con, """
                select issue_id, published_date, mention_count from marts.issue_daily
                where published_date between $start and $day
            """, {"start": window[0], "day": day})
        }
        series = [
            Series(t["issue_name"], [int(daily.get((t["issue_id"], d), 0)) for d in window],
                   PALETTE[i % len(PALETTE)])
            for i, t in enumerate(top)
        ]
        top_issues = _rows(con, """
            select d.issue_name, p.issue_name as parent_name, d.article_count, d.mention_count,
                   d.statement_count, d.speaker_count
            from marts.issue_daily d
            left join marts.issues p on p.issue_id = d.parent_issue_id
            where d.published_date = $day
            order by d.mention_count desc, d.statement_count desc, d.issue_name
            limit 12
        """, params)
        speakers = _rows(con, f"""
            with specific as ({SPECIFIC_STATEMENT_ISSUES}),
            spoken as (
                select s.speaker_actor_id, any_value(a.actor_name) as name,
                       any_value(a.actor_type) as actor_type,
                       any_value(a.role) as role, count(*) as statements,
                       count(*) filter (where s.kind in ('direct', 'mixed')) as quotes
                from marts.statements s join marts.actors a on a.actor_id = s.speaker_actor_id
                where s.published_date = $day
                group by s.speaker_actor_id
            ),
            topics as (
                select s.speaker_actor_id, sp.issue_name, count(*) as n
                from marts.statements s join specific sp on sp.statement_id = s.statement_id
                where s.published_date = $day and s.speaker_actor_id is not null
                group by all
            )
            select spoken.*, coalesce((
                select list(t.issue_name order by t.n desc, t.issue_name)[1:3] from topics t
                where t.speaker_actor_id = spoken.speaker_actor_id), []) as issues
            from spoken order by statements desc, quotes desc, name limit 10
        """, params)
        statements = _rows(con, f"""
            with specific as ({SPECIFIC_STATEMENT_ISSUES}),
            ranked as (
                select s.*, a.title, a.url, a.source,
                       count(*) over (partition by s.speaker_actor_id) as speaker_statements,
                       row_number() over (
                         partition by s.speaker_actor_id
                         order by case s.kind when 'direct' then 0 when 'mixed' then 1 else 2
                                  end, length(s.content) desc) as nth
                from marts.statements s join marts.articles a on a.article_id = s.article_id
                where s.published_date = $day and s.speaker_actor_id is not null
                  and length(s.content) >= 40
                  -- what someone did not say ("did not deny the claims") is no quote of the day
                  and not s.is_negated
            )
            select r.statement_id, r.speaker_name, r.kind, r.content, r.cue_text, r.title,
                   r.url, r.source, r.article_id,
                   coalesce((select list(sp.issue_name order by sp.issue_name)
                             from specific sp where sp.statement_id = r.statement_id), [])
                       as issues
            from ranked r where r.nth <= 2
            order by case r.kind when 'direct' then 0 when 'mixed' then 1 else 2 end,
                     r.speaker_statements desc, r.speaker_name, length(r.content) desc
            limit 8
        """, params)
        actors = _rows(con, """
            select d.actor_name, d.actor_type, a.role, a.affiliation, d.article_count,
                   d.mention_count, d.statement_count
            from marts.actor_daily d join marts.actors a on a.actor_id = d.actor_id
            where d.published_date = $day
            order by d.mention_count desc, d.statement_count desc, d.actor_name limit 12
        """, params)
        articles = _rows(con, """
            select a.title, a.url, a.source, a.word_count, a.article_id,
                   (select count(*) from marts.statements s where s.article_id = a.article_id)
                       as statements
            from marts.articles a where a.published_date = $day
            order by statements desc, a.title nulls last, a.article_id limit 30
        """, params)
    briefing = Briefing(
        day=day, snapshot=str(snapshot),
        generated_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        window=window, numbers=numbers, issue_series=series, top_issues=top_issues,
        speakers=speakers, statements=statements, actors=actors, articles=articles,
    )
    briefing.chart = line_chart_svg(window, series)
    return briefing


def _nice_max(value: int) -> int:
    """The top of the y axis: four equal steps of 1, 2, 5, 10, 20, 25, 50, ... (integer tick
    labels) that reach `value`."""
    steps = sorted(m * 10**k for k in range(12) for m in ((1, 2, 5) if k == 0 else (1, 2, 2.5, 5)))
    return int(4 * next(step for step in steps if 4 * step >= max(value, 1)))


def line_chart_svg(days: list[dt.date], series: list[Series], width: int = 760,
                   height: int = 280) -> Markup:
    """An accessible inline SVG line chart: one line per series over `days`, with gridlines,
    labelled axes and a <title> tooltip on every point. No scripts."""
    left, right, top, bottom = 44, 16, 14, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    y_max = _nice_max(max((v for s in series for v in s.values), default=0))
    n = len(days)

    def x(i: int) -> float:
        return left + (plot_w / 2 if n == 1 else plot_w * i / (n - 1))

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / y_max

    out = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="chart-title chart-desc">',
        '<title id="chart-title">Issue coverage over time</title>',
        f'<desc id="chart-desc">Pieces of evidence per day for the top {len(series)} '
        f"top-level issues, {escape(days[0])} to {escape(days[-1])}.</desc>",
    ]
    for k in range(5):  # horizontal gridlines and y labels
        value = y_max * k / 4
        label = f"{value:g}"
        out.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(value):.1f}" '
                   f'y2="{y(value):.1f}"/>')
        out.append(f'<text class="axis" x="{left - 6}" y="{y(value) + 4:.1f}" '
                   f'text-anchor="end">{label}</text>')
    every = max(1, -(-n // 8))  # at most ~8 date labels
    for i, day in enumerate(days):
        if i % every == 0 or i == n - 1:
            out.append(f'<text class="axis" x="{x(i):.1f}" y="{height - 12}" '
                       f'text-anchor="middle">{day:%b %d}</text>')
    out.append(f'<line class="baseline" x1="{left}" x2="{width - right}" y1="{y(0):.1f}" '
               f'y2="{y(0):.1f}"/>')
    for s in series:
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(s.values))
        out.append(f'<g class="series" data-issue="{escape(s.label)}">')
        if n > 1:
            out.append(f'<polyline fill="none" stroke="{s.color}" stroke-width="2.5" '
                       f'stroke-linejoin="round" points="{points}"/>')
        for i, v in enumerate(s.values):
            out.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" fill="{s.color}">'
                       f"<title>{escape(s.label)}, {days[i]:%b %d}: {v}</title></circle>")
        out.append("</g>")
    if not series:
        out.append(f'<text class="axis" x="{width / 2}" y="{height / 2}" '
                   'text-anchor="middle">No issue coverage in this period</text>')
    out.append("</svg>")
    return Markup("\n".join(out))


# An absolute http(s) URL with a host and no whitespace or control characters (browsers drop
# tabs and newlines inside URLs, so "java\tscript:" would become a scheme): nothing else
# becomes a link.
_HTTP_URL = re.compile(r"https?://[^\s/?#\\\x00-\x1f\x7f]+(?:[/?#][^\s\x00-\x1f\x7f]*)?",
                       re.IGNORECASE)


def http_url(url: object) -> str:
    """`url` if it may be a link in the briefing (http or https, with a host), else ""; the
    template shows any other URL (javascript:, data:, file:…) as escaped text."""
    if isinstance(url, str) and _HTTP_URL.fullmatch(url):
        return url
    return ""


def render(briefing: Briefing) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES),
                      autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["http_url"] = http_url
    return env.get_template("report.html.j2").render(b=briefing)


def write_report(snapshot: Path, day: dt.date, out: Path) -> Briefing:
    briefing = load_briefing(snapshot, day)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(render(briefing), encoding="utf-8")
    tmp.replace(out)
    return briefing


def main_report(snapshot: Path, day: str, out: Path | None, default_dir: Path) -> int:
    if not snapshot.exists():
        print(f"newsdw report: {snapshot} does not exist yet; run `newsdw run` first",
              file=sys.stderr)
        return 1
    date = dt.date.fromisoformat(day)
    target = out or default_dir / f"briefing-{date.isoformat()}.html"
    try:
        briefing = write_report(snapshot, date, target)
    except duckdb.Error as error:
        print(f"newsdw report: {one_line(error)}", file=sys.stderr)
        return 1
    if not briefing.numbers["articles"]:
        print(f"newsdw report: no articles published on {date} in {snapshot}", file=sys.stderr)
    print(target)
    return 0
