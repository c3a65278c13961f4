"""Officers read cached figures that the background worker refreshes after writes."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from children.care import services as care_services
from children.models import Contact
from core.periods import term_of
from reports.dashboards import refresh
from reports.dashboards.selectors import dashboard_figures
from tests.factories import ChildFactory

COUNTY = reverse("dashboards:county")


@pytest.mark.django_db(transaction=True)
def test_a_contact_recorded_after_the_figures_were_cached_shows_after_the_worker_ran(
    federation_officer, school_a, village_a, run_worker
):
    cache.clear()
    child = ChildFactory(school=school_a, village=village_a)
    today = timezone.localdate()
    period = term_of(today)
    before = dashboard_figures(federation_officer, period=period, today=today)
    assert before["overdue"] == 1

    care_services.contact_record(
        by=federation_officer, child=child, kind=Contact.Kind.HOME_VISIT, on=today
    )
    # The cached figures are served until the worker has recomputed them.
    assert dashboard_figures(federation_officer, period=period, today=today)["overdue"] == 1
    assert run_worker() == 1

    after = dashboard_figures(federation_officer, period=period, today=today)
    assert after["overdue"] == 0
    assert after["as_of"] > before["as_of"]


@pytest.mark.django_db(transaction=True)
def test_a_run_of_writes_queues_one_refresh_of_the_county(federation_officer, school_a, village_a):
    cache.clear()
    child = ChildFactory(school=school_a, village=village_a)
    today = timezone.localdate()
    for days in range(3):
        care_services.contact_record(
            by=federation_officer,
            child=child,
            kind=Contact.Kind.TALK,
            on=today - datetime.timedelta(days=days),
        )

    assert DBTaskResult.objects.filter(task_path__endswith="refresh_county").count() == 1


@pytest.mark.django_db
def test_a_reader_of_figures_older_than_five_minutes_gets_them_at_once_and_queues_a_refresh(
    client, federation_officer
):
    cache.clear()
    client.force_login(federation_officer)
    client.get(COUNTY)
    key = next(iter(refresh.remembered(federation_officer.county_id)))
    figures = cache.get(key)
    figures["as_of"] -= datetime.timedelta(seconds=refresh.FRESH_SECONDS + 1)
    cache.set(key, figures)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(COUNTY)

    assert response.status_code == 200
    assert "数据截至" in response.content.decode()
    assert len(queries) < 15  # the cached figures, not a cold computation
    assert DBTaskResult.objects.filter(task_path__endswith="refresh_county").count() == 1
