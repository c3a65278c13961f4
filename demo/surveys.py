"""The demo county's term surveys: last term's closed (with its snapshot), this term's half done.

Written directly, without audit records, like the rest of the demo. Outcomes are drawn per
child from one random stream, so the same children are checked on every run of a given day.
"""

import datetime

from django.utils import timezone

from children.models import Child
from children.models.choices import CaseStatus
from core.periods import term_containing, term_dates
from survey.models import Outcome, Survey, SurveyCheck, SurveySnapshot

from .context import DemoBuild, stream

# Share of each school's checklist already checked this term, school by school in turn:
# some schools are done, some halfway, some have not started: about half in all.
THIS_TERM_DONE = (1.0, 0.8, 0.5, 0.25, 0.0)
CHANGED_SHARE = 0.12  # of the checked children, those whose details had changed
UNCHECKED_LAST_TERM = 0.04  # children nobody checked before last term's survey closed


def _moment(day: datetime.date) -> datetime.datetime:
    """Return nine in the morning of `day`, in the county's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def _survey(build: DemoBuild, year: int, semester: str, opened: datetime.date, **fields) -> Survey:
    survey = Survey.objects.create(
        county=build.county,
        year=year,
        semester=semester,
        opened_by=build.users["federation"],
        **fields,
    )
    # opened_at is set on insert; the demo's surveys opened on days before the build.
    Survey.objects.filter(pk=survey.pk).update(opened_at=_moment(opened))
    survey.refresh_from_db()
    return survey


def _check(survey: Survey, child: Child, outcome: str, by, **extra) -> SurveyCheck:
    return SurveyCheck(
        survey=survey,
        child=child,
        school_id=child.school_id,
        town_id=child.town_id,
        village_id=child.village_id,
        outcome=outcome,
        by=by,
        **extra,
    )


def _last_term(build: DemoBuild, children: list[Child]) -> None:
    """Create last term's survey, closed on its 45th day, with its checks and snapshot."""
    year, semester = term_containing(build.today)
    start, _end = term_dates(year, semester)
    year, semester = term_containing(start - datetime.timedelta(days=1))
    start, _end = term_dates(year, semester)
    opened, closed = start + datetime.timedelta(days=7), start + datetime.timedelta(days=45)
    survey = _survey(
        build,
        year,
        semester,
        opened,
        deadline=start + datetime.timedelta(days=37),
        status=Survey.Status.CLOSED,
        closed_by=build.users["federation"],
    )
    Survey.objects.filter(pk=survey.pk).update(closed_at=_moment(closed))
    rng, by = stream("survey/last"), build.users["school_staff"]
    checks, snapshot = [], []
    for child in children:
        if child.registered_on > closed or (child.closed_on and child.closed_on < opened):
            continue
        closed_then = child.status == CaseStatus.CLOSED and child.closed_on <= closed
        draw = rng.random()
        if child.registered_on >= opened:
            outcome = Outcome.NEW
        elif closed_then:
            outcome = Outcome.CLOSED
        elif draw < UNCHECKED_LAST_TERM:
            outcome = Outcome.UNCHECKED
        else:
            outcome = Outcome.CHANGED if draw < CHANGED_SHARE else Outcome.CONFIRMED
        if outcome not in (Outcome.NEW, Outcome.UNCHECKED):
            reason = child.close_reason if outcome == Outcome.CLOSED else ""
            checks.append(_check(survey, child, outcome, by, close_reason=reason))
        snapshot.append(
            SurveySnapshot(
                survey=survey,
                child=child,
                school_id=child.school_id,
                town_id=child.town_id,
                village_id=child.village_id,
                grade=child.grade,
                class_name=child.class_name,
                status=CaseStatus.CLOSED if closed_then else CaseStatus.OPEN,
                is_left_behind=child.is_left_behind,
                is_migrant=child.is_migrant,
                is_in_difficulty=child.is_in_difficulty,
                is_unsupported=child.is_unsupported,
                outcome=outcome,
            )
        )
    SurveyCheck.objects.bulk_create(checks, batch_size=2000)
    SurveySnapshot.objects.bulk_create(snapshot, batch_size=2000)


def _this_term(build: DemoBuild, children: list[Child]) -> None:
    """Create this term's open survey, about half of its checklist checked, school by school."""
    year, semester = term_containing(build.today)
    start, _end = term_dates(year, semester)
    opened = max(start, build.today - datetime.timedelta(days=21))
    survey = _survey(
        build, year, semester, opened, deadline=build.today + datetime.timedelta(days=7)
    )
    done = {s.pk: THIS_TERM_DONE[i % len(THIS_TERM_DONE)] for i, s in enumerate(build.schools)}
    rng, by = stream("survey/this"), build.users["school_staff"]
    checks = []
    for child in children:
        if child.status != CaseStatus.OPEN or child.registered_on >= opened:
            continue
        draw, kind = rng.random(), rng.random()
        if child.school_id and draw < done[child.school_id]:
            outcome = Outcome.CHANGED if kind < CHANGED_SHARE else Outcome.CONFIRMED
            checks.append(_check(survey, child, outcome, by))
    SurveyCheck.objects.bulk_create(checks, batch_size=2000)


def surveys_create(build: DemoBuild) -> None:
    """Create last term's closed survey and this term's open one for the demo county."""
    children = list(Child.objects.filter(county=build.county).order_by("pk"))
    _last_term(build, children)
    _this_term(build, children)
