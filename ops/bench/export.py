"""The register export against its floor, and the peak memory of a process exporting.

Floor: the same rows (already read and formatted) written by openpyxl in write-only mode
to a file on disk (the issue's). Bare floor: the same rows written by the export's own
writer (core.spreadsheets.workbook_write, XlsxWriter in constant-memory mode): what is
left of the export once its query, formatting and response are taken away. The three are
timed in turns (time_interleaved). Memory: a fresh interpreter (its peak RSS starts
afresh, unlike ru_maxrss in this long-lived one) runs the export view once and reports
its peak RSS before and after.
"""

import os
import resource
import subprocess  # noqa: S404 - the RSS process is our own interpreter
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook

from children.imports import selectors as import_selectors
from children.imports import writers
from children.register import register_filter, register_queryset
from core.spreadsheets import cell_value, workbook_write

from .measure import TRANSACTION_CONTROL, Timing, rolled_back, time_interleaved

RSS_PROCESS = """
import sys, django
django.setup()
from ops.bench.export import export_rss
export_rss(int(sys.argv[1]))
"""


def export_url() -> str:
    """Return the URL of the whole register's export (all statuses, masked)."""
    return reverse("imports:export") + "?status=all"


def export_rows(user) -> list[list]:
    """Return the cells the export writes for `user` (read, formatted and escaped as the
    file holds them: 是/否, text escaped against formulas), in memory."""
    qs = register_filter(
        register_queryset(user),
        {"status": "all"},
        today=timezone.localdate(),
        contact_days=user.county.contact_interval_days,
    )
    with translation.override("zh-hans"):
        rows = import_selectors.export_rows(qs, full=False)
        return [[cell_value(v) for v in row] for row in rows]


def floor_export(rows: list[list]) -> None:
    """Write `rows` with openpyxl in write-only mode to a temporary file (the floor)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(writers.SHEET_TITLE)
    sheet.append(writers.headers())
    for row in rows:
        sheet.append(row)
    with tempfile.TemporaryFile() as out:
        book.save(out)


def bare_export(rows: list[list]) -> None:
    """Write `rows` with the export's own writer to a temporary file (the bare floor)."""
    with tempfile.TemporaryFile() as out:
        workbook_write([(writers.SHEET_TITLE, writers.headers(), rows)], out)


def _download(client: Client) -> int:
    response = client.get(export_url())
    if response.status_code != 200:
        raise RuntimeError(f"export answered {response.status_code}")
    return sum(len(chunk) for chunk in response.streaming_content)


def _peak_mb() -> float:
    """Return this process's peak RSS so far, in MB (VmHWM: ru_maxrss keeps the parent's
    peak across exec, so a fresh process would report the benchmark's own)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export_rss(user_id: int) -> None:
    """Run the export once as user `user_id`; print the peak RSS (MB) before and after."""
    from django.test.utils import override_settings

    from accounts.models import User

    user = User.objects.select_related("county").get(pk=user_id)
    client = Client()
    client.force_login(user)
    before = _peak_mb()
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        rolled_back(lambda: _download(client))()
    print(f"{before:.1f} {_peak_mb():.1f}")  # noqa: T201 - read by export_peak_rss


def _database_url() -> str:
    """Return the URL of the database in use (the benchmark's), for the child process."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def export_peak_rss(user) -> tuple[float, float]:
    """Return a fresh process's peak RSS in MB before and after exporting as `user`."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", RSS_PROCESS, str(user.pk)],
        capture_output=True,
        text=True,
        check=False,
        env={
            **os.environ,
            "DATABASE_URL": _database_url(),
            "DJANGO_SETTINGS_MODULE": os.environ.get(
                "DJANGO_SETTINGS_MODULE", "config.settings.dev"
            ),
        },
    )
    if done.returncode:
        raise RuntimeError(f"the export's RSS process failed:\n{done.stderr[-2000:]}")
    before, after = done.stdout.split()[-2:]
    return float(before), float(after)


def measure_export(fed, *, runs: int, warmup: int) -> list[Timing]:
    """Return the export of the county's register (all statuses) against its floor."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(fed)
    rows = export_rows(fed)
    once = rolled_back(lambda: _download(client))
    with CaptureQueriesContext(connection) as ctx:
        once()  # the first warm-up run
    queries = sum(not TRANSACTION_CONTROL.match(q["sql"]) for q in ctx.captured_queries)
    seconds = time_interleaved(
        {
            "export": once,
            "floor": lambda: floor_export(rows),
            "bare": lambda: bare_export(rows),
        },
        runs=runs,
        warmup=max(0, warmup - 1),
    )
    before, peak = export_peak_rss(fed)
    return [
        Timing(
            f"Register export, {len(rows):,} rows (.xlsx)",
            seconds["export"],
            queries=queries,
            floor=seconds["floor"],
            floor_label="openpyxl write-only, same rows, to a file",
            max_ratio=1.3,
            bare=seconds["bare"],
            bare_label="the export's own writer (XlsxWriter), same rows, to a file",
            rss_mb=peak,
            rss_base_mb=before,
            max_rss_mb=200,
        )
    ]
