"""A register import confirmed during the survey counts as checking the rows it carries."""

import pytest

from survey.models import Outcome, SurveyCheck
from survey.progress import survey_progress
from tests.children.imports.conftest import HEADERS, confirm, last_batch, person, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


def _row(child, **changes) -> dict:
    """Return the import row of a child as the register holds it, with `changes` applied."""
    row = {
        "姓名": child.name,
        "身份证号码": child.id_number,
        "性别": "男",
        "出生年月": child.birth_date.isoformat(),
        "年级": child.grade,
        "班级": child.class_name,
        "现住村（居）": child.village.name,
        "监护人姓名": child.guardian_name,
        "联系电话": child.guardian_phone,
        "父亲姓名": "父" + child.name,
        "父亲状况": "省外务工",
        "父亲务工省份": "江苏省",
        "父亲务工城市": "苏州市",
        "母亲姓名": "母" + child.name,
        "母亲状况": "省外务工",
        "母亲务工省份": "江苏省",
    }
    return row | changes


def test_an_import_during_the_survey_confirms_its_rows_and_counts_new_children(
    client, survey, school_staff, pupils_a
):
    client.force_login(school_staff)
    people = [_row(pupils_a[0]), _row(pupils_a[1], 班级="2班"), person(1, 姓名="新生甲")]
    upload(client, "春季摸底.xlsx", xlsx_bytes(people, headers=HEADERS))
    batch = last_batch()
    assert (batch.error_count, batch.unchanged_count, batch.changed_count, batch.new_count) == (
        0, 1, 1, 1,
    ), batch.errors  # fmt: skip
    confirm(client, batch)
    outcomes = dict(SurveyCheck.objects.values_list("child__name", "outcome"))
    assert outcomes == {pupils_a[0].name: Outcome.CONFIRMED, pupils_a[1].name: Outcome.CHANGED}
    total = survey_progress(school_staff, survey).total
    assert (total.confirmed, total.changed, total.new, total.unchecked) == (1, 1, 1, 2)


def test_an_import_without_an_open_survey_records_no_check(client, school_staff, pupils_a):
    client.force_login(school_staff)
    upload(client, "台账.xlsx", xlsx_bytes([_row(pupils_a[0], 班级="3班")], headers=HEADERS))
    confirm(client, last_batch())
    pupils_a[0].refresh_from_db()
    assert pupils_a[0].class_name == "3班" and not SurveyCheck.objects.exists()
