"""Account management in the app: an administrator of the county, in Chinese, audited."""

import pytest
from django.urls import reverse

from accounts.models import Role, User
from audit.models import AuditEvent
from tests.factories import CountyFactory, TownFactory, UserFactory

pytestmark = pytest.mark.django_db


def new_account(client, **fields):
    data = {"username": "wz_chen", "full_name": "陈老师", "phone": "", "role": "school_staff",
            "must_change_password": "on", **fields}  # fmt: skip
    return client.post(reverse("accounts:user_new"), data)


def test_an_administrator_creates_a_school_staff_account_seen_once(
    client, administrator, school_a, town_a
):
    client.force_login(administrator)
    response = new_account(client, school=school_a.pk, town=town_a.pk)
    page = response.content.decode()
    account = User.objects.get(username="wz_chen")
    password = response.context["password"]
    assert response.status_code == 200 and password in page
    assert "只显示这一次" in page and "no-store" in response["Cache-Control"]
    assert account.school == school_a and account.town is None  # only the place it needs
    assert account.must_change_password and account.check_password(password)
    assert account.county == administrator.county
    assert AuditEvent.objects.filter(summary__contains="新建账号 wz_chen").count() == 1
    assert password not in client.get(reverse("accounts:user_manage", args=[account.pk])).text


def test_the_form_ticks_must_change_password_and_tags_each_place_with_its_roles(
    client, administrator
):
    client.force_login(administrator)
    response = client.get(reverse("accounts:user_new"))
    html = response.content.decode()
    assert "checked" in str(response.context["form"]["must_change_password"])
    assert 'data-roles="school_staff mentor"' in html
    assert 'data-roles="town_officer"' in html and 'data-roles="village_director"' in html


def test_a_school_staff_account_without_a_school_is_refused_naming_the_field(client, administrator):
    client.force_login(administrator)
    response = new_account(client)
    assert response.status_code == 400
    assert "“学校管理员”须选择学校。" in response.content.decode()
    assert not User.objects.filter(username="wz_chen").exists()


def test_the_list_shows_the_countys_accounts_only_by_role_and_place(
    client, administrator, school_staff, town_officer
):
    other = UserFactory(username="elsewhere", county=CountyFactory(name="邻县", code="340300"))
    client.force_login(administrator)
    html = client.get(reverse("accounts:user_list")).content.decode()
    assert school_staff.username in html and town_officer.username in html
    assert other.username not in html
    towns = client.get(reverse("accounts:user_list"), {"role": Role.TOWN_OFFICER}).text
    assert town_officer.username in towns and school_staff.username not in towns
    assert client.get(reverse("accounts:user_manage", args=[other.pk])).status_code == 404


def test_deactivating_and_resetting_are_audited_and_the_new_password_shown_once(
    client, administrator, school_staff
):
    client.force_login(administrator)
    reset = client.post(reverse("accounts:user_password", args=[school_staff.pk]))
    school_staff.refresh_from_db()
    assert school_staff.check_password(reset.context["password"])
    assert school_staff.must_change_password
    client.post(reverse("accounts:user_active", args=[school_staff.pk]), {"active": "0"})
    school_staff.refresh_from_db()
    assert not school_staff.is_active and User.objects.filter(pk=school_staff.pk).exists()
    summaries = set(AuditEvent.objects.values_list("summary", flat=True))
    assert f"重置账号 {school_staff.username} 的密码" in summaries
    assert f"停用账号 {school_staff.username}" in summaries


def test_changing_a_role_keeps_only_the_new_roles_place(
    client, administrator, school_staff, county
):
    town = TownFactory(county=county, name="红杨镇")
    client.force_login(administrator)
    client.post(
        reverse("accounts:user_manage", args=[school_staff.pk]),
        {"role": Role.TOWN_OFFICER, "town": town.pk, "school": school_staff.school_id},
    )
    school_staff.refresh_from_db()
    assert school_staff.role == Role.TOWN_OFFICER
    assert school_staff.town == town and school_staff.school is None


@pytest.mark.parametrize("role", ["school_staff", "federation_officer", "coordination_member"])
def test_other_roles_cannot_open_account_management(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("accounts:user_list")).status_code == 404
    assert client.get(reverse("accounts:user_new")).status_code == 404
