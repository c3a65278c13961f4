"""Uploading register files as schools send them: the preview, the errors, the writes."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from audit.models import AuditEvent
from children.models import Child, ImportBatch, Parent
from tests.children.imports.conftest import (
    HEADERS,
    confirm,
    csv_bytes,
    error_cells,
    last_batch,
    person,
    upload,
    xlsx_bytes,
)
from tests.factories import ChildFactory, ParentFactory, make_id_number, with_wrong_check


def names() -> list[str]:
    return sorted(Child.objects.values_list("name", flat=True))


def test_xlsx_with_title_unit_blank_and_total_rows_imports_exactly_its_children(
    staff_client, school_a, village_a
):
    people = [person(1), person(2), person(3)]
    content = xlsx_bytes(people)
    upload(staff_client, "摸底登记表.xlsx", content)
    batch = last_batch()
    assert (batch.status, batch.new_count, batch.error_count, batch.total_rows) == (
        "preview",
        3,
        0,
        3,
    )
    assert Child.objects.count() == 0  # the preview writes nothing
    confirm(staff_client, batch)
    batch.refresh_from_db()
    assert batch.status == "done"
    assert names() == ["学生001", "学生002", "学生003"]
    child = Child.objects.get(name="学生001")
    assert child.id_number == people[0]["身份证号码"]
    assert (child.school, child.town, child.village) == (school_a, school_a.town, village_a)
    assert (child.grade, child.class_name, child.guardian_phone) == (3, "1班", "13600000028")
    assert child.is_left_behind and not child.is_migrant
    assert child.created_by == batch.created_by
    parents = {p.relation: p for p in child.parents.all()}
    assert (parents["father"].status, parents["father"].work_city) == ("away_out", "苏州市")
    assert (parents["mother"].name, parents["mother"].work_province) == ("李母", "浙江省")
    assert AuditEvent.objects.filter(child=child, action="create").count() == 1
    assert AuditEvent.objects.filter(action="import", object_id=str(batch.pk)).count() == 1
    assert batch.sha256 and batch.file_size == len(content) and batch.file_name == "摸底登记表.xlsx"


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8", "utf-8-sig"])
def test_csv_in_each_encoding_imports_the_same_rows(staff_client, encoding):
    upload(staff_client, "register.csv", csv_bytes([person(1), person(2)], encoding=encoding))
    batch = last_batch()
    assert (batch.new_count, batch.error_count) == (2, 0), batch.problems()
    confirm(staff_client, batch)
    assert names() == ["学生001", "学生002"]
    assert Child.objects.get(name="学生002").village.name == "东河村"


def test_messy_values_are_normalized(staff_client):
    number = make_id_number(datetime.date(2014, 3, 5), "M")
    full_width_id = number[:17].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    messy = person(
        1,
        **{
            "姓名": " 张\u3000三 ",
            "身份证号码": full_width_id + number[17].lower() + "  ",
            "出生年月": "2014年3月5日",
            "联系电话": "136 0000 0028",
            "班级": "  1班  ",
            "年级": "三年级",
        },
    )
    upload(staff_client, "messy.xlsx", xlsx_bytes([messy]))
    batch = last_batch()
    assert batch.problems() == []
    confirm(staff_client, batch)
    child = Child.objects.get()
    assert (child.name, child.id_number, child.birth_date) == (
        "张三",
        number,
        datetime.date(2014, 3, 5),
    )
    assert (child.guardian_phone, child.class_name, child.grade) == ("13600000028", "1班", 3)


@pytest.mark.parametrize(
    "written",
    [
        datetime.datetime(2014, 3, 5),  # noqa: DTZ001 - Excel dates carry no time zone
        "2014-03-05",
        "2014/3/5",
        "2014.3.5",
        "2014年3月5日",
        "20140305",
        20140305,
        "14年3月5日",  # a two-digit year
        "2014.3.5.",  # ended as a sentence
        "2014.03.05。",
    ],
)
def test_each_way_of_writing_a_date_is_read(staff_client, written):
    number = make_id_number(datetime.date(2014, 3, 5), "M")
    upload(
        staff_client,
        "dates.xlsx",
        xlsx_bytes([person(1, **{"身份证号码": number, "出生年月": written, "性别": "男"})]),
    )
    batch = last_batch()
    assert (batch.new_count, batch.problems()) == (1, [])


def test_header_aliases_from_the_documented_table_are_recognised(staff_client):
    headers = ["学生姓名", "公民身份号码", "出生日期", "监护人电话", "年级"]
    row = person(4)
    people = [
        {
            "学生姓名": row["姓名"],
            "公民身份号码": row["身份证号码"],
            "出生日期": row["出生年月"],
            "监护人电话": "13600000028",
            "年级": 4,
        }
    ]
    upload(staff_client, "aliases.xlsx", xlsx_bytes(people, headers=headers))
    batch = last_batch()
    assert (batch.new_count, batch.problems()) == (1, [])
    confirm(staff_client, batch)
    assert Child.objects.get().guardian_phone == "13600000028"


def test_errors_name_the_excel_row_and_the_files_column_and_only_good_rows_are_written(
    staff_client,
):
    people = [
        person(1),
        person(2, **{"身份证号码": with_wrong_check(make_id_number(datetime.date(2014, 1, 1)))}),
        person(3, **{"联系电话": "1234"}),
        person(4, **{"父亲状况": "省外务工", "父亲务工省份": ""}),
        person(5, **{"出生年月": "2013-01-01"}),
        person(6, **{"父亲状况": "出海"}),
    ]
    # Title and unit rows take rows 1-2, the header row 3: the data starts on row 4.
    upload(staff_client, "errors.xlsx", xlsx_bytes(people))
    batch = last_batch()
    assert error_cells(batch) == [
        (5, "身份证号码"),
        (6, "联系电话"),
        (7, "父亲务工省份"),
        (8, "出生年月"),
        (9, "父亲状况"),
    ]
    assert "校验位" in batch.problems()[0]["message"]
    assert batch.error_count == 5 and batch.new_count == 1
    assert batch.can_confirm
    page = staff_client.get(batch.get_absolute_url()).content.decode()
    assert "导入无误的 1 行" in page
    response = confirm(staff_client, batch)
    assert response.status_code == 302
    assert names() == ["学生001"]
    page = staff_client.get(batch.get_absolute_url()).content.decode()
    assert "第 5 行" in page and "校验位" in page


def test_an_id_excel_stored_as_a_number_is_refused_with_advice(staff_client):
    number = make_id_number(datetime.date(2014, 3, 5), "M")
    as_float = float(number[:17] + "0")
    upload(staff_client, "numbers.xlsx", xlsx_bytes([person(1, **{"身份证号码": as_float})]))
    batch = last_batch()
    assert error_cells(batch) == [(4, "身份证号码")]
    assert "文本" in batch.problems()[0]["message"]
    assert batch.new_count == 0


def test_an_id_in_scientific_notation_in_a_csv_is_refused(staff_client):
    upload(
        staff_client,
        "sci.csv",
        csv_bytes([person(1, **{"身份证号码": "3.40202E+17"})], encoding="gb18030"),
    )
    batch = last_batch()
    assert error_cells(batch) == [(3, "身份证号码")]
    assert "科学计数法" in batch.problems()[0]["message"]


def test_duplicate_ids_in_one_file_are_errors_naming_the_first_row(staff_client):
    first = person(1)
    upload(
        staff_client,
        "dup.xlsx",
        xlsx_bytes(
            [
                first,
                person(2),
                person(3, **{k: first[k] for k in ("身份证号码", "出生年月", "性别")}),
            ]
        ),
    )
    batch = last_batch()
    assert error_cells(batch) == [(6, "身份证号码")]
    assert "第 4 行" in batch.problems()[0]["message"]
    assert Child.objects.count() == 0


def test_an_id_registered_at_another_school_is_a_transfer_never_an_overwrite(
    staff_client, school_b, village_b
):
    other = ChildFactory(school=school_b, village=village_b, name="李小红", grade=5)
    row = person(
        1, **{"身份证号码": other.id_number, "姓名": "改名", "出生年月": "", "性别": "", "年级": 2}
    )
    upload(staff_client, "transfer.xlsx", xlsx_bytes([row, person(2)]))
    batch = last_batch()
    assert (batch.new_count, batch.transfer_count, batch.error_count) == (1, 1, 0)
    confirm(staff_client, batch)
    other.refresh_from_db()
    assert (other.name, other.school, other.grade) == ("李小红", school_b, 5)
    assert names() == ["学生002", "李小红"]


def test_an_import_never_moves_another_schools_child_into_yours(
    staff_client, school_a, school_b, village_b
):
    other = ChildFactory(school=school_b, village=village_b, name="李小红", grade=5)
    row = person(1, **{"身份证号码": other.id_number, "出生年月": "", "性别": ""})
    upload(staff_client, "transfer.xlsx", xlsx_bytes([row]))
    confirm(staff_client, last_batch())
    other.refresh_from_db()
    assert (other.school, other.name) == (school_b, "李小红")
    assert not other.transfers.exists()
    # It asks the child's school instead (children.transfers; see test_transfer_requests).
    assert other.transfer_requests.get().status == "pending"


def test_existing_children_in_scope_are_changed_or_left_unchanged(staff_client, child_a):
    ParentFactory(child=child_a, relation="father", name="张父")
    same = person(
        1,
        **{
            "姓名": child_a.name,
            "身份证号码": child_a.id_number,
            "出生年月": child_a.birth_date.isoformat(),
            "性别": "男",
            "年级": 4,
            "班级": "2班",
            "联系电话": child_a.guardian_phone,
        },
    )
    upload(staff_client, "update.xlsx", xlsx_bytes([same]))
    batch = last_batch()
    assert (batch.new_count, batch.changed_count, batch.unchanged_count) == (0, 1, 0)
    changes = batch.rows()[0]["changes"]
    assert changes["class_name"] == ["1班", "2班"]
    confirm(staff_client, batch)
    child_a.refresh_from_db()
    assert (child_a.class_name, child_a.version) == ("2班", 2)
    assert Parent.objects.get(child=child_a, relation="mother").name == "李母"
    event = AuditEvent.objects.get(child=child_a, action="update")
    assert event.changes["version"] == 2 and "class_name" in event.changes["fields"]


def test_confirm_refuses_a_hash_that_is_not_the_previewed_files(staff_client):
    upload(staff_client, "a.xlsx", xlsx_bytes([person(1)]))
    batch = last_batch()
    staff_client.post(reverse("imports:confirm", args=[batch.pk]), {"sha256": "0" * 64})
    batch.refresh_from_db()
    assert batch.status == "preview" and Child.objects.count() == 0


def test_confirm_refuses_when_the_register_changed_since_the_preview(staff_client, school_a):
    row = person(1)
    upload(staff_client, "a.xlsx", xlsx_bytes([row, person(2)]))
    batch = last_batch()
    ChildFactory(school=school_a, id_number=row["身份证号码"], name="别人先登记")
    confirm(staff_client, batch)
    batch.refresh_from_db()
    assert batch.status == "preview"
    assert names() == ["别人先登记"]


def test_bulk_write_is_all_or_nothing(staff_client, monkeypatch):
    upload(staff_client, "a.xlsx", xlsx_bytes([person(1), person(2)]))
    batch = last_batch()

    from children.imports import confirm as confirming

    written = confirming.insert_rows

    def broken(model, rows, **kwargs):  # the children are written; their parents fail
        if model is Parent:
            raise RuntimeError("disk full")
        return written(model, rows, **kwargs)

    monkeypatch.setattr(confirming, "insert_rows", broken)
    with pytest.raises(RuntimeError):
        confirm(staff_client, batch)
    assert Child.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == "preview"


def test_rows_naming_another_school_are_one_file_level_notice_not_row_errors(
    staff_client, school_b
):
    upload(
        staff_client,
        "scope.xlsx",
        xlsx_bytes(
            [person(1, **{"学校": "六郎中心小学"}), person(2)],
            headers=[*HEADERS, "学校"],
        ),
    )
    batch = last_batch()
    assert error_cells(batch) == [] and (batch.new_count, batch.error_count) == (1, 0)
    assert batch.notices == [
        "“学校”列中有 1 行写的是其他学校（六郎中心小学），不是您的学校“湾沚中心小学”；"
        "这些行未导入。请由该校自行导入，或删去这些行。"
    ]


def test_template_has_every_column_drop_downs_notes_and_a_text_id_column(staff_client):
    from openpyxl import load_workbook

    from children.imports.columns import REGISTER_COLUMNS as COLUMNS

    response = staff_client.get(reverse("imports:template"))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["儿童台账"]
    headers = [c.value for c in sheet[1]]
    assert headers == [c.header for c in COLUMNS]
    id_col = headers.index("公民身份号码") + 1
    assert sheet.cell(row=2, column=id_col).number_format == "@"
    assert sheet.cell(row=1, column=id_col).comment is not None
    assert len(sheet.data_validations.dataValidation) >= 10
    assert book["选项"].sheet_state == "hidden"


def test_the_template_itself_filled_in_imports(staff_client):
    from openpyxl import load_workbook

    response = staff_client.get(reverse("imports:template"))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["儿童台账"]
    headers = [c.value for c in sheet[1]]
    row = person(7)
    values = {
        "姓名": row["姓名"],
        "公民身份号码": row["身份证号码"],
        "年级": "3",
        "父亲状况": "省外务工",
        "父亲务工省份": "江苏省",
        "母亲状况": "在家",
    }
    for key, value in values.items():
        sheet.cell(row=2, column=headers.index(key) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    upload(staff_client, "模板.xlsx", out.getvalue())
    batch = last_batch()
    assert (batch.new_count, batch.problems()) == (1, [])
    confirm(staff_client, batch)
    child = Child.objects.get()
    assert child.name == row["姓名"] and not child.is_left_behind


def test_a_blank_row_between_data_rows_keeps_later_row_numbers(staff_client):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append([person(1).get(h) for h in HEADERS])
    sheet.append([])
    sheet.append([])
    sheet.append([person(2, **{"联系电话": "12"}).get(h) for h in HEADERS])
    out = io.BytesIO()
    book.save(out)
    upload(staff_client, "gap.xlsx", out.getvalue())
    assert error_cells(last_batch()) == [(5, "联系电话")]


def test_other_users_cannot_see_or_confirm_a_batch(client, staff_client, school_staff_b):
    upload(staff_client, "a.xlsx", xlsx_bytes([person(1)]))
    batch = last_batch()
    client.force_login(school_staff_b)
    assert client.get(batch.get_absolute_url()).status_code == 404
    assert client.get(reverse("imports:status", args=[batch.pk])).status_code == 404
    assert confirm(client, batch).status_code == 404
    assert Child.objects.count() == 0


def test_mentors_and_coordination_members_cannot_import(client, mentor, coordination_member):
    for user in (mentor, coordination_member):
        client.force_login(user)
        assert client.get(reverse("imports:index")).status_code == 404
        assert client.get(reverse("imports:template")).status_code == 404


def test_a_town_officer_sees_the_batches_of_the_towns_schools(
    client, staff_client, town_officer, town_officer_b
):
    upload(staff_client, "a.xlsx", xlsx_bytes([person(1)]))
    confirm(staff_client, last_batch())
    batch = last_batch()
    client.force_login(town_officer)
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "学生001" in page
    client.force_login(town_officer_b)
    assert client.get(batch.get_absolute_url()).status_code == 404


def test_discarding_a_preview_writes_nothing(staff_client):
    upload(staff_client, "a.xlsx", xlsx_bytes([person(1)]))
    batch = last_batch()
    staff_client.post(reverse("imports:discard", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DISCARDED
    assert confirm(staff_client, batch).status_code == 302
    assert Child.objects.count() == 0


def test_several_choices_in_one_cell_are_read_whatever_separates_them(staff_client):
    """家庭收入来源 and 获得帮扶情况 take several values (the export writes them joined by
    、); a school writes them with 、，, or spaces. An unknown one is an error that names it
    and the choices, and its row only is left out."""
    headers = [*HEADERS, "家庭收入来源", "获得帮扶情况"]
    people = [
        person(1, 家庭收入来源="务工收入、养老金", 获得帮扶情况="低保，临时救助"),
        person(2, 家庭收入来源="农业收入 务工收入", 获得帮扶情况=""),
        person(3, 家庭收入来源="打零工"),
    ]
    upload(staff_client, "multi.xlsx", xlsx_bytes(people, headers=headers))
    batch = last_batch()
    assert error_cells(batch) == [(6, "家庭收入来源")]
    message = batch.problems()[0]["message"]
    assert "“打零工”不是可选的值" in message and "务工收入、农业收入" in message
    confirm(staff_client, batch)
    stored = dict(Child.objects.values_list("name", "income_sources"))
    assert stored == {"学生001": ["wages", "pension"], "学生002": ["farming", "wages"]}
    help_received = Child.objects.get(name="学生001").help_received
    assert help_received == ["dibao", "temporary"]


def test_a_quote_typed_before_an_id_or_phone_is_not_part_of_it(staff_client):
    """'3402… is how people keep Excel from turning an ID into a number; in a CSV (or a
    pasted cell) the quote is text, which must not make the ID "19 digits"."""
    boy, girl = (make_id_number(datetime.date(2014, 3, n), s) for n, s in ((6, "M"), (7, "F")))
    people = [
        person(1, 身份证号码="'" + boy, 联系电话="'13600000028"),
        person(2, 身份证号码="‘" + girl),
    ]
    upload(staff_client, "quotes.csv", csv_bytes(people, encoding="gbk"))
    batch = last_batch()
    assert batch.problems() == []
    confirm(staff_client, batch)
    assert sorted(Child.objects.values_list("guardian_phone", flat=True)) == [
        "13600000028",
        "13600000028",
    ]
    assert all(len(c.id_number) == 18 for c in Child.objects.all())


def test_two_phones_in_one_cell_are_refused_naming_both(staff_client):
    upload(staff_client, "two.xlsx", xlsx_bytes([person(1, 联系电话="136 0000 0028/13900000039")]))
    batch = last_batch()
    assert error_cells(batch) == [(4, "联系电话")]
    assert "填了 2 个（13600000028、13900000039）" in batch.problems()[0]["message"]


def test_a_two_digit_year_that_would_lie_ahead_is_of_the_last_century():
    from children.imports.cells import four_digit_year

    this_year = timezone.localdate().year
    ahead = (this_year + 1) % 100
    assert four_digit_year(f"{ahead:02d}年3月") == f"{this_year + 1 - 100}年3月"
    assert four_digit_year("98年5月") == "1998年5月"
    assert four_digit_year("14年3月5日") == "2014年3月5日"
    assert four_digit_year("2014年3月") == "2014年3月"
