"""A child registered at another school is never taken by an import: it becomes a request."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from children.models import Child, Transfer, TransferRequest
from children.services import child_transfer
from tests.children.imports.conftest import confirm, last_batch, person, upload, xlsx_bytes
from tests.factories import ChildFactory


def pull_row(other: Child) -> dict:
    return person(
        1, **{"身份证号码": other.id_number, "出生年月": "", "性别": "", "姓名": "李小红"}
    )


def test_an_import_asks_for_another_schools_child_and_the_child_moves_only_when_it_agrees(
    client, school_staff, school_staff_b, school_a, school_b, village_a, village_b
):
    other = ChildFactory(school=school_b, village=village_b, name="李小红")
    client.force_login(school_staff)
    upload(client, "pull.xlsx", xlsx_bytes([pull_row(other), person(2)]))
    batch = last_batch()
    assert (batch.new_count, batch.transfer_count, batch.error_count) == (1, 1, 0)
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "已在本县其他单位登记" in page
    assert school_b.name not in page  # the preview never says which school
    assert "确认后发出转学申请" in page

    confirm(client, batch)
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "已发出转学申请" in page and "确认后发出转学申请" not in page
    assert school_b.name not in page
    other.refresh_from_db()
    assert other.school == school_b  # after confirm the child has not moved
    request = TransferRequest.objects.get()
    assert (request.child, request.from_school, request.to_school, request.status) == (
        other,
        school_b,
        school_a,
        "pending",
    )
    asked = AuditEvent.objects.get(object_type="children.TransferRequest", action="create")
    assert (asked.child, asked.user) == (other, school_staff)
    assert client.post(reverse("transfers:accept", args=[request.pk])).status_code == 404

    client.force_login(school_staff_b)
    home = client.get("/").content.decode()
    assert "转学申请待答复" in home and "李小红" in home and school_a.name in home
    client.post(reverse("transfers:accept", args=[request.pk]))
    other.refresh_from_db()
    request.refresh_from_db()
    assert other.school == school_a and request.status == "accepted"
    assert Transfer.objects.get(child=other).from_school == school_b
    moved = AuditEvent.objects.get(child=other, action="transfer")
    assert moved.user == school_staff_b
    assert AuditEvent.objects.filter(
        object_type="children.TransferRequest", action="update", child=other
    ).exists()
    assert "转学申请待答复" not in client.get("/").content.decode()


def test_a_refused_request_leaves_the_child_where_they_are_and_is_audited(
    client, school_staff, school_staff_b, school_b, village_a, village_b
):
    other = ChildFactory(school=school_b, village=village_b, name="李小红")
    client.force_login(school_staff)
    upload(client, "pull.xlsx", xlsx_bytes([pull_row(other)]))
    confirm(client, last_batch())
    request = TransferRequest.objects.get()
    client.force_login(school_staff_b)
    client.post(reverse("transfers:refuse", args=[request.pk]))
    request.refresh_from_db()
    other.refresh_from_db()
    assert (request.status, request.answered_by, other.school) == (
        "refused",
        school_staff_b,
        school_b,
    )
    assert AuditEvent.objects.filter(object_id=str(request.pk), action="update").count() == 1


def test_uploading_the_same_file_again_asks_only_once(
    client, school_staff, school_b, village_a, village_b
):
    other = ChildFactory(school=school_b, village=village_b, name="李小红")
    client.force_login(school_staff)
    for _ in range(2):
        upload(client, "pull.xlsx", xlsx_bytes([pull_row(other)]))
        confirm(client, last_batch())
    assert TransferRequest.objects.count() == 1


def test_after_the_transfer_the_same_file_brings_in_the_rows_other_values(
    client, school_staff, school_staff_b, school_a, school_b, village_a, village_b
):
    other = ChildFactory(school=school_b, village=village_b, name="李小红", grade=2)
    content = xlsx_bytes([pull_row(other)])  # 3年级 1班 at the importing school
    client.force_login(school_staff)
    upload(client, "pull.xlsx", content)
    confirm(client, last_batch())
    client.force_login(school_staff_b)
    client.post(reverse("transfers:accept", args=[TransferRequest.objects.get().pk]))
    other.refresh_from_db()
    assert (other.school, other.grade) == (school_a, 2)  # moved; the row's values not yet

    client.force_login(school_staff)
    upload(client, "pull.xlsx", content)
    again = last_batch()
    assert (again.transfer_count, again.changed_count) == (0, 1)
    assert again.rows()[0]["changes"]["grade"] == [2, 3]
    confirm(client, again)
    other.refresh_from_db()
    assert (other.school, other.grade, other.class_name) == (school_a, 3, "1班")


def test_a_town_officer_over_both_schools_may_answer_one_of_another_town_may_not(
    client, school_staff, school_a2, town_officer, town_officer_b, village_a
):
    other = ChildFactory(school=school_a2, village=village_a, name="李小红")
    client.force_login(school_staff)
    upload(client, "pull.xlsx", xlsx_bytes([pull_row(other)]))
    confirm(client, last_batch())
    request = TransferRequest.objects.get()
    client.force_login(town_officer_b)
    assert client.post(reverse("transfers:accept", args=[request.pk])).status_code == 404
    client.force_login(town_officer)
    client.post(reverse("transfers:accept", args=[request.pk]))
    other.refresh_from_db()
    assert other.school == school_staff.school


def test_a_direct_transfer_by_someone_not_over_the_child_is_refused(
    client, school_staff, school_b, village_b
):
    other = ChildFactory(school=school_b, village=village_b)
    client.force_login(school_staff)
    response = client.post(
        reverse("children:transfer", args=[other.pk]), {"to_school": school_staff.school_id}
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        child_transfer(
            by=school_staff, child=other, to_school=school_staff.school, on=timezone.localdate()
        )
    other.refresh_from_db()
    assert other.school == school_b
