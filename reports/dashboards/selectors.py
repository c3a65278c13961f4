"""The dashboards' figures: aggregates computed in the database, a fixed number of queries.

Children are counted from `children_visible_to(user)`; the coordination group and the
administrator, who see no child, get county-wide aggregates of the same figures. Homes
and activities come from activities.selectors; donations and aid are scoped here (the
donations app has no scoping selector yet). The care figures read the care state stored
on the child. The figures of one scope and period are cached, keyed by scope and period,
carry the time they were computed ("as of") and are recomputed by the background worker
after writes (refresh.py).
"""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone, translation

from accounts.roles import Kind, Level, scope_of
from accounts.roles import Scope as RoleScope
from activities.models import Activity, Home
from activities.selectors import ACTIVITY_PLACES, HOME_PLACES
from children.models import CaseStatus, Child, Concern, Contact, aged_out_at, on_register_at
from children.models.concerns import overdue_condition
from children.register import NO_MENTOR, NO_PHONE, OPEN_CONCERN, overdue_q
from children.selectors import CHILD_PLACES, children_visible_to
from core.periods import TERM, Period, recent_terms, term_of
from donations.models import Aid, Donation
from donations.selectors import DONATION_PLACES
from schools.models import School
from survey.selectors import (
    closed_survey,
    snapshot_breakdown,
    snapshot_figures,
    snapshot_in_scope,
)

from . import refresh
from .concerns import concern_rows
from .duplicates import duplicate_pairs
from .figures import activity_figures, donation_figures, home_figures

CONTACT_WINDOW_DAYS = 30
TREND_TERMS = 6
CATEGORIES = {
    "left_behind": "is_left_behind",
    "migrant": "is_migrant",
    "in_difficulty": "is_in_difficulty",
    "unsupported": "is_unsupported",
}
# How each dashboard breaks its children down: the register list's filter for a row too.
BREAKDOWNS = {
    "county": ("town_id", "town__name"),
    "town": ("school_id", "school__name"),
    "school": ("grade", "class_name"),
}
OPEN = Q(status=CaseStatus.OPEN)


@dataclass(frozen=True)
class Scope:
    """Where a dashboard looks: the county, a town or a school."""

    level: str
    county_id: int
    town_id: int | None = None
    school_id: int | None = None

    @property
    def key(self) -> str:
        """Return a string naming the scope, for cache keys."""
        return f"{self.level}:{self.school_id or self.town_id or self.county_id}"


def scope_for(user) -> Scope:
    """Return the place of `user`'s dashboard: their school, their town, or the county."""
    scope = scope_of(user)
    level = scope.level(Kind.DASHBOARDS)
    if level == Level.SCHOOL:
        return Scope("school", scope.county_id, scope.town_id, scope.school_id)
    if level == Level.TOWN:
        return Scope("town", scope.county_id, scope.town_id)
    return Scope("county", scope.county_id)


def _place(user) -> RoleScope:
    """Return the permission scope of `user`'s dashboard place (it counts every record there)."""
    scope = scope_for(user)
    return RoleScope.of_place(
        county_id=scope.county_id, town_id=scope.town_id, school_id=scope.school_id
    )


def counts_aid(user) -> bool:
    """Return whether `user`'s dashboard counts donations and aid (the table's aid column)."""
    return scope_of(user).counts(Kind.AID)


def dashboard_children(user) -> QuerySet[Child]:
    """Return the children `user`'s dashboard counts: every child of the dashboard's place.

    Break-the-glass grants do not add to a dashboard: its figures are those of a place.
    """
    return _place(user).filter(Kind.CHILDREN, Child.objects.all(), **CHILD_PLACES)


def dashboard_homes(user) -> QuerySet[Home]:
    """Return the homes and activity rooms `user`'s dashboard counts."""
    return _place(user).filter(Kind.HOMES, Home.objects.all(), **HOME_PLACES)


def dashboard_activities(user) -> QuerySet[Activity]:
    """Return the activities `user`'s dashboard counts."""
    return _place(user).filter(Kind.ACTIVITIES, Activity.objects.all(), **ACTIVITY_PLACES)


def dashboard_donations(user) -> QuerySet[Donation]:
    """Return the donations received at `user`'s dashboard place; none for a role that the
    permission table gives no sight of donations (a town officer)."""
    if not counts_aid(user):
        return Donation.objects.none()
    return _place(user).filter(Kind.AID, Donation.objects.all(), **DONATION_PLACES)


def dashboard_aid(user) -> QuerySet[Aid]:
    """Return the aid given to the children `user`'s dashboard counts (voided aid left out)."""
    if not counts_aid(user):
        return Aid.objects.none()
    return Aid.objects.valid().filter(child__in=dashboard_children(user))


# The care conditions read the care state stored on the child (children.care.state):
# the figures are aggregates over the child table alone, with no subquery, so their cost
# grows with the scope's children and not with the province's pairings or contacts. They
# count `county_id` (never null) so that PostgreSQL reads them from the
# `child_register_counts` index alone, without the wide table.
HAS_MENTOR = ~NO_MENTOR


# Each column of a breakdown row, and the aggregate of `_children_counts` it shows.
ROW_COLUMNS = {
    "registered": "registered",
    "registered_prev": "registered_prev",
    "open": "open",
    "left_behind": "open_left_behind",
    "with_mentor": "with_mentor",
    "overdue": "overdue",
    "concerns": "open_with_concern",
}
# The aggregates only the rows show: they are not figures of their own.
ROW_ONLY = ("open_left_behind", "open_with_concern")
# The categories are columns of the grouping rather than aggregates of their own: a
# category's figure is the `registered` (`registered_prev`) count of the groups that have
# it, so on the register at the end of the period (the one before) and of the category,
# as the register counts it; and the rows' left-behind children are the `open` count of
# the left-behind groups. Nine aggregates fewer for PostgreSQL to evaluate on every child
# and for Django to compile.
FLAGS = tuple(CATEGORIES.values())


def _children_counts(
    *, period: Period, today: datetime.date, contact_days: int
) -> dict[str, Count]:
    """Return the aggregates of the children figures and of the breakdown rows, by name,
    counted in each group of children of one place and one set of categories."""
    end, prev_end = min(period.end, today), min(period.previous().end, today)
    counts = {
        "registered": Count("county", filter=on_register_at(end)),
        "registered_prev": Count("county", filter=on_register_at(prev_end)),
        "new_in_period": Count(
            "county", filter=Q(registered_on__gte=period.start, registered_on__lte=end)
        ),
        "open": Count("county", filter=OPEN),
        "with_mentor": Count("county", filter=OPEN & HAS_MENTOR),
        "overdue": Count("county", filter=OPEN & overdue_q(today, contact_days)),
        "no_guardian_phone": Count("county", filter=OPEN & NO_PHONE),
        "aged_16": Count("county", filter=aged_out_at(today)),
        "open_with_concern": Count("county", filter=OPEN & OPEN_CONCERN),
    }
    for i, term in enumerate(recent_terms(end, TREND_TERMS)):
        counts[f"term_{i}"] = Count("county", filter=on_register_at(min(term.end, today)))
    return counts


def _add_group(row: dict, figures: dict, group: dict, counts: dict) -> None:
    """Add a group's counts to its place's `row`, and its categories' to `figures`."""
    for name in counts:
        row[name] += group[name]
    if group["is_left_behind"]:
        row["open_left_behind"] += group["open"]
    for category, field in CATEGORIES.items():
        if group[field]:
            figures[category] += group["registered"]
            figures[f"{category}_prev"] += group["registered_prev"]


def children_figures_and_rows(
    children: QuerySet[Child],
    *,
    level: str,
    period: Period,
    today: datetime.date,
    contact_days: int,
) -> tuple[dict[str, int], list[dict]]:
    """Return the counts about `children` the cards and charts show, and the breakdown's
    rows (one per town, school or class); one grouped query (and one of the places' names).

    Figures: `<category>` / `<category>_prev`: on the register at the end of the period /
    the one before (categories as registered now); `term_<i>`: on the register at the end
    of each of the last TREND_TERMS terms; the rest are about the open children today.
    Rows: registered and registered_prev (end of the period and of the one before),
    left_behind, with_mentor, overdue and concerns (children with an open concern) today.
    The rows part the children, so each figure is the sum of its rows' counts.
    """
    key, label = BREAKDOWNS[level]
    counts = _children_counts(period=period, today=today, contact_days=contact_days)
    relation, _, name = label.partition("__")
    # A town's or school's name is read apart, for the few groups: joined into the
    # aggregate, it would be hashed with each child.
    by = (key,) if name else (key, label)
    figures = dict.fromkeys(counts, 0)
    for category in CATEGORIES:
        figures[category] = figures[f"{category}_prev"] = 0
    by_place: dict[tuple, dict] = {}
    groups = children.values(*by, *FLAGS).annotate(**counts).order_by(*by, *FLAGS)
    for group in groups:
        place = tuple(group[column] for column in by)
        if place not in by_place:
            by_place[place] = dict(zip(by, place, strict=True))
            by_place[place].update(dict.fromkeys((*counts, "open_left_behind"), 0))
        _add_group(by_place[place], figures, group, counts)
    grouped = list(by_place.values())
    if name:
        places = Child._meta.get_field(relation).related_model.objects
        ids = [row[key] for row in grouped if row[key] is not None]
        names = dict(places.filter(pk__in=ids).order_by().values_list("pk", name))
        for row in grouped:
            row[label] = names.get(row[key])
    for figure in counts:
        figures[figure] = sum(row[figure] for row in grouped)
    for figure in ROW_ONLY:
        figures.pop(figure, None)
    figures["without_mentor"] = figures["open"] - figures["with_mentor"]
    rows = []
    for row in grouped:
        shown = {column: row[name] for column, name in ROW_COLUMNS.items()}
        rows.append(
            {key: row[key], label: row[label], **shown, "key": row[key], "label": row[label]}
        )
        rows[-1]["mentor_share"] = _share(shown)
    return figures, rows


def _share(row: dict) -> int | None:
    """Return the percentage of open children with a mentor, or None without open children."""
    return round(100 * row["with_mentor"] / row["open"]) if row["open"] else None


def contact_figures(
    children: QuerySet[Child], *, period: Period, today: datetime.date
) -> dict[str, int]:
    """Return contacts in the last 30 days and in the period, and children reached; one query."""
    window = today - datetime.timedelta(days=CONTACT_WINDOW_DAYS)
    in_period = Q(on__gte=period.start, on__lte=period.end)
    recent = Q(on__gte=window, on__lte=today)
    return Contact.objects.filter(
        Q(on__gte=min(window, period.start)), child__in=children
    ).aggregate(
        contacts_30d=Count("pk", filter=recent),
        children_contacted_30d=Count("child", filter=recent, distinct=True),
        contacts_period=Count("pk", filter=in_period),
        home_visits_period=Count("pk", filter=in_period & Q(kind=Contact.Kind.HOME_VISIT)),
    )


def dashboard_concerns(user) -> QuerySet[Concern]:
    """Return the concerns `user`'s dashboard counts: their scope, or the county in aggregate."""
    return Concern.objects.filter(child__in=dashboard_children(user))


def concern_figures(user, *, now: datetime.datetime) -> dict[str, int]:
    """Return the open concerns in `user`'s dashboard scope: all, those whose kind needs the
    police (the most urgent), and those overdue at `now`; one query."""
    urgent = Q(police_due_at__isnull=False)
    # Open concerns are those of children whose stored care state counts one (the
    # `child_open_concern` index): the few such children of the scope are read first,
    # rather than the open concerns of every county in the database.
    with_open = dashboard_children(user).filter(OPEN_CONCERN)
    return (
        Concern.objects.filter(child__in=with_open)
        .open()
        .aggregate(
            open_concerns=Count("pk"),
            urgent_concerns=Count("pk", filter=urgent),
            overdue_concerns=Count("pk", filter=overdue_condition(now)),
        )
    )


def stale_schools(scope: Scope, *, today: datetime.date) -> list[dict]:
    """Return the active schools in `scope` with no child created or updated this term."""
    since = timezone.make_aware(datetime.datetime.combine(term_of(today).start, datetime.time.min))
    schools = School.objects.filter(town__county_id=scope.county_id, is_active=True)
    if scope.school_id:
        schools = schools.filter(pk=scope.school_id)
    elif scope.town_id:
        schools = schools.filter(town_id=scope.town_id)
    # Each school's latest update, read from the end of `child_school_updated` (one probe
    # per school) rather than grouping every child of the county.
    latest = (
        Child.objects.filter(school=OuterRef("pk")).order_by("-updated_at").values("updated_at")
    )
    rows = (
        schools.annotate(last_update=Subquery(latest[:1]))
        .filter(Q(last_update__isnull=True) | Q(last_update__lt=since))
        .order_by("town__name", "name")
        .values("pk", "name", "town__name", "last_update")
    )
    return list(rows)


def duplicates_in_scope(user, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the pairs with at least one child `user`'s dashboard counts; one query at most."""
    if not pairs or scope_for(user).level == "county":
        return pairs
    ids = {pk for pair in pairs for pk in pair}
    visible = set(children_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    return [pair for pair in pairs if visible.intersection(pair)]


def last_term_from_survey(scope: Scope, period: Period) -> dict | None:
    """Return last term's figures as frozen by its closed survey, or None without one.

    For a term only: {"survey": its label, "figures": registered and category counts,
    "rows": {(row key, row label): registered}} in the dashboard's scope; two queries.
    """
    if period.kind != TERM:
        return None
    before = period.previous()
    survey = closed_survey(scope.county_id, before.year, before.part)
    if survey is None:
        return None
    snapshot = snapshot_in_scope(
        survey, town_id=scope.town_id if scope.level == "town" else None, school_id=scope.school_id
    )
    key, label = BREAKDOWNS[scope.level]
    return {
        "survey": survey.label,
        "figures": snapshot_figures(snapshot),
        "rows": snapshot_breakdown(snapshot, key, label),
    }


def _read_last_term(figures: dict, last: dict | None) -> None:
    """Replace the "last term" figures (today's flags) by the survey's snapshot if there is one."""
    figures["prev_source"] = last["survey"] if last else ""
    if last is None:
        return
    figures["registered_prev"] = last["figures"]["registered"]
    for name in CATEGORIES:
        figures[f"{name}_prev"] = last["figures"][name]
    key, label = BREAKDOWNS[figures["scope"].level]
    for row in figures["rows"]:
        row["registered_prev"] = last["rows"].get((row[key], row[label]), 0)


def dashboard_figures(
    user, *, period: Period, today: datetime.date, recompute: bool = False
) -> dict:
    """Return every aggregate figure of `user`'s dashboard for `period`, cached.

    Keyed by scope and period (users of one scope see the same figures, since
    `children_visible_to` and the other scoping functions depend only on role and scope).
    Holds no personal data: counts, amounts, and the names of towns, schools and classes.
    `as_of` is when the figures were computed. Cached figures are returned as they are;
    older than refresh.FRESH_SECONDS, they also queue the worker's refresh of the county
    (refresh.py), which recomputes them with `recompute=True`.
    """
    # The figures hold labels (activity kinds, terms) in the reader's interface language.
    language = translation.get_language()
    scope = scope_for(user)
    aid = "aid" if counts_aid(user) else "noaid"
    # v4: "last term" reads the closed survey's snapshot.
    key = f"dashboards:v4:{scope.key}:{aid}:{period.key}:{today:%Y%m%d}:{language}"
    figures = None if recompute else cache.get(key)
    if figures is not None:
        if timezone.now() - figures["as_of"] > datetime.timedelta(seconds=refresh.FRESH_SECONDS):
            refresh.refresh_soon(user.county_id)
        return figures
    figures = _figures(user, period=period, today=today)
    cache.set(key, figures, refresh.KEEP_SECONDS)
    refresh.remember(
        user.county_id, key, user_id=user.pk, period=period.params(), language=language
    )
    return figures


def _figures(user, *, period: Period, today: datetime.date) -> dict:
    """Return the dashboard's figures computed now (see `dashboard_figures`)."""
    scope = scope_for(user)
    days = user.county.contact_interval_days
    children = dashboard_children(user)
    now = timezone.now()
    counts, rows = children_figures_and_rows(
        children, level=scope.level, period=period, today=today, contact_days=days
    )
    figures = {
        "scope": scope,
        "counts_aid": counts_aid(user),
        "contact_days": days,
        **counts,
        **contact_figures(children, period=period, today=today),
        **concern_figures(user, now=now),
        "concern_rows": concern_rows(dashboard_concerns(user), period=period, now=now),
        **home_figures(dashboard_homes(user), period=period, today=today),
        **activity_figures(dashboard_activities(user), period=period),
        **donation_figures(dashboard_donations(user), dashboard_aid(user), period=period),
        "rows": rows,
        "trend_terms": [t.label for t in recent_terms(min(period.end, today), TREND_TERMS)],
        "stale_schools": stale_schools(scope, today=today),
        "duplicates": duplicates_in_scope(user, duplicate_pairs(user.county_id)),
        "as_of": now,
    }
    _read_last_term(figures, last_term_from_survey(scope, period))
    return figures
