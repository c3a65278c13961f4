"""One benchmark run: for each scale, a fresh database, the data, the pages and their floors."""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from activities.models import Activity
from children.models import Child, Contact, ImportBatch, Parent
from donations.models import Aid
from ops.bench.imports import _floor_import, register_xlsx
from reports import services as report_services
from reports.models import HalfYearReport
from schools.models import County, School, Town, Village

from . import emptypage, floors
from .database import bench_database
from .export import measure_export
from .generate import COUNTY, PROVINCE, CountyUsers, Scale, generate, vacuum_analyze
from .measure import (
    TRANSACTION_CONTROL,
    Timing,
    page,
    retrying,
    rolled_back,
    time_interleaved,
)
from .table import ScaleResult, text_table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Plan:
    """How many runs: pages (warm-up + measured) and the heavy import/export ones."""

    runs: int = 15
    warmup: int = 3
    heavy_runs: int = 3
    heavy_warmup: int = 1
    import_rows: int = 20_000
    export_rows: int = 30_000


def county_users(county: County) -> CountyUsers:
    """Return the benchmark users of a generated county."""
    by_role = {u.role: u for u in User.objects.filter(county=county, username__startswith="bench-")}
    return CountyUsers(
        federation=by_role[Role.FEDERATION],
        education=by_role[Role.EDUCATION],
        town_officer=by_role[Role.TOWN_OFFICER],
        school_staff=by_role[Role.SCHOOL_STAFF],
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _report(user: User) -> HalfYearReport:
    """Return a draft report of the last complete half-year for `user`'s county."""
    today = timezone.localdate()
    year, half = (today.year, "H1") if today.month > 6 else (today.year - 1, "H2")
    existing = HalfYearReport.objects.filter(
        county_id=user.county_id, town=None, year=year, period=half, status="draft"
    ).first()
    return existing or report_services.report_draft_create(by=user, year=year, half=half)


def measure_pages(users: CountyUsers, plan: Plan, *, county_scale: bool) -> list[Timing]:
    """Return the timings of the register, the child's file, the dashboard and the report.

    Targets are the issue's: at province scale the register may take 60 ms instead of 50
    (its cost grows with the county, not the province); the rest are the same.
    """
    fed = users.federation
    client = _client(fed)
    county = fed.county
    town = Town.objects.filter(county=county).order_by("pk").first()
    open_children = Child.objects.filter(county=county, status="open").order_by("pk")
    # A child with the fullest file: a mentor and aid (older databases: a mentor at least).
    child = (
        open_children.filter(pairings__isnull=False, aid__isnull=False).first()
        or open_children.filter(pairings__isnull=False).first()
    )
    report = _report(fed)
    runs = {"runs": plan.runs, "warmup": plan.warmup}
    today = timezone.localdate()
    list_targets = {"max_ms": 50 if county_scale else 60, "max_bare_ratio": 2}
    bare = "50 rows by index + one count"
    dashboard = reverse("dashboards:county")
    with override_settings(ROOT_URLCONF=emptypage.urlconf()):
        empty = page(
            "Empty page (login, session and middleware only: the floor of any page)",
            _get(client, "/bench/empty/"),
            **runs,
        )
    return [
        empty,
        page(
            "Register list, first page",
            _get(client, reverse("children:list")),
            bare=(bare, floors.first_page_floor(county.pk)),
            **runs,
            **list_targets,
        ),
        page(
            "Register list, filtered (town, category, overdue; page 2 by last contact)",
            _get(
                client,
                reverse("children:list")
                + f"?town={town.pk}&category=left_behind&overdue=on&sort=-last_contact&page=2",
            ),
            bare=(
                bare,
                floors.filtered_page_floor(
                    county.pk, town.pk, today=today, contact_days=county.contact_interval_days
                ),
            ),
            **runs,
            **list_targets,
        ),
        page(
            "Child's file",
            _get(client, child.get_absolute_url()),
            bare=("the child and one query per history", floors.file_floor(child.pk)),
            max_ms=25,
            max_queries=10,
            max_ratio=3,
            **runs,
        ),
        page(
            "County dashboard (cache cleared before each run)",
            _get(client, dashboard),
            setup=cache.clear,
            max_ms=150,
            **runs,
        ),
        page("County dashboard (cached figures)", _get(client, dashboard), max_ms=30, **runs),
        page(
            "Half-year report generation (draft page, figures computed)",
            _get(client, reverse("reports:detail", args=[report.pk])),
            max_ms=500,
            **runs,
        ),
        page(
            "Half-year report .docx download",
            _get(client, reverse("reports:docx", args=[report.pk])),
            writes=True,
            max_ms=500,
            **runs,
        ),
    ]


def _get(client: Client, url: str) -> Callable[[], object]:
    def run() -> object:
        response = client.get(url)
        if response.status_code == 503:  # the app's answer while the database restarts
            raise OperationalError(f"GET {url} answered 503: database unavailable")
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return response.content

    return run


def _import_once(client: Client, content: bytes, spans: list[tuple[float, float]]) -> None:
    """Upload `content` (preview) and confirm it through the client; append both durations."""
    upload = SimpleUploadedFile("bench.xlsx", content, content_type=XLSX)
    start = time.perf_counter()
    response = client.post(reverse("imports:index"), {"file": upload})
    previewed = time.perf_counter()
    if response.status_code == 503:
        raise OperationalError("import upload answered 503: database unavailable")
    if response.status_code != 302:
        raise RuntimeError(f"import upload answered {response.status_code}")
    batch = ImportBatch.objects.order_by("-pk").first()
    if batch.status != ImportBatch.Status.PREVIEW or batch.error_count:
        raise RuntimeError(f"benchmark file did not check cleanly: {batch.errors[:3]}")
    confirm_start = time.perf_counter()
    response = client.post(reverse("imports:confirm", args=[batch.pk]), {"sha256": batch.sha256})
    end = time.perf_counter()
    batch.refresh_from_db()
    if response.status_code != 302 or batch.status != ImportBatch.Status.DONE:
        raise RuntimeError(f"import confirm failed: {response.status_code} {batch.status}")
    spans.append((previewed - start, end - confirm_start))


def measure_import(users: CountyUsers, plan: Plan) -> list[Timing]:
    """Return preview, confirm and their sum for an N-row .xlsx, against the floor."""
    staff = users.school_staff
    school = School.objects.select_related("town").get(pk=staff.school_id)
    village = Village.objects.filter(town=school.town).order_by("pk").first()
    content = register_xlsx(plan.import_rows, school.name, school.town.name, village.name)
    client = _client(staff)
    spans: list[tuple[float, float]] = []
    with override_settings(REGISTER_IMPORT_INLINE_MAX_BYTES=len(content) + 1):
        once = rolled_back(lambda: _import_once(client, content, spans))
        queries = _count_queries(once)  # the first warm-up run
        seconds = time_interleaved(
            {
                "import": once,
                "floor": rolled_back(lambda: _floor_import(content, staff, True)),
                "copied": rolled_back(lambda: _floor_import(content, staff, True, by_copy=True)),
            },
            runs=plan.heavy_runs,
            warmup=plan.heavy_warmup - 1,
        )
    del spans[: len(spans) - plan.heavy_runs]  # the warm-up rounds' spans
    floor, copied = seconds["floor"], seconds["copied"]
    rows = f"{plan.import_rows:,}"
    label = "calamine parse + bulk insert (children and parents)"
    return [
        Timing(f"Import {rows} rows: preview (dry run)", [p for p, _c in spans]),
        Timing(f"Import {rows} rows: confirm", [c for _p, c in spans]),
        Timing(
            f"Import {rows} rows: preview + confirm",
            [p + c for p, c in spans],
            queries=queries,
            floor=floor,
            floor_label=label,
            max_ratio=1.5,
            bare=copied,
            bare_label="calamine parse + COPY of the same rows",
        ),
    ]


def _count_queries(fn: Callable[[], object]) -> int:
    """Return how many SQL statements `fn` sends (captured once, without replaying)."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return sum(not TRANSACTION_CONTROL.match(q["sql"]) for q in ctx.captured_queries)


def _sizes() -> dict[str, int]:
    """Return how many rows the main tables hold."""
    sizes = {
        "counties": County.objects.count(),
        "schools": School.objects.count(),
        "children": Child.objects.count(),
        "parents": Parent.objects.count(),
        "contacts": Contact.objects.count(),
        "activities": Activity.objects.count(),
        "aid records": Aid.objects.count(),
    }
    sizes["rows"] = sum(sizes.values())
    return sizes


def run_scale(
    scale: Scale,
    plan: Plan,
    *,
    database: str,
    url: str | None,
    keep: bool,
    reuse: bool,
    with_import_export: bool,
    say: Callable[[str], None],
    on_connected: Callable[[], object] | None = None,
) -> ScaleResult:
    """Generate `scale` in its own database, measure it and return the result.

    `on_connected` is called once the benchmark database is in use (e.g. to describe it).
    """
    started = time.perf_counter()
    with bench_database(database, url=url, keep=keep, reuse=reuse) as reused:
        migrated = time.perf_counter()
        if on_connected:
            on_connected()
        generation: dict[str, float] = {"reused": 1.0} if reused else {}
        if not reused:
            say(f"{scale.name}: migrated {database} in {migrated - started:.0f} s; generating…")
            _users, generation = generate(
                scale,
                progress=lambda done, total: (
                    say(f"  county {done}/{total} after {time.perf_counter() - migrated:.0f} s")
                    if total > 1 and (done % 5 == 0 or done == total)
                    else None
                ),
            )
            generation["migrate"] = migrated - started
        else:
            # An earlier run's rolled-back imports left dead rows and bloated indexes: vacuum
            # and reindex, so index-only scans are measured as they run in production.
            vacuum_analyze(reindex=True)
        sizes = _sizes()
        say(f"{scale.name}: {sizes['children']:,} children; measuring…")
        users = county_users(County.objects.order_by("pk").first())
        county_scale = scale.name == COUNTY.name
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
            result = ScaleResult(scale.name, sizes, generation)
            result.timings = measure_pages(users, plan, county_scale=county_scale)
            say(text_table([result]))
            if with_import_export:
                say(f"{scale.name}: import and export…")
                result.timings += retrying(lambda: measure_import(users, plan))
                result.timings += retrying(
                    lambda: measure_export(
                        users.federation, runs=plan.heavy_runs, warmup=plan.heavy_warmup
                    )
                )
        return result


SCALES = {"county": COUNTY, "province": PROVINCE}
