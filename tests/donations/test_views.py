"""The donation ledger, a donation's page and the aid list: scoping by role, rules, exports."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from donations.models import Aid, Donation
from tests.factories import AidFactory, ChildFactory, DonationFactory, DonorFactory

pytestmark = pytest.mark.django_db

ALL_ROLES = [
    "school_staff",
    "school_staff_b",
    "mentor",
    "village_director",
    "town_officer",
    "town_officer_b",
    "federation_officer",
    "education_officer",
    "coordination_member",
    "administrator",
]
COUNTY = {"federation_officer", "education_officer"}


@pytest.fixture
def school_donation(county, school_a):
    donor = DonorFactory(county=county, name="恒升集团")
    return DonationFactory(donor=donor, received_by="school", school=school_a, amount=6000)


@pytest.fixture
def aid_a(school_donation, child_a):
    return AidFactory(child=child_a, donation=school_donation, amount=Decimal("500"))


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", ["donations:detail", "donations:edit"])
def test_a_schools_donation_answers_404_outside_its_scope(
    request, client, school_donation, role, name
):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse(name, args=[school_donation.pk]))
    assert response.status_code == (200 if role in COUNTY | {"school_staff"} else 404)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_voiding_aid_answers_404_outside_the_childs_scope(request, client, aid_a, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(reverse("donations:aid_void", args=[aid_a.pk]), {"reason": "测试"})
    aid_a.refresh_from_db()
    allowed = COUNTY | {"school_staff"}
    assert response.status_code == (302 if role in allowed else 404)
    assert aid_a.is_void == (role in allowed)


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(
    "name",
    [
        "donations:list",
        "donations:export",
        "donations:create",
        "donations:aid_list",
        "donations:aid_export",
    ],
)
def test_donation_pages_serve_only_the_roles_that_use_them(request, client, role, name):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse(name))
    allowed = COUNTY | {"school_staff", "school_staff_b"}
    if name == "donations:list":
        allowed = allowed | {"coordination_member"}  # totals only
    assert response.status_code == (200 if role in allowed else 404)


def test_coordination_member_sees_ledger_totals_but_no_donor_rows(
    client, coordination_member, aid_a
):
    client.force_login(coordination_member)
    response = client.get(reverse("donations:list"))
    overall = response.context["totals"]["overall"]
    assert overall["aided"] == Decimal("500") and overall["received"] == Decimal("6000")
    assert "5500.00" in response.content.decode() and "恒升集团" not in response.content.decode()


def test_school_staff_see_their_schools_donations_only(
    client, school_staff, school_donation, county, school_b
):
    DonationFactory(
        donor=DonorFactory(county=county, name="外校捐赠方"), received_by="school", school=school_b
    )
    client.force_login(school_staff)
    page = client.get(reverse("donations:list")).content.decode()
    assert "恒升集团" in page and "外校捐赠方" not in page


def test_aid_list_shows_only_children_in_scope(client, school_staff, aid_a, child_b):
    AidFactory(child=child_b, donation=aid_a.donation, amount=Decimal("100"))
    client.force_login(school_staff)
    page = client.get(reverse("donations:aid_list")).content.decode()
    assert "张小明" in page and "李小红" not in page


def test_school_staff_record_a_donation_received_by_their_own_school(
    client, school_staff, school_a
):
    client.force_login(school_staff)
    response = client.post(
        reverse("donations:create"),
        {
            "donor_name": "光彩事业促进会",
            "donor_kind": "organisation",
            "form": "money",
            "amount": "2000",
            "received_on": "2025-03-01",
        },
    )
    donation = Donation.objects.get()
    assert response.status_code == 302
    assert donation.school == school_a and donation.received_by == "school"


def test_aid_over_the_balance_is_refused_in_chinese_keeping_what_was_typed(
    client, federation_officer, school_donation, child_a
):
    client.force_login(federation_officer)
    response = client.post(
        reverse("donations:aid_create", args=[school_donation.pk]),
        {"children": child_a.pk, "kind": "study", "amount": "6000.01", "given_on": "2025-04-01"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "每人金额或折价（元）" in page and "超过该捐赠的余额 6000.00 元" in page
    assert 'value="6000.01"' in page and "张小明 · " in page
    assert not Aid.objects.exists()


def test_repeated_aid_shows_a_warning_and_goes_through_once_confirmed(
    client, federation_officer, aid_a, child_a
):
    client.force_login(federation_officer)
    url = reverse("donations:aid_create", args=[aid_a.donation_id])
    data = {"children": child_a.pk, "kind": "study", "amount": "200"}
    data["given_on"] = "2025-05-01"
    warned = client.post(url, data)
    confirmed = client.post(url, data | {"confirm_repeat": "on"})
    assert "本半年已获得同类资助" in warned.content.decode()
    assert confirmed.status_code == 302
    assert Aid.objects.filter(child=child_a).count() == 2


def test_a_child_outside_the_scope_cannot_be_sent_to_the_aid_form(
    client, school_staff, school_donation, child_a, child_b
):
    client.force_login(school_staff)
    response = client.post(
        reverse("donations:aid_create", args=[school_donation.pk]),
        {
            "children": [child_a.pk, child_b.pk],
            "kind": "study",
            "amount": "10",
            "given_on": "2025-04-01",
        },  # fmt: skip
    )
    assert response.status_code in (400, 404)
    assert not Aid.objects.exists()


def test_ledger_totals_by_half_year_and_donor_kind(client, federation_officer, county):
    enterprise = DonorFactory(county=county, kind="enterprise")
    person = DonorFactory(county=county, kind="person", name="本土歌手")
    DonationFactory(donor=enterprise, amount=1000, received_on=date(2025, 3, 1))
    DonationFactory(donor=person, amount=250, received_on=date(2024, 9, 1))
    client.force_login(federation_officer)
    response = client.get(reverse("donations:list"))
    totals = response.context["totals"]
    by_period = {(r["year"], r["half"]): r["received"] for r in totals["by_period"]}
    by_kind = {r["donor__kind"]: r["received"] for r in totals["by_kind"]}
    assert totals["overall"]["received"] == Decimal("1250")
    assert totals["overall"]["aided"] == Decimal("0")
    assert by_period == {(2025, 1): Decimal("1000"), (2024, 2): Decimal("250")}
    assert by_kind == {"enterprise": Decimal("1000"), "person": Decimal("250")}
    h1 = client.get(reverse("donations:list"), {"period": "2025-H1"}).context["totals"]
    assert h1["overall"]["received"] == Decimal("1000")


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_ledger_and_aid_list_take_the_same_queries_at_two_sizes(
    client, federation_officer, county, school_a
):
    client.force_login(federation_officer)

    def grow(n):
        for _ in range(n):
            donation = DonationFactory(donor=DonorFactory(county=county))
            AidFactory(child=ChildFactory(school=school_a), donation=donation)

    grow(2)
    names = ("donations:list", "donations:aid_list")
    small = [_queries(client, reverse(n)) for n in names]
    grow(8)
    assert [_queries(client, reverse(n)) for n in names] == small


def test_ledger_export_escapes_formulas_and_is_audited_with_the_row_count(
    client, federation_officer, county
):
    DonationFactory(donor=DonorFactory(county=county, name="=1+2"), purpose="@SUM(A1)")
    client.force_login(federation_officer)
    response = client.get(reverse("donations:export"))
    row = next(
        load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert row[1] == "'=1+2" and row[8] == "'@SUM(A1)"
    assert event.changes["rows"] == 1


def test_aid_export_lists_voided_aid_when_asked_and_is_audited(client, school_staff, aid_a):
    aid_a.voided_at = "2025-04-02T00:00:00+08:00"
    aid_a.void_reason = "录错"
    aid_a.save()
    client.force_login(school_staff)
    live = client.get(reverse("donations:aid_export"))
    everything = client.get(reverse("donations:aid_export"), {"include_void": "on"})
    live_rows = list(load_workbook(BytesIO(live.content)).active.iter_rows(min_row=2))
    all_rows = list(load_workbook(BytesIO(everything.content)).active.iter_rows(min_row=2))
    assert len(live_rows) == 0 and len(all_rows) == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 2
