"""A wrong tap: the author corrects or withdraws a contact within 24 hours, audited, kept."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from children.care.corrections import contact_correct, contact_withdraw
from children.models import Contact
from children.register import register_queryset
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(paired_child, mentor):
    return ContactFactory(
        child=paired_child,
        carer=mentor.carer,
        recorded_by=mentor,
        kind=Contact.Kind.TALK,
        on=timezone.localdate(),
    )


def age(contact: Contact, hours: int) -> Contact:
    """Make `contact` look recorded `hours` ago."""
    at = timezone.now() - datetime.timedelta(hours=hours)
    Contact.objects.filter(pk=contact.pk).update(created_at=at)
    contact.refresh_from_db()
    return contact


def test_the_author_corrects_the_kind_and_the_change_is_audited(mentor, mine):
    contact_correct(by=mentor, contact=mine, kind="home_visit", on=mine.on, notes="其实是家访")
    mine.refresh_from_db()
    event = mine.child.audit_events.get(summary__startswith="更正联系记录")
    assert mine.kind == "home_visit" and mine.notes == "其实是家访"
    assert event.changes["fields"]["kind"] == ["talk", "home_visit"]


def test_after_24_hours_the_contact_can_no_longer_be_corrected(mentor, mine):
    age(mine, 25)
    with pytest.raises(PermissionDenied):
        contact_correct(by=mentor, contact=mine, kind="home_visit", on=mine.on, notes="")
    assert Contact.objects.get(pk=mine.pk).kind == "talk"


def test_someone_else_cannot_correct_the_mentors_contact(school_staff, mine):
    with pytest.raises(PermissionDenied):
        contact_withdraw(by=school_staff, contact=mine, reason="点错了")


def test_a_withdrawn_contact_is_kept_but_no_longer_counts(mentor, mine):
    contact_withdraw(by=mentor, contact=mine, reason="点错了儿童")
    kept = Contact.with_withdrawn.get(pk=mine.pk)
    assert kept.withdrawn_at is not None and kept.withdraw_reason == "点错了儿童"
    assert not Contact.objects.filter(pk=mine.pk).exists()
    row = register_queryset(mentor).get(pk=mine.child_id)
    assert row.last_contact_on is None
    assert mine.child.audit_events.filter(summary__startswith="撤回联系记录").count() == 1


def test_a_withdrawal_needs_a_reason(mentor, mine):
    with pytest.raises(ValidationError):
        contact_withdraw(by=mentor, contact=mine, reason="  ")
    assert Contact.objects.filter(pk=mine.pk).exists()


def test_the_file_offers_the_correction_only_to_the_author_within_the_window(
    client, mentor, school_staff, mine
):
    url = reverse("children:detail", args=[mine.child_id])
    link = reverse("care:contact_correct", args=[mine.pk])
    client.force_login(mentor)
    assert link in client.get(url).content.decode()
    client.force_login(school_staff)
    assert link not in client.get(url).content.decode()
    assert client.get(link).status_code == 404
    age(mine, 30)
    client.force_login(mentor)
    assert link not in client.get(url).content.decode()
    assert client.get(link).status_code == 404


def test_the_correction_page_saves_and_returns_to_the_file(client, mentor, mine):
    client.force_login(mentor)
    response = client.post(
        reverse("care:contact_correct", args=[mine.pk]),
        {"kind": "parent_call", "on": mine.on.isoformat(), "notes": "给妈妈打了电话"},
    )
    assert response.status_code == 302
    assert Contact.objects.get(pk=mine.pk).kind == "parent_call"
