"""Mandatory reports in the browser's HTML: who sees the reporter, escalation, closing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from children.concerns import services
from children.models import Concern, ConcernStep

pytestmark = pytest.mark.django_db

REPORTER_NAME = "王秀兰"


@pytest.fixture
def reported(clock, reporter, paired_child):
    """A child alone reported by 王秀兰, who then recorded calling the police."""
    concern = services.concern_raise(
        by=reporter, child=paired_child, kind=Concern.Kind.LIVING_ALONE, description="独自在家三天"
    )
    services.concern_step_record(
        by=reporter,
        concern=concern,
        kind=ConcernStep.Kind.TOLD_POLICE,
        recipient="湾沚派出所 陈警官",
        channel=ConcernStep.Channel.PHONE,
        reference="JJ20260302-0042",
    )
    return concern


def pages(client, user, concern):
    """Return the HTML of the child's file, the report's page and the home page for `user`."""
    client.force_login(user)
    urls = [
        reverse("children:detail", args=[concern.child_id]),
        reverse("concerns:detail", args=[concern.pk]),
        "/",
    ]
    responses = [client.get(url) for url in urls]
    assert [r.status_code for r in responses] == [200, 200, 200]
    return [r.content.decode() for r in responses]


@pytest.mark.parametrize("who", ["school_staff", "mentor", "town_officer", "village_director"])
def test_the_reporters_name_is_absent_for_others_who_open_the_file(client, reported, request, who):
    for html in pages(client, request.getfixturevalue(who), reported):
        assert REPORTER_NAME not in html
    file_html, concern_html, _home = pages(client, request.getfixturevalue(who), reported)
    assert "已报告" in file_html and "已报告" in concern_html
    assert reported.raised_at.strftime("%Y-%m-%d") in file_html
    assert "JJ20260302-0042" in concern_html  # the hand-over itself is not secret


@pytest.mark.parametrize("who", ["federation_officer", "education_officer", "reporter"])
def test_the_reporters_name_is_shown_to_county_officers_and_the_reporter(
    client, reported, request, who
):
    file_html, concern_html, _home = pages(client, request.getfixturevalue(who), reported)
    assert REPORTER_NAME in file_html and REPORTER_NAME in concern_html


def test_the_administrators_audit_keeps_the_reporter(reported, reporter):
    event = AuditEvent.objects.get(object_type="children.Concern", object_id=str(reported.pk))
    assert event.user == reporter and event.action == "create"


def test_a_report_outside_scope_is_404(client, reported, town_officer_b, school_staff_b):
    for user in (town_officer_b, school_staff_b):
        client.force_login(user)
        assert client.get(reverse("concerns:detail", args=[reported.pk])).status_code == 404


def test_the_form_shows_110_for_a_kind_needing_the_police(client, mentor, paired_child):
    client.force_login(mentor)
    html = client.get(reverse("children:detail", args=[paired_child.pk])).content.decode()
    assert 'href="tel:110"' in html
    assert 'data-notice-kind="living_alone"' in html and 'data-notice-kind="dropout_risk"' in html


def test_an_overdue_report_tops_the_town_officers_home_page_until_handed_over(
    client, clock, reporter, paired_child, town_officer
):
    concern = services.concern_raise(
        by=reporter, child=paired_child, kind=Concern.Kind.SUSPECTED_HARM, description="有淤青"
    )
    client.force_login(town_officer)
    assert 'data-testid="overdue-concerns"' not in client.get("/").content.decode()
    clock.advance(hours=2)
    client.force_login(town_officer)  # the idle session of two hours ago has expired
    html = client.get("/").content.decode()
    assert 'data-testid="overdue-concerns"' in html
    assert html.index("overdue-concerns") < html.index("figures-heading")
    assert paired_child.name in html
    client.post(
        reverse("concerns:step", args=[concern.pk]),
        {"kind": "told_police", "recipient": "派出所", "channel": "phone"},
    )
    assert 'data-testid="overdue-concerns"' not in client.get("/").content.decode()


def test_closing_through_the_page_without_an_outcome_is_refused(client, reported, town_officer):
    client.force_login(town_officer)
    response = client.post(reverse("concerns:close", args=[reported.pk]), {"outcome": ""})
    assert response.status_code == 400
    assert "处理结果" in response.content.decode()
    reported.refresh_from_db()
    assert reported.status == Concern.Status.OPEN


def test_a_mentor_gets_no_close_form_and_cannot_post_one(client, reported, mentor):
    client.force_login(mentor)
    html = client.get(reverse("concerns:detail", args=[reported.pk])).content.decode()
    assert 'data-testid="close-form"' not in html and 'data-testid="step-form"' in html
    response = client.post(reverse("concerns:close", args=[reported.pk]), {"outcome": "好"})
    assert response.status_code == 403
    reported.refresh_from_db()
    assert reported.status == Concern.Status.OPEN


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_report_page_and_the_file_cost_the_same_queries_whatever_the_history(
    client, reported, reporter, town_officer, paired_child
):
    client.force_login(town_officer)
    report_url = reverse("concerns:detail", args=[reported.pk])
    file_url = reverse("children:detail", args=[paired_child.pk])
    client.get(file_url)  # the county's first file of the day draws its schools (cached)
    before = _queries(client, report_url), _queries(client, file_url), _queries(client, "/")
    for n in range(10):
        services.concern_step_record(
            by=reporter, concern=reported, kind=ConcernStep.Kind.VISIT, notes=f"第{n}次回访"
        )
        services.concern_raise(
            by=reporter, child=paired_child, kind=Concern.Kind.MISSING, description="未归"
        )
    after = _queries(client, report_url), _queries(client, file_url), _queries(client, "/")
    assert after == before


def test_a_report_without_a_description_is_refused_with_the_field_named(
    client, mentor, paired_child
):
    client.force_login(mentor)
    response = client.post(
        reverse("concerns:raise", args=[paired_child.pk]),
        {"kind": "living_alone", "description": ""},
        follow=True,
    )
    assert "情况描述" in response.content.decode()
    assert not Concern.objects.exists()
