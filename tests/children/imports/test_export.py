"""Exporting the register: the template's columns, masking, the audit, and the round trip."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from children.imports.columns import COLUMNS
from children.models import Child
from tests.children.imports.conftest import confirm, last_batch, upload
from tests.factories import ChildFactory, ParentFactory


def sheet_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


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
    response = staff_client.get(reverse("imports:export"), {"full": "1"})
    rows = sheet_rows(response)
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
    staff_client.get(reverse("imports:export"), {"full": "1", "format": "csv"})
    event = AuditEvent.objects.get(action="export")
    assert event.user == school_staff
    assert (event.changes["count"], event.changes["full"], event.changes["format"]) == (
        2,
        True,
        "csv",
    )


def test_export_respects_the_lists_filters(staff_client, register):
    rows = sheet_rows(staff_client.get(reverse("imports:export"), {"q": "王小兰"}))
    assert [r[0] for r in rows[1:]] == ["王小兰"]


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_starting_with_a_formula_character_are_escaped(staff_client, school_a, prefix):
    ChildFactory(school=school_a, name="安全", address=f'{prefix}HYPERLINK("x")')
    rows = sheet_rows(staff_client.get(reverse("imports:export")))
    address = rows[1][rows[0].index("详细住址")]
    assert address == f'\'{prefix}HYPERLINK("x")'
    text = staff_client.get(reverse("imports:export"), {"format": "csv"}).content.decode(
        "utf-8-sig"
    )
    record = list(csv.reader(io.StringIO(text)))[1]
    assert record[COLUMNS.index(next(c for c in COLUMNS if c.key == "address"))].startswith("'")


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_round_trip_export_then_import_changes_nothing(staff_client, register, kind):
    ChildFactory(school=register.school, name="负号", address="-3 号")
    response = staff_client.get(reverse("imports:export"), {"full": "1", "format": kind})
    before = list(Child.objects.order_by("pk").values())
    upload(staff_client, f"export.{kind}", response.content)
    batch = last_batch()
    assert batch.errors == []
    assert (batch.new_count, batch.changed_count, batch.unchanged_count) == (0, 0, 3)
    assert not batch.can_confirm
    confirm(staff_client, batch)
    assert list(Child.objects.order_by("pk").values()) == before


def test_a_masked_export_cannot_be_imported_by_mistake(staff_client, register):
    response = staff_client.get(reverse("imports:export"))
    upload(staff_client, "masked.xlsx", response.content)
    batch = last_batch()
    assert {e["column"] for e in batch.errors} >= {"公民身份号码"}
    assert "打码" in batch.errors[0]["message"]
