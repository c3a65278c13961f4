"""A county's own register, not our template: merged title, 填报单位, two-row header."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from audit.models import AuditEvent
from children.care.state import care_state_differences
from children.models import Child, Pairing, Parent
from tests.children.imports.conftest import (
    HEADERS,
    as_rows,
    confirm,
    error_cells,
    last_batch,
    person,
    upload,
    xlsx_bytes,
)
from tests.children.imports.registers import county_register, pupil
from tests.factories import CarerFactory, make_id_number


def written() -> list[tuple]:
    """Return each child as a user checks them: ID, name, parents' status and province."""
    out = []
    for child in Child.objects.order_by("name").prefetch_related("parents"):
        parents = {p.relation: p for p in child.parents.all()}
        out.append(
            (
                child.id_number,
                child.name,
                *(
                    (parents[r].status, parents[r].work_province, parents[r].work_city)
                    if r in parents
                    else None
                    for r in ("father", "mother")
                ),
                child.guardian_relation,
                child.guardian_relation_word,
            )
        )
    return out


def test_a_two_row_header_under_a_merged_title_imports_parents_from_their_work_places(
    staff_client, school_a
):
    people = [
        pupil(1),
        pupil(2, 父亲务工地点="上海", 母亲务工地点="安徽合肥", 监护人与儿童关系="外婆"),
        pupil(3, 父亲务工地点="本县", 母亲务工地点="粤", 监护人与儿童关系="舅舅"),
        pupil(4, 父亲务工地点="在家", 母亲务工地点="广东东莞"),
    ]
    upload(staff_client, "登记表.xlsx", county_register(people))
    batch = last_batch()
    assert (batch.status, batch.new_count, batch.error_count) == ("preview", 4, 0)
    assert batch.problems() == []
    assert batch.unimported_columns == ["留守类型", "备注"]
    confirm(staff_client, batch)
    ids = [p["身份证号码"] for p in people]
    assert written() == [
        (ids[0], "童01", ("away_out", "浙江省", "杭州市"), ("away_out", "江苏省", "苏州市"),
         "paternal_gp", "奶奶"),
        (ids[1], "童02", ("away_out", "上海市", "上海市"), ("away_in", "安徽省", "合肥市"),
         "maternal_gp", "外婆"),
        (ids[2], "童03", ("at_home", "", ""), ("away_out", "广东省", ""),
         "relative", "舅舅"),
        (ids[3], "童04", ("at_home", "", ""), ("away_out", "广东省", "东莞市"),
         "paternal_gp", "奶奶"),
    ]  # fmt: skip
    child = Child.objects.get(name="童01")
    assert (child.school, child.grade, child.address, child.boarding) == (
        school_a,
        3,
        "东河村三组",
        False,
    )
    assert child.guardian_name == "王桂兰" and child.guardian_phone == "13600000028"
    assert child.parents.get(relation="father").phone == "13900000001"
    assert child.is_left_behind
    assert not Child.objects.get(name="童03").is_left_behind  # the father works at home
    assert batch.pk and AuditEvent.objects.filter(action="create", child=child).count() == 1


def test_a_status_column_wins_over_the_work_place(staff_client):
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号码", "父亲状况", "父亲务工地点", "母亲姓名"])
    person = pupil(1)
    sheet.append([person["姓名"], person["身份证号码"], "死亡", "浙江杭州", "李母"])
    out = io.BytesIO()
    book.save(out)
    upload(staff_client, "status.xlsx", out.getvalue())
    batch = last_batch()
    assert (batch.new_count, batch.error_count, batch.quality_count) == (1, 0, 1)
    quality = batch.checked()["quality"]
    assert quality == [
        {
            "row": 2,
            "name": "童01",
            "message": "母亲“李母”未填状况和务工地点，已记为“情况不详”，请核实。",
        }
    ]
    confirm(staff_client, batch)
    child = Child.objects.get()
    father = child.parents.get(relation="father")
    assert (father.status, father.work_province) == ("deceased", "浙江省")
    assert child.parents.get(relation="mother").status == "unknown"
    page = staff_client.get(batch.get_absolute_url()).content.decode()
    assert "情况不详" in page


def test_columns_in_any_order_with_the_aliases_schools_use(staff_client):
    person = pupil(7)
    headers = ["母亲外出地点", "学生姓名", "出生日期", "身份证号", "父亲打工地址", "监护人", "关系"]
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    sheet.append(["江苏南京", person["姓名"], "2015-01-08 00:00:00", person["身份证号码"],
                  "新疆乌鲁木齐", "张三", "姥爷"])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    upload(staff_client, "aliases.xlsx", out.getvalue())
    batch = last_batch()
    assert (batch.new_count, batch.error_count, batch.unimported_columns) == (1, 0, [])
    confirm(staff_client, batch)
    assert written() == [
        (person["身份证号码"], "童07", ("away_out", "新疆维吾尔自治区", "乌鲁木齐市"),
         ("away_out", "江苏省", "南京市"), "maternal_gp", "姥爷"),
    ]  # fmt: skip


def test_an_unknown_place_or_relation_is_refused_with_the_files_column_and_value(staff_client):
    people = [
        pupil(1, 父亲务工地点="外省"),
        pupil(2, 监护人与儿童关系="干爹"),
        pupil(3, 出生年月="2014.6"),
    ]
    upload(staff_client, "bad.xlsx", county_register(people))
    batch = last_batch()
    assert [(p["row"], p["name"], p["column"], p["value"]) for p in batch.problems()] == [
        (5, "童01", "父亲务工地点", "外省"),
        (6, "童02", "监护人与儿童关系", "干爹"),
        (7, "童03", "出生年月", "2014.6"),
    ]
    messages = [p["message"] for p in batch.problems()]
    assert messages == [
        "无法从“外省”识别出务工省份，请写成“浙江杭州”“上海”“本县”等。",
        "“干爹”无法对应到监护人关系，请写爷爷、外婆、叔叔、邻居等。",
        "出生年月 2014年6月 与身份证号码中的 2015-01-04 不一致。",
    ]


def test_the_users_own_school_in_a_school_column_is_accepted(staff_client, school_a):
    book = Workbook()
    sheet = book.active
    sheet.append(["学校", "姓名", "身份证号码", "年级"])
    person = pupil(1)
    sheet.append(["湾沚中心小学", person["姓名"], person["身份证号码"], "3"])
    out = io.BytesIO()
    book.save(out)
    upload(staff_client, "school.xlsx", out.getvalue())
    batch = last_batch()
    assert (batch.new_count, batch.error_count, batch.notices) == (1, 0, [])


@pytest.mark.django_db
def test_a_mentor_column_pairs_with_a_carer_of_the_school_and_lists_the_others(
    staff_client, school_a, school_b, county
):
    teacher = CarerFactory(school=school_a, name="李老师", county=county)
    CarerFactory(school=school_b, name="赵老师", county=county)  # another school's carer
    people = [pupil(1, 帮扶教师="李老师"), pupil(2, 帮扶教师="赵老师"), pupil(3, 帮扶教师="赵老师")]
    upload(staff_client, "mentors.xlsx", county_register(people))
    batch = last_batch()
    assert (batch.new_count, batch.unmatched_mentors) == (3, ["赵老师"])
    page = staff_client.get(batch.get_absolute_url()).content.decode()
    assert "赵老师" in page and "添加为本校帮扶教师" in page
    staff_client.post(f"/children/import/{batch.pk}/mentors/")
    batch.refresh_from_db()
    assert batch.unmatched_mentors == [] and batch.status == "preview"
    confirm(staff_client, batch)
    pairs = sorted(
        (p.child.name, p.carer.name, p.carer.school_id)
        for p in Pairing.objects.current_mentors().select_related("child", "carer")
    )
    assert pairs == [
        ("童01", teacher.name, school_a.pk),
        ("童02", "赵老师", school_a.pk),
        ("童03", "赵老师", school_a.pk),
    ]
    # The register's "has a mentor" reads the care state stored on the child: kept too.
    assert set(Child.objects.values_list("name", "mentor__name")) == {
        ("童01", "李老师"),
        ("童02", "赵老师"),
        ("童03", "赵老师"),
    }
    assert list(care_state_differences()) == []


def test_group_cells_are_never_columns_and_the_total_and_signatures_are_not_rows(staff_client):
    upload(staff_client, "登记表.xlsx", county_register([pupil(1), pupil(2)]))
    batch = last_batch()
    assert (batch.total_rows, batch.new_count, error_cells(batch)) == (2, 2, [])
    assert "父亲情况" not in batch.checked()["header"]
    assert batch.checked()["header"][7:10] == ["父亲姓名", "父亲务工地点", "父亲电话"]


def test_a_register_in_teachers_everyday_words_imports_with_the_right_codes(staff_client):
    """Words teachers write in their own registers, not our labels: 男孩, 城镇, 住校,
    良好, 视力, 1级, 脱贫户, 职高 ... each read as the one value it means."""
    headers = [
        *HEADERS, "户口性质", "户籍在本县", "寄宿", "就学状况", "健康状况", "残疾类别",
        "残疾等级", "监护人健康状况", "监护情况", "贫困情况",
    ]  # fmt: skip
    people = [
        person(1, 性别="男孩", 户口性质="城镇", 户籍在本县="本县", 寄宿="住校", 就学状况="在读",
               健康状况="良好", 监护人健康状况="差", 监护情况="较差", 贫困情况="脱贫户"),
        person(2, 性别="女生", 户口性质="农村户口", 户籍在本县="外县", 寄宿="不寄宿",
               就学状况="职高", 年级="", 健康状况="残疾", 残疾类别="视力", 残疾等级="1级",
               监护情况="良好", 贫困情况="特困户"),
    ]  # fmt: skip
    upload(staff_client, "everyday.xlsx", xlsx_bytes(people, headers=headers))
    batch = last_batch()
    assert batch.problems() == []
    confirm(staff_client, batch)
    fields = (
        "sex", "household_type", "household_in_county", "boarding", "schooling_status",
        "health", "disability_kind", "disability_grade", "guardian_health",
        "guardianship_grade", "poverty",
    )  # fmt: skip
    stored = {c["name"]: c for c in Child.objects.values("name", *fields)}
    assert [stored["学生001"][f] for f in fields] == [
        "M", "urban", True, True, "primary", "healthy", "", "", "poor", "guardian_weak",
        "registered",
    ]  # fmt: skip
    assert [stored["学生002"][f] for f in fields] == [
        "F", "rural", False, False, "vocational", "disabled", "visual", "1", "", "good",
        "extreme",
    ]  # fmt: skip


def test_works_away_without_saying_where_takes_in_or_out_of_province_from_the_place(
    staff_client,
):
    """外出务工 / 打工 say only "away": the province beside them decides 省内 or 省外 (the
    county is in 安徽); 务农 and 本县务工 are living at home; with no province the row is
    refused, asking for it."""
    people = [
        person(1, 父亲状况="外出务工", 父亲务工省份="安徽省", 父亲务工城市="合肥市",
               母亲状况="打工", 母亲务工省份="浙江省"),
        person(2, 父亲状况="务农", 父亲务工省份="", 父亲务工城市="",
               母亲状况="本县务工", 母亲务工省份=""),
        person(3, 父亲状况="外出打工", 父亲务工省份="", 父亲务工城市=""),
    ]  # fmt: skip
    upload(staff_client, "away.xlsx", xlsx_bytes(people))
    batch = last_batch()
    assert error_cells(batch) == [(6, "父亲务工省份")]
    assert "请填写务工省份" in batch.problems()[0]["message"]
    confirm(staff_client, batch)
    statuses = sorted(
        Parent.objects.values_list("child__name", "relation", "status", "work_province")
    )
    assert statuses == [
        ("学生001", "father", "away_in", "安徽省"),
        ("学生001", "mother", "away_out", "浙江省"),
        ("学生002", "father", "at_home", ""),
        ("学生002", "mother", "at_home", ""),
    ]


def test_the_class_column_as_schools_write_it(staff_client):
    """班级 written "2", "（3）班", "二班" or "一(2)班" is stored as "N班", the one spelling the
    register's class filter and sort know; "三年级二班" with no grade gives the grade too."""
    people = [
        person(1, 班级=2),
        person(2, 班级="（3）班"),
        person(3, 年级="", 班级="三年级二班"),
        person(4, 年级="初一", 班级="七(4)班"),
        person(5, 班级="实验班"),
    ]
    upload(staff_client, "classes.xlsx", xlsx_bytes(people))
    batch = last_batch()
    assert batch.problems() == []
    confirm(staff_client, batch)
    stored = sorted(Child.objects.values_list("name", "grade", "class_name"))
    assert stored == [
        ("学生001", 3, "2班"),
        ("学生002", 3, "3班"),
        ("学生003", 3, "2班"),
        ("学生004", 7, "4班"),
        ("学生005", 3, "实验班"),
    ]


def test_a_schools_spring_roll_in_its_own_headers_and_words(staff_client, village_a):
    """A 花名册 as a school keeps it: 学生姓名, 身份证号, 就读学校, 父亲务工地, 与学生关系,
    是否寄宿, 户籍所在地; 民族 written "汉", relations "祖孙" and "母女", 留守类型 and 备注
    the platform does not keep."""
    from openpyxl import Workbook as Book

    headers = [
        "序号", "学生姓名", "性别", "民族", "出生日期", "身份证号", "就读学校", "年级", "班级",
        "家庭住址", "父亲姓名", "父亲务工地", "父亲联系电话", "母亲姓名", "母亲务工地",
        "母亲联系电话", "监护人姓名", "与学生关系", "监护人电话", "留守类型", "备注", "是否寄宿",
        "户籍所在地", "监护人年龄",
    ]  # fmt: skip
    boy = make_id_number(datetime.date(2015, 4, 1), "M")
    girl = make_id_number(datetime.date(2016, 1, 20), "F")
    book = Book()
    sheet = book.active
    sheet.append(["湾沚中心小学2025年春季留守儿童花名册"])
    sheet.merge_cells("A1:X1")
    sheet.append(headers)
    sheet.append([
        1, "陈浩", "男", "汉", "2015.04.01", boy, "湾沚中心小学", "四年级", "（2）班",
        "东河村3组", "陈建国", "浙江宁波", "13812345678", "李梅", "江苏苏州", "13912345678",
        "陈大爷", "祖孙", "13512345678", "双留守", "", "住校", "本县", "66",
    ])  # fmt: skip
    sheet.append([
        2, "刘芳", "女", "回", "2016-01-20", girl, "湾沚中心小学", "三", "1班", "东河村",
        "刘强", "在家", "", "王丽", "广东深圳", "13712345678", "王丽", "母女", "13712345678",
        "单亲", "", "否", "安徽省示范县", "40",
    ])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    upload(staff_client, "花名册.xlsx", out.getvalue())
    batch = last_batch()
    assert (batch.new_count, batch.problems()) == (2, [])
    confirm(staff_client, batch)
    fields = ("ethnicity", "grade", "class_name", "boarding", "guardian_relation",
              "guardian_relation_word", "guardian_age", "is_left_behind")  # fmt: skip
    stored = {c["name"]: [c[f] for f in fields] for c in Child.objects.values("name", *fields)}
    assert stored == {
        "陈浩": ["汉族", 4, "2班", True, "paternal_gp", "祖孙", 66, True],
        "刘芳": ["回族", 3, "1班", False, "parent", "母女", 40, False],
    }
    parents = sorted(Parent.objects.values_list("child__name", "relation", "status", "work_city"))
    assert parents == [
        ("刘芳", "father", "at_home", ""),
        ("刘芳", "mother", "away_out", "深圳市"),
        ("陈浩", "father", "away_out", "宁波市"),
        ("陈浩", "mother", "away_out", "苏州市"),
    ]


def test_a_register_kept_on_one_sheet_per_grade_is_read_from_every_sheet(staff_client):
    """Schools often keep one sheet per grade (一年级, 二年级 …) in one layout: every such
    sheet is read and its rows are named by sheet and row; a sheet of instructions is
    passed over; a register sheet in another layout is named as not read."""
    book = Workbook()
    first = book.active
    first.title = "一年级"
    second = book.create_sheet("二年级")
    guide = book.create_sheet("填写说明")
    other = book.create_sheet("转入学生")
    grade_one = [person(1, 年级=1), person(2, 年级=1)]
    grade_two = [person(3, 年级=2), person(4, 年级=2, 联系电话="1234")]
    same = {k: grade_one[0][k] for k in ("身份证号码", "出生年月", "性别")}
    grade_two.append(person(5, 年级=2, **same))  # the same child on two sheets
    for sheet, people in ((first, grade_one), (second, grade_two)):
        sheet.append([f"湾沚中心小学{sheet.title}留守儿童登记表"])
        sheet.append(HEADERS)
        for row in as_rows(people):
            sheet.append(row)
    guide.append(["请按下列说明填写：姓名、身份证号码为必填项。"])
    other.append(["姓名", "身份证号码", "年级", "备注"])
    other.append(["转来的", make_id_number(datetime.date(2015, 9, 1), "M"), 2, ""])
    out = io.BytesIO()
    book.save(out)
    upload(staff_client, "分年级.xlsx", out.getvalue())
    batch = last_batch()
    assert batch.new_count == 3
    problems = {(p["sheet"], p["row"], p["column"]): p["message"] for p in batch.problems()}
    assert set(problems) == {("二年级", 4, "联系电话"), ("二年级", 5, "身份证号码")}
    assert problems[("二年级", 5, "身份证号码")] == "身份证号与工作表“一年级”第 3 行重复。"
    page = staff_client.get(batch.get_absolute_url()).content.decode()
    assert "“二年级”第 4 行" in page
    assert "工作表“转入学生”的表头与“一年级”不同，未读取" in page
    confirm(staff_client, batch)
    assert sorted(Child.objects.values_list("name", "grade")) == [
        ("学生001", 1),
        ("学生002", 1),
        ("学生003", 2),
    ]
    error_file = staff_client.get(reverse("imports:errors", args=[batch.pk]))
    rows = list(load_workbook(io.BytesIO(error_file.content)).active.iter_rows(values_only=True))
    notes = [r[-1] for r in rows[1:]]
    assert len(notes) == 2
    assert notes[0].startswith("原工作表“二年级”第 4 行：联系电话：")
    assert notes[1] == "原工作表“二年级”第 5 行：身份证号码：身份证号与工作表“一年级”第 3 行重复。"


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("户籍地址", "household_place"),
        ("现居住地址", "address"),
        ("居住地址", "address"),
        ("就读情况", "schooling_status"),
        ("寄宿情况", "boarding"),
        ("是否住校", "boarding"),
        ("组别", "group"),
        ("与学生关系", "guardian_relation"),
        ("与孩子的关系", "guardian_relation"),
        ("学生姓名", "name"),
        ("公民身份号码", "id_number"),
    ],
)
def test_headers_as_registers_and_the_national_system_write_them(written, key):
    from children.imports.columns import ALIASES, header_key

    assert ALIASES[header_key(written)].key == key


def test_when_each_parent_left_is_read_as_registers_write_it(staff_client):
    """父亲外出时间 / 母亲外出时间 as year and month (2023.5, 2023年5月) or a date; a month
    is its first day; a time still ahead is an error on that cell. The export writes it
    back, so a full export imported again changes nothing."""
    headers = [*HEADERS, "父亲外出时间", "母亲外出务工时间"]
    people = [
        person(1, 父亲外出时间="2023.5", 母亲外出务工时间="2024年3月"),
        person(2, 父亲外出时间=datetime.datetime(2022, 9, 1), 母亲外出务工时间=""),  # noqa: DTZ001
        person(3, 父亲外出时间="2099-01-01"),
    ]
    upload(staff_client, "away.xlsx", xlsx_bytes(people, headers=headers))
    batch = last_batch()
    assert error_cells(batch) == [(6, "父亲外出时间")]
    assert batch.problems()[0]["message"] == "外出时间不能晚于今天。"
    confirm(staff_client, batch)
    stored = sorted(Parent.objects.values_list("child__name", "relation", "away_since"))
    assert stored == [
        ("学生001", "father", datetime.date(2023, 5, 1)),
        ("学生001", "mother", datetime.date(2024, 3, 1)),
        ("学生002", "father", datetime.date(2022, 9, 1)),
        ("学生002", "mother", None),
    ]
    exported = staff_client.post(
        reverse("imports:export") + "?full=1",
        {"password": "Export-2026!", "password2": "Export-2026!"},
    ).getvalue()
    upload(staff_client, "export.xlsx", exported, password="Export-2026!")
    again = last_batch()
    assert again.problems() == []
    assert (again.new_count, again.changed_count, again.unchanged_count) == (0, 0, 2)
