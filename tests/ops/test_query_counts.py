"""Query counts of the benchmarked pages stay fixed as the data grows: no N+1 can land.

Each page is opened on a small county and again after more children, contacts, aid and
activities were added; both must stay within the page's budget. The budgets are the
counts measured when the benchmark (docs/benchmarks.md) was written. Transaction control
(BEGIN, COMMIT, SAVEPOINT, RELEASE) is not counted: PostgreSQL in production sends none of
it as statements, while SQLite and the test's own transaction add some.
"""

import datetime
import re
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from children.models import Child, ImportBatch
from ops.bench.imports import register_xlsx
from reports import services as report_services
from tests.factories import (
    ActivityFactory,
    AidFactory,
    ChildFactory,
    ConcernFactory,
    ContactFactory,
    DonationFactory,
    DonorFactory,
    PairingFactory,
    ParentFactory,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Query budgets per page: what each page sends today (docs/benchmarks.md). The issue's
# ceiling of 10 holds for the first page of the register; the filtered page needs one more
# (the chosen town is looked up by the form) and the child's file 14 (one query per
# history section, the county and the transfer form's schools): see docs/benchmarks.md.
LIST_QUERIES = 10
LIST_FILTERED_QUERIES = 10
FILE_QUERIES = 10
DASHBOARD_QUERIES = 18
REPORT_QUERIES = 37
IMPORT_PREVIEW_QUERIES = 12
IMPORT_CONFIRM_QUERIES = 16
EXPORT_QUERIES = 8
TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)", re.I)
# At most this many transaction-control statements around a request (the session's save).
CONTROL_SLACK = 6


@contextmanager
def within(assert_max, budget: int):
    """Fail if the block sends more than `budget` queries, transaction control aside."""
    with assert_max(budget + CONTROL_SLACK) as ctx:
        yield ctx
    queries = [q["sql"] for q in ctx.captured_queries if not TRANSACTION_CONTROL.match(q["sql"])]
    assert len(queries) <= budget, f"{len(queries)} queries > {budget}:\n" + "\n".join(
        q[:150] for q in queries
    )


def _grow(county, school, village, user, *, children: int) -> list:
    """Add `children` children with parents, a mentor, contacts, a concern and aid."""
    donation = DonationFactory(donor=DonorFactory(county=county), county=county)
    made = []
    for n in range(children):
        child = ChildFactory(
            school=school, village=village, birth_date=datetime.date(2014, 1, 1 + n)
        )
        ParentFactory(child=child)
        ParentFactory(child=child, relation="mother", name="张母")
        PairingFactory(child=child)
        ContactFactory.create_batch(3, child=child)
        ConcernFactory(child=child, raised_by=user)
        AidFactory(child=child, donation=donation)
        ActivityFactory(county=county, school=school, town=school.town)
        made.append(child)
    return made


@pytest.fixture
def grow(county, school_a, village_a, federation_officer):
    """Return a function adding `children` children (and their records) to school_a."""
    return lambda children: _grow(
        county, school_a, village_a, federation_officer, children=children
    )


def _open_twice(client, grow, url: str, budget: int, assert_max, *, clear_cache=False) -> None:
    """Open `url` on a small county and on a larger one; both within `budget` queries."""
    for size in (2, 8):
        grow(size)
        if clear_cache:
            cache.clear()
        with within(assert_max, budget):
            response = client.get(url)
        assert response.status_code == 200


@pytest.mark.django_db
def test_register_list_first_page_stays_within_budget(
    client, federation_officer, grow, django_assert_max_num_queries
):
    client.force_login(federation_officer)
    _open_twice(client, grow, reverse("children:list"), LIST_QUERIES, django_assert_max_num_queries)


@pytest.mark.django_db
def test_register_list_filtered_page_stays_within_budget(
    client, federation_officer, town_a, grow, django_assert_max_num_queries
):
    client.force_login(federation_officer)
    url = (
        reverse("children:list")
        + f"?town={town_a.pk}&category=left_behind&overdue=on&sort=-last_contact"
    )
    _open_twice(client, grow, url, LIST_FILTERED_QUERIES, django_assert_max_num_queries)


@pytest.mark.django_db
def test_child_file_stays_within_budget_however_long_the_history(
    client, federation_officer, grow, django_assert_max_num_queries
):
    client.force_login(federation_officer)
    child = grow(1)[0]
    url = child.get_absolute_url()
    client.get(url)  # the first request after login saves the session (every 5 minutes)
    with within(django_assert_max_num_queries, FILE_QUERIES):
        assert client.get(url).status_code == 200
    ContactFactory.create_batch(20, child=child)
    AidFactory.create_batch(5, child=child, donation=child.aid.first().donation)
    with within(django_assert_max_num_queries, FILE_QUERIES):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_county_dashboard_uncached_stays_within_budget(
    client, federation_officer, grow, django_assert_max_num_queries
):
    client.force_login(federation_officer)
    _open_twice(
        client,
        grow,
        reverse("dashboards:county"),
        DASHBOARD_QUERIES,
        django_assert_max_num_queries,
        clear_cache=True,
    )


def _draft(user):
    return report_services.report_draft_create(by=user, year=2025, half="H1")


@pytest.mark.django_db
def test_report_generation_stays_within_budget(
    client, federation_officer, grow, django_assert_max_num_queries
):
    client.force_login(federation_officer)
    report = _draft(federation_officer)
    url = reverse("reports:detail", args=[report.pk])
    _open_twice(client, grow, url, REPORT_QUERIES, django_assert_max_num_queries)


@pytest.mark.django_db
def test_report_docx_download_stays_within_budget(
    client, federation_officer, grow, django_assert_max_num_queries
):
    client.force_login(federation_officer)
    report = _draft(federation_officer)
    url = reverse("reports:docx", args=[report.pk])
    _open_twice(client, grow, url, REPORT_QUERIES, django_assert_max_num_queries)


@pytest.mark.django_db
def test_register_export_stays_within_budget(
    client, federation_officer, grow, django_assert_max_num_queries
):
    client.force_login(federation_officer)
    url = reverse("imports:export") + "?status=all"
    _open_twice(client, grow, url, EXPORT_QUERIES, django_assert_max_num_queries)


@pytest.mark.django_db
def test_import_preview_and_confirm_stay_within_budget_for_more_rows(
    client, school_staff, school_a, village_a, django_assert_max_num_queries
):
    client.force_login(school_staff)
    for rows in (3, 30):
        content = register_xlsx(rows, school_a.name, school_a.town.name, village_a.name)
        upload = SimpleUploadedFile(f"r{rows}.xlsx", content, content_type=XLSX)
        with within(django_assert_max_num_queries, IMPORT_PREVIEW_QUERIES):
            response = client.post(reverse("imports:index"), {"file": upload})
        assert response.status_code == 302
        batch = ImportBatch.objects.order_by("-pk").first()
        assert batch.status == ImportBatch.Status.PREVIEW, batch.problems()[:3]
        with within(django_assert_max_num_queries, IMPORT_CONFIRM_QUERIES):
            response = client.post(
                reverse("imports:confirm", args=[batch.pk]), {"sha256": batch.sha256}
            )
        assert response.status_code == 302
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.DONE
        assert Child.objects.filter(school=school_a).count() == rows
