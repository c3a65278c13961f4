"""The demo county has history: last term's survey closed with its snapshot, this term's
open and about half done, and its dashboards read last term from that snapshot."""

import pytest
from django.urls import reverse

from accounts.models import User
from core.periods import term_containing
from demo.build import demo_county_build
from demo.data import DEMO_COUNTY_CODE
from survey.models import Survey
from survey.progress import survey_progress

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    demo_county_build(children=200)
    return Survey.objects.filter(county__code=DEMO_COUNTY_CODE)


def test_the_demo_county_has_last_terms_survey_closed_and_this_terms_half_done(demo, client):
    closed, open_ = demo.get(status="closed"), demo.get(status="open")
    assert (open_.year, open_.semester) == term_containing(open_.opened_at.date())
    assert closed.opened_at < closed.closed_at < open_.opened_at
    assert closed.snapshot.filter(status="open").count() > 100  # of 200 open today
    assert closed.snapshot.filter(outcome="unchecked").exists()
    officer = User.objects.get(username="federation")
    progress = survey_progress(officer, open_).total
    assert 0.3 < progress.checked / progress.total < 0.7
    assert progress.confirmed > progress.changed > 0
    client.force_login(officer)
    figures = client.get(reverse("dashboards:county")).context["figures"]
    assert figures["prev_source"] == closed.label
    assert figures["registered_prev"] == closed.snapshot.filter(status="open").count()
