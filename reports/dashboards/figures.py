"""The dashboards' figures of homes, activities and donations, from querysets in scope.

Each is one or two aggregates, whatever the number of records; the querysets come from
the dashboard's scope (reports.dashboards.selectors).
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from activities.models import Activity, Home, built_by
from core.periods import Period
from donations.models import Aid, Donation


def home_figures(homes: QuerySet[Home], *, period: Period, today: datetime.date) -> dict[str, int]:
    """Return homes planned and built by the period's end, by mode, and activity rooms."""
    year = min(period.end, today).year
    home = Q(kind=Home.Kind.SCHOOL_HOME)
    room = Q(kind=Home.Kind.ACTIVITY_ROOM)
    built = built_by(min(period.end, today))
    return homes.aggregate(
        homes_planned=Count("pk", filter=home & Q(planned_year__lte=year)),
        homes_built=Count("pk", filter=home & built),
        homes_mode_1=Count("pk", filter=home & built & Q(mode=Home.Mode.MODE_1)),
        homes_mode_2=Count("pk", filter=home & built & Q(mode=Home.Mode.MODE_2)),
        rooms_planned=Count("pk", filter=room & Q(planned_year__lte=year)),
        rooms_built=Count("pk", filter=room & built),
    )


def activity_figures(activities: QuerySet[Activity], *, period: Period) -> dict:
    """Return the period's activities, audiences and counts by kind, in one grouped query.

    The database groups by kind (at most a dozen rows); the totals add those rows up.
    """
    rows = list(
        activities.filter(on__gte=period.start, on__lte=period.end)
        .values("kind")
        .annotate(
            n=Count("pk"),
            children=Sum("children_count"),
            parents=Sum("parents_count"),
            audience=Sum("audience_count"),
        )
        .order_by("-n", "kind")
    )
    labels = dict(Activity.Kind.choices)
    sessions = {Activity.Kind.PARENT_MEETING, Activity.Kind.FAMILY_EDUCATION}
    return {
        "activities": sum(r["n"] for r in rows),
        "activity_children": sum(r["children"] or 0 for r in rows),
        "activity_parents": sum(r["parents"] or 0 for r in rows),
        "activity_audience": sum(r["audience"] or 0 for r in rows),
        "parent_sessions": sum(r["n"] for r in rows if r["kind"] in sessions),
        "activity_kinds": [
            {"label": str(labels.get(r["kind"], r["kind"])), "n": r["n"]} for r in rows
        ],
    }


def donation_figures(donations: QuerySet[Donation], aid: QuerySet[Aid], *, period: Period) -> dict:
    """Return donations received and aid given in the period, and children aided; two queries."""
    received = donations.filter(received_on__gte=period.start, received_on__lte=period.end)
    given = aid.filter(given_on__gte=period.start, given_on__lte=period.end)
    figures = received.aggregate(
        donations=Count("pk"),
        donors=Count("donor", distinct=True),
        donated_amount=Sum("amount"),
    )
    figures.update(
        given.aggregate(
            aid_records=Count("pk"),
            aid_amount=Sum("amount"),
            children_aided=Count("child", distinct=True),
        )
    )
    for name in ("donated_amount", "aid_amount"):
        figures[name] = figures[name] or Decimal("0")
    return figures
