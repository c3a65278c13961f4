"""The dashboards read "last term" from the closed survey's snapshot, and show progress."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from children.models import Child
from core.periods import term_of
from survey import services

pytestmark = pytest.mark.django_db


def _close_last_terms_survey(officer):
    """Open and close the survey of the term before this one; return it."""
    last = term_of(timezone.localdate()).previous()
    survey = services.survey_open(
        by=officer,
        year=last.year,
        semester=last.part,
        deadline=timezone.localdate() + datetime.timedelta(days=1),
    )
    services.survey_close(by=officer, survey=survey)
    return survey


def _dashboard(client, user, name):
    client.force_login(user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.context["figures"], response.content.decode()


def test_without_a_closed_survey_last_term_is_counted_from_todays_register(
    client, federation_officer, pupils_a, pupils_b
):
    figures, page = _dashboard(client, federation_officer, "dashboards:county")
    # The children were registered this term: today's dates say none was there last term.
    assert figures["registered_prev"] == 0 and figures["prev_source"] == ""
    assert 'data-testid="prev-source"' not in page


def test_the_last_term_column_reads_the_snapshot_frozen_at_close(
    client, federation_officer, town_officer, pupils_a, pupils_b
):
    survey = _close_last_terms_survey(federation_officer)
    # After close the register moves on: one child is no longer left-behind, one closes.
    Child.objects.filter(pk=pupils_a[0].pk).update(is_left_behind=False)
    Child.objects.filter(pk=pupils_b[0].pk).update(
        status="closed", close_reason="parents_back", closed_on=timezone.localdate()
    )
    figures, page = _dashboard(client, federation_officer, "dashboards:county")
    assert figures["registered_prev"] == 7 and figures["left_behind_prev"] == 7
    assert figures["left_behind"] == 5  # this term, from today's register
    assert survey.label in page and 'data-testid="prev-source"' in page
    rows = {row["label"]: row["registered_prev"] for row in figures["rows"]}
    assert rows == {"湾沚镇": 4, "六郎镇": 3}
    town, _page = _dashboard(client, town_officer, "dashboards:town")
    assert town["registered_prev"] == 4
    assert {row["label"]: row["registered_prev"] for row in town["rows"]} == {"湾沚中心小学": 4}


def test_dashboards_show_the_open_surveys_progress(
    client, survey, school_staff, town_officer, pupils_a
):
    services.survey_confirm(by=school_staff, survey=survey, child=pupils_a[0])
    client.force_login(town_officer)
    page = client.get(reverse("dashboards:town")).content.decode()
    assert 'data-testid="dashboard-survey"' in page and survey.label in page
    progress = client.get(reverse("dashboards:town")).context["survey_progress"]
    assert (progress.total.confirmed, progress.total.unchecked) == (1, 3)
