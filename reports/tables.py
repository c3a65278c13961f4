"""The report annex's tables: by town, by school, homes, activities and donations.

Rows are JSON-safe lists, stored with a filed report's figures so its annex never changes.
"""

from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum

from activities.models import Activity, Home
from core.periods import Period
from donations.models import Donation
from schools.models import School


def money(value: Decimal | None) -> str:
    """Return a sum of money as a JSON-safe string with two decimals."""
    return str((value or Decimal("0")).quantize(Decimal("0.01")))


def report_tables(*, scope, period: Period, register_rows: list[dict]) -> dict[str, list[list]]:
    """Return the annex's tables (by town, by school, homes, activities, donations).

    `register_rows` are the children on the register at the period's end, counted per
    school and place (reports.figures._register_rows). Rows are JSON-safe lists; a filed
    report stores them with its figures.
    """
    return {
        "by_town": _by_town(register_rows),
        "by_school": _by_school(scope, period, register_rows),
        "homes": _homes(scope),
        "activities": _activities(scope, period),
        "donations": _donations(scope, period),
    }


def _by_school(scope, period: Period, register_rows: list[dict]) -> list[list]:
    """Return a row per school: town, name, kind, pupils, left-behind, migrant, activities."""
    # The activities held at each school, counted apart from its enrolments (a join of
    # both would multiply them).
    held = (
        Activity.objects.filter(school=OuterRef("pk"), on__gte=period.start, on__lte=period.end)
        .order_by()
        .values("school")
        .annotate(n=Count("pk"))
        .values("n")
    )
    schools = (
        scope.schools()
        .annotate(
            pupils=Sum(
                "enrollments__pupils",
                filter=Q(enrollments__year=period.year, enrollments__semester=period.semester),
            ),
            held=Subquery(held),
        )
        .values("pk", "name", "kind", "town__name", "pupils", "held")
        .order_by("town__name", "name")
    )
    child_counts: dict[int, list[int]] = {}
    for row in register_rows:
        if row["school_id"] is not None:
            counts = child_counts.setdefault(row["school_id"], [0, 0])
            counts[0] += row["left_behind"]
            counts[1] += row["migrant"]
    kinds = dict(School.Kind.choices)
    rows = []
    for s in schools:
        left_behind, migrant = child_counts.get(s["pk"], (0, 0))
        rows.append(
            [
                s["town__name"],
                s["name"],
                str(kinds.get(s["kind"], s["kind"])),
                s["pupils"] or 0,
                left_behind,
                migrant,
                s["held"] or 0,
            ]
        )
    return rows


BY_TOWN_COUNTS = ("registered", "left_behind", "migrant", "in_difficulty")


def _by_town(register_rows: list[dict]) -> list[list]:
    """Return a row per town (of school, or of residence): the register's counts at the end.

    `register_rows` come in the order of place, so a town's rows are together.
    """
    rows: list[list] = []
    for row in register_rows:
        if not rows or rows[-1][0] != row["place"]:
            rows.append([row["place"], 0, 0, 0, 0])
        for i, key in enumerate(BY_TOWN_COUNTS, start=1):
            rows[-1][i] += row[key]
    return rows


def _homes(scope) -> list[list]:
    """Return a row per home and activity room, with its mode, years and equipment state."""
    homes = (
        scope.homes()
        .values_list(
            "kind",
            "name",
            "town__name",
            "school__name",
            "mode",
            "planned_year",
            "built_year",
            "built_month",
            "is_shared",
            "keeps_records",
            "opening_hours",
        )
        .order_by("kind", "town__name", "name")
    )
    kinds = dict(Home.Kind.choices)
    return [
        [str(kinds.get(k, k)), n, t, s or "", m, p, b, bm, sh, rec, h]
        for k, n, t, s, m, p, b, bm, sh, rec, h in homes
    ]


def _activities(scope, period: Period) -> list[list]:
    """Return a row per activity held in the period."""
    activities = (
        scope.activities()
        .filter(on__gte=period.start, on__lte=period.end)
        .values_list(
            "on",
            "kind",
            "title",
            "organiser",
            "school__name",
            "home__name",
            "children_count",
            "parents_count",
            "audience_count",
        )
        .order_by("on", "pk")
    )
    kinds = dict(Activity.Kind.choices)
    return [
        [d.isoformat(), str(kinds.get(k, k)), t, o, s or "", h or "", c, pa, a]
        for d, k, t, o, s, h, c, pa, a in activities
    ]


def _donations(scope, period: Period) -> list[list]:
    """Return a row per donation received in the period."""
    donations = (
        scope.donations()
        .filter(received_on__gte=period.start, received_on__lte=period.end)
        .values_list("received_on", "donor__name", "form", "amount", "received_by", "school__name")
        .order_by("received_on", "pk")
    )
    forms = dict(Donation.Form.choices)
    receivers = dict(Donation.Receiver.choices)
    return [
        [d.isoformat(), n, str(forms.get(f, f)), money(a), str(receivers.get(r, r)), s or ""]
        for d, n, f, a, r, s in donations
    ]
