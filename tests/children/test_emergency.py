"""Break the glass: time-limited, reasoned, audited sight of a child outside one's scope."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import EmergencyAccess
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db
REASON = "接到强制报告，需要核实该儿童的监护情况"


def test_town_officer_opens_a_child_of_another_town_for_a_day(client, town_officer, child_b):
    client.force_login(town_officer)
    assert client.get(child_b.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("children:emergency_access"), {"id_number": child_b.id_number, "reason": REASON}
    )
    assert response.status_code == 302 and response["Location"] == child_b.get_absolute_url()
    assert client.get(child_b.get_absolute_url()).status_code == 200
    grant = EmergencyAccess.objects.get(user=town_officer)
    assert abs(grant.expires_at - grant.granted_at - datetime.timedelta(hours=24)).seconds < 5
    event = AuditEvent.objects.get(child=child_b, action=AuditEvent.Action.OTHER)
    assert REASON[:10] in event.summary


def test_an_expired_grant_gives_nothing(client, town_officer, child_b):
    EmergencyAccess.objects.create(
        user=town_officer, child=child_b, reason=REASON, expires_at=timezone.now()
    )
    client.force_login(town_officer)
    assert client.get(child_b.get_absolute_url()).status_code == 404


def test_a_short_reason_and_an_unknown_id_are_refused_in_chinese(client, town_officer, child_b):
    client.force_login(town_officer)
    short = client.post(
        reverse("children:emergency_access"), {"id_number": child_b.id_number, "reason": "看看"}
    )
    assert "请写明事由" in short.content.decode()
    unknown = client.post(
        reverse("children:emergency_access"),
        {"id_number": "11010519491231002X", "reason": REASON},
    )
    assert "未找到" in unknown.content.decode()
    assert not EmergencyAccess.objects.exists()


@pytest.mark.parametrize("who", ["school_staff", "mentor", "coordination_member"])
def test_roles_without_the_right_get_404(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("children:emergency_access")).status_code == 404


def test_administrator_reviews_the_grant(client, administrator, town_officer, child_b):
    grant = EmergencyAccess.objects.create(
        user=town_officer,
        child=child_b,
        reason=REASON,
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    client.force_login(administrator)
    assert REASON in client.get(reverse("accounts:emergency_review")).content.decode()
    client.post(reverse("accounts:emergency_review"), {"grant": grant.pk, "note": "核实无误"})
    grant.refresh_from_db()
    assert grant.reviewed_by == administrator and grant.review_note == "核实无误"
    client.force_login(town_officer)
    assert client.get(reverse("accounts:emergency_review")).status_code == 404
