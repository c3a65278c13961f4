"""Administrators keep towns, villages, schools and enrolment in spreadsheets (import-export)."""

import io

import pytest
import tablib
from django.urls import reverse
from openpyxl import Workbook

from audit.models import AuditEvent
from schools.models import Enrollment, School, Village
from schools.resources import EnrollmentResource, SchoolResource, TownResource, VillageResource
from tests.factories import CountyFactory, TownFactory, UserFactory

pytestmark = pytest.mark.django_db


def _sheet(rows: list[list]) -> tablib.Dataset:
    """Return the rows as an administrator's own .xlsx, read back the way the admin reads it."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return tablib.Dataset().load(out.getvalue(), format="xlsx")


def test_villages_are_imported_under_towns_named_by_their_chinese_names(administrator, town_a):
    data = _sheet(
        [
            ["乡镇", "名称", "类型"],
            ["湾沚镇", "南河村", "village"],
            ["湾沚镇", "北街社区", "community"],
        ]
    )
    result = VillageResource(user=administrator).import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert sorted(Village.objects.filter(town=town_a).values_list("name", flat=True)) == [
        "北街社区",
        "南河村",
    ]
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert event.user == administrator and event.changes["totals"] == {"new": 2}


def test_a_town_of_another_county_cannot_be_named(administrator, town_a):
    other_county = CountyFactory(name="邻县", code="340300")
    TownFactory(county=other_county, name="邻镇")
    data = _sheet([["乡镇", "名称", "类型"], ["邻镇", "越界村", "village"]])
    result = VillageResource(user=administrator).import_data(data, dry_run=False)
    messages = [str(e.error) for _line, errors in result.row_errors() for e in errors]
    messages += [str(r.field_specific_errors) for r in result.invalid_rows]
    assert any("本县没有名为“邻镇”的乡镇" in m for m in messages)
    assert not Village.objects.filter(name="越界村").exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).exists()


def test_a_town_name_of_another_county_makes_a_town_in_ones_own(administrator, town_a):
    other = CountyFactory(name="邻县", code="340300")
    other_admin = UserFactory(username="admin_b", role="admin", county=other, is_staff=True)
    data = _sheet([["名称", "类型"], ["湾沚镇", "town"]])
    TownResource(user=other_admin).import_data(data, dry_run=False)
    town_a.refresh_from_db()
    assert town_a.county_id != other.pk
    assert other.towns.get(name="湾沚镇").pk != town_a.pk


def test_school_enrolment_updates_the_term_it_names(administrator, school_a):
    data = _sheet([["学校", "学年", "学期", "在校学生数"], ["湾沚中心小学", 2025, "spring", 812]])
    EnrollmentResource(user=administrator).import_data(data, dry_run=False)
    data = _sheet([["学校", "学年", "学期", "在校学生数"], ["湾沚中心小学", 2025, "spring", 820]])
    EnrollmentResource(user=administrator).import_data(data, dry_run=False)
    assert list(Enrollment.objects.values_list("school__name", "pupils")) == [("湾沚中心小学", 820)]


def test_the_export_escapes_text_that_a_spreadsheet_would_run(administrator, town_a):
    School.objects.create(town=town_a, name="=HYPERLINK(1)", kind="primary")
    dataset = SchoolResource(user=administrator).export()
    assert "'=HYPERLINK(1)" in dataset["校名"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, user=administrator).exists()


def test_the_export_holds_only_the_administrators_county(administrator, school_a):
    other_town = TownFactory(county=CountyFactory(name="邻县", code="340300"), name="邻镇")
    School.objects.create(town=other_town, name="邻县一小", kind="primary")
    assert list(SchoolResource(user=administrator).export()["校名"]) == ["湾沚中心小学"]


def test_the_admins_import_page_opens_for_an_administrator_only(
    client, administrator, school_staff
):
    client.force_login(administrator)
    assert client.get(reverse("admin:schools_school_import")).status_code == 200
    client.force_login(school_staff)
    assert client.get(reverse("admin:schools_school_import")).status_code in (302, 404)
