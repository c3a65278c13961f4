"""Exporting the register: the template's columns, masking, the audit, and the round trip."""

import csv
import hashlib
import io
from urllib.parse import urlencode

import msoffcrypto
import pytest
from django.http import HttpResponse
from django.urls import reverse
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from audit.models import AuditEvent
from children.imports.columns import REGISTER_COLUMNS as COLUMNS
from children.models import Child, ImportBatch
from core.spreadsheets import encrypt_xlsx_file
from tests.children.imports.conftest import confirm, last_batch, upload
from tests.factories import ChildFactory, ParentFactory

PASSWORD = "Export-2026!"


def sheet_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.getvalue()), read_only=True).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def excel_rows(response) -> list[list]:
    """Return the sheet's rows as Excel reads them (and the import, through calamine):
    control characters in text are stored escaped (_x000D_), which openpyxl leaves as is."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.getvalue()))
    return book.get_sheet_by_index(0).to_python()


def decrypted(content: bytes, password: str = PASSWORD) -> bytes:
    """Return the plain .xlsx inside a password-protected one, as Excel would open it."""
    office = msoffcrypto.OfficeFile(io.BytesIO(content))
    office.load_key(password=password)
    out = io.BytesIO()
    office.decrypt(out)
    return out.getvalue()


def full_export(client, **params) -> bytes:
    """Export full values the way a user does: set a password, get the protected file."""
    url = reverse("imports:export") + "?" + urlencode({"full": "1", **params})
    response = client.post(url, {"password": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.getvalue()


@pytest.fixture
def register(school_a, village_a, school_b):
    """Two children at school_a (one with both parents) and one at school_b."""
    first = ChildFactory(school=school_a, village=village_a, name="张小明", address="东河村 3 组")
    ParentFactory(child=first, relation="father", phone="13912345678")
    ParentFactory(child=first, relation="mother", name="李母", status="at_home", work_province="")
    ChildFactory(school=school_a, name="王小兰", sex="F", guardian_phone="")
    ChildFactory(school=school_b, name="外校儿童")
    return first


def test_export_has_the_template_columns_and_only_the_users_scope(staff_client, register):
    rows = sheet_rows(HttpResponse(decrypted(full_export(staff_client))))
    assert rows[0] == [c.header for c in COLUMNS]
    assert sorted(r[0] for r in rows[1:]) == ["张小明", "王小兰"]
    first = next(r for r in rows if r[0] == "张小明")
    assert first[1] == register.id_number
    assert first[rows[0].index("父亲电话")] == "13912345678"
    assert first[rows[0].index("母亲状况")] == "在家"
    assert first[rows[0].index("现住村（居）")] == "东河村"


def test_export_is_masked_unless_full_values_are_asked_for_and_allowed(
    client, staff_client, mentor, paired_child, register
):
    rows = sheet_rows(staff_client.get(reverse("imports:export")))
    first = next(r for r in rows if r[0] == "张小明")
    assert "*" in first[1] and first[1] != register.id_number
    client.force_login(mentor)
    rows = sheet_rows(client.get(reverse("imports:export"), {"full": "1"}))
    assert [r[0] for r in rows[1:]] == [paired_child.name]
    assert "*" in rows[1][1]


def test_every_export_is_recorded(staff_client, register, school_staff):
    staff_client.get(reverse("imports:export"), {"format": "csv"})
    full_export(staff_client)
    events = AuditEvent.objects.filter(action="export").order_by("id")
    assert [e.user for e in events] == [school_staff, school_staff]
    assert [(e.changes["rows"], e.changes["full"], e.changes["format"]) for e in events] == [
        (2, False, "csv"),
        (2, True, "xlsx"),
    ]


def test_full_values_are_exported_only_behind_a_password(staff_client, register):
    form = staff_client.get(reverse("imports:export"), {"full": "1"})
    assert form.status_code == 200 and "文件密码" in form.content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()
    url = reverse("imports:export") + "?full=1"
    short = staff_client.post(url, {"password": "short", "password2": "short"})
    assert "至少" in short.content.decode() or "8" in short.content.decode()
    different = staff_client.post(url, {"password": PASSWORD, "password2": PASSWORD + "x"})
    assert "两次输入的密码不一致" in different.content.decode()
    content = full_export(staff_client)
    with pytest.raises(Exception):  # noqa: B017 - any reader error: the file is ciphertext
        load_workbook(io.BytesIO(content))
    with pytest.raises(Exception):  # noqa: B017
        decrypted(content, "wrong-password")
    rows = sheet_rows(HttpResponse(decrypted(content)))
    assert register.id_number in [r[1] for r in rows]


def test_full_values_are_never_exported_as_csv(staff_client, register):
    content = full_export(staff_client, format="csv")
    rows = sheet_rows(HttpResponse(decrypted(content)))
    assert register.id_number in [r[1] for r in rows]


def test_export_respects_the_lists_filters(staff_client, register):
    rows = sheet_rows(staff_client.get(reverse("imports:export"), {"q": "王小兰"}))
    assert [r[0] for r in rows[1:]] == ["王小兰"]


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_starting_with_a_formula_character_are_escaped(staff_client, school_a, prefix):
    ChildFactory(school=school_a, name="安全", address=f'{prefix}HYPERLINK("x")')
    rows = excel_rows(staff_client.get(reverse("imports:export")))
    address = rows[1][rows[0].index("详细住址")]
    assert address == f'\'{prefix}HYPERLINK("x")'
    text = (
        staff_client.get(reverse("imports:export"), {"format": "csv"})
        .getvalue()
        .decode("utf-8-sig")
    )
    record = list(csv.reader(io.StringIO(text)))[1]
    assert record[COLUMNS.index(next(c for c in COLUMNS if c.key == "address"))].startswith("'")


def test_round_trip_export_then_import_changes_nothing(staff_client, register):
    ChildFactory(school=register.school, name="负号", address="-3 号")
    ChildFactory(
        school=register.school,
        name="多选",
        income_sources=["wages", "pension"],
        help_received=["dibao", "temporary"],
    )
    content = decrypted(full_export(staff_client))  # the user opens it with the password
    before = list(Child.objects.order_by("pk").values())
    upload(staff_client, "export.xlsx", content)
    batch = last_batch()
    assert batch.problems() == []
    assert (batch.new_count, batch.changed_count, batch.unchanged_count) == (0, 0, 4)
    assert not batch.can_confirm
    confirm(staff_client, batch)
    assert list(Child.objects.order_by("pk").values()) == before


def test_the_protected_full_export_is_imported_back_with_its_password(staff_client, register):
    """The full export says it can be imported again: the school uploads the protected
    file as it was downloaded and types its password, no need to remove it in Excel."""
    content = full_export(staff_client)
    page = upload(staff_client, "儿童台账.xlsx", content)
    assert page.status_code == 200 and ImportBatch.objects.count() == 0
    assert "设置了打开密码" in page.content.decode() and "文件密码" in page.content.decode()
    page = upload(staff_client, "儿童台账.xlsx", content, password="not-the-one")
    assert "文件密码不正确" in page.content.decode()
    assert ImportBatch.objects.count() == 0
    response = upload(staff_client, "儿童台账.xlsx", content, password=PASSWORD)
    assert response.status_code == 302
    batch = last_batch()
    assert batch.problems() == []
    assert (batch.new_count, batch.changed_count, batch.unchanged_count) == (0, 0, 2)
    assert batch.sha256 == hashlib.sha256(decrypted(content)).hexdigest()


def test_a_changed_protected_export_brings_its_change_in(staff_client, register):
    """Edited offline (opened with the password, saved with it again): the change shows."""
    plain = decrypted(full_export(staff_client))
    book = load_workbook(io.BytesIO(plain))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "张小明")
    row[headers.index("详细住址")].value = "东河村 5 组 12 号"
    edited, protected = io.BytesIO(), io.BytesIO()
    book.save(edited)
    encrypt_xlsx_file(edited, "Another-pass-1", protected)
    upload(staff_client, "改过的台账.xlsx", protected.getvalue(), password="Another-pass-1")
    batch = last_batch()
    assert (batch.new_count, batch.changed_count, batch.unchanged_count) == (0, 1, 1)
    confirm(staff_client, batch)
    register.refresh_from_db()
    assert register.address == "东河村 5 组 12 号"


def test_a_masked_export_cannot_be_imported_by_mistake(staff_client, register):
    response = staff_client.get(reverse("imports:export"))
    upload(staff_client, "masked.xlsx", response.getvalue())
    batch = last_batch()
    assert {e["column"] for e in batch.problems()} >= {"公民身份号码"}
    assert "打码" in batch.problems()[0]["message"]
