"""Reads of mandatory reports: one report's clock, the home pages' lists, the counts.

Scope comes from `concerns_visible_to`; whether a reader may see who reported comes from
`reporter_visible_to`. The views below are what templates get, so no template can show a
reporter's name the permission logic withheld.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Kind, Level, scope_of

from ..models import Concern, ConcernStep
from ..models.concerns import overdue_condition
from ..selectors import concerns_visible_to, reporter_visible_to, without_secrets

# Whose home page an overdue report escalates to: those who follow up care for a whole town
# or the county (the town officer, the county officers), as the permission table says.
ESCALATION_LEVELS = frozenset({Level.TOWN, Level.COUNTY})


def escalates_to(user) -> bool:
    """Return whether overdue reports in `user`'s scope go to the top of their home page."""
    scope = scope_of(user)
    return scope.writes(Kind.CARE) and scope.level(Kind.CARE) in ESCALATION_LEVELS


@dataclass(frozen=True)
class StepView:
    """A step as a reader sees it: `by` is "报告人" where the reporter is withheld."""

    step: ConcernStep
    by: str


@dataclass(frozen=True)
class ConcernView:
    """A concern as `reader` may see it, with its clock at the time it was read.

    `reporter` is the reporter's name, or None when the reader may not know it (the page
    then says only "已报告" and when). `pending`: the required hand-overs not yet recorded,
    as (authority, deadline, overdue).
    """

    concern: Concern
    reporter: str | None
    overdue: bool
    pending: list[tuple[str, datetime.datetime, bool]] = field(default_factory=list)
    steps: list[StepView] = field(default_factory=list)


def _pending(concern: Concern, now: datetime.datetime) -> list[tuple[str, datetime.datetime, bool]]:
    """Return the required hand-overs of `concern` not yet recorded, with their deadlines."""
    if concern.status != Concern.Status.OPEN:
        return []
    clocks = (
        (_("公安机关（110）"), concern.police_due_at, concern.police_told_at),
        (_("民政部门"), concern.civil_affairs_due_at, concern.civil_affairs_told_at),
    )
    return [(who, due, due <= now) for who, due, told in clocks if due and told is None]


def concern_view(
    reader, concern: Concern, *, now: datetime.datetime, with_steps: bool = False
) -> ConcernView:
    """Return `concern` as `reader` may see it at `now` (steps too if `with_steps`).

    With steps, `concern.steps` should be prefetched with their recorders.
    """
    named = reporter_visible_to(reader, concern)
    steps = []
    if with_steps:
        for step in concern.steps.all():
            hidden = not named and step.recorded_by_id == concern.raised_by_id
            steps.append(StepView(step, _("报告人") if hidden else str(step.recorded_by)))
    return ConcernView(
        concern=concern,
        reporter=str(concern.raised_by) if named else None,
        overdue=concern.is_overdue(now),
        pending=_pending(concern, now),
        steps=steps,
    )


def concern_for(user, pk: int) -> Concern:
    """Return concern `pk` in `user`'s scope with its child and steps; 404 otherwise."""
    steps = ConcernStep.objects.select_related("recorded_by").order_by("at", "pk")
    qs = without_secrets(concerns_visible_to(user), "child").select_related(
        "child__school", "child__town", "raised_by", "closed_by"
    )
    return get_object_or_404(qs.prefetch_related(Prefetch("steps", queryset=steps)), pk=pk)


# What a list of concerns shows (concerns/_list.html, ConcernView): the concern, its
# child's name and school, who reported. Every other column of the child and the user
# left unread: with them, the five-table query took Django longer to compile (some
# 100 columns) than PostgreSQL to run.
LISTED_FIELDS = (
    *(field.name for field in Concern._meta.concrete_fields),
    "child__name",
    "child__school__name",
    "raised_by__full_name",
    "raised_by__username",
)


def _listed(user, qs: QuerySet[Concern], *, now: datetime.datetime, limit: int) -> list:
    """Return up to `limit` of `qs` as `user` may see them, oldest first; one query."""
    qs = qs.select_related("child__school", "raised_by").only(*LISTED_FIELDS)
    rows = qs.order_by("raised_at", "pk")[:limit]
    return [concern_view(user, c, now=now) for c in rows]


def overdue_concerns_for(user, *, now: datetime.datetime, limit: int = 20) -> list[ConcernView]:
    """Return the overdue concerns that escalate to `user`'s home page (town and county
    officers; nobody else), oldest first."""
    if not escalates_to(user):
        return []
    return _listed(user, concerns_visible_to(user).overdue(now), now=now, limit=limit)


def open_concerns_for(user, *, now: datetime.datetime, limit: int = 10) -> list[ConcernView]:
    """Return the oldest open concerns in `user`'s scope, the overdue ones first."""
    views = _listed(user, concerns_visible_to(user).open(), now=now, limit=limit)
    return sorted(views, key=lambda v: not v.overdue)


def child_concerns(user, concerns, *, now: datetime.datetime) -> list[ConcernView]:
    """Return a child's (prefetched) concerns as `user` may see them, open ones first."""
    ordered = sorted(
        concerns, key=lambda c: (c.status != Concern.Status.OPEN, -c.raised_at.timestamp())
    )
    return [concern_view(user, c, now=now) for c in ordered]


def _bounds(
    first: datetime.date, last: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """Return the first moment of `first` and of the day after `last`, in the site's zone."""
    start = datetime.datetime.combine(first, datetime.time.min)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(start), timezone.make_aware(end)


def concern_counts(
    concerns: QuerySet[Concern],
    *,
    now: datetime.datetime,
    first: datetime.date,
    last: datetime.date,
) -> list[dict]:
    """Return open, overdue (at `now`) and closed (from day `first` to `last`) concerns by
    town and kind: one grouped query, rows of town_id, town, kind, open, overdue, closed."""
    start, end = _bounds(first, last)
    closed = Q(status=Concern.Status.CLOSED, closed_at__gte=start, closed_at__lt=end)
    rows = (
        concerns.values("child__town_id", "child__town__name", "kind")
        .annotate(
            open=Count("pk", filter=Q(status=Concern.Status.OPEN)),
            overdue=Count("pk", filter=overdue_condition(now)),
            closed=Count("pk", filter=closed),
        )
        .filter(Q(open__gt=0) | Q(closed__gt=0))
        .order_by("child__town__name", "kind")
    )
    return [
        {
            "town_id": r["child__town_id"],
            "town": r["child__town__name"],
            "kind": r["kind"],
            "open": r["open"],
            "overdue": r["overdue"],
            "closed": r["closed"],
        }
        for r in rows
    ]


def concern_period_figures(
    concerns: QuerySet[Concern], *, first: datetime.date, last: datetime.date
) -> dict[str, int]:
    """Return the concerns raised from day `first` to `last` (the half-year report's), one
    query: raised, needing the police, handed to the police in time, closed, still open."""
    start, end = _bounds(first, last)
    raised = concerns.filter(raised_at__gte=start, raised_at__lt=end)
    police = Q(police_due_at__isnull=False)
    in_time = police & Q(police_told_at__isnull=False, police_told_at__lte=F("police_due_at"))
    return raised.aggregate(
        raised=Count("pk"),
        needs_police=Count("pk", filter=police),
        police_in_time=Count("pk", filter=in_time),
        closed=Count("pk", filter=Q(status=Concern.Status.CLOSED)),
        still_open=Count("pk", filter=Q(status=Concern.Status.OPEN)),
    )
