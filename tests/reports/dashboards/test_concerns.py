"""The dashboards' mandatory-report figures: open, overdue and closed by kind and by town."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from children.concerns import services
from children.models import Concern, ConcernStep
from core.periods import custom
from reports.dashboards import selectors
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

ALONE, HARM = Concern.Kind.LIVING_ALONE, Concern.Kind.SUSPECTED_HARM
GUARDIAN = Concern.Kind.GUARDIAN_INCAPABLE


@pytest.fixture
def reports(federation_officer, school_a, school_b, village_a, village_b):
    """Five reports in two towns, raised and handled at known times before now.

    Town A: a child alone raised 3 h ago with no police call (overdue); a child alone
    raised 2 h ago, police called (open, not overdue); suspected harm closed 2 days ago;
    suspected harm closed 60 days ago (outside a 30-day period). Town B: a guardian's
    stroke raised 2 days ago with civil affairs never told (overdue).
    """
    now = timezone.now()
    ago = lambda **kw: now - datetime.timedelta(**kw)  # noqa: E731
    a = [ChildFactory(school=school_a, village=village_a) for _ in range(4)]
    b = ChildFactory(school=school_b, village=village_b)

    def raise_(child, kind, at):
        return services.concern_raise(
            by=federation_officer, child=child, kind=kind, description="情况", now=at
        )

    raise_(a[0], ALONE, ago(hours=3))
    called = raise_(a[1], ALONE, ago(hours=2))
    services.concern_step_record(
        by=federation_officer,
        concern=called,
        kind=ConcernStep.Kind.TOLD_POLICE,
        recipient="派出所",
        channel=ConcernStep.Channel.PHONE,
        now=ago(hours=2),
    )
    for child, days in ((a[2], 2), (a[3], 60)):
        harm = raise_(child, HARM, ago(days=days, hours=1))
        services.concern_close(
            by=federation_officer, concern=harm, outcome="已处理", now=ago(days=days)
        )
    raise_(b, GUARDIAN, ago(days=2))
    return school_a.town, school_b.town


@pytest.fixture
def period():
    today = timezone.localdate()
    return custom(today - datetime.timedelta(days=30), today)


def test_county_figures_count_open_overdue_and_closed_by_kind_and_town(
    reports, federation_officer, period
):
    town_a, town_b = reports
    f = selectors.dashboard_figures(federation_officer, period=period, today=timezone.localdate())
    assert (f["open_concerns"], f["urgent_concerns"], f["overdue_concerns"]) == (3, 2, 2)
    got = {
        (r["town"], r["kind"]): (r["open"], r["overdue"], r["closed"]) for r in f["concern_rows"]
    }
    assert got == {
        (town_a.name, ALONE): (2, 1, 0),
        (town_a.name, HARM): (0, 0, 1),
        (town_b.name, GUARDIAN): (1, 1, 0),
    }


def test_the_town_dashboard_counts_its_own_town_only(reports, town_officer, period):
    town_a, _town_b = reports
    f = selectors.dashboard_figures(town_officer, period=period, today=timezone.localdate())
    assert {r["town"] for r in f["concern_rows"]} == {town_a.name}
    assert f["overdue_concerns"] == 1


def test_the_county_page_shows_both_tables_and_the_overdue_report_first(
    client, reports, federation_officer
):
    client.force_login(federation_officer)
    html = client.get(reverse("dashboards:county")).content.decode()
    assert 'data-testid="concerns-by-kind"' in html and 'data-testid="concerns-by-town"' in html
    first = html.index('data-testid="concern-item"')
    assert html.index('data-testid="overdue"', first) < html.index("concern-figures")


def test_the_open_reports_show_child_school_and_reporter_read_in_one_narrow_query(
    client, reports, federation_officer
):
    client.force_login(federation_officer)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("dashboards:county")).content.decode()
    listed = [q["sql"] for q in queries.captured_queries if "LIMIT 10" in q["sql"]]
    assert len(listed) == 1
    assert '"children_concern"."description"' in listed[0]
    assert '"schools_school"."name"' in listed[0] and '"accounts_user"."full_name"' in listed[0]
    for unread in ("id_number", "guardian_phone", "address", "password", "study_notes"):
        assert unread not in listed[0]
    items = html[html.index('data-testid="concern-item"') : html.index("concern-figures")]
    child = Concern.objects.get(kind=GUARDIAN).child
    assert child.name in items and child.school.name in items
    assert str(federation_officer) in items


def test_the_coordination_page_shows_small_counts_as_under_five_and_no_child(
    client, reports, coordination_member
):
    client.force_login(coordination_member)
    response = client.get(reverse("dashboards:coordination"))
    html = response.content.decode()
    tables = html[html.index('data-testid="concern-figures"') :]
    tables = tables[: tables.index("</section>")]
    assert "&lt;5" in tables and "儿童独自居住" in tables
    assert not response.context["concerns"] and 'data-testid="concern-item"' not in html
    cells = [row["cells"] for row in response.context["concern_tables"]["by_kind"]]
    assert all(cell in ("0", "<5") for row in cells for cell in row)
