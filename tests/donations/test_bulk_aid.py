"""Aid to several children at once: same amount each, all or none, balance checked first."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from donations import services
from donations.models import Aid
from donations.selectors import donation_for
from tests.factories import AidFactory, ChildFactory, DonationFactory, DonorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def donation(county):
    return DonationFactory(donor=DonorFactory(county=county), amount=Decimal("1000.00"))


@pytest.fixture
def three(school_a, school_b):
    return [
        ChildFactory(school=school_a, name="王一"),
        ChildFactory(school=school_a, name="王二"),
        ChildFactory(school=school_b, name="王三"),
    ]


def give_many(by, children, donation, amount, **kw):
    return services.aid_give_many(
        by=by, children=children, donation=donation, kind="study", amount=Decimal(amount),
        given_on=date(2025, 4, 1), goods="", notes="", **kw,
    )  # fmt: skip


def test_three_children_get_the_same_amount_each_and_one_audit_row_each(
    federation_officer, three, donation
):
    given = give_many(federation_officer, three, donation, "300")
    assert [a.child.name for a in given] == ["王一", "王二", "王三"]
    assert {a.amount for a in given} == {Decimal("300")}
    assert AuditEvent.objects.filter(object_type="donations.Aid").count() == 3
    assert donation_for(federation_officer, donation.pk).balance == Decimal("100.00")


def test_a_total_over_the_balance_gives_nothing_and_names_the_sum(
    federation_officer, three, donation
):
    with pytest.raises(ValidationError) as exc:
        give_many(federation_officer, three, donation, "400")
    assert "3 名儿童 × 400 元 = 1200.00 元，超过该捐赠的余额 1000.00 元" in str(exc.value)
    assert not Aid.objects.exists()


def test_one_repeat_among_the_children_holds_back_all_until_confirmed(
    federation_officer, three, donation
):
    AidFactory(child=three[1], donation=donation, amount=Decimal("100"), given_on=date(2025, 3, 1))
    with pytest.raises(services.RepeatedAid) as exc:
        give_many(federation_officer, three, donation, "100")
    assert [a.child for a in exc.value.existing] == [three[1]]
    assert Aid.objects.count() == 1
    give_many(federation_officer, three, donation, "100", confirm_repeat=True)
    assert Aid.objects.count() == 4


def test_a_child_outside_the_scope_stops_the_whole_batch(school_staff, county, school_a, three):
    donor = DonorFactory(county=county)
    ours = DonationFactory(donor=donor, received_by="school", school=school_a, amount=500)
    with pytest.raises(ValidationError) as exc:
        give_many(school_staff, three, ours, "10")
    assert "该儿童不在您的管辖范围内" in str(exc.value)
    assert not Aid.objects.exists()


def test_an_officer_aids_children_chosen_on_the_register_in_one_post(
    client, federation_officer, three, donation
):
    client.force_login(federation_officer)
    url = reverse("donations:aid_bulk")
    form = client.get(url, {"children": [c.pk for c in three]})
    page = form.content.decode()
    assert all(f'value="{c.pk}"' in page for c in three)
    response = client.post(
        url,
        {
            "children": [c.pk for c in three],
            "donation": donation.pk,
            "kind": "study",
            "amount": "250",
            "given_on": "2025-04-01",
        },  # fmt: skip
    )
    assert response.status_code == 302
    assert Aid.objects.filter(donation=donation, amount=Decimal("250")).count() == 3


def test_the_bulk_form_offers_only_donations_with_money_left(
    client, federation_officer, county, three
):
    spent = DonationFactory(donor=DonorFactory(county=county, name="已用完"), amount=100)
    AidFactory(child=three[0], donation=spent, amount=Decimal("100"))
    DonationFactory(donor=DonorFactory(county=county, name="尚有余额"), amount=500)
    client.force_login(federation_officer)
    page = client.get(reverse("donations:aid_bulk")).content.decode()
    assert "尚有余额" in page and "已用完" not in page
