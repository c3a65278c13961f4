"""Aid rules: never more than a donation holds, a confirmable repeat warning, voiding."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from audit.models import AuditEvent
from donations import services
from donations.models import Aid
from donations.selectors import donation_for
from tests.factories import AidFactory, ChildFactory, DonationFactory, DonorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def donation(county):
    return DonationFactory(donor=DonorFactory(county=county), amount=Decimal("1000.00"))


def give(by, child, donation, amount, kind="study", on=date(2025, 4, 1), **kw):
    return services.aid_give(
        by=by, child=child, donation=donation, kind=kind, amount=Decimal(amount), given_on=on, **kw
    )


def test_aid_within_the_balance_is_recorded_and_audited_with_the_child(
    federation_officer, child_a, donation
):
    aid = give(federation_officer, child_a, donation, "600")
    event = AuditEvent.objects.get(object_type="donations.Aid", object_id=str(aid.pk))
    assert aid.given_by == federation_officer and event.child == child_a
    assert donation_for(federation_officer, donation.pk).balance == Decimal("400.00")


def test_aid_exceeding_the_donations_balance_is_refused_naming_the_amount(
    federation_officer, child_a, child_b, donation
):
    give(federation_officer, child_a, donation, "600")
    with pytest.raises(ValidationError) as exc:
        give(federation_officer, child_b, donation, "400.01")
    assert "余额 400.00 元" in exc.value.message_dict["amount"][0]
    assert Aid.objects.count() == 1


def test_aid_up_to_exactly_the_balance_is_allowed(federation_officer, child_a, child_b, donation):
    give(federation_officer, child_a, donation, "600")
    give(federation_officer, child_b, donation, "400")
    assert donation_for(federation_officer, donation.pk).balance == Decimal("0.00")


def test_same_child_same_kind_same_half_year_warns_until_confirmed(
    federation_officer, child_a, donation
):
    give(federation_officer, child_a, donation, "100", on=date(2025, 3, 2))
    with pytest.raises(services.RepeatedAid) as exc:
        give(federation_officer, child_a, donation, "100", on=date(2025, 6, 30))
    confirmed = give(
        federation_officer, child_a, donation, "100", on=date(2025, 6, 30), confirm_repeat=True
    )
    assert len(exc.value.existing) == 1 and confirmed.pk


def test_other_kind_or_other_half_year_does_not_warn(federation_officer, child_a, donation):
    give(federation_officer, child_a, donation, "100", on=date(2025, 6, 30))
    give(federation_officer, child_a, donation, "100", on=date(2025, 7, 1))
    give(federation_officer, child_a, donation, "100", kind="living", on=date(2025, 7, 2))
    assert Aid.objects.count() == 3


def test_voiding_aid_keeps_the_record_restores_the_balance_and_is_audited(
    federation_officer, child_a, donation
):
    aid = give(federation_officer, child_a, donation, "1000")
    services.aid_void(by=federation_officer, aid=aid, reason="重复录入")
    aid.refresh_from_db()
    event = AuditEvent.objects.filter(child=child_a, action=AuditEvent.Action.UPDATE).get()
    assert aid.is_void and aid.void_reason == "重复录入" and aid.voided_by == federation_officer
    assert donation_for(federation_officer, donation.pk).balance == Decimal("1000.00")
    assert "重复录入" in event.summary


def test_voiding_needs_a_reason(federation_officer, child_a, donation):
    aid = give(federation_officer, child_a, donation, "100")
    with pytest.raises(ValidationError) as exc:
        services.aid_void(by=federation_officer, aid=aid, reason="  ")
    assert "作废原因" in exc.value.message_dict["reason"][0]


def test_school_staff_cannot_aid_a_child_of_another_school(school_staff, school_a, child_b, county):
    donation = DonationFactory(
        donor=DonorFactory(county=county), received_by="school", school=school_a
    )
    with pytest.raises(ValidationError) as exc:
        give(school_staff, child_b, donation, "100")
    assert "child" in exc.value.message_dict


def test_school_staff_cannot_draw_on_a_federation_donation(school_staff, child_a, donation):
    with pytest.raises(ValidationError) as exc:
        give(school_staff, child_a, donation, "100")
    assert "donation" in exc.value.message_dict


def test_donation_amount_cannot_drop_below_the_aid_already_given(
    federation_officer, child_a, donation
):
    give(federation_officer, child_a, donation, "800")
    with pytest.raises(ValidationError) as exc:
        services.donation_update(
            by=federation_officer,
            donation=donation,
            donor=donation.donor,
            values={"amount": Decimal("500")},
        )
    assert "800.00" in exc.value.message_dict["amount"][0]


def test_voided_aid_is_not_counted_but_a_live_one_is(federation_officer, county, school_a):
    child = ChildFactory(school=school_a)
    donation = DonationFactory(donor=DonorFactory(county=county), amount=Decimal("300"))
    AidFactory(child=child, donation=donation, amount=Decimal("100"))
    AidFactory(
        child=child,
        donation=donation,
        amount=Decimal("200"),
        voided_at="2025-04-02T00:00:00+08:00",
        void_reason="录错",
    )
    assert donation_for(federation_officer, donation.pk).balance == Decimal("200.00")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_aids_cannot_together_overdraw_a_donation(federation_officer, county):
    donation = DonationFactory(donor=DonorFactory(county=county), amount=Decimal("1000.00"))
    first, second = ChildFactory(), ChildFactory()
    first.county = second.county = county
    first.save()
    second.save()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def aid(child):
        try:
            barrier.wait()
            give(federation_officer, child, donation, "600")
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=aid, args=(c,)) for c in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["ok", "refused"]
    assert Aid.objects.filter(donation=donation).count() == 1
