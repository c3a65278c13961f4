"""A database outage is a friendly Chinese 503, wherever in the request it surfaces."""

from unittest import mock

import pytest
from django.db import DataError, InterfaceError, OperationalError
from django.test import Client

FRIENDLY = "数据库暂时不可用，请稍后重试"


@pytest.fixture
def staff_client(school_staff) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(school_staff)
    return client


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_database_error_in_a_view_renders_the_friendly_503_page(staff_client, child_a, error):
    with mock.patch("children.views.selectors.child_file", side_effect=error("server closed")):
        response = staff_client.get(f"/children/{child_a.pk}/")
    body = response.content.decode()
    assert response.status_code == 503
    assert FRIENDLY in body
    assert response["Retry-After"] == "5"
    assert "server closed" not in body and "Traceback" not in body


def test_a_database_error_while_loading_the_session_renders_the_friendly_503_page(
    staff_client, child_a
):
    # The session is read by middleware, before any view: this path goes through handler500.
    target = "django.contrib.sessions.backends.db.SessionStore.load"
    with mock.patch(target, side_effect=OperationalError("connection refused")):
        response = staff_client.get(f"/children/{child_a.pk}/")
    assert response.status_code == 503
    assert FRIENDLY in response.content.decode()


def _session_due_for_refresh(client) -> None:
    """Make the next request save the session (it is re-saved every five minutes)."""
    session = client.session
    session["_touched"] = 0
    session.save()


def test_a_session_that_cannot_be_saved_during_an_outage_is_a_503_not_a_400(staff_client, child_a):
    # Django turns the failed session UPDATE into SessionInterrupted, a 400 by default.
    _session_due_for_refresh(staff_client)
    target = "django.contrib.sessions.models.Session.save"
    with mock.patch(target, side_effect=OperationalError("the database system is shutting down")):
        response = staff_client.get(f"/children/{child_a.pk}/")
    assert response.status_code == 503
    assert FRIENDLY in response.content.decode()


def test_a_bad_request_that_is_not_the_database_s_stays_a_400(staff_client, child_a):
    _session_due_for_refresh(staff_client)
    target = "django.contrib.sessions.models.Session.save"
    with mock.patch(target, side_effect=DataError("too long")):
        response = staff_client.get(f"/children/{child_a.pk}/")
    assert response.status_code == 400


def test_a_write_that_fails_during_an_outage_is_a_503_and_not_acknowledged(mentor, paired_child):
    client = Client(raise_request_exception=False)
    client.force_login(mentor)
    data = {"kind": "talk", "on": "2025-03-01", "notes": "谈心", "next": "mine"}
    target = "children.care.views.services.contact_record"
    with mock.patch(target, side_effect=OperationalError("terminating connection")):
        response = client.post(f"/care/children/{paired_child.pk}/contact/", data)
    assert response.status_code == 503
    assert FRIENDLY in response.content.decode()
    assert not paired_child.contacts.exists()


def test_an_error_that_is_not_the_database_s_renders_the_generic_chinese_500_page(
    staff_client, child_a
):
    with mock.patch("children.views.selectors.child_file", side_effect=RuntimeError("secret")):
        response = staff_client.get(f"/children/{child_a.pk}/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错了" in body
    assert "secret" not in body and FRIENDLY not in body


def test_an_unknown_address_renders_a_generic_chinese_404_page(staff_client):
    response = staff_client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in body
    assert "no-such-page" not in body


def test_a_child_outside_scope_shows_the_same_404_page_as_a_missing_one(staff_client, child_b):
    outside = staff_client.get(f"/children/{child_b.pk}/")
    missing = staff_client.get("/children/999999/")
    assert outside.status_code == missing.status_code == 404
    assert outside.content == missing.content


def test_error_pages_carry_no_inline_script_or_style(staff_client):
    response = staff_client.get("/no-such-page/")
    body = response.content.decode()
    assert "<script>" not in body and "style=" not in body
    assert "Content-Security-Policy" in response.headers


def test_database_connections_are_health_checked_before_reuse(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
