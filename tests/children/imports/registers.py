"""Registers shaped the way a county's schools keep them, built by hand with openpyxl.

A merged title row, a 填报单位 row, a two-row header (父亲情况 / 母亲情况 / 监护人情况 merged
over 姓名 / 务工地点 / 电话, the single columns merged down over both rows), the data, a
合计 row and the signatures below: nothing like our template.
"""

import datetime
import io

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from tests.factories import make_id_number

SINGLE = ["序号", "姓名", "性别", "身份证号码", "出生年月", "年级", "家庭住址"]
GROUPS = [
    ("父亲情况", ["姓名", "务工地点", "电话"]),
    ("母亲情况", ["姓名", "务工地点", "电话"]),
    ("监护人情况", ["姓名", "与儿童关系", "电话"]),
]
TRAILING = ["帮扶教师", "是否寄宿", "留守类型", "备注"]
# The labels each data column carries once its group is read (the keys of a pupil dict).
LABELS = [
    *SINGLE,
    *[f"{group[:-2]}{sub}" for group, subs in GROUPS for sub in subs],
    *TRAILING,
]


def pupil(n: int, **overrides) -> dict:
    """Return one pupil as the register writes them, numbered n (born in 2015)."""
    birth = datetime.date(2015, 1, 1) + datetime.timedelta(days=n)
    sex = "M" if n % 2 else "F"
    row = {
        "序号": n,
        "姓名": f"童{n:02d}",
        "性别": "男" if sex == "M" else "女",
        "身份证号码": make_id_number(birth, sex),
        "出生年月": f"{birth.year}.{birth.month}",
        "年级": "三年级",
        "家庭住址": "东河村三组",
        "父亲姓名": f"父{n:02d}",
        "父亲务工地点": "浙江杭州",
        "父亲电话": "13900000001",
        "母亲姓名": f"母{n:02d}",
        "母亲务工地点": "江苏苏州",
        "母亲电话": "",
        "监护人姓名": "王桂兰",
        "监护人与儿童关系": "奶奶",
        "监护人电话": "13600000028",
        "帮扶教师": "",
        "是否寄宿": "否",
        "留守类型": "双亲外出",
        "备注": "",
    }
    row.update(overrides)
    return row


def county_register(people: list[dict], *, unit: str = "湾沚中心小学") -> bytes:
    """Return an .xlsx register: title, unit, two-row header, data, total, signatures."""
    book = Workbook()
    sheet = book.active
    sheet.title = "留守儿童"
    width = len(LABELS)
    sheet.cell(1, 1, "示范县农村留守儿童基本情况登记表（2025年春季学期）")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(2, 1, f"填报单位（盖章）：{unit}")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=6)
    sheet.cell(2, width - 2, "填报时间：2025年3月")
    column = 1
    for label in SINGLE:
        sheet.cell(3, column, label)
        sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
        column += 1
    for group, subs in GROUPS:
        sheet.cell(3, column, group)
        sheet.merge_cells(
            start_row=3, start_column=column, end_row=3, end_column=column + len(subs) - 1
        )
        for offset, sub in enumerate(subs):
            sheet.cell(4, column + offset, sub)
        column += len(subs)
    for label in TRAILING:
        sheet.cell(3, column, label)
        sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
        column += 1
    for index, person in enumerate(people, 5):
        for col, label in enumerate(LABELS, 1):
            sheet.cell(index, col, person.get(label))
        sheet.cell(index, 4).number_format = "@"
    last = 5 + len(people)
    sheet.cell(last, 1, "合计")
    sheet.cell(last, 2, f"{len(people)}人")
    sheet.cell(last + 2, 1, "填表人：陈老师")
    sheet.cell(last + 2, 6, "审核人：王校长")
    sheet.cell(last + 2, 12, "校长（签字）：")
    sheet.column_dimensions[get_column_letter(4)].width = 22
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
