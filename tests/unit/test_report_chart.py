"""The briefing's inline SVG chart (newsdw.serve.report.line_chart_svg), without a warehouse."""

from __future__ import annotations

import datetime as dt
import re

from newsdw.serve.report import Series, _nice_max, line_chart_svg

DAYS = [dt.date(2024, 4, 20) + dt.timedelta(days=i) for i in range(3)]


def test_one_line_per_series_with_a_tooltip_per_point():
    svg = line_chart_svg(DAYS, [Series("War in Ukraine", [3, 0, 7], "#4e79a7"),
                                Series("Trade <policy>", [1, 2, 2], "#f28e2b")])
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<polyline") == 2
    assert svg.count("<circle") == 6
    assert "War in Ukraine, Apr 22: 7" in svg
    assert "Trade &lt;policy&gt;" in svg and "<policy>" not in svg  # escaped
    assert "<script" not in svg
    # y axis in four integer steps up to a round maximum above the highest value
    labels = re.findall(r'text-anchor="end">([^<]+)<', svg)
    assert labels == ["0", "2", "4", "6", "8"]


def test_a_single_day_is_drawn_as_points_and_no_data_says_so():
    single = line_chart_svg(DAYS[:1], [Series("Taiwan", [4], "#e15759")])
    assert "<polyline" not in single and single.count("<circle") == 1
    empty = line_chart_svg(DAYS[:1], [])
    assert "No issue coverage in this period" in empty


def test_nice_max():
    assert [_nice_max(v) for v in (0, 1, 3, 7, 13, 21, 48, 90, 120)] == (
        [4, 4, 4, 8, 20, 40, 80, 100, 200]
    )
