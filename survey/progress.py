"""A survey's progress by place (counts only, no person), and what it asks of each user.

Progress is counted from the checks, the children still to check and the children registered
since the survey opened (an open survey), or from its frozen snapshot (a closed one).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Kind, Level, scope_of
from children.models import Child
from schools.models import School, Town, Village

from .models import Outcome, Survey, SurveyCheck, SurveySnapshot
from .selectors import (
    checklist_for,
    current_survey,
    new_children_q,
    to_check,
)


@dataclass
class Tally:
    """What a survey found in one place (a school, a village's out-of-school children, ...)."""

    key: tuple[str, int]
    label: str = ""
    town_id: int | None = None
    town: str = ""
    confirmed: int = 0
    changed: int = 0
    closed: int = 0
    new: int = 0
    unchecked: int = 0
    overdue: bool = False

    @property
    def checked(self) -> int:
        """Return how many children of the checklist were checked (confirmed/changed/closed)."""
        return self.confirmed + self.changed + self.closed

    @property
    def total(self) -> int:
        """Return how many children the checklist held."""
        return self.checked + self.unchecked

    @property
    def percent(self) -> int:
        """Return the share of the checklist checked, in whole percent (100 for none)."""
        return round(100 * self.checked / self.total) if self.total else 100

    def add(self, other: "Tally") -> None:
        """Add another place's counts to this one."""
        for name in ("confirmed", "changed", "closed", "new", "unchecked"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


OUTCOME_FIELD = {
    Outcome.CONFIRMED: "confirmed",
    Outcome.CHANGED: "changed",
    Outcome.TRANSFERRED: "changed",
    Outcome.CLOSED: "closed",
    Outcome.NEW: "new",
    Outcome.UNCHECKED: "unchecked",
}


def _place_key(school_id, village_id, town_id) -> tuple[str, int]:
    """Return the key of the place a child is checked in: its school, else its village."""
    if school_id:
        return ("school", school_id)
    if village_id:
        return ("village", village_id)
    return ("town", town_id)


def _counts(survey: Survey) -> list[tuple[tuple[str, int], str, int]]:
    """Return (place key, tally field, count) rows for the survey, in three grouped queries.

    A closed survey reads its frozen snapshot; an open one reads checks, the children still
    to check and the children registered since it opened.
    """
    keys = ("school_id", "village_id", "town_id")
    if not survey.is_open:
        sources = [SurveySnapshot.objects.filter(survey=survey).values(*keys, "outcome")]
    else:
        new = Child.objects.filter(new_children_q(survey), county_id=survey.county_id)
        sources = [
            SurveyCheck.objects.filter(survey=survey).values(*keys, "outcome"),
            to_check(survey).values(*keys),
            new.values(*keys),
        ]
    rows = []
    for i, source in enumerate(sources):
        for row in source.annotate(n=Count("pk")).order_by():
            outcome = row.get("outcome") or (Outcome.UNCHECKED if i == 1 else Outcome.NEW)
            key = _place_key(row["school_id"], row["village_id"], row["town_id"])
            rows.append((key, OUTCOME_FIELD[outcome], row["n"]))
    return rows


def _labels(keys: set[tuple[str, int]]) -> dict[tuple[str, int], tuple[str, int, str]]:
    """Return {place key: (label, town id, town name)}, one query per kind of place."""
    ids = defaultdict(set)
    for kind, pk in keys:
        ids[kind].add(pk)
    out = {}
    for school in School.objects.filter(pk__in=ids["school"]).select_related("town"):
        out[("school", school.pk)] = (school.name, school.town_id, school.town.name)
    for village in Village.objects.filter(pk__in=ids["village"]).select_related("town"):
        label = _("%(place)s（未在校）") % {"place": village.name}
        out[("village", village.pk)] = (label, village.town_id, village.town.name)
    for town in Town.objects.filter(pk__in=ids["town"]):
        label = _("%(place)s（未在校）") % {"place": town.name}
        out[("town", town.pk)] = (label, town.pk, town.name)
    return out


@dataclass
class Progress:
    """A survey's progress in one user's places: per place, per town, and in total."""

    survey: Survey
    places: list[Tally]
    towns: list[Tally]
    total: Tally

    @property
    def overdue_places(self) -> list[Tally]:
        """Return the places past the deadline with children still to check."""
        return [p for p in self.places if p.overdue]


def _in_places(user, key: tuple[str, int], town_id: int | None) -> bool:
    """Return whether a place belongs to `user`'s part of the county (counts only)."""
    scope = scope_of(user)
    match scope.level(Kind.SURVEYS):
        case Level.SCHOOL:
            return key == ("school", scope.school_id)
        case Level.VILLAGE:
            return key == ("village", scope.village_id)
        case Level.TOWN:
            return town_id == scope.town_id
        case Level.COUNTY:
            return True
    return False


def survey_progress(user, survey: Survey, *, today: datetime.date | None = None) -> Progress:
    """Return the survey's confirmed / changed / closed / new / unchecked counts in the places
    of `user`'s work, per place, per town and in total; four queries plus labels."""
    today = today or timezone.localdate()
    places: dict[tuple[str, int], Tally] = {}
    for key, name, n in _counts(survey):
        tally = places.setdefault(key, Tally(key=key))
        setattr(tally, name, getattr(tally, name) + n)
    labels = _labels(set(places))
    late = survey.is_open and today > survey.deadline
    shown = []
    for key, tally in places.items():
        tally.label, tally.town_id, tally.town = labels.get(key, ("", None, ""))
        tally.overdue = late and tally.unchecked > 0
        if _in_places(user, key, tally.town_id):
            shown.append(tally)
    shown.sort(key=lambda t: (t.town, t.key[0] != "school", t.label))
    towns: dict[int | None, Tally] = {}
    total = Tally(key=("county", survey.county_id), label=str(survey.county))
    for tally in shown:
        town = towns.setdefault(
            tally.town_id, Tally(key=("town", tally.town_id or 0), label=tally.town)
        )
        town.add(tally)
        total.add(tally)
    return Progress(survey=survey, places=shown, towns=list(towns.values()), total=total)


# What the survey asks of each user, for their home page


@dataclass(frozen=True)
class Reminder:
    """One thing the survey asks of a user: what, where to do it, and whether it is late."""

    text: str
    url: str
    late: bool = False


def _checklist_reminder(user, survey: Survey, progress: Progress, today) -> list[Reminder]:
    left = checklist_for(user, survey).count()
    url = reverse("survey:checklist", kwargs={"pk": survey.pk})
    if not left:
        return [Reminder(_("%(label)s：您名单中的儿童已全部核查。") % {"label": survey.label}, url)]
    text = _("%(label)s：您还有 %(n)s 名儿童待核查，请在 %(d)s 前完成。")
    values = {"label": survey.label, "n": left, "d": f"{survey.deadline:%Y-%m-%d}"}
    return [Reminder(text % values, url, late=today > survey.deadline)]


def _officer_reminders(user, survey: Survey, progress: Progress, today) -> list[Reminder]:
    url = reverse("survey:detail", kwargs={"pk": survey.pk})
    total = progress.total
    text = _("%(label)s进行中：已核查 %(done)s / %(all)s（%(p)s%%），截止 %(d)s。")
    values = {"label": survey.label, "done": total.checked, "all": total.total}
    values |= {"p": total.percent, "d": f"{survey.deadline:%Y-%m-%d}"}
    out = [Reminder(text % values, url)]
    for place in progress.overdue_places:
        late = _("%(place)s已过截止日期，仍有 %(n)s 名儿童未核查，请督促。")
        out.append(Reminder(late % {"place": place.label, "n": place.unchecked}, url, late=True))
    return out


def reminders_for(
    user, *, today: datetime.date | None = None
) -> tuple[list[Reminder], Progress | None]:
    """Return what the current survey asks of `user` and their places' progress.

    School staff and village directors: their unchecked children and the deadline; town and
    county officers: progress and the places past the deadline; county officers, too, a
    term without a survey. Nothing for other roles.
    """
    today = today or timezone.localdate()
    scope = scope_of(user)
    if not scope.sees(Kind.SURVEYS):
        return [], None
    survey = current_survey(user)
    if survey is None:
        if scope.writes(Kind.SURVEYS):
            text = _("本学期的摸底尚未发起：请确定截止日期并发起摸底。")
            return [Reminder(text, reverse("survey:index"))], None
        return [], None
    progress = survey_progress(user, survey, today=today)
    if not survey.is_open:
        return [], progress
    if scope.level(Kind.SURVEYS) in (Level.SCHOOL, Level.VILLAGE):
        return _checklist_reminder(user, survey, progress, today), progress
    return _officer_reminders(user, survey, progress, today), progress
