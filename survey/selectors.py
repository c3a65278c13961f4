"""Reads of the term survey: who sees which survey, each user's checklist, and progress.

Children come from `children_visible_to(user)`; progress is counts by place (no person).
"""

import datetime

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.roles import Kind, Level, roles_seeing, roles_writing, scope_of
from children.models import Child, Parent
from children.models.choices import CaseStatus
from children.selectors import children_visible_to
from core.periods import term_containing

from .models import Outcome, Survey, SurveyCheck, SurveySnapshot

# From the permission table: who works on a survey, and who opens, closes and exports it.
SURVEY_ROLES = roles_seeing(Kind.SURVEYS)
SURVEY_OWNERS = roles_writing(Kind.SURVEYS)


def surveys_visible_to(user) -> QuerySet[Survey]:
    """Return the surveys of `user`'s county if their role works on surveys, else none."""
    if not scope_of(user).sees(Kind.SURVEYS):
        return Survey.objects.none()
    return Survey.objects.filter(county_id=user.county_id)


def survey_for(user, pk: int) -> Survey:
    """Return survey `pk` if `user` may see it; 404 alike for missing and forbidden."""
    return get_object_or_404(surveys_visible_to(user), pk=pk)


def current_survey(user) -> Survey | None:
    """Return the survey of `user`'s county now open, else the one of the current term."""
    year, semester = term_containing(timezone.localdate())
    # One query: at most one survey of a county is open and one is the term's.
    open_first = Case(When(status=Survey.Status.OPEN, then=Value(0)), default=Value(1))
    return (
        surveys_visible_to(user)
        .filter(Q(status=Survey.Status.OPEN) | Q(year=year, semester=semester))
        .order_by(open_first)
        .first()
    )


def opened_on(survey: Survey) -> datetime.date:
    """Return the day the survey opened: children registered from then on count as new."""
    return timezone.localdate(survey.opened_at)


def new_children_q(survey: Survey) -> Q:
    """Return the condition for a child being registered during the survey (counted new)."""
    q = Q(registered_on__gte=opened_on(survey))
    if survey.closed_at:
        q &= Q(registered_on__lte=timezone.localdate(survey.closed_at))
    return q


def _still_to_check(children: QuerySet[Child], survey: Survey) -> QuerySet[Child]:
    """Return those of `children` the survey must still check: of its county, open,
    registered before it opened, and without a check in it."""
    checked = SurveyCheck.objects.filter(survey=survey, child=OuterRef("pk"))
    return children.filter(
        county_id=survey.county_id,
        status=CaseStatus.OPEN,
        registered_on__lt=opened_on(survey),
    ).exclude(Exists(checked))


def to_check(survey: Survey) -> QuerySet[Child]:
    """Return the county's children the survey must still check."""
    return _still_to_check(Child.objects.all(), survey)


def checklist_for(user, survey: Survey, *, school_id: int | None = None) -> QuerySet[Child]:
    """Return the children `user` still has to check in `survey`, in class order.

    School staff: their school's; village directors: children of their village attending no
    school; town and county officers: every child they see, or one school's (`school_id`).
    """
    qs = _still_to_check(children_visible_to(user), survey)
    if scope_of(user).level(Kind.SURVEYS) == Level.VILLAGE:
        qs = qs.filter(school__isnull=True)
    if school_id:
        qs = qs.filter(school_id=school_id)
    return (
        qs.select_related("school", "village__town", "town")
        # The list shows masked columns only: nothing encrypted is read or decrypted.
        .prefetch_related(Prefetch("parents", queryset=Parent.objects.defer("id_number", "phone")))
        .defer("id_number", "guardian_id_number", "guardian_phone")
        .order_by("school__name", "grade", "class_name", "name", "pk")
    )


def checkable_child(user, survey: Survey, pk: int) -> Child:
    """Return child `pk` if it is on `user`'s checklist of `survey`; 404 otherwise."""
    return get_object_or_404(checklist_for(user, survey), pk=pk)


def checks_visible_to(user, survey: Survey) -> QuerySet[SurveyCheck]:
    """Return the checks of `survey` about children `user` sees now, newest first."""
    return (
        SurveyCheck.objects.filter(survey=survey, child__in=children_visible_to(user))
        .select_related("child", "school", "by")
        .order_by("-at", "-pk")
    )


def never_checked(user, survey: Survey) -> QuerySet[SurveySnapshot]:
    """Return the snapshot rows of a closed survey's children that nobody checked, in scope."""
    return (
        SurveySnapshot.objects.filter(
            survey=survey, outcome=Outcome.UNCHECKED, child__in=children_visible_to(user)
        )
        .select_related("child", "school", "village__town", "town")
        .order_by("town__name", "school__name", "grade", "class_name", "child__name")
    )


# The snapshot, as the dashboards and the report read it


def closed_survey(county_id: int, year: int, semester: str) -> Survey | None:
    """Return the county's closed survey of that term, or None."""
    return Survey.objects.filter(
        county_id=county_id, year=year, semester=semester, status=Survey.Status.CLOSED
    ).first()


def snapshot_in_scope(
    survey: Survey, *, town_id: int | None = None, school_id: int | None = None
) -> QuerySet[SurveySnapshot]:
    """Return the survey's snapshot of children on the register at close, in a school, a town
    (its schools' children and the children living there) or the whole county."""
    qs = SurveySnapshot.objects.filter(survey=survey, status=CaseStatus.OPEN)
    if school_id:
        return qs.filter(school_id=school_id)
    if town_id:
        return qs.filter(Q(school__town_id=town_id) | Q(town_id=town_id))
    return qs


CATEGORY_FIELDS = {
    "left_behind": "is_left_behind",
    "migrant": "is_migrant",
    "in_difficulty": "is_in_difficulty",
    "unsupported": "is_unsupported",
}


def snapshot_figures(snapshot: QuerySet[SurveySnapshot]) -> dict[str, int]:
    """Return the children on the register at close and each category's count; one query."""
    counts = {"registered": Count("pk")}
    for name, flag in CATEGORY_FIELDS.items():
        counts[name] = Count("pk", filter=Q(**{flag: True}))
    return snapshot.aggregate(**counts)


def snapshot_breakdown(snapshot: QuerySet[SurveySnapshot], key: str, label: str) -> dict:
    """Return {breakdown key: children on the register at close}, grouped as a dashboard
    groups its rows (`key`, `label` as in reports.dashboards BREAKDOWNS); one query."""
    rows = snapshot.values(key, label).annotate(n=Count("pk")).order_by()
    return {(row[key], row[label]): row["n"] for row in rows}
