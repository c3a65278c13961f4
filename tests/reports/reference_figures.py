"""The report's figures as reports.figures computed them before issue 16 merged its queries.

Each figure here is its own query, written straight from its definition, as the code at
commit 3cfda37 did: the children on the register at the end (`on_register_at`), overdue
(`Child.objects.overdue`), current pairings (`Pairing.objects.current_at`) of the county's
carers, the period's contacts. tests/reports/test_figures_rewrite.py checks that the
merged queries give the same figures on a county built through the services.
"""

from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from activities.models import Activity
from children.models import Carer, Contact, Pairing, on_register_at
from core.periods import Period
from reports.figures import EXAMPLES_IN_TEXT, NETWORK_KINDS
from reports.scope import Scope
from schools.models import School


def _county_pairings(scope: Scope):
    county = scope.county.pk
    return Pairing.objects.filter(carer__county_id=county, child__county_id=county)


def children(scope: Scope, period: Period) -> dict[str, Any]:
    """Return the register's figures at the period's end, one aggregate with subqueries."""
    end = period.end
    mentored = _county_pairings(scope).current_at(end).filter(role=Pairing.Role.MENTOR)
    overdue = scope.children().overdue(end, scope.county.contact_interval_days)
    figures = (
        scope.children()
        .filter(on_register_at(end))
        .aggregate(
            registered=Count("pk"),
            left_behind=Count("pk", filter=Q(is_left_behind=True)),
            migrant=Count("pk", filter=Q(is_migrant=True)),
            in_difficulty=Count("pk", filter=Q(is_in_difficulty=True)),
            new_in_period=Count("pk", filter=Q(registered_on__gte=period.start)),
            without_mentor=Count("pk", filter=~Q(pk__in=mentored.values("child_id"))),
            overdue_contact=Count("pk", filter=Q(pk__in=overdue.values("pk"))),
            mood_notes=Count("pk", filter=~Q(mood_notes="")),
        )
    )
    figures["contact_days"] = scope.county.contact_interval_days
    return figures


def care(scope: Scope, period: Period) -> dict[str, Any]:
    """Return the mentors and proxy parents at the period's end and their children."""
    end = period.end
    pairings = _county_pairings(scope).filter(
        child__in=scope.children().filter(on_register_at(end))
    )
    current = pairings.current_at(end)
    roles = Pairing.Role
    counts = current.aggregate(
        mentored_children=Count("child", distinct=True, filter=Q(role=roles.MENTOR)),
        mentors=Count("carer", distinct=True, filter=Q(role=roles.MENTOR)),
        proxy_parents=Count("carer", distinct=True, filter=Q(role=roles.PROXY_PARENT)),
        proxied_children=Count("child", distinct=True, filter=Q(role=roles.PROXY_PARENT)),
    )
    backgrounds = (
        current.filter(role=roles.PROXY_PARENT)
        .values("carer__background")
        .annotate(n=Count("carer", distinct=True))
        .order_by("-n", "carer__background")
        .values_list("carer__background", "n")
    )
    labels = dict(Carer.Background.choices)
    counts["proxy_backgrounds"] = [[str(labels.get(b, b)), n] for b, n in backgrounds if b]
    overloaded = (
        current.filter(role=roles.MENTOR)
        .values("carer")
        .annotate(n=Count("child", distinct=True))
        .filter(n__gt=scope.county.max_children_per_carer)
    )
    counts["overloaded_mentors"] = overloaded.count()
    return counts


def contacts(scope: Scope, period: Period) -> dict[str, int]:
    """Return the period's home visits, children visited, talks and calls."""
    return Contact.objects.filter(
        child__in=scope.children(), on__range=(period.start, period.end)
    ).aggregate(
        home_visits=Count("pk", filter=Q(kind=Contact.Kind.HOME_VISIT)),
        visited_children=Count("child", distinct=True, filter=Q(kind=Contact.Kind.HOME_VISIT)),
        talks=Count("pk", filter=Q(kind=Contact.Kind.TALK)),
        parent_calls=Count(
            "pk", filter=Q(kind__in=[Contact.Kind.PARENT_CALL, Contact.Kind.VIDEO_CALL])
        ),
    )


def school_activities(scope: Scope, period: Period) -> dict[str, Any]:
    """Return the schools' activities by kind and the first of each kind as examples."""
    held = (
        scope.activities()
        .filter(school__isnull=False, on__range=(period.start, period.end))
        .exclude(kind__in=NETWORK_KINDS)
    )
    labels = dict(Activity.Kind.choices)
    by_kind = list(
        held.values("kind")
        .annotate(n=Count("pk"), children=Sum("children_count"))
        .order_by("-n", "kind")
    )
    first_of_kind = held.filter(kind=OuterRef("kind")).order_by("on", "pk").values("pk")[:1]
    examples = (
        held.filter(pk=Subquery(first_of_kind))
        .order_by("on", "pk")
        .values("on", "title", "organiser", "organiser_kind", "school__name", "children_count")
    )[:EXAMPLES_IN_TEXT]
    return {
        "count": sum(r["n"] for r in by_kind),
        "children": sum(r["children"] or 0 for r in by_kind),
        "by_kind": [
            {"kind": r["kind"], "label": str(labels.get(r["kind"], r["kind"])), "n": r["n"]}
            for r in by_kind
        ],
        "examples": [
            {
                "on": r["on"].isoformat(),
                "title": r["title"],
                "school": r["school__name"],
                "organiser": r["organiser"] if r["organiser_kind"] != "school" else "",
                "children": r["children_count"],
            }
            for r in examples
        ],
    }


def by_town(scope: Scope, period: Period) -> list[list]:
    """Return the annex's rows per town (of school, or of residence)."""
    rows = (
        scope.children()
        .filter(on_register_at(period.end))
        .annotate(place=Coalesce("school__town__name", "town__name"))
        .values("place")
        .annotate(
            registered=Count("pk"),
            left_behind=Count("pk", filter=Q(is_left_behind=True)),
            migrant=Count("pk", filter=Q(is_migrant=True)),
            in_difficulty=Count("pk", filter=Q(is_in_difficulty=True)),
        )
        .order_by("place")
        .values_list("place", "registered", "left_behind", "migrant", "in_difficulty")
    )
    return [list(r) for r in rows]


def by_school(scope: Scope, period: Period) -> list[list]:
    """Return the annex's rows per active school."""
    in_period = Q(activities__on__gte=period.start, activities__on__lte=period.end)
    schools = (
        scope.schools()
        .annotate(
            pupils=Sum(
                "enrollments__pupils",
                filter=Q(enrollments__year=period.year, enrollments__semester=period.semester),
            )
        )
        .values("pk", "name", "kind", "town__name", "pupils")
        .order_by("town__name", "name")
    )
    child_counts = {
        row["school"]: row
        for row in scope.children()
        .filter(on_register_at(period.end), school__isnull=False)
        .values("school")
        .annotate(
            left_behind=Count("pk", filter=Q(is_left_behind=True)),
            migrant=Count("pk", filter=Q(is_migrant=True)),
        )
        .order_by()
    }
    activity_counts = dict(
        scope.schools()
        .annotate(n=Count("activities", filter=in_period))
        .values_list("pk", "n")
        .order_by()
    )
    kinds = dict(School.Kind.choices)
    rows = []
    for s in schools:
        c = child_counts.get(s["pk"], {})
        rows.append(
            [
                s["town__name"],
                s["name"],
                str(kinds.get(s["kind"], s["kind"])),
                s["pupils"] or 0,
                c.get("left_behind", 0),
                c.get("migrant", 0),
                activity_counts.get(s["pk"], 0),
            ]
        )
    return rows
