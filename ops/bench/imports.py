"""Timing the register import and export against their floors (for `make bench`, issue 9).

`bench_import_export()` builds a county, a school, a staff user and the files it needs in
one transaction that it rolls back, so it leaves the database as it found it. Import:
preview + confirm of an N-row .xlsx against the floor of parsing the same file with
python-calamine plus one bulk insert of the same children (and, second floor, of their
parents too), measured in the same run; and the peak RSS of a fresh worker process that
previews and confirms that file. Export: our export of M children against openpyxl
write-only writing the same rows.
"""

import datetime
import io
import os
import statistics
import subprocess  # noqa: S404 - the RSS worker is our own interpreter
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.test import override_settings
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from accounts.models import Role, User
from children.bulk import create_rows, insert_rows
from children.imports import confirm, selectors, services, writers
from children.imports.columns import REGISTER_COLUMNS as COLUMNS
from children.models import Child, ImportBatch, Parent
from children.models.choices import GuardianRelation, GuardianshipGrade, ParentStatus
from children.selectors import children_visible_to
from core.validators import id_check_char
from schools.models import County, School, Town, Village


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


STATUS_CODES = {str(label): code for code, label in ParentStatus.choices}
RELATION_CODES = {str(label): code for code, label in GuardianRelation.choices}
GRADE_CODES = {str(label): code for code, label in GuardianshipGrade.choices}


def _floor_import(content: bytes, user: User, with_parents: bool, by_copy: bool = False) -> None:
    """Parse the file with calamine, then bulk-insert the same children (and parents).

    No validation, no lookups, no preview: each cell goes straight to its field, coded
    values through one dict each. This is what any import of the file must at least do.
    Inserted by Django's bulk_create (the issue's floor), or with `by_copy` by COPY
    (`children.bulk`, as the import's confirmation writes them: the second, lower floor).
    """
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    at = {h: i for i, h in enumerate(rows[0])}
    village = Village.objects.get(town_id=user.school.town_id, name=rows[1][at["现住村（居）"]])

    def child(r) -> dict:
        number = r[at["公民身份号码"]]
        return {
            "county_id": user.county_id,
            "school_id": user.school_id,
            "town_id": user.school.town_id,
            "village_id": village.pk,
            "name": r[at["姓名"]],
            "id_number": number,
            "birth_date": r[at["出生日期"]],
            "sex": "M" if int(number[16]) % 2 else "F",
            "schooling_status": "primary",
            "grade": int(r[at["年级"]]),
            "class_name": r[at["班级"]],
            "guardian_name": r[at["委托监护人姓名"]],
            "guardian_relation": RELATION_CODES[r[at["与儿童关系"]]],
            "guardian_phone": r[at["监护人电话"]],
            "guardianship_grade": GRADE_CODES[r[at["监护情况"]]],
        }

    def parents(pk: int, r) -> list[dict]:
        return [
            {
                "child_id": pk,
                "relation": relation,
                "name": r[at[f"{label}姓名"]],
                "status": STATUS_CODES[r[at[f"{label}状况"]]],
                "work_province": r[at[f"{label}务工省份"]],
                "work_city": r[at[f"{label}务工城市"]],
                "phone": str(r[at[f"{label}电话"]]),
            }
            for relation, label in (("father", "父亲"), ("mother", "母亲"))
        ]

    values = [child(r) for r in rows[1:]]
    if by_copy:
        pks = create_rows(Child, values)
    else:
        children = [Child(**v) for v in values]
        Child.objects.bulk_create(children, batch_size=1000)
        pks = [c.pk for c in children]
    if not with_parents:
        return
    people = [p for pk, r in zip(pks, rows[1:], strict=True) for p in parents(pk, r)]
    if by_copy:
        insert_rows(Parent, people)
    else:
        Parent.objects.bulk_create([Parent(**p) for p in people], batch_size=1000)


def _our_import(content: bytes, user: User) -> None:
    with override_settings(REGISTER_IMPORT_INLINE_MAX_BYTES=len(content) + 1):
        batch = services.import_upload(by=user, name="bench.xlsx", content=content)
    if batch.status != ImportBatch.Status.PREVIEW or batch.error_count:
        raise RuntimeError(f"benchmark file did not check cleanly: {batch.problems()[:3]}")
    confirm.import_confirm(by=user, batch=batch, sha256=batch.sha256)


# A fresh worker process: Django set up, then one preview + confirm of the file, rolled back.
RSS_WORKER = """
import sys, django
django.setup()
from ops.bench.imports import rss_worker
rss_worker(sys.argv[1])
"""


def _bench_user() -> User:
    """Create (inside the caller's transaction) a county, town, village, school and staff."""
    county = County.objects.create(name="基准县", code="349999", area_km2=Decimal(1), population=1)
    town = Town.objects.create(county=county, name="基准镇")
    Village.objects.create(town=town, name="基准村")
    school = School.objects.create(town=town, name="基准小学", kind="central_primary")
    return User.objects.create(
        username="bench-staff", role=Role.SCHOOL_STAFF, county=county, school=school
    )


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> None:
    """Start VmHWM afresh (Linux: writing 5 to clear_refs resets the peak RSS)."""
    Path("/proc/self/clear_refs").write_text("5")


def rss_worker(path: str) -> None:
    """Preview, then confirm, the file at `path` in a rolled-back transaction; print RSS.

    Prints three numbers in MB, from VmHWM (which a new program starts afresh, unlike
    ru_maxrss): the peak with Django loaded, the peak during the preview and the peak
    during the confirmation (the worker runs them as two tasks).
    """
    content = Path(path).read_bytes()
    before = _peak_mb()
    try:
        # DEBUG keeps every SQL text (megabytes per bulk insert): production does not.
        with override_settings(DEBUG=False), transaction.atomic():
            user = _bench_user()
            _reset_peak()
            with override_settings(REGISTER_IMPORT_INLINE_MAX_BYTES=len(content) + 1):
                batch = services.import_upload(by=user, name="bench.xlsx", content=content)
            preview = _peak_mb()
            del content
            _reset_peak()
            confirm.import_confirm(by=user, batch=batch, sha256=batch.sha256)
            raise _Rollback
    except _Rollback:
        pass
    print(f"{before:.1f} {preview:.1f} {_peak_mb():.1f}")  # noqa: T201 - read by the caller


def import_peak_rss(content: bytes) -> tuple[float, float, float]:
    """Return the MB of a fresh worker: Django loaded, peak of preview, peak of confirm."""
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        handle.write(content)
        handle.flush()
        done = subprocess.run(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-c", RSS_WORKER, handle.name],
            capture_output=True,
            text=True,
            check=True,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": os.environ.get(
                    "DJANGO_SETTINGS_MODULE", "config.settings.dev"
                ),
            },
        )
    before, preview, confirmed = (float(x) for x in done.stdout.split()[-3:])
    return before, preview, confirmed


def _floor_export(rows: list[list]) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("儿童台账")
    sheet.append(writers.headers())
    for row in rows:
        sheet.append(row)
    book.save(io.BytesIO())


def _our_export(user: User) -> int:
    rows = selectors.export_rows(children_visible_to(user).open(), full=True)
    return writers.export_xlsx(rows, io.BytesIO())


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
    measure_rss: bool = True,
) -> dict[str, float]:
    """Return {name: seconds} for import and export and their floors, and the ratios.

    `report(name, value)`, if given, is called as each figure is measured.
    """
    results = _Results(report)
    try:
        with override_settings(DEBUG=False), transaction.atomic():  # no SQL log, as in prod
            user = _bench_user()
            school, town = user.school, user.school.town
            village = Village.objects.get(town=town)
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
    if measure_rss:  # after the rollback: the worker creates the same county itself
        before, preview, confirmed = import_peak_rss(content)
        results["import_worker_rss_django_mb"] = before
        results["import_worker_peak_rss_preview_mb"] = preview
        results["import_worker_peak_rss_confirm_mb"] = confirmed
    results["import_ratio"] = results["import_ours"] / results["import_floor"]
    results["import_ratio_with_parents"] = (
        results["import_ours"] / results["import_floor_with_parents"]
    )
    if export_rows:
        results["export_ratio"] = results["export_ours"] / results["export_floor"]
    return results
