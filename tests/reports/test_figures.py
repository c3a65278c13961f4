"""The report's figures: computed in the database, in a fixed number of queries, in scope."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.periods import report_period as period_for
from reports.selectors import report_figures
from tests.factories import (
    ActivityFactory,
    AidFactory,
    ChildFactory,
    ContactFactory,
    DonationFactory,
    HomeFactory,
    PairingFactory,
)

H1 = period_for(2025, "H1")


def _grow(school, n: int) -> None:
    """Add `n` children with a pairing, a contact, aid, an activity and a home."""
    for _ in range(n):
        child = ChildFactory(school=school, registered_on=datetime.date(2025, 1, 5))
        PairingFactory(child=child, started_on=datetime.date(2025, 1, 6))
        ContactFactory(child=child, on=datetime.date(2025, 3, 1))
        AidFactory(child=child, donation=DonationFactory(donor__county=school.town.county))
        ActivityFactory(county=school.town.county, school=school)
        HomeFactory(school=school)


def _queries(county) -> int:
    with CaptureQueriesContext(connection) as ctx:
        report_figures(county=county, period=H1)
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_figures_take_the_same_number_of_queries_for_a_small_and_a_larger_county(
    county, school_a, school_b
):
    _grow(school_a, 2)
    small = _queries(county)
    _grow(school_b, 25)
    large = _queries(county)

    assert small == large
    assert large <= 35


@pytest.mark.django_db
def test_figures_count_children_on_the_register_at_the_end_of_the_period(county, school_a):
    ChildFactory(school=school_a, registered_on=datetime.date(2025, 2, 1))
    ChildFactory(school=school_a, registered_on=datetime.date(2025, 8, 1))
    ChildFactory(
        school=school_a,
        registered_on=datetime.date(2024, 2, 1),
        status="closed",
        close_reason="parents_back",
        closed_on=datetime.date(2025, 9, 1),
    )

    figures = report_figures(county=county, period=H1)

    assert figures["children"]["registered"] == 2
    assert figures["children"]["new_in_period"] == 1


@pytest.mark.django_db
def test_children_without_a_mentor_and_overdue_contacts_are_found(county, school_a):
    paired = ChildFactory(school=school_a, registered_on=datetime.date(2025, 1, 2))
    PairingFactory(child=paired, started_on=datetime.date(2025, 1, 3))
    ContactFactory(child=paired, on=datetime.date(2025, 6, 20))
    ChildFactory(school=school_a, registered_on=datetime.date(2025, 1, 2))

    children = report_figures(county=county, period=H1)["children"]

    assert children["without_mentor"] == 1
    assert children["overdue_contact"] == 1


@pytest.mark.django_db
def test_town_scope_counts_only_the_towns_children_and_activities(
    county, town_a, school_a, school_b
):
    ChildFactory(school=school_a, registered_on=datetime.date(2025, 1, 2))
    ChildFactory(school=school_b, registered_on=datetime.date(2025, 1, 2))
    ActivityFactory(county=county, school=school_b, on=datetime.date(2025, 4, 1))

    figures = report_figures(county=county, period=H1, town=town_a)

    assert figures["children"]["registered"] == 1
    assert figures["school_activities"]["count"] == 0
    assert figures["overview"]["scope"] == town_a.name


def test_periods_cover_the_halves_and_the_whole_year():
    assert (period_for(2025, "H1").start, period_for(2025, "H1").end) == (
        datetime.date(2025, 1, 1),
        datetime.date(2025, 6, 30),
    )
    assert period_for(2025, "H2").start == datetime.date(2025, 7, 1)
    assert period_for(2025, "Y").end == datetime.date(2025, 12, 31)
    with pytest.raises(ValueError, match="half"):
        period_for(2025, "Q3")
