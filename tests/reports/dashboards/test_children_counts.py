"""The children figures and breakdown rows, counted by category groups, against the
single grouped aggregate they replaced (one FILTER per category), on a built county."""

import datetime
import random

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from children.models import CaseStatus, Child, on_register_at
from core.periods import calendar_year, custom, half_year_of, term_of
from demo.build import demo_county_build
from reports.dashboards import selectors
from reports.dashboards.selectors import (
    BREAKDOWNS,
    CATEGORIES,
    OPEN,
    ROW_COLUMNS,
    ROW_ONLY,
    children_figures_and_rows,
)
from schools.models import County

pytestmark = pytest.mark.django_db


def reference_figures_and_rows(children, *, level, period, today, contact_days):
    """Return the figures and rows as the dashboard computed them before: every category
    (and the rows' open left-behind children) an aggregate of its own."""
    key, label = BREAKDOWNS[level]
    counts = selectors._children_counts(period=period, today=today, contact_days=contact_days)
    end, prev_end = min(period.end, today), min(period.previous().end, today)
    counts["open_left_behind"] = Count("county", filter=OPEN & Q(is_left_behind=True))
    for name, field in CATEGORIES.items():
        counts[name] = Count("county", filter=on_register_at(end) & Q(**{field: True}))
        counts[f"{name}_prev"] = Count(
            "county", filter=on_register_at(prev_end) & Q(**{field: True})
        )
    by = (key,) if "__" in label else (key, label)
    grouped = list(children.values(*by).annotate(**counts).order_by(*by))
    figures = {n: sum(row[n] for row in grouped) for n in counts if n not in ROW_ONLY}
    figures["without_mentor"] = figures["open"] - figures["with_mentor"]
    rows = [
        {"key": row[key], "label": row.get(label), **{c: row[n] for c, n in ROW_COLUMNS.items()}}
        for row in grouped
    ]
    return figures, rows


@pytest.fixture
def built_county():
    """The demo county, with a third of its children given random categories and some
    closed, so that every combination of categories and statuses is counted."""
    today = timezone.localdate()
    demo_county_build(children=240, today=today)
    county = County.objects.get()
    rng = random.Random(16)
    children = list(Child.objects.filter(county=county).order_by("pk"))
    for child in children[::3]:
        for field in CATEGORIES.values():
            setattr(child, field, rng.random() < 0.5)
        if rng.random() < 0.3:
            child.status, child.close_reason = CaseStatus.CLOSED, "moved_away"
            closed = today - datetime.timedelta(days=rng.randrange(0, 400))
            child.closed_on = max(closed, child.registered_on)
    changed = [*CATEGORIES.values(), "status", "close_reason", "closed_on"]
    Child.objects.bulk_update(children[::3], changed)
    return county


@pytest.mark.parametrize("level", ["county", "town", "school"])
def test_category_groups_give_the_figures_and_rows_of_one_aggregate_per_category(
    built_county, level
):
    today = timezone.localdate()
    children = Child.objects.filter(county=built_county)
    assert children.filter(status=CaseStatus.CLOSED).exists()
    assert children.filter(is_left_behind=True, is_migrant=True).exists()
    periods = [
        term_of(today),
        term_of(today).previous(),
        half_year_of(today),
        calendar_year(today.year - 1),
        custom(today - datetime.timedelta(days=200), today - datetime.timedelta(days=20)),
    ]
    for period in periods:
        kwargs = {"level": level, "period": period, "today": today, "contact_days": 30}
        figures, rows = children_figures_and_rows(children, **kwargs)
        expected_figures, expected_rows = reference_figures_and_rows(children, **kwargs)

        assert figures == expected_figures
        key, label = BREAKDOWNS[level]
        got = [{"key": r["key"], "label": r[label], **{c: r[c] for c in ROW_COLUMNS}} for r in rows]
        if "__" in label:  # names are read apart: compare the keys' counts
            for row in got:
                row["label"] = None
            for row in expected_rows:
                row["label"] = None
        assert got == expected_rows
        assert figures["left_behind"] and sum(r["left_behind"] for r in rows)
