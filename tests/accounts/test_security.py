"""Accounts: lockout by username + address, login audit, forced password change, sessions."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def attempt(client, username, password, ip="10.1.2.3"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_username_from_that_address(client, school_staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "staff_a", "wrong").status_code == 200
    assert attempt(client, "staff_a", "wrong").status_code == 429
    locked = attempt(client, "staff_a", "pass-word-123")
    assert locked.status_code == 429
    assert "已暂时锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_colleague_behind_the_same_address_can_still_log_in(client, school_staff, county):
    colleague = UserFactory(username="colleague", role=Role.FEDERATION, county=county)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "staff_a", "wrong")
    response = attempt(client, colleague.username, "pass-word-123")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)


def test_the_same_username_from_another_address_is_not_locked(client, school_staff):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "staff_a", "wrong")
    assert attempt(client, "staff_a", "pass-word-123", ip="10.9.9.9").status_code == 302


def test_logins_and_failed_logins_are_audited_without_the_password(client, school_staff):
    attempt(client, "staff_a", "wrong-secret")
    attempt(client, "staff_a", "pass-word-123")
    failed = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert failed.user == school_staff and "10.1.2.3" in failed.summary
    assert "wrong-secret" not in str(failed.summary) + str(failed.changes)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN, user=school_staff).exists()


def test_a_failed_login_for_an_unknown_name_is_audited_without_a_user(client, county):
    attempt(client, "nobody", "x")
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert event.user is None and event.summary.startswith("nobody")


def test_user_created_by_an_administrator_must_change_password_first(client, county):
    user = UserFactory(username="newbie", role=Role.FEDERATION, county=county)
    user.must_change_password = True
    user.save()
    client.force_login(user)
    response = client.get("/children/")
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:password_change"
    )
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "请先设置自己的新密码" in page and "密码要求" in page
    weak = client.post(
        reverse("accounts:password_change"),
        {"old_password": "pass-word-123", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert weak.status_code == 200 and "密码" in weak.content.decode()
    user.refresh_from_db()
    assert user.must_change_password
    strong = "Liu-shou-2026-safe"
    client.post(
        reverse("accounts:password_change"),
        {"old_password": "pass-word-123", "new_password1": strong, "new_password2": strong},
    )
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password(strong)
    assert client.get("/").status_code == 200


def test_sessions_expire_after_an_hour_of_inactivity_and_at_browser_close():
    assert settings.SESSION_COOKIE_AGE == 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_activity_pushes_the_session_expiry_back_at_most_every_five_minutes(client, school_staff):
    client.force_login(school_staff)
    client.get("/")
    key = client.session.session_key
    first = Session.objects.get(session_key=key).expire_date
    client.get("/")  # within five minutes: no session write
    assert Session.objects.get(session_key=key).expire_date == first
    session = client.session
    session["_touched"] = session["_touched"] - 301
    session.save()
    client.get("/")
    assert Session.objects.get(session_key=key).expire_date > first


def test_every_page_sends_a_content_security_policy_without_inline_code(client):
    csp = client.get(LOGIN)["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
