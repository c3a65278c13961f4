"""The merged report queries give the figures the one-query-per-figure ones gave.

reports.figures counts the register, the care and the contacts in fewer queries than
before (issue 16); tests/reports/reference_figures.py keeps the queries as they were. On a
county built through the services with closed, reopened and transferred cases, ended and
future pairings, withdrawn contacts and a neighbour county, both must agree for every
half and scope, and the figures must be the ones worked out by hand below.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.periods import report_period
from reports.figures import report_figures
from reports.scope import Scope
from tests.reports import reference_figures as reference
from tests.reports.varied_county import build_varied_county

pytestmark = pytest.mark.django_db

PERIODS = [
    report_period(2026, "H1"),
    report_period(2025, "H2"),
    report_period(2026, "Y"),
    report_period(2026, "H2"),
]
CONTACTS = ("home_visits", "visited_children", "talks", "parent_calls")


@pytest.fixture
def varied(county):
    return build_varied_county(county)


def _scopes(county, varied):
    return [None, *varied["towns"]]


def _assert_same_as_reference(county, period, town) -> None:
    figures = report_figures(county=county, period=period, town=town)
    scope = Scope(county, town)
    where = f"{period.start}..{period.end} {town}"
    assert figures["children"] == reference.children(scope, period), where
    assert figures["care"] == reference.care(scope, period), where
    network = {key: figures["network"][key] for key in CONTACTS}
    assert network == reference.contacts(scope, period), where
    assert figures["school_activities"] == reference.school_activities(scope, period), where
    assert figures["tables"]["by_town"] == reference.by_town(scope, period), where
    assert figures["tables"]["by_school"] == reference.by_school(scope, period), where


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.year}-{p.part}")
def test_merged_queries_give_the_reference_figures_for_the_county_and_each_town(
    county, varied, period
):
    for town in _scopes(county, varied):
        _assert_same_as_reference(county, period, town)


def test_merged_queries_agree_when_the_contact_interval_starts_before_the_half(county, varied):
    # 200 days before 30 June is before 1 January: the contacts' query reaches further back.
    county.contact_interval_days = 200
    county.save()
    for town in _scopes(county, varied):
        _assert_same_as_reference(county, report_period(2026, "H1"), town)


def test_the_varied_county_has_the_figures_worked_out_by_hand(county, varied):
    figures = report_figures(county=county, period=report_period(2026, "H1"))
    children, care = figures["children"], figures["care"]

    # Beiling's 8, the transferred, unschooled, commuting, late-closed, reopened and
    # 16-year-old children; not the one closed in May nor the one registered in August.
    assert children["registered"] == 14
    assert children["new_in_period"] == 9  # Beiling's 8 and the commuter
    assert children["migrant"] == 2 and children["in_difficulty"] == 2
    assert children["mood_notes"] == 2  # the one closed in May is not counted
    # Mentored at the end: Beiling's 5, the 8th child, the late-closed and the 16-year-old.
    assert care["mentored_children"] == 8 and children["without_mentor"] == 6
    assert care["mentors"] == 2 and care["overloaded_mentors"] == 1
    assert care["proxy_parents"] == 2 and care["proxied_children"] == 5
    assert care["proxy_backgrounds"] == [["村（居）干部", 1], ["社会志愿者", 1]]
    # Contacted from 31 May to 30 June: Beiling's 4, the 5th child (on 31 May), the
    # unschooled and the 16-year-old; the withdrawn visit does not count.
    assert children["overdue_contact"] == 14 - 7
    assert figures["network"]["home_visits"] == 7 and figures["network"]["visited_children"] == 7
    assert figures["network"]["parent_calls"] == 3
    by_town = {row[0]: row[1:] for row in figures["tables"]["by_town"]}
    assert by_town == {"青石镇": [7, 6, 1, 0], "白河镇": [6, 5, 1, 2], "松林乡": [1, 1, 0, 0]}
    assert len(figures["school_activities"]["examples"]) == 6
    assert len(figures["school_activities"]["by_kind"]) == 9


def test_a_towns_children_who_go_to_school_elsewhere_are_counted_under_that_town(county, varied):
    pine = varied["towns"][2]
    rows = report_figures(county=county, period=report_period(2026, "H1"), town=pine)
    by_town = {row[0]: row[1] for row in rows["tables"]["by_town"]}

    # Living in 松林乡: the child moved to a school of 青石镇, the commuter to 白河镇's, and
    # the reopened child at 松林小学; the one closed in May is not on the register.
    assert by_town == {"青石镇": 1, "白河镇": 1, "松林乡": 1}


def test_the_figures_take_no_more_queries_than_before_the_merge(county, varied):
    with CaptureQueriesContext(connection) as merged:
        report_figures(county=county, period=report_period(2026, "H1"))

    assert len(merged.captured_queries) <= 33  # 35 before the merge, for the same figures
