"""Every benchmarked page sends the same number of queries for 10 children as for 1,000.

The county is grown in bulk to 1,000 children with parents, mentors, contacts, concerns
and aid (their care state stored as the services would), and each page is opened before
and after: the counts must be equal, not merely within a budget. Transaction control is
not counted (see test_query_counts).
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from children.care.state import care_state_refresh
from children.models import Child, Concern, Contact, Pairing, Parent
from reports import services as report_services
from tests.factories import AidFactory, CarerFactory, DonationFactory, DonorFactory, make_id_number
from tests.ops.test_query_counts import TRANSACTION_CONTROL

FIRST = datetime.date(2010, 3, 1)


def _add_children(county, school, village, raised_by, count: int, *, start: int) -> list[Child]:
    """Bulk-create `count` open children at `school` with their records and care state."""
    carer = CarerFactory(school=school, county=county)
    children = Child.objects.bulk_create(
        Child(
            county=county,
            town=school.town,
            village=village,
            school=school,
            name=f"批量{n}",
            sex="M",
            birth_date=FIRST + datetime.timedelta(days=n % 2000),
            id_number=make_id_number(FIRST + datetime.timedelta(days=n % 2000), serial=n),
            schooling_status="primary",
            grade=1 + n % 6,
            class_name=f"{1 + n % 4}班",
            is_left_behind=n % 3 > 0,
        )
        for n in range(start, start + count)
    )
    Parent.objects.bulk_create(
        Parent(child=c, relation=rel, name="家长", status="away_out", work_province="江苏省")
        for c in children
        for rel in ("father", "mother")
    )
    Pairing.objects.bulk_create(
        Pairing(child=c, carer=carer, role="mentor", started_on=datetime.date(2024, 9, 1))
        for c in children[::2]
    )
    Contact.objects.bulk_create(
        Contact(
            child=c,
            carer=carer,
            kind="talk",
            on=datetime.date(2025, 3, 1) + datetime.timedelta(days=i % 200),
        )
        for i, c in enumerate(children)
    )
    Concern.objects.bulk_create(
        Concern(child=c, kind="other", description="情况", raised_by=raised_by)
        for c in children[::10]
    )
    care_state_refresh([c.pk for c in children])
    return children


def _queries(client, url: str, *, clear_cache: bool = False) -> int:
    """Return the queries one GET of `url` sends (after a first one, which saves the session)."""
    client.get(url)
    if clear_cache:
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return sum(not TRANSACTION_CONTROL.match(q["sql"]) for q in ctx.captured_queries)


@pytest.mark.django_db
def test_every_measured_page_sends_as_many_queries_for_1000_children_as_for_10(
    client, county, town_a, school_a, village_a, federation_officer
):
    client.force_login(federation_officer)
    children = _add_children(county, school_a, village_a, federation_officer, 10, start=1)
    donation = DonationFactory(donor=DonorFactory(county=county), county=county)
    AidFactory(child=children[0], donation=donation)
    report = report_services.report_draft_create(by=federation_officer, year=2025, half="H1")
    pages = {
        "register, first page": (reverse("children:list"), False),
        "register, filtered": (
            reverse("children:list")
            + f"?town={town_a.pk}&category=left_behind&overdue=on&sort=-last_contact&page=2",
            False,
        ),
        "child's file": (children[0].get_absolute_url(), False),
        "dashboard, cache cleared": (reverse("dashboards:county"), True),
        "dashboard, cached": (reverse("dashboards:county"), False),
        "report": (reverse("reports:detail", args=[report.pk]), False),
        "report .docx": (reverse("reports:docx", args=[report.pk]), False),
        "export": (reverse("imports:export") + "?status=all", False),
    }
    small = {name: _queries(client, url, clear_cache=c) for name, (url, c) in pages.items()}

    _add_children(county, school_a, village_a, federation_officer, 990, start=1000)
    assert Child.objects.filter(county=county).count() == 1000

    large = {name: _queries(client, url, clear_cache=c) for name, (url, c) in pages.items()}
    assert large == small
    # Within the ceiling of ten queries a page.
    assert small["register, first page"] <= 10
    assert small["register, filtered"] <= 10
    assert small["child's file"] <= 10
