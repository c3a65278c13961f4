"""The Django admin: an administrator's own county only, and every account change audited."""

import pytest
from django.urls import reverse

from accounts.models import Role, User
from audit.models import AuditEvent
from donations.models import Donation
from tests.factories import (
    CountyFactory,
    DonationFactory,
    DonorFactory,
    SchoolFactory,
    TownFactory,
    UserFactory,
)


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def other_county(db):
    return CountyFactory(name="邻县", code="340298")


@pytest.fixture
def staff_elsewhere(other_county):
    school = SchoolFactory(town=TownFactory(county=other_county))
    return UserFactory(
        username="staff_far", role=Role.SCHOOL_STAFF, county=other_county, school=school
    )


def _account_events(user):
    return AuditEvent.objects.filter(object_type="accounts.User", object_id=str(user.pk))


def _change_form(user, **changes) -> dict:
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "role": user.role,
        "town": user.town_id or "",
        "village": user.village_id or "",
        "school": user.school_id or "",
        "is_active": "on" if user.is_active else "",
        "date_joined_0": "2025-01-01",
        "date_joined_1": "08:00:00",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v not in ("", None)}


def test_an_administrator_cannot_give_themselves_a_role_that_sees_children(
    admin_client, administrator
):
    response = admin_client.post(
        admin_url(User, "change", administrator.pk),
        _change_form(administrator, role=Role.FEDERATION, is_staff="on"),
    )
    assert response.status_code == 302
    administrator.refresh_from_db()
    assert administrator.role == Role.ADMIN and administrator.is_active


def test_changing_a_role_in_the_admin_writes_an_audit_row_with_before_and_after(
    admin_client, school_staff, town_a
):
    response = admin_client.post(
        admin_url(User, "change", school_staff.pk),
        _change_form(school_staff, role=Role.TOWN_OFFICER, town=town_a.pk, school=""),
    )
    assert response.status_code == 302
    school_staff.refresh_from_db()
    assert (school_staff.role, school_staff.town_id) == (Role.TOWN_OFFICER, town_a.pk)
    event = _account_events(school_staff).get()
    assert event.changes["role"] == [Role.SCHOOL_STAFF, Role.TOWN_OFFICER]


def test_deactivating_in_the_admin_is_audited(admin_client, school_staff):
    admin_client.post(
        admin_url(User, "change", school_staff.pk), _change_form(school_staff, is_active="")
    )
    school_staff.refresh_from_db()
    assert not school_staff.is_active
    assert _account_events(school_staff).get().changes == {"is_active": [True, False]}


def test_a_password_set_in_the_admin_is_audited_and_must_be_changed(admin_client, school_staff):
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[school_staff.pk]),
        {"password1": "Lotus-river-2025", "password2": "Lotus-river-2025"},
    )
    assert response.status_code == 302
    school_staff.refresh_from_db()
    assert school_staff.check_password("Lotus-river-2025") and school_staff.must_change_password
    event = _account_events(school_staff).get()
    assert "Lotus" not in str(event.changes) + event.summary


def test_an_administrator_cannot_set_their_own_password_in_the_admin(admin_client, administrator):
    url = reverse("admin:auth_user_password_change", args=[administrator.pk])
    assert admin_client.get(url).status_code == 404


def test_another_countys_accounts_are_invisible_and_unchangeable(admin_client, staff_elsewhere):
    changelist = admin_client.get(admin_url(User, "changelist")).content.decode()
    assert "staff_far" not in changelist
    assert admin_client.get(admin_url(User, "change", staff_elsewhere.pk)).status_code == 404
    response = admin_client.post(
        admin_url(User, "change", staff_elsewhere.pk),
        _change_form(staff_elsewhere, role=Role.FEDERATION),
    )
    assert response.status_code == 404
    url = reverse("admin:auth_user_password_change", args=[staff_elsewhere.pk])
    assert admin_client.get(url).status_code == 404
    staff_elsewhere.refresh_from_db()
    assert staff_elsewhere.role == Role.SCHOOL_STAFF


def test_another_countys_donation_cannot_be_edited_in_the_admin(admin_client, other_county):
    donation = DonationFactory(donor=DonorFactory(county=other_county))
    assert admin_client.get(admin_url(Donation, "change", donation.pk)).status_code == 404
    admin_client.post(admin_url(Donation, "change", donation.pk), {"amount": "1.00"})
    donation.refresh_from_db()
    assert donation.amount == 6000


def test_a_new_account_cannot_be_placed_at_another_countys_school(admin_client, staff_elsewhere):
    response = admin_client.post(
        admin_url(User, "add"),
        {
            "username": "sneaky",
            "usable_password": "true",
            "password1": "Lotus-river-2025",
            "password2": "Lotus-river-2025",
            "role": Role.SCHOOL_STAFF,
            "school": staff_elsewhere.school_id,
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="sneaky").exists()


def test_an_account_created_in_the_admin_is_audited_in_the_admins_county(
    admin_client, administrator, school_a
):
    admin_client.post(
        admin_url(User, "add"),
        {
            "username": "new_staff",
            "usable_password": "true",
            "password1": "Lotus-river-2025",
            "password2": "Lotus-river-2025",
            "role": Role.SCHOOL_STAFF,
            "school": school_a.pk,
            "must_change_password": "on",
        },
    )
    user = User.objects.get(username="new_staff")
    assert user.county == administrator.county and user.check_password("Lotus-river-2025")
    assert _account_events(user).get().action == AuditEvent.Action.CREATE
