"""A file with a few bad rows costs a few fixes: import the good rows, fix the rest, re-upload."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from children.imports.confirm import batch_children
from children.models import Child, ImportBatch
from tests.children.imports.conftest import confirm, last_batch, upload
from tests.children.imports.registers import LABELS, county_register, pupil
from tests.factories import with_wrong_check

BAD_FILL = "00FFC7CE"


def fifty_with_eight_bad() -> tuple[list[dict], list[dict], dict[str, list[str]]]:
    """Return (the file's rows, the rows as they should be, {name: columns at fault})."""
    right = [pupil(n) for n in range(1, 51)]
    rows = [dict(p) for p in right]
    faults = {
        5: {"身份证号码": with_wrong_check(right[4]["身份证号码"])},
        9: {"监护人电话": "1234"},
        14: {"父亲务工地点": "外省"},
        20: {"监护人与儿童关系": "干爹"},
        # Bad in two ways at once: a duplicate of row 1's ID, and a short phone.
        27: {"身份证号码": right[0]["身份证号码"], "父亲电话": "139"},
        # Bad in two ways at once: a grade that does not exist, and the wrong birth month.
        33: {"年级": "十五年级", "出生年月": "2013.6"},
        41: {"姓名": ""},
        47: {"性别": "女" if right[46]["性别"] == "男" else "男"},
    }
    columns = {}
    for n, fault in faults.items():
        rows[n - 1].update(fault)
        columns[right[n - 1]["姓名"]] = list(fault)
    return rows, right, columns


def problem_columns(batch: ImportBatch) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for problem in batch.problems():
        out.setdefault(problem["row"], []).append(problem["column"])
    return out


def test_fifty_rows_eight_bad_import_the_good_fix_the_bad_and_reupload(staff_client):
    rows, right, columns = fifty_with_eight_bad()
    first_file = county_register(rows)
    upload(staff_client, "五十人.xlsx", first_file)
    first = last_batch()
    assert (first.total_rows, first.new_count, first.error_count) == (50, 42, 8)
    # The data starts on row 5: pupil n is on row n + 4. Every problem of every row at once.
    assert problem_columns(first) == {
        9: ["身份证号码"],
        13: ["监护人电话"],
        18: ["父亲务工地点"],
        24: ["监护人与儿童关系"],
        31: ["父亲电话", "身份证号码"],
        37: ["年级", "出生年月"],
        45: ["姓名"],
        51: ["性别"],
    }
    duplicate = [p for p in first.problems() if p["row"] == 31 and p["column"] == "身份证号码"]
    assert duplicate[0]["message"] == "身份证号与第 5 行重复。"
    assert duplicate[0]["name"] == "童27" and duplicate[0]["value"] == right[0]["身份证号码"]
    page = staff_client.get(first.get_absolute_url()).content.decode()
    assert "导入无误的 42 行" in page and "下载错误行" in page

    confirm(staff_client, first)
    first.refresh_from_db()
    good = [p for n, p in enumerate(right, 1) if n not in (5, 9, 14, 20, 27, 33, 41, 47)]
    assert sorted(Child.objects.values_list("id_number", "name")) == sorted(
        (p["身份证号码"], p["姓名"]) for p in good
    )
    assert first.outcome == "已导入 42 行，8 行有错误待修改"
    assert sorted(batch_children(first)) == sorted(Child.objects.values_list("pk", flat=True))

    response = staff_client.get(reverse("imports:errors", args=[first.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header == [*LABELS, "错误说明"]
    assert sheet.max_row == 9
    for line in sheet.iter_rows(min_row=2):
        name = line[LABELS.index("姓名")].value or "童41"
        red = [header[c.column - 1] for c in line[: len(LABELS)] if c.fill.fgColor.rgb == BAD_FILL]
        assert sorted(red) == sorted(columns[name]), name
        note = line[-1].value  # 错误说明 names each problem, in one sentence
        assert note.endswith("。") and "。；" not in note and "。" not in note[:-1]
        assert note.count("；") == len(columns[name]) - 1, note
        fixed = right[int(name[1:]) - 1]
        for cell in line[: len(LABELS)]:
            cell.value = fixed[header[cell.column - 1]]
    out = io.BytesIO()
    sheet.parent.save(out)

    upload(staff_client, "五十人（错误行）.xlsx", out.getvalue())
    second = last_batch()
    assert (second.new_count, second.error_count) == (8, 0)
    assert second.unimported_columns == ["留守类型", "备注"]  # as in the first file
    confirm(staff_client, second)
    assert Child.objects.count() == 50
    assert sorted(Child.objects.values_list("id_number", flat=True)) == sorted(
        p["身份证号码"] for p in right
    )

    upload(staff_client, "五十人.xlsx", first_file)
    again = last_batch()
    assert (again.new_count, again.changed_count, again.unchanged_count) == (0, 0, 42)
    assert not again.can_confirm
    history = staff_client.get(reverse("imports:index")).content.decode()
    assert "无变化，8 行有错误待修改" in history
    assert "已导入 8 行" in history and "已导入 42 行，8 行有错误待修改" in history


def test_a_file_of_only_bad_rows_says_nothing_was_imported(staff_client):
    upload(staff_client, "bad.xlsx", county_register([pupil(1, 姓名=""), pupil(2, 年级="X")]))
    batch = last_batch()
    assert (batch.error_count, batch.good_count, batch.can_confirm) == (2, 0, False)
    assert batch.outcome == "有错误，未导入"
    response = confirm(staff_client, batch)
    assert response.status_code == 302 and Child.objects.count() == 0
