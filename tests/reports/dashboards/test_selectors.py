"""Every dashboard figure against the hand-built county of conftest.py, in each scope."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from children.duplicates import names_alike
from reports.dashboards import selectors
from reports.dashboards.duplicates import duplicate_pairs
from tests.factories import ChildFactory, make_id_number

pytestmark = pytest.mark.django_db


def figures_for(user, period, today):
    return selectors.dashboard_figures(user, period=period, today=today)


def test_county_children_figures_match_the_dataset(dataset, federation_officer, period, today):
    f = figures_for(federation_officer, period, today)
    assert (f["registered"], f["registered_prev"], f["new_in_period"]) == (7, 5, 3)
    assert (f["left_behind"], f["left_behind_prev"]) == (6, 4)
    assert (f["migrant"], f["migrant_prev"]) == (1, 1)
    assert (f["in_difficulty"], f["in_difficulty_prev"]) == (1, 0)
    assert (f["unsupported"], f["unsupported_prev"]) == (1, 1)
    assert (f["open"], f["with_mentor"], f["without_mentor"]) == (7, 3, 4)
    assert f["overdue"] == 5
    assert (f["no_guardian_phone"], f["aged_16"]) == (1, 1)


def test_county_contact_and_concern_figures_match_the_dataset(
    dataset, federation_officer, period, today
):
    f = figures_for(federation_officer, period, today)
    assert (f["contacts_30d"], f["children_contacted_30d"]) == (3, 2)
    assert (f["contacts_period"], f["home_visits_period"]) == (4, 3)
    assert (f["open_concerns"], f["urgent_concerns"]) == (2, 1)


def test_county_homes_activities_and_donations_match_the_dataset(
    dataset, federation_officer, period, today
):
    f = figures_for(federation_officer, period, today)
    assert (f["homes_planned"], f["homes_built"]) == (3, 2)
    assert (f["homes_mode_1"], f["homes_mode_2"]) == (1, 1)
    assert (f["rooms_planned"], f["rooms_built"]) == (1, 1)
    assert (f["activities"], f["activity_children"], f["activity_parents"]) == (3, 75, 10)
    assert (f["activity_audience"], f["parent_sessions"]) == (30, 1)
    assert (f["donations"], f["donors"], f["donated_amount"]) == (3, 2, Decimal("7500"))
    assert (f["aid_records"], f["aid_amount"], f["children_aided"]) == (3, Decimal("1000"), 2)


def test_county_rows_are_towns_with_their_counts(
    dataset, federation_officer, town_a, period, today
):
    rows = {r["label"]: r for r in figures_for(federation_officer, period, today)["rows"]}
    town_a_row = rows["湾沚镇"]
    assert town_a_row["key"] == town_a.pk
    assert (town_a_row["registered"], town_a_row["registered_prev"]) == (5, 5)
    assert (town_a_row["left_behind"], town_a_row["with_mentor"]) == (4, 3)
    assert (town_a_row["overdue"], town_a_row["concerns"], town_a_row["mentor_share"]) == (3, 2, 60)
    town_b_row = rows["六郎镇"]
    assert (town_b_row["registered"], town_b_row["registered_prev"]) == (2, 0)
    assert (town_b_row["with_mentor"], town_b_row["overdue"]) == (0, 2)


def test_trend_counts_the_register_at_the_end_of_each_term(
    dataset, federation_officer, period, today
):
    f = figures_for(federation_officer, period, today)
    trend = [f[f"term_{i}"] for i in range(selectors.TREND_TERMS)]
    assert trend[-1] == 7  # this term, up to today
    assert trend[0] == 0  # three years ago nobody was registered
    assert len(f["trend_terms"]) == selectors.TREND_TERMS


def test_data_quality_finds_stale_schools_and_the_possible_duplicate(
    dataset, federation_officer, period, today
):
    f = figures_for(federation_officer, period, today)
    assert [s["name"] for s in f["stale_schools"]] == ["六郎中心小学", "空白小学"]
    assert f["duplicates"] == [(dataset["c1"].pk, dataset["c7"].pk)]


def test_town_officer_figures_cover_their_town_only(dataset, town_officer, period, today):
    f = figures_for(town_officer, period, today)
    assert (f["registered"], f["registered_prev"], f["left_behind"]) == (5, 5, 4)
    assert (f["with_mentor"], f["overdue"], f["open_concerns"]) == (3, 3, 2)
    assert (f["homes_planned"], f["homes_built"], f["rooms_built"]) == (2, 1, 1)
    assert (f["activities"], f["activity_children"]) == (2, 35)
    # The permission table gives a town officer no sight of donations or aid.
    assert (f["donations"], f["donated_amount"]) == (0, Decimal("0"))
    assert (f["aid_amount"], f["children_aided"], f["counts_aid"]) == (Decimal("0"), 0, False)
    assert f["stale_schools"] == []
    assert {r["label"]: r["registered"] for r in f["rows"]} == {"湾沚中心小学": 4, "湾沚二小": 1}
    assert f["duplicates"] == [(dataset["c1"].pk, dataset["c7"].pk)]


def test_school_staff_figures_cover_their_school_by_class(dataset, school_staff, period, today):
    f = figures_for(school_staff, period, today)
    assert (f["registered"], f["registered_prev"], f["open"]) == (4, 4, 4)
    assert (f["homes_built"], f["homes_mode_1"], f["activities"]) == (1, 1, 1)
    assert (f["donated_amount"], f["aid_amount"]) == (Decimal("1000"), Decimal("800"))
    rows = {(r["key"], r["label"]): r["registered"] for r in f["rows"]}
    # c5, closed today, was in grade 4 class 1 last period.
    assert rows == {(3, "1班"): 2, (4, "1班"): 0, (4, "2班"): 1, (6, "1班"): 1}


def test_school_staff_of_another_school_sees_no_duplicate_of_others(
    dataset, county, school_a2, period, today
):
    from accounts.models import Role
    from tests.factories import UserFactory

    staff_a2 = UserFactory(role=Role.SCHOOL_STAFF, county=county, school=school_a2)
    f = figures_for(staff_a2, period, today)
    assert f["duplicates"] == []
    assert f["registered"] == 1


def test_coordination_and_administrator_get_the_county_figures(
    dataset, coordination_member, administrator, period, today
):
    for user in (coordination_member, administrator):
        f = figures_for(user, period, today)
        assert (f["registered"], f["homes_planned"], f["activities"]) == (7, 3, 3)
    # Donations are counted for the coordination group (aggregates of the aid column),
    # not for the administrator, whom the permission table gives no aid at all.
    assert figures_for(coordination_member, period, today)["donations"] == 3
    assert figures_for(administrator, period, today)["donations"] == 0


def test_figures_are_cached_with_their_time(dataset, federation_officer, period, today):
    first = figures_for(federation_officer, period, today)
    ChildFactory(school=dataset["c1"].school)
    again = figures_for(federation_officer, period, today)
    assert again["registered"] == first["registered"] == 7
    assert again["as_of"] == first["as_of"]


def test_names_alike_finds_homophones_and_one_character_apart():
    assert names_alike("张小明", "章小明")
    assert names_alike("欧阳小雨", "欧小雨")
    assert not names_alike("张小明", "王大力")


def test_duplicate_pairs_ignore_closed_children_and_other_birth_dates(dataset, county):
    c1 = dataset["c1"]
    other_day = datetime.date(2016, 1, 1)
    ChildFactory(
        school=c1.school, name="张小明", birth_date=other_day, id_number=make_id_number(other_day)
    )
    ChildFactory(
        school=c1.school,
        name="张小名",
        birth_date=c1.birth_date,
        id_number=make_id_number(c1.birth_date),
        status="closed",
        close_reason="moved_away",
    )
    pairs = duplicate_pairs(county.pk)
    assert pairs == [(dataset["c1"].pk, dataset["c7"].pk)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL cursor")
@pytest.mark.django_db(transaction=True)  # as served: autocommit
def test_duplicate_candidates_are_read_through_one_cursor_without_hold(dataset, county):
    with CaptureQueriesContext(connection) as queries:
        pairs = duplicate_pairs(county.pk)
    declared = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("DECLARE")]
    assert len(declared) == 1
    assert "CURSOR WITHOUT HOLD FOR SELECT" in declared[0]
    assert declared[0].endswith('ORDER BY "children_child"."birth_date" ASC, 1 ASC')
    assert pairs == [(dataset["c1"].pk, dataset["c7"].pk)]
