"""Timing the register import and export against their floors (for `make bench`, issue 9).

`bench_import_export()` builds a county, a school, a staff user and the files it needs in
one transaction that it rolls back, so it leaves the database as it found it. Import:
preview + confirm of an N-row .xlsx against the floor of reading the same file with
openpyxl read-only plus one bulk insert of its children (and, second floor, of its
parents too). Export: our export of M children against openpyxl write-only writing the
same rows.
"""

import datetime
import io
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.test import override_settings
from openpyxl import Workbook, load_workbook

from accounts.models import Role, User
from children.models import Child, ImportBatch, Parent
from children.selectors import children_visible_to
from core.validators import id_check_char
from schools.models import County, School, Town, Village

from . import selectors, services, writers
from .columns import COLUMNS


class _Rollback(Exception):  # noqa: N818 - control flow only
    pass


def _id_number(n: int) -> tuple[str, datetime.date, str]:
    birth = datetime.date(2010, 1, 1) + datetime.timedelta(days=n % 3000)
    sex = "M" if n % 2 else "F"
    seq = n // 3000
    first17 = f"{340200 + seq // 50:06d}{birth:%Y%m%d}{seq % 50:02d}{1 if sex == 'M' else 2}"
    return first17 + id_check_char(first17), birth, sex


def _row(n: int, school: str, town: str, village: str) -> dict:
    number, birth, sex = _id_number(n)
    return {
        "姓名": f"学生{n}",
        "公民身份号码": number,
        "性别": "男" if sex == "M" else "女",
        "出生日期": birth,
        "现住乡镇": town,
        "现住村（居）": village,
        "学校": school,
        "年级": 1 + n % 9,
        "班级": f"{1 + n % 4}班",
        "委托监护人姓名": "王奶奶",
        "与儿童关系": "祖父母",
        "监护人电话": f"136{n:08d}",
        "监护情况": "一般",
        "父亲姓名": f"父{n}",
        "父亲状况": "省外务工",
        "父亲务工省份": "江苏省",
        "父亲务工城市": "苏州市",
        "父亲电话": f"139{n:08d}",
        "母亲姓名": f"母{n}",
        "母亲状况": "省内务工",
        "母亲务工省份": "安徽省",
        "母亲务工城市": "合肥市",
    }


def register_xlsx(rows: int, school: str, town: str, village: str) -> bytes:
    """Return an .xlsx in the template's columns with `rows` valid children."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("儿童台账")
    headers = [c.header for c in COLUMNS]
    sheet.append(headers)
    for n in range(1, rows + 1):
        row = _row(n, school, town, village)
        sheet.append([row.get(h) for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _time(fn: Callable[[], object], runs: int) -> float:
    """Return the median seconds of `runs` calls, each in a rolled-back transaction."""
    times = []
    for _ in range(runs):
        try:
            with transaction.atomic():
                start = time.perf_counter()
                fn()
                times.append(time.perf_counter() - start)
                raise _Rollback
        except _Rollback:
            pass
    return statistics.median(times)


def _floor_import(content: bytes, user: User, with_parents: bool) -> None:
    """Read the file with openpyxl read-only, then bulk-insert its children (and parents)."""
    sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    rows = sheet.iter_rows(values_only=True)
    headers = list(next(rows))
    name, number, birth = (headers.index(h) for h in ("姓名", "公民身份号码", "出生日期"))
    children = [
        Child(
            county_id=user.county_id,
            school_id=user.school_id,
            town_id=user.school.town_id,
            name=r[name],
            id_number=r[number],
            birth_date=r[birth].date(),
            sex="M",
            schooling_status="primary",
        )
        for r in rows
    ]
    Child.objects.bulk_create(children, batch_size=1000)
    if with_parents:
        Parent.objects.bulk_create(
            [
                Parent(child_id=c.pk, relation=rel, status="away_out")
                for c in children
                for rel in ("father", "mother")
            ],
            batch_size=1000,
        )


def _our_import(content: bytes, user: User) -> None:
    with override_settings(REGISTER_IMPORT_INLINE_MAX_BYTES=len(content) + 1):
        batch = services.import_upload(by=user, name="bench.xlsx", content=content)
    if batch.status != ImportBatch.Status.PREVIEW or batch.error_count:
        raise RuntimeError(f"benchmark file did not check cleanly: {batch.errors[:3]}")
    services.import_confirm(by=user, batch=batch, sha256=batch.sha256, with_transfers=False)


def _floor_export(rows: list[list]) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("儿童台账")
    sheet.append(writers.headers())
    for row in rows:
        sheet.append(row)
    book.save(io.BytesIO())


def _our_export(user: User) -> int:
    rows = selectors.export_rows(children_visible_to(user).filter(status="open"), full=True)
    return len(writers.export_xlsx(rows))


class _Results(dict):
    """Timings, each printed as it is measured when `report` is given."""

    def __init__(self, report: Callable[[str, float], None] | None):
        super().__init__()
        self.report = report

    def __setitem__(self, key: str, value: float) -> None:
        super().__setitem__(key, value)
        if self.report:
            self.report(key, value)


def bench_import_export(
    *,
    import_rows: int = 20_000,
    export_rows: int = 30_000,
    runs: int = 3,
    report: Callable[[str, float], None] | None = None,
) -> dict[str, float]:
    """Return {name: seconds} for import and export and their floors, and the ratios.

    `report(name, value)`, if given, is called as each figure is measured.
    """
    results = _Results(report)
    try:
        with transaction.atomic():
            county = County.objects.create(
                name="基准县", code="349999", area_km2=Decimal(1), population=1
            )
            town = Town.objects.create(county=county, name="基准镇")
            village = Village.objects.create(town=town, name="基准村")
            school = School.objects.create(town=town, name="基准小学", kind="central_primary")
            user = User.objects.create(
                username="bench-staff", role=Role.SCHOOL_STAFF, county=county, school=school
            )
            content = register_xlsx(import_rows, school.name, town.name, village.name)
            results["import_file_bytes"] = len(content)
            results["import_floor"] = _time(lambda: _floor_import(content, user, False), runs)
            results["import_floor_with_parents"] = _time(
                lambda: _floor_import(content, user, True), runs
            )
            results["import_ours"] = _time(lambda: _our_import(content, user), runs)
            if export_rows:
                export_file = register_xlsx(export_rows, school.name, town.name, village.name)
                _our_import(export_file, user)  # the register to export
                rows = list(selectors.export_rows(children_visible_to(user), full=True))
                results["export_floor"] = _time(lambda: _floor_export(rows), runs)
                results["export_ours"] = _time(lambda: _our_export(user), runs)
            raise _Rollback
    except _Rollback:
        pass
    results["import_ratio"] = results["import_ours"] / results["import_floor"]
    results["import_ratio_with_parents"] = (
        results["import_ours"] / results["import_floor_with_parents"]
    )
    if export_rows:
        results["export_ratio"] = results["export_ours"] / results["export_floor"]
    return results
