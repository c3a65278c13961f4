"""Nothing of an uploaded file is kept in the clear, nor longer than needed."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from children.models import ImportBatch
from tests.children.imports.conftest import confirm, last_batch, person, upload, xlsx_bytes


def test_the_uploaded_file_and_its_preview_are_encrypted_at_rest(staff_client):
    row = person(1)
    content = xlsx_bytes([row, person(2, **{"联系电话": "12"})])
    upload(staff_client, "a.xlsx", content)
    batch = last_batch()
    stored = bytes(ImportBatch.objects.values_list("content", flat=True).get())
    payload = bytes(ImportBatch.objects.values_list("payload", flat=True).get())
    assert stored and not stored.startswith(b"PK") and content not in stored
    assert row["身份证号码"].encode() not in payload and b"\xe5\xad\xa6\xe7\x94\x9f" not in payload
    assert batch.file_content() == content
    confirm(staff_client, batch)
    batch.refresh_from_db()
    assert bytes(batch.content) == b""  # the file goes once the rows are written


def test_an_unconfirmed_batch_is_erased_after_seven_days_a_confirmed_one_keeps_its_history(
    staff_client,
):
    upload(staff_client, "old.xlsx", xlsx_bytes([person(1)]))
    old = last_batch()
    upload(staff_client, "done.xlsx", xlsx_bytes([person(2)]))
    done = last_batch()
    confirm(staff_client, done)
    upload(staff_client, "new.xlsx", xlsx_bytes([person(3)]))
    recent = last_batch()
    eight_days_ago = timezone.now() - datetime.timedelta(days=8)
    ImportBatch.objects.filter(pk__in=[old.pk, done.pk]).update(created_at=eight_days_ago)
    call_command("expire_imports")
    old.refresh_from_db()
    done.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, bytes(old.content), bytes(old.payload)) == ("expired", b"", b"")
    assert done.status == "done" and done.rows()  # what it wrote stays listed
    assert recent.status == "preview" and recent.file_content()
    assert staff_client.get(old.get_absolute_url()).status_code == 200
