"""The national form export: opened with its password, the form's columns and codes, one row
per child, values as the register holds them; audited; county roles only."""

import datetime
import io

import msoffcrypto
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from survey.nationalform import headers
from tests.factories import ChildFactory, ParentFactory, make_id_number

pytestmark = pytest.mark.django_db
PASSWORD = "Form-2016-ok"
FORM_COLUMNS = [
    "序号", "填报单位", "姓名", "性别", "民族", "出生日期", "公民身份证号码", "是否登记户口",
    "户籍所在地", "现居住地", "身体情况", "残疾类别及等级", "患病类型", "是否学校寄宿",
    "就学情况", "父亲姓名", "父亲出生日期", "父亲当前务工地点", "父亲联系电话", "母亲姓名",
    "母亲出生日期", "母亲当前务工地点", "母亲联系电话", "父亲公民身份证号码",
    "母亲公民身份证号码", "父母双方同时外出", "父母一方外出、另一方无监护能力", "无监护能力",
    "父母外出有无委托其他监护人", "委托监护人姓名", "受委托监护人电话",
    "受委托监护人公民身份证号码", "与被监护人关系", "受委托监护人居住地地址", "监护类型",
    "家庭经济来源", "救助帮扶情况",
]  # fmt: skip


@pytest.fixture
def girl(school_a, village_a, before):
    """A disabled girl boarding at school_a: father away, mother seriously ill at home."""
    child = ChildFactory(
        school=school_a,
        village=village_a,
        name="刘小芳",
        sex="F",
        birth_date=datetime.date(2013, 6, 1),
        id_number=make_id_number(datetime.date(2013, 6, 1), "F"),
        ethnicity="回族",
        household_place="安徽省芜湖市湾沚区",
        group="3组",
        boarding=True,
        health="disabled",
        disability_kind="physical",
        disability_grade="2",
        guardian_name="刘奶奶",
        guardian_relation="paternal_gp",
        guardian_id_number=make_id_number(datetime.date(1958, 2, 3), "F"),
        guardian_phone="13700000011",
        guardian_address="东河村 3 组",
        guardianship_grade="good",
        income_sources=["wages", "pension"],
        help_received=["dibao"],
        registered_on=before,
    )
    ParentFactory(
        child=child,
        relation="father",
        name="刘父",
        id_number=make_id_number(datetime.date(1985, 7, 9), "M"),
        status="away_out",
        work_province="浙江省",
        work_city="杭州市",
        phone="13912340000",
    )
    ParentFactory(child=child, relation="mother", name="陈母", status="ill", work_province="")
    return child


def _export(client, user, survey, **params) -> list[list]:
    client.force_login(user)
    url = reverse("survey:export", args=[survey.pk])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    response = client.post(url, {"password": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 200
    office = msoffcrypto.OfficeFile(io.BytesIO(response.content))
    assert office.is_encrypted()
    office.load_key(password=PASSWORD)
    plain = io.BytesIO()
    office.decrypt(plain)
    sheet = load_workbook(plain, read_only=True).active
    assert sheet.title == "农村留守儿童基本情况登记表"
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_the_export_opens_with_its_password_in_the_forms_columns_and_codes(
    client, survey, federation_officer, girl, pupils_b
):
    rows = _export(client, federation_officer, survey)
    assert rows[0] == FORM_COLUMNS == headers()
    assert len(rows) == 1 + 4 and [r[0] for r in rows[1:]] == [1, 2, 3, 4]
    row = dict(zip(rows[0], next(r for r in rows if r[2] == "刘小芳"), strict=True))
    assert row | {"序号": None} == {
        "序号": None,
        "填报单位": "湾沚中心小学",
        "姓名": "刘小芳",
        "性别": "女",
        "民族": "回族",
        "出生日期": "2013-06-01",
        "公民身份证号码": girl.id_number,
        "是否登记户口": "是",
        "户籍所在地": "安徽省芜湖市湾沚区",
        "现居住地": "湾沚镇东河村3组",
        "身体情况": "残疾",
        "残疾类别及等级": "肢体残疾二级",
        "患病类型": None,
        "是否学校寄宿": "是",
        "就学情况": "小学",
        "父亲姓名": "刘父",
        "父亲出生日期": "1985-07-09",
        "父亲当前务工地点": "浙江省杭州市",
        "父亲联系电话": "13912340000",
        "母亲姓名": "陈母",
        "母亲出生日期": None,
        "母亲当前务工地点": None,
        "母亲联系电话": None,
        "父亲公民身份证号码": girl.parents.get(relation="father").id_number,
        "母亲公民身份证号码": None,
        "父母双方同时外出": "否",
        "父母一方外出、另一方无监护能力": "是",
        "无监护能力": "母亲",
        "父母外出有无委托其他监护人": "是",
        "委托监护人姓名": "刘奶奶",
        "受委托监护人电话": "13700000011",
        "受委托监护人公民身份证号码": girl.guardian_id_number,
        "与被监护人关系": "祖父母",
        "受委托监护人居住地地址": "东河村 3 组",
        "监护类型": "监护情况较好",
        "家庭经济来源": "打工收入、其他",
        "救助帮扶情况": "享受低保",
    }
    event = AuditEvent.objects.get(action="export")
    assert event.user == federation_officer and event.changes["rows"] == 4
    assert event.changes["full"] is True and event.changes["what"] == "农村留守儿童基本情况登记表"


def test_one_schools_part_of_the_register(client, survey, education_officer, girl, pupils_b):
    rows = _export(client, education_officer, survey, school=pupils_b[0].school_id)
    assert sorted(r[2] for r in rows[1:]) == sorted(c.name for c in pupils_b)


def test_closed_cases_are_not_on_the_form(client, survey, federation_officer, pupils_b):
    pupils_b[0].status, pupils_b[0].close_reason = "closed", "turned_16"
    pupils_b[0].save()
    rows = _export(client, federation_officer, survey)
    assert pupils_b[0].name not in {r[2] for r in rows[1:]} and len(rows) == 3


def test_without_the_password_the_file_does_not_open(client, survey, federation_officer, girl):
    client.force_login(federation_officer)
    url = reverse("survey:export", args=[survey.pk])
    content = client.post(url, {"password": PASSWORD, "password2": PASSWORD}).content
    office = msoffcrypto.OfficeFile(io.BytesIO(content))
    office.load_key(password="not-the-password")
    with pytest.raises(msoffcrypto.exceptions.InvalidKeyError):
        office.decrypt(io.BytesIO())


def test_the_password_form_comes_first_and_exports_nothing(client, survey, federation_officer):
    client.force_login(federation_officer)
    response = client.get(reverse("survey:export", args=[survey.pk]))
    assert response.status_code == 200 and "文件密码" in response.content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()
