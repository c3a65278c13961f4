"""Every format a county office saves: .xls and .ods, CSV in each encoding and line end."""

import codecs
import csv
import datetime
import io
from pathlib import Path

import pytest

from children.models import Child, ImportBatch
from tests.children.imports.conftest import confirm, last_batch, upload
from tests.children.imports.registers import LABELS, pupil
from tests.factories import make_id_number

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_people(*, id_as_number: bool = False) -> list[dict]:
    """Return the three pupils of the .xls/.ods fixtures (fixed IDs)."""
    people = []
    for n in (1, 2, 3):
        birth = datetime.date(2015, 1, 1) + datetime.timedelta(days=n)
        number = make_id_number(birth, "M" if n % 2 else "F", serial=100 + n)
        people.append(pupil(n, 身份证号码=number))
    people[1].update(父亲务工地点="上海", 监护人与儿童关系="外公")
    if id_as_number:
        people[2]["身份证号码"] = int(people[2]["身份证号码"][:17] + "0")
    return people


def imported() -> list[tuple]:
    rows = []
    for child in Child.objects.order_by("name"):
        father = child.parents.get(relation="father")
        rows.append(
            (child.id_number, child.name, father.status, father.work_province,
             child.guardian_relation, child.guardian_relation_word)
        )  # fmt: skip
    return rows


@pytest.mark.parametrize("name", ["register.xls", "register.ods"])
def test_an_xls_or_ods_register_imports_its_good_rows_and_spots_an_id_stored_as_a_number(
    staff_client, name
):
    upload(staff_client, name, (FIXTURES / name).read_bytes())
    batch = last_batch()
    assert (batch.status, batch.new_count, batch.error_count) == ("preview", 2, 1)
    [problem] = batch.problems()
    assert (problem["row"], problem["name"], problem["column"]) == (7, "童03", "身份证号码")
    assert "存成了数字" in problem["message"]
    confirm(staff_client, batch)
    people = fixture_people()
    assert imported() == [
        (people[0]["身份证号码"], "童01", "away_out", "浙江省", "paternal_gp", "奶奶"),
        (people[1]["身份证号码"], "童02", "away_out", "上海市", "maternal_gp", "外公"),
    ]


def test_an_xls_saved_with_an_opening_password_is_read_with_it(staff_client):
    """register-password.xls is register.xls saved by LibreOffice with a password (RC4, as
    Excel and WPS write an .xls): refused without it, imported like the plain one with it."""
    content = (FIXTURES / "register-password.xls").read_bytes()
    page = upload(staff_client, "register-password.xls", content).content.decode()
    assert "设置了打开密码" in page and not ImportBatch.objects.exists()
    upload(staff_client, "register-password.xls", content, password="Jiami-2026")
    batch = last_batch()
    assert (batch.status, batch.new_count, batch.error_count) == ("preview", 2, 1)
    confirm(staff_client, batch)
    assert [row[:2] for row in imported()] == [
        (person["身份证号码"], person["姓名"]) for person in fixture_people()[:2]
    ]


def csv_content(people: list[dict], *, encoding: str, newline: str, bom: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(["示范县留守儿童登记表"])
    writer.writerow(LABELS)
    for person in people:
        writer.writerow(["" if person.get(h) is None else person.get(h) for h in LABELS])
    body = out.getvalue().encode(encoding)
    return (codecs.BOM_UTF8 if bom else b"") + body


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", False), ("utf-8", True), ("gb18030", False), ("gbk", False), ("gbk", True)],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "gbk-behind-a-stray-bom"],
)
@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"], ids=["crlf", "lf", "cr"])
def test_a_csv_in_each_encoding_and_line_end_imports_the_same_children(
    staff_client, encoding, bom, newline
):
    people = [pupil(1, 父亲务工地点="湖北武汉"), pupil(2, 监护人与儿童关系="姥姥")]
    upload(
        staff_client, "登记表.csv", csv_content(people, encoding=encoding, newline=newline, bom=bom)
    )
    batch = last_batch()
    assert (batch.new_count, batch.error_count) == (2, 0), batch.problems()
    confirm(staff_client, batch)
    assert imported() == [
        (people[0]["身份证号码"], "童01", "away_out", "湖北省", "paternal_gp", "奶奶"),
        (people[1]["身份证号码"], "童02", "away_out", "浙江省", "maternal_gp", "姥姥"),
    ]


@pytest.mark.parametrize(
    "written", ["2015-01-02 00:00:00", "2015/1/2 0:00", "2015.1", "2015年1月", "201501"]
)
def test_dates_with_a_time_or_only_a_year_and_month_are_read(staff_client, written):
    person = pupil(1, 出生年月=written)
    content = csv_content([person], encoding="utf-8", newline="\n", bom=False)
    upload(staff_client, "dates.csv", content)
    batch = last_batch()
    assert (batch.new_count, batch.problems()) == (1, [])
    confirm(staff_client, batch)
    assert Child.objects.get().birth_date == datetime.date(2015, 1, 2)
