"""Helpers for the import tests: register files built in the test, and upload shortcuts."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from children.models import ImportBatch
from tests.factories import make_id_number

HEADERS = [
    "序号",
    "姓名",
    "身份证号码",
    "性别",
    "出生年月",
    "年级",
    "班级",
    "现住村（居）",
    "监护人姓名",
    "联系电话",
    "父亲姓名",
    "父亲状况",
    "父亲务工省份",
    "父亲务工城市",
    "母亲姓名",
    "母亲状况",
    "母亲务工省份",
]


def person(n: int, **overrides) -> dict:
    """Return one valid row (by header) for a left-behind pupil, numbered n."""
    birth = datetime.date(2014, 3, 5) + datetime.timedelta(days=n)
    sex = "M" if n % 2 else "F"
    row = {
        "序号": n,
        "姓名": f"学生{n:03d}",
        "身份证号码": make_id_number(birth, sex),
        "性别": "男" if sex == "M" else "女",
        "出生年月": birth.isoformat(),
        "年级": 3,
        "班级": "1班",
        "现住村（居）": "东河村",
        "监护人姓名": "王奶奶",
        "联系电话": "136-0000-0028",
        "父亲姓名": "张父",
        "父亲状况": "省外务工",
        "父亲务工省份": "江苏省",
        "父亲务工城市": "苏州市",
        "母亲姓名": "李母",
        "母亲状况": "省外务工",
        "母亲务工省份": "浙江省",
    }
    row.update(overrides)
    return row


def as_rows(people: list[dict], headers: list[str] = HEADERS) -> list[list]:
    return [[p.get(h) for h in headers] for p in people]


def xlsx_bytes(
    people: list[dict], *, headers: list[str] = HEADERS, title: bool = True, footer: bool = True
) -> bytes:
    """Return a workbook as schools send it: title, unit row, header, data, blank, total."""
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append(["湾沚中心小学留守儿童摸底登记表"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        sheet.append(["填报单位：湾沚中心小学", None, None, "填报日期：2025年3月1日"])
    sheet.append(headers)
    for row in as_rows(people, headers):
        sheet.append(row)
    if footer:
        sheet.append([])
        sheet.append(["合计", f"{len(people)} 人"])
        sheet.append(["填表人：陈老师", None, "审核人：王校长"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(people: list[dict], *, encoding: str, headers: list[str] = HEADERS) -> bytes:
    """Return a CSV file in the given encoding ("gb18030", "utf-8", "utf-8-sig")."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["湾沚中心小学留守儿童摸底登记表"])
    writer.writerow(headers)
    for row in as_rows(people, headers):
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode(encoding)


def upload(client, name: str, content: bytes, *, password: str = ""):
    """Post a file (and its opening password, if any) to the import page; return the
    response (not followed)."""
    return client.post(
        reverse("imports:index"),
        {"file": SimpleUploadedFile(name, content), "password": password},
        follow=False,
    )


def last_batch() -> ImportBatch:
    return ImportBatch.objects.order_by("-pk").first()


def confirm(client, batch: ImportBatch, **extra):
    return client.post(
        reverse("imports:confirm", args=[batch.pk]), {"sha256": batch.sha256, **extra}
    )


def error_cells(batch: ImportBatch) -> list[tuple[int, str]]:
    """Return the batch's errors as (row, column) pairs."""
    return [(e["row"], e["column"]) for e in batch.problems()]


@pytest.fixture
def staff_client(client, school_staff, village_a):
    client.force_login(school_staff)
    return client
