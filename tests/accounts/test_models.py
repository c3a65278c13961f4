"""User: a role needs the scope field it works at, and the scope stays inside the county."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role, ScopeLevel
from tests.factories import CountyFactory, SchoolFactory, TownFactory, UserFactory, VillageFactory


def clean_errors(user) -> dict:
    """Return the field errors User.clean() raises, or {} when it accepts the user."""
    try:
        user.clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def test_school_staff_without_a_school_is_refused(county):
    user = UserFactory.build(role=Role.SCHOOL_STAFF, county=county, school=None)
    assert clean_errors(user) == {"school": ["学校管理员必须指定所属学校。"]}


def test_school_staff_with_a_school_of_the_county_is_accepted(county, school_a):
    user = UserFactory.build(username="new_staff", role=Role.SCHOOL_STAFF, county=county)
    user.school = school_a
    user.full_clean()
    assert user.scope_label == "湾沚中心小学"


def test_town_officer_without_a_town_is_refused(county):
    user = UserFactory.build(role=Role.TOWN_OFFICER, county=county, town=None)
    assert clean_errors(user) == {"town": ["乡镇儿童督导员必须指定所属乡镇。"]}


def test_village_director_without_a_village_is_refused(county):
    user = UserFactory.build(role=Role.VILLAGE_DIRECTOR, county=county, village=None)
    assert clean_errors(user) == {"village": ["村儿童主任必须指定所属村（居）。"]}


def test_school_in_another_county_is_refused(county):
    far_school = SchoolFactory(town=TownFactory(county=CountyFactory(code="340300")))
    user = UserFactory.build(role=Role.SCHOOL_STAFF, county=county, school=far_school)
    assert clean_errors(user) == {"school": ["学校不在该县。"]}


def test_town_and_village_in_another_county_are_refused(county):
    far_town = TownFactory(county=CountyFactory(code="340300"))
    far_village = VillageFactory(town=far_town)
    user = UserFactory.build(
        role=Role.TOWN_OFFICER, county=county, town=far_town, village=far_village
    )
    errors = clean_errors(user)
    assert errors["town"] == ["乡镇不在该县。"]
    assert errors["village"] == ["村（居）不在该县。"]


@pytest.mark.parametrize(
    "role", [Role.FEDERATION, Role.EDUCATION, Role.COORDINATION, Role.ADMIN, Role.MENTOR]
)
def test_county_roles_and_mentors_need_no_scope_field(county, role):
    user = UserFactory.build(role=role, county=county)
    assert clean_errors(user) == {}


@pytest.mark.parametrize(
    ("role", "level"),
    [
        (Role.SCHOOL_STAFF, ScopeLevel.SCHOOL),
        (Role.MENTOR, ScopeLevel.PAIRED),
        (Role.VILLAGE_DIRECTOR, ScopeLevel.VILLAGE),
        (Role.TOWN_OFFICER, ScopeLevel.TOWN),
        (Role.FEDERATION, ScopeLevel.COUNTY),
        (Role.ADMIN, ScopeLevel.COUNTY),
    ],
)
def test_each_role_works_at_its_scope_level(role, level):
    assert UserFactory.build(role=role).scope_level == level


def test_only_roles_working_with_children_see_children(county):
    assert UserFactory.build(role=Role.SCHOOL_STAFF, county=county).sees_children is True
    assert UserFactory.build(role=Role.COORDINATION, county=county).sees_children is False
    assert UserFactory.build(role=Role.ADMIN, county=county).sees_children is False


def test_scope_label_names_the_town_the_village_or_the_county(town_officer, village_director):
    assert town_officer.scope_label == "湾沚镇"
    assert village_director.scope_label == "湾沚镇东河村"
    assert UserFactory.build(role=Role.FEDERATION, county=town_officer.county).scope_label == (
        "示范县"
    )


def test_user_is_shown_by_full_name_or_else_username(county):
    assert str(UserFactory.build(username="wang", full_name="王老师", county=county)) == "王老师"
    assert str(UserFactory.build(username="wang", full_name="", county=county)) == "wang"
