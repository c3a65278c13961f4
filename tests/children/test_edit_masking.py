"""The edit form shows IDs and phones masked; the full value only on an audited reveal."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from children.models import Child, Parent
from tests.children.test_views import child_form_data
from tests.factories import make_id_number

FATHER_ID = make_id_number(datetime.date(1980, 1, 1), "M", serial=7)
FATHER_PHONE = "13912345678"


@pytest.fixture
def child(client, school_staff, school_a):
    client.force_login(school_staff)
    client.post(
        reverse("children:create"),
        child_form_data(school_a, **{"father-id_number": FATHER_ID, "father-phone": FATHER_PHONE}),
    )
    return Child.objects.get(name="王小花")


def test_the_edit_form_shows_no_full_id_or_phone_and_reads_nothing_unaudited(client, child):
    reads = AuditEvent.objects.filter(action=AuditEvent.Action.READ_SENSITIVE).count()
    html = client.get(reverse("children:edit", args=[child.pk])).content.decode()
    for full in (child.id_number, child.guardian_phone, FATHER_ID, FATHER_PHONE):
        assert full not in html
    assert child.id_masked in html and "修改" in html and "查看完整" in html
    assert AuditEvent.objects.filter(action=AuditEvent.Action.READ_SENSITIVE).count() == reads


def test_leaving_the_masked_fields_empty_keeps_the_stored_values(client, child, school_a):
    data = child_form_data(
        school_a, id_number="", guardian_phone="", class_name="3班", version=str(child.version)
    )
    data.update({"father-id_number": "", "father-phone": ""})
    response = client.post(reverse("children:edit", args=[child.pk]), data)
    assert response.status_code == 302
    old_id = child.id_number
    child.refresh_from_db()
    father = Parent.objects.get(child=child, relation="father")
    assert (child.class_name, child.id_number, child.guardian_phone) == (
        "3班",
        old_id,
        "13600000028",
    )
    assert (father.id_number, father.phone) == (FATHER_ID, FATHER_PHONE)


def test_typing_into_a_masked_field_replaces_the_value(client, child, school_a):
    data = child_form_data(
        school_a, id_number="", guardian_phone="13700000001", version=str(child.version)
    )
    assert client.post(reverse("children:edit", args=[child.pk]), data).status_code == 302
    child.refresh_from_db()
    assert child.guardian_phone == "13700000001"


def test_revealing_a_parents_id_from_the_form_is_audited(client, child):
    response = client.post(
        reverse("children:reveal", args=[child.pk]), {"field": "father_id_number"}
    )
    assert response.json()["value"] == FATHER_ID
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.READ_SENSITIVE, child=child, summary__contains="father_id_number"
    ).exists()
