"""The audited account services: county-bound, never on one's own role, scope or flag."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from accounts.selectors import users_administered_by
from accounts.services import (
    user_change_role,
    user_change_scope,
    user_create,
    user_reset_password,
    user_set_active,
    user_update_details,
)
from audit.models import AuditEvent
from tests.factories import CountyFactory, SchoolFactory, TownFactory, UserFactory


@pytest.fixture
def other_county_staff(db):
    school = SchoolFactory(town=TownFactory(county=CountyFactory(name="邻县")))
    return UserFactory(role=Role.SCHOOL_STAFF, county=school.town.county, school=school)


def _events(user):
    return AuditEvent.objects.filter(object_type="accounts.User", object_id=str(user.pk))


def test_administrator_creates_a_school_staff_account_that_must_change_its_password(
    administrator, school_a
):
    user, password = user_create(
        by=administrator, username="newstaff", role=Role.SCHOOL_STAFF, school=school_a
    )
    assert user.county_id == administrator.county_id
    assert user.check_password(password) and len(password) >= 12
    assert user.must_change_password
    event = _events(user).get()
    assert event.action == AuditEvent.Action.CREATE
    assert event.changes["role"] == [None, Role.SCHOOL_STAFF]
    assert password not in str(event.changes)


def test_created_account_keeps_only_the_scope_field_its_role_needs(administrator, town_a, school_a):
    user, _ = user_create(
        by=administrator, username="t1", role=Role.TOWN_OFFICER, town=town_a, school=school_a
    )
    assert user.town_id == town_a.pk and user.school_id is None


def test_school_staff_without_a_school_is_refused_in_chinese(administrator):
    with pytest.raises(ValidationError) as exc:
        user_create(by=administrator, username="x", role=Role.SCHOOL_STAFF)
    assert "学校" in str(exc.value)


def test_school_staff_cannot_create_accounts(school_staff):
    with pytest.raises(PermissionDenied):
        user_create(by=school_staff, username="x", role=Role.FEDERATION)


def test_administrator_changes_a_role_and_the_audit_row_shows_before_and_after(
    administrator, school_staff, town_a
):
    user_change_role(by=administrator, user=school_staff, role=Role.TOWN_OFFICER, town=town_a)
    school_staff.refresh_from_db()
    assert school_staff.role == Role.TOWN_OFFICER and school_staff.school_id is None
    changes = _events(school_staff).get().changes
    assert changes["role"] == [Role.SCHOOL_STAFF, Role.TOWN_OFFICER]
    assert changes["town"] == [None, town_a.pk]


def test_administrator_cannot_give_themselves_a_role_that_sees_children(administrator, county):
    with pytest.raises(PermissionDenied):
        user_change_role(by=administrator, user=administrator, role=Role.FEDERATION)
    administrator.refresh_from_db()
    assert administrator.role == Role.ADMIN
    assert not _events(administrator).exists()


def test_administrator_cannot_move_their_own_scope(administrator):
    with pytest.raises(PermissionDenied):
        user_change_scope(by=administrator, user=administrator)


def test_administrator_cannot_change_another_countys_account(administrator, other_county_staff):
    for call in (
        lambda: user_change_role(by=administrator, user=other_county_staff, role=Role.FEDERATION),
        lambda: user_set_active(by=administrator, user=other_county_staff, active=False),
        lambda: user_reset_password(by=administrator, user=other_county_staff),
        lambda: user_update_details(by=administrator, user=other_county_staff, full_name="改"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    other_county_staff.refresh_from_db()
    assert other_county_staff.is_active and other_county_staff.role == Role.SCHOOL_STAFF


def test_deactivating_an_account_is_audited_and_ones_own_is_refused(administrator, school_staff):
    user_set_active(by=administrator, user=school_staff, active=False)
    school_staff.refresh_from_db()
    assert not school_staff.is_active
    assert _events(school_staff).get().changes == {"is_active": [True, False]}
    with pytest.raises(PermissionDenied):
        user_set_active(by=administrator, user=administrator, active=False)


def test_password_reset_returns_the_new_password_once_and_forces_a_change(
    administrator, school_staff
):
    password = user_reset_password(by=administrator, user=school_staff)
    school_staff.refresh_from_db()
    assert school_staff.check_password(password)
    assert school_staff.must_change_password
    event = _events(school_staff).get()
    assert password not in event.summary and password not in str(event.changes)


def test_administrator_lists_only_their_own_countys_accounts(
    administrator, school_staff, other_county_staff
):
    listed = set(users_administered_by(administrator))
    assert school_staff in listed and other_county_staff not in listed
    assert not users_administered_by(school_staff).exists()
