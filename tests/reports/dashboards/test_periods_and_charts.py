"""Periods read from the URL, and the SVG charts with their tables."""

import datetime

from core import periods
from reports.dashboards.charts import Chart, Series

TODAY = datetime.date(2025, 4, 15)


def test_each_kind_of_period_round_trips_through_the_url():
    for period in (
        periods.term(2024, "autumn"),
        periods.half_year(2025, 1),
        periods.calendar_year(2023),
        periods.custom(datetime.date(2025, 3, 1), datetime.date(2025, 3, 31)),
    ):
        assert periods.parse_period(period.params(), default=periods.term_of(TODAY)) == period


def test_terms_and_half_years_have_the_documented_bounds():
    autumn = periods.term(2024, "autumn")
    assert (autumn.start, autumn.end) == (datetime.date(2024, 8, 1), datetime.date(2025, 1, 31))
    assert autumn.label == "2024年秋季学期"
    assert periods.half_year(2025, 2).label == "2025年下半年"
    assert periods.term_of(datetime.date(2025, 1, 20)) == autumn


def test_previous_period_is_the_one_just_before():
    assert periods.term(2025, "spring").previous() == periods.term(2024, "autumn")
    assert periods.half_year(2025, 1).previous() == periods.half_year(2024, 2)
    march = periods.custom(datetime.date(2025, 3, 1), datetime.date(2025, 3, 10))
    assert march.previous() == periods.custom(
        datetime.date(2025, 2, 19), datetime.date(2025, 2, 28)
    )


def test_a_broken_or_missing_period_falls_back_to_the_current_term():
    for params in ({}, {"period": "abc"}, {"period": "custom", "start": "x"}):
        assert periods.parse_period(params, default=periods.term_of(TODAY)) == periods.term(
            2025, "spring"
        )


def test_recent_terms_end_with_the_current_one():
    terms = periods.recent_terms(TODAY, 3)
    assert [t.label for t in terms] == ["2024年春季学期", "2024年秋季学期", "2025年春季学期"]


def test_chart_svg_escapes_labels_and_hides_suppressed_bars():
    chart = Chart("x", "各类<儿童>", ["留守", "流动"], [Series("本期", [12, None], ["12", "<5"])])
    svg = str(chart.svg())
    assert svg.startswith("<svg") and "各类&lt;儿童&gt;" in svg
    assert "&lt;5" in svg and "<5" not in svg.replace("&lt;5", "")
    assert chart.table() == [
        {"label": "留守", "link": "", "cells": ["12"]},
        {"label": "流动", "link": "", "cells": ["<5"]},
    ]


def test_horizontal_chart_has_one_bar_per_category_and_series():
    chart = Chart("y", "各乡镇", ["甲镇", "乙镇"], [Series("本期", [3, 7]), Series("上期", [1, 2])],
                  horizontal=True)  # fmt: skip
    assert str(chart.svg()).count("<rect") == 4 + 2  # bars plus the legend's two swatches
