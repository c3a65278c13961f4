"""Scoping: each role sees exactly the children DOMAIN.md gives it."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.models import Role
from children.selectors import (
    carers_visible_to,
    child_for,
    children_due_to_close,
    children_visible_to,
    concerns_visible_to,
    contacts_visible_to,
    pairings_visible_to,
)
from tests.factories import (
    CarerFactory,
    ChildFactory,
    ConcernFactory,
    ContactFactory,
    CountyFactory,
    PairingFactory,
    SchoolFactory,
    TownFactory,
    UserFactory,
    VillageFactory,
)


def visible(user) -> set[int]:
    return set(children_visible_to(user).values_list("pk", flat=True))


@pytest.fixture
def other_county_child(db):
    """A child of another county, out of every fixture user's scope."""
    county = CountyFactory(name="邻县", code="340300")
    town = TownFactory(county=county)
    return ChildFactory(school=SchoolFactory(town=town), village=VillageFactory(town=town))


@pytest.fixture
def lives_in_a_schools_in_b(school_b, town_a, village_a):
    """A child living in town_a (village_a) who goes to school in town_b."""
    return ChildFactory(school=school_b, town=town_a, village=village_a, name="住湾沚读六郎")


@pytest.fixture
def lives_in_b_schools_in_a(school_a, town_b, village_b):
    """A child living in town_b (village_b) who goes to school in town_a."""
    return ChildFactory(school=school_a, town=town_b, village=village_b, name="住六郎读湾沚")


def test_school_staff_see_their_school_only(school_staff, child_a, child_b):
    assert list(children_visible_to(school_staff)) == [child_a]


def test_school_staff_cannot_open_child_of_other_school(school_staff, child_b):
    with pytest.raises(Http404):
        child_for(school_staff, child_b.pk)


def test_school_staff_do_not_see_children_of_another_school_in_their_town(
    school_staff, school_a2, child_a
):
    neighbour = ChildFactory(school=school_a2)
    assert visible(school_staff) == {child_a.pk}
    assert neighbour.pk not in visible(school_staff)


def test_school_staff_see_closed_children_of_their_school_too(school_staff, school_a):
    closed = ChildFactory(school=school_a, status="closed", close_reason="graduated")
    assert visible(school_staff) == {closed.pk}


def test_school_staff_can_open_a_child_of_their_school(school_staff, child_a):
    assert child_for(school_staff, child_a.pk) == child_a


def test_school_staff_without_a_school_see_no_child(county, child_a):
    orphaned = UserFactory(role=Role.SCHOOL_STAFF, county=county, school=None)
    assert visible(orphaned) == set()


def test_town_officer_sees_children_at_the_towns_schools_and_living_in_the_town(
    town_officer, child_a, school_a2, lives_in_a_schools_in_b, lives_in_b_schools_in_a
):
    at_second_school = ChildFactory(school=school_a2)
    assert visible(town_officer) == {
        child_a.pk,
        at_second_school.pk,
        lives_in_a_schools_in_b.pk,
        lives_in_b_schools_in_a.pk,
    }


def test_town_officer_does_not_see_children_of_another_town(town_officer, child_a, child_b):
    assert child_b.pk not in visible(town_officer)
    with pytest.raises(Http404):
        child_for(town_officer, child_b.pk)


def test_other_town_officer_sees_only_the_crossings_with_their_own_town(
    town_officer_b, child_a, child_b, lives_in_a_schools_in_b, lives_in_b_schools_in_a
):
    assert visible(town_officer_b) == {
        child_b.pk,
        lives_in_a_schools_in_b.pk,
        lives_in_b_schools_in_a.pk,
    }


def test_village_director_sees_only_children_living_in_their_village(
    village_director, child_a, child_b, school_a, lives_in_a_schools_in_b
):
    elsewhere_same_school = ChildFactory(school=school_a, village=None)
    assert visible(village_director) == {child_a.pk, lives_in_a_schools_in_b.pk}
    assert elsewhere_same_school.pk not in visible(village_director)


def test_village_director_cannot_open_a_child_of_another_village(village_director, child_b):
    with pytest.raises(Http404):
        child_for(village_director, child_b.pk)


def test_mentor_sees_only_their_currently_paired_children(mentor, paired_child, school_a, child_b):
    unpaired_same_school = ChildFactory(school=school_a)
    assert visible(mentor) == {paired_child.pk}
    assert unpaired_same_school.pk not in visible(mentor)


def test_mentor_does_not_see_a_child_paired_with_another_carer(mentor, child_a):
    PairingFactory(child=child_a, carer=CarerFactory(school=child_a.school))
    assert visible(mentor) == set()


def test_mentor_loses_the_child_when_the_pairing_ends(mentor, paired_child):
    pairing = paired_child.pairings.get()
    pairing.ended_on = datetime.date(2025, 6, 30)
    pairing.save()
    assert visible(mentor) == set()
    with pytest.raises(Http404):
        child_for(mentor, paired_child.pk)


@pytest.mark.parametrize("officer", ["federation_officer", "education_officer"])
def test_county_officers_see_the_whole_county_but_not_another_county(
    request, officer, child_a, child_b, other_county_child
):
    user = request.getfixturevalue(officer)
    assert visible(user) == {child_a.pk, child_b.pk}
    with pytest.raises(Http404):
        child_for(user, other_county_child.pk)


@pytest.mark.parametrize("role_fixture", ["coordination_member", "administrator"])
def test_coordination_group_and_administrator_see_no_child(request, role_fixture, child_a, child_b):
    user = request.getfixturevalue(role_fixture)
    assert visible(user) == set()
    with pytest.raises(Http404):
        child_for(user, child_a.pk)


@pytest.mark.parametrize(
    "role_fixture",
    ["school_staff", "town_officer", "village_director", "federation_officer", "mentor"],
)
def test_inactive_user_sees_no_child(request, role_fixture, paired_child, child_b):
    user = request.getfixturevalue(role_fixture)
    user.is_active = False
    user.save()
    assert visible(user) == set()


def test_anonymous_user_sees_no_child(child_a):
    assert visible(AnonymousUser()) == set()
    with pytest.raises(Http404):
        child_for(AnonymousUser(), child_a.pk)


def test_child_for_raises_http404_alike_for_missing_and_forbidden(school_staff, child_b):
    missing_pk = child_b.pk + 1000
    with pytest.raises(Http404) as forbidden:
        child_for(school_staff, child_b.pk)
    with pytest.raises(Http404) as missing:
        child_for(school_staff, missing_pk)
    assert type(forbidden.value) is type(missing.value)
    assert str(forbidden.value) == str(missing.value)


def test_pairings_follow_the_childs_scope(school_staff, child_a, child_b):
    mine = PairingFactory(child=child_a)
    PairingFactory(child=child_b)
    assert list(pairings_visible_to(school_staff)) == [mine]


def test_contacts_follow_the_childs_scope(town_officer, child_a, child_b):
    mine = ContactFactory(child=child_a)
    ContactFactory(child=child_b)
    assert list(contacts_visible_to(town_officer)) == [mine]


def test_concerns_follow_the_childs_scope(village_director, child_a, child_b):
    mine = ConcernFactory(child=child_a)
    ConcernFactory(child=child_b)
    assert list(concerns_visible_to(village_director)) == [mine]


def test_administrator_sees_no_pairing_contact_or_concern(administrator, child_a):
    PairingFactory(child=child_a)
    ContactFactory(child=child_a)
    ConcernFactory(child=child_a)
    assert not pairings_visible_to(administrator).exists()
    assert not contacts_visible_to(administrator).exists()
    assert not concerns_visible_to(administrator).exists()


def test_school_staff_see_only_their_schools_carers(school_staff, school_a, school_b):
    mine = CarerFactory(school=school_a)
    CarerFactory(school=school_b)
    assert list(carers_visible_to(school_staff)) == [mine]


def test_mentor_sees_only_their_own_carer_record(mentor, school_a):
    CarerFactory(school=school_a)
    assert list(carers_visible_to(mentor)) == [mentor.carer]


def test_town_officer_sees_carers_of_their_town_only(town_officer, school_a, school_a2, school_b):
    first = CarerFactory(school=school_a)
    second = CarerFactory(school=school_a2)
    CarerFactory(school=school_b)
    assert set(carers_visible_to(town_officer)) == {first, second}


def test_administrator_and_anonymous_see_no_carer(administrator, school_a):
    CarerFactory(school=school_a)
    assert not carers_visible_to(administrator).exists()
    assert not carers_visible_to(AnonymousUser()).exists()


def test_children_due_to_close_are_those_in_scope_who_turned_16(school_staff, school_a, school_b):
    on = datetime.date(2025, 9, 1)
    turned = ChildFactory(school=school_a, birth_date=datetime.date(2009, 9, 1))
    ChildFactory(school=school_a, birth_date=datetime.date(2009, 9, 2))
    ChildFactory(school=school_b, birth_date=datetime.date(2008, 1, 1))
    assert list(children_due_to_close(school_staff, on=on)) == [turned]
