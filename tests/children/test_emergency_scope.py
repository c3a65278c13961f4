"""Break the glass stays inside the county: one grant at a time, a real reason, and a
review by the county's own administrators that lists what was read."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import EmergencyAccess, Role
from tests.factories import ChildFactory, CountyFactory, SchoolFactory, TownFactory, UserFactory

REASON = "接到强制报告，需要核实该儿童的监护情况"


@pytest.fixture
def other_county(db):
    return CountyFactory(name="邻县", code="340298")


@pytest.fixture
def child_elsewhere(other_county):
    return ChildFactory(school=SchoolFactory(town=TownFactory(county=other_county)))


@pytest.fixture
def admin_elsewhere(other_county):
    return UserFactory(role=Role.ADMIN, county=other_county, is_staff=True)


def _open(client, child, reason=REASON):
    return client.post(
        reverse("children:emergency_access"), {"id_number": child.id_number, "reason": reason}
    )


def test_a_town_officer_cannot_break_the_glass_on_another_countys_child(
    client, town_officer, child_elsewhere
):
    client.force_login(town_officer)
    response = _open(client, child_elsewhere)
    assert "本县未找到" in response.content.decode()
    assert not EmergencyAccess.objects.exists()
    assert client.get(child_elsewhere.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "reason", ["看看这个孩子的情况", "啊啊啊啊啊啊啊啊啊啊啊啊啊啊啊啊", "1212121212121212"]
)
def test_a_short_or_repeated_reason_is_refused(client, town_officer, child_b, reason):
    client.force_login(town_officer)
    assert "请写明事由" in _open(client, child_b, reason).content.decode()
    assert not EmergencyAccess.objects.exists()


def test_the_same_child_cannot_be_granted_twice_while_a_grant_is_open(
    client, town_officer, child_b
):
    client.force_login(town_officer)
    _open(client, child_b)
    again = _open(client, child_b)
    assert "已有有效的紧急查看" in again.content.decode()
    assert EmergencyAccess.objects.filter(user=town_officer, child=child_b).count() == 1


def test_a_new_grant_may_follow_an_expired_one(client, town_officer, child_b):
    EmergencyAccess.objects.create(
        user=town_officer, child=child_b, reason=REASON, expires_at=timezone.now()
    )
    client.force_login(town_officer)
    assert _open(client, child_b).status_code == 302
    assert EmergencyAccess.objects.filter(user=town_officer).count() == 2


def test_review_lists_only_the_countys_grants_and_refuses_another_countys_admin(
    client, administrator, admin_elsewhere, town_officer, child_b
):
    grant = EmergencyAccess.objects.create(
        user=town_officer,
        child=child_b,
        reason=REASON,
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    client.force_login(admin_elsewhere)
    assert REASON not in client.get(reverse("accounts:emergency_review")).content.decode()
    response = client.post(reverse("accounts:emergency_review"), {"grant": grant.pk, "note": "x"})
    assert response.status_code == 404
    grant.refresh_from_db()
    assert grant.reviewed_by is None
    client.force_login(administrator)
    assert REASON in client.get(reverse("accounts:emergency_review")).content.decode()


def test_review_page_lists_the_file_and_reveals_read_under_the_grant(
    client, administrator, town_officer, child_b
):
    client.force_login(town_officer)
    _open(client, child_b)
    client.get(child_b.get_absolute_url())
    client.post(reverse("children:reveal", args=[child_b.pk]), {"field": "id_number"})
    client.force_login(administrator)
    page = client.get(reverse("accounts:emergency_review")).content.decode()
    reads = page.split('data-testid="grant-reads"')[1].split("</td>")[0]
    assert "打开档案" in reads and "id_number" in reads


def test_a_bogus_grant_number_is_a_404_not_an_error(client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("accounts:emergency_review"), {"grant": "abc"})
    assert response.status_code == 404
