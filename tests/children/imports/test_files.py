"""Files that cannot be imported get a clear message and nothing is written."""

import io
import zipfile

import pytest
from django.urls import reverse

from children.models import Child, ImportBatch
from tests.children.imports.conftest import (
    confirm,
    csv_bytes,
    last_batch,
    person,
    upload,
    xlsx_bytes,
)


def refused(response) -> str:
    """Return the upload form's error text (the page re-renders with status 200)."""
    assert response.status_code == 200
    assert ImportBatch.objects.count() == 0 and Child.objects.count() == 0
    return response.content.decode()


def test_a_file_over_the_size_cap_is_refused(staff_client, settings):
    settings.REGISTER_IMPORT_MAX_BYTES = 1000
    page = refused(upload(staff_client, "big.xlsx", xlsx_bytes([person(1)])))
    assert "文件过大" in page


def test_a_file_over_the_row_cap_is_refused(staff_client, settings):
    settings.REGISTER_IMPORT_MAX_ROWS = 2
    upload(staff_client, "rows.xlsx", xlsx_bytes([person(1), person(2), person(3)]))
    batch = last_batch()
    assert batch.status == "failed" and "超过 2 行" in batch.failure
    assert Child.objects.count() == 0


def test_an_xlsx_that_is_really_text_is_refused(staff_client):
    content = csv_bytes([person(1)], encoding="utf-8")
    assert "内容不是 Excel 工作簿" in refused(upload(staff_client, "fake.xlsx", content))


def test_a_csv_that_is_really_a_workbook_is_refused(staff_client):
    assert "内容是 Excel 工作簿" in refused(
        upload(staff_client, "fake.csv", xlsx_bytes([person(1)]))
    )


def test_other_file_types_are_refused(staff_client):
    assert "只能导入 .xlsx、.xls、.ods 或 .csv" in refused(
        upload(staff_client, "photo.jpg", b"\xff\xd8\xff")
    )


def test_a_password_protected_workbook_asks_for_its_password(staff_client):
    # An encrypted .xlsx is an OLE compound file holding an EncryptionInfo stream.
    content = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptionInfo".encode("utf-16-le")
    )
    assert "请在“文件密码”中填写该密码" in refused(upload(staff_client, "locked.xlsx", content))
    # With a password, a container that only looks encrypted is reported as damaged.
    assert "已损坏" in refused(upload(staff_client, "locked.xlsx", content, password="x"))
    assert not ImportBatch.objects.exists()


def test_a_damaged_xls_is_reported_as_damaged_and_its_content_erased(staff_client):
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
    upload(staff_client, "old.xls", content)
    batch = last_batch()
    assert batch.status == "failed" and "已损坏" in batch.failure
    assert bytes(batch.content) == b"" and Child.objects.count() == 0


def test_a_corrupt_workbook_is_refused(staff_client):
    content = xlsx_bytes([person(1)])[:400]
    assert "损坏" in refused(upload(staff_client, "broken.xlsx", content))


def test_a_zip_bomb_is_refused(staff_client):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 50_000_000)
    assert "异常巨大" in refused(upload(staff_client, "bomb.xlsx", out.getvalue()))


def test_a_workbook_with_a_damaged_sheet_fails_with_a_message(staff_client):
    good = xlsx_bytes([person(1)])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            dst.writestr(info, data)
    upload(staff_client, "damaged.xlsx", out.getvalue())
    batch = last_batch()
    assert batch.status == "failed" and "损坏" in batch.failure
    assert Child.objects.count() == 0


def test_a_file_without_a_recognisable_header_fails_with_a_message(staff_client):
    upload(staff_client, "nohead.csv", "甲,乙,丙\n1,2,3\n".encode("gb18030"))
    batch = last_batch()
    assert batch.status == "failed" and "找不到表头" in batch.failure


@pytest.mark.django_db(transaction=True)
def test_a_large_file_is_checked_and_written_by_the_background_worker(
    client, school_staff, village_a, settings, run_worker
):
    settings.REGISTER_IMPORT_INLINE_MAX_BYTES = 0  # every file goes to the worker
    client.force_login(school_staff)
    upload(client, "big.xlsx", xlsx_bytes([person(n) for n in range(1, 41)]))
    batch = last_batch()
    status = client.get(reverse("imports:status", args=[batch.pk])).json()
    assert (status["status"], status["working"]) == ("queued", True)
    assert "import-progress" in client.get(batch.get_absolute_url()).content.decode()
    assert run_worker() == 1
    status = client.get(reverse("imports:status", args=[batch.pk])).json()
    assert (status["status"], status["progress"], status["working"]) == ("preview", 100, False)
    batch.refresh_from_db()
    assert batch.new_count == 40
    confirm(client, batch)
    batch.refresh_from_db()
    assert batch.status == "confirming" and Child.objects.count() == 0
    assert run_worker() == 1
    batch.refresh_from_db()
    assert batch.status == "done"
    assert Child.objects.count() == 40
