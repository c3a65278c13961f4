"""The half-year report's figures, computed in the database, section by section.

`report_figures` runs a fixed number of queries whatever the size of the county: every
figure is an aggregate or a short grouped list, never a loop over records. Its result is
plain JSON (numbers, strings, lists) so that a filed report can store it and never change.

Each figure uses the one definition its record kind has, shared with the dashboards and
the lists: `Child.objects.on_register` / `.overdue`, `Home.objects.built_by` /
`.built_between`, `Aid.objects.valid`, `Pairing.objects.current_at`.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from activities.models import Activity, Equipment, Home, VolunteerTeam, built_between, built_by
from children.concerns.selectors import concern_period_figures
from children.models import Carer, Concern, Contact, Pairing, on_register_at
from core.periods import Period
from donations.models import Donation
from schools.models import County, Enrollment, School, Town, Village
from survey.models import Outcome
from survey.selectors import closed_survey, snapshot_figures, snapshot_in_scope

from .models import JointMeeting, PolicyDocument
from .scope import Scope
from .tables import money, report_tables

TENTH = Decimal("0.1")
# How many school activities the text names as examples (one of each kind); the annex
# lists them all.
EXAMPLES_IN_TEXT = 6
# Activities of these kinds are written in section 四 (家校共建), so 三 does not count them.
NETWORK_KINDS = (Activity.Kind.PARENT_MEETING, Activity.Kind.FAMILY_EDUCATION)


def _overview(scope: Scope, period: Period) -> dict[str, Any]:
    county = scope.county
    villages = Village.objects.filter(town__county=county)
    if scope.town:
        villages = villages.filter(town=scope.town)
    places = villages.aggregate(
        villages=Count("pk", filter=Q(kind=Village.Kind.VILLAGE)),
        communities=Count("pk", filter=Q(kind=Village.Kind.COMMUNITY)),
    )
    towns = 1 if scope.town else Town.objects.filter(county=county).count()
    kinds = School.Kind
    schools = scope.schools().aggregate(
        total=Count("pk"),
        middle=Count("pk", filter=Q(kind=kinds.MIDDLE)),
        central_primary=Count("pk", filter=Q(kind=kinds.CENTRAL_PRIMARY)),
        nine_year=Count("pk", filter=Q(kind=kinds.NINE_YEAR)),
        other=Count("pk", filter=Q(kind=kinds.OTHER)),
        parent_schools=Count("pk", filter=Q(has_parent_school=True)),
    )
    pupils = Enrollment.objects.filter(
        school__in=scope.schools(), year=period.year, semester=period.semester
    ).aggregate(n=Sum("pupils"))["n"]
    population = county.population
    return {
        "county": county.name,
        "scope": scope.town.name if scope.town else county.name,
        "is_town": scope.town is not None,
        "issuer": county.report_issuer,
        "location": county.location_text.strip(),
        "area_km2": f"{county.area_km2.normalize():f}" if county.area_km2 else "",
        "population_wan": (
            f"{(Decimal(population) / 10000).quantize(TENTH).normalize():f}" if population else ""
        ),
        "towns": towns,
        **places,
        "schools": schools,
        "pupils": pupils or 0,
    }


def _children(scope: Scope, period: Period) -> dict[str, Any]:
    end = period.end
    # Kept to the county, so that the subquery stays small (hashed) at province scale.
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


def _leadership(scope: Scope, period: Period) -> dict[str, Any]:
    county = scope.county
    meetings = list(
        JointMeeting.objects.filter(county=county, held_on__range=(period.start, period.end))
        .order_by("held_on", "pk")
        .values("held_on", "chaired_by")
    )
    documents = list(
        PolicyDocument.objects.filter(county=county, issued_on__lte=period.end)
        .order_by("issued_on", "pk")
        .values("title", "issuer", "issued_on")
    )
    return {
        "since_year": county.coordination_since.year if county.coordination_since else None,
        "leader": county.coordination_leader,
        "meetings": [{"on": m["held_on"].isoformat(), "chair": m["chaired_by"]} for m in meetings],
        "documents": [d["title"] for d in documents],
        "documents_in_period": sum(1 for d in documents if d["issued_on"] >= period.start),
        "document_issuers": list(dict.fromkeys(d["issuer"] for d in documents)),
    }


def _equipment_by(homes: QuerySet[Home], key: str) -> dict[str, list[str]]:
    """Return the distinct equipment names of `homes`, grouped by the home field `key`."""
    # Ordered by first entry, so the list reads as the schools wrote it (电脑、图书、电话机).
    rows = (
        Equipment.objects.filter(home__in=homes)
        .values(f"home__{key}", "name")
        .annotate(first=Min("pk"))
        .order_by(f"home__{key}", "first")
        .values_list(f"home__{key}", "name")
    )
    grouped: dict[str, list[str]] = {}
    for group, name in rows:
        grouped.setdefault(str(group), []).append(name)
    return grouped


def _homes(scope: Scope, period: Period) -> dict[str, Any]:
    homes = scope.homes().filter(kind=Home.Kind.SCHOOL_HOME)
    built = built_by(period.end)
    year_start = datetime.date(period.year, 1, 1)
    counts = homes.aggregate(
        planned=Count("pk"),
        planned_schools=Count("school", distinct=True),
        built=Count("pk", filter=built),
        built_schools=Count("school", distinct=True, filter=built),
        built_in_period=Count("pk", filter=built_between(period.start, period.end)),
        built_earlier_this_year=Count(
            "pk", filter=built_between(year_start, period.start - datetime.timedelta(days=1))
        ),
        mode_1=Count("pk", filter=built & Q(mode=Home.Mode.MODE_1)),
        mode_1_schools=Count("school", distinct=True, filter=built & Q(mode=Home.Mode.MODE_1)),
        mode_2=Count("pk", filter=built & Q(mode=Home.Mode.MODE_2)),
        mode_2_schools=Count("school", distinct=True, filter=built & Q(mode=Home.Mode.MODE_2)),
        keeps_records=Count("pk", filter=built & Q(keeps_records=True)),
        shared=Count("pk", filter=built & Q(is_shared=True)),
        planned_first_year=Min("planned_year"),
        planned_last_year=Max("planned_year"),
    )
    years = (
        homes.filter(built, built_year__lt=period.year)
        .values("built_year")
        .annotate(n=Count("pk"))
        .order_by("built_year")
        .values_list("built_year", "n")
    )
    counts["built_in_earlier_years"] = [[y, n] for y, n in years]
    counts["equipment_by_mode"] = _equipment_by(homes.filter(built), "mode")
    return counts


def _rooms(scope: Scope, period: Period) -> dict[str, Any]:
    rooms = scope.homes().filter(kind=Home.Kind.ACTIVITY_ROOM).built_by(period.end)
    details = list(rooms.values("pk", "rules", "opening_hours"))
    rules: list[str] = []
    for row in details:
        for line in row["rules"].splitlines():
            line = line.strip(" 　、，,;；")
            if line and line not in rules:
                rules.append(line)
    hours = list(dict.fromkeys(r["opening_hours"] for r in details if r["opening_hours"]))
    teams = VolunteerTeam.objects.filter(
        county=scope.county, kind=VolunteerTeam.Kind.CARING_MOTHERS
    ).filter(Q(founded_on__isnull=True) | Q(founded_on__lte=period.end))
    if scope.town:
        teams = teams.filter(home__town=scope.town)
    team = teams.aggregate(teams=Count("pk"), members=Sum("members"))
    held = scope.activities().filter(
        home__kind=Home.Kind.ACTIVITY_ROOM, on__range=(period.start, period.end)
    )
    titles = list(held.order_by("on", "pk").values_list("title", flat=True)[:EXAMPLES_IN_TEXT])
    activity = held.aggregate(count=Count("pk"), children=Sum("children_count"))
    return {
        "rooms": len(details),
        "rules": rules,
        "opening_hours": hours,
        "equipment": _equipment_by(rooms, "kind").get(Home.Kind.ACTIVITY_ROOM, []),
        "caring_mother_teams": team["teams"],
        "caring_mothers": team["members"] or 0,
        "activities": activity["count"],
        "activity_children": activity["children"] or 0,
        "activity_titles": list(dict.fromkeys(titles)),
    }


def _county_pairings(scope: Scope) -> QuerySet[Pairing]:
    """Return the pairings of the county's carers with the county's children.

    A carer is paired only with children of their own county (the care services check
    both against the user's county), so the carer's county adds no condition; it lets
    PostgreSQL read the county's pairings by carer instead of all the province's.
    """
    county = scope.county.pk
    return Pairing.objects.filter(carer__county_id=county, child__county_id=county)


def _care(scope: Scope, period: Period) -> dict[str, Any]:
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


def _school_activities(scope: Scope, period: Period) -> dict[str, Any]:
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
    # The first activity of each kind stands for it, so the examples show the variety.
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


def _money_figures(scope: Scope, period: Period) -> dict[str, Any]:
    prev = period.year - 1
    in_period = Q(received_on__range=(period.start, period.end))
    fed = Q(received_by=Donation.Receiver.FEDERATION)
    prev_year = Q(received_on__year=prev)
    donations = scope.donations().aggregate(
        n=Count("pk", filter=in_period),
        total=Sum("amount", filter=in_period),
        prev_year_federation=Sum("amount", filter=prev_year & fed),
    )
    donors = (
        scope.donations()
        .filter(in_period)
        .values("donor__name")
        .annotate(total=Sum("amount"), school=F("school__name"))
        .order_by("-total", "donor__name")
        .values_list("donor__name", "school", "total")[:EXAMPLES_IN_TEXT]
    )
    aid_in_period = Q(given_on__range=(period.start, period.end))
    aid = scope.aid().aggregate(
        total=Sum("amount", filter=aid_in_period),
        children=Count("child", distinct=True, filter=aid_in_period),
        prev_year_children=Count("child", distinct=True, filter=Q(given_on__year=prev)),
    )
    return {
        "prev_year": prev,
        "donation_count": donations["n"],
        "donation_amount": money(donations["total"]),
        "prev_year_federation_amount": money(donations["prev_year_federation"]),
        "donors": [[name, school or "", money(total)] for name, school, total in donors],
        "aid_amount": money(aid["total"]),
        "aided_children": aid["children"],
        "prev_year_aided_children": aid["prev_year_children"],
    }


def _network(scope: Scope, period: Period) -> dict[str, Any]:
    prev = period.year - 1
    in_period = Q(on__range=(period.start, period.end))
    lecture = Q(kind=Activity.Kind.FAMILY_EDUCATION)
    meeting = Q(kind=Activity.Kind.PARENT_MEETING)
    acts = scope.activities().aggregate(
        lectures=Count("pk", filter=lecture & in_period),
        lecture_audience=Sum("audience_count", filter=lecture & in_period),
        prev_lectures=Count("pk", filter=lecture & Q(on__year=prev)),
        prev_lecture_audience=Sum("audience_count", filter=lecture & Q(on__year=prev)),
        parent_meetings=Count("pk", filter=meeting & in_period),
        parent_meeting_parents=Sum("parents_count", filter=meeting & in_period),
    )
    organisers = list(
        scope.activities()
        .filter(lecture & (in_period | Q(on__year=prev)))
        .exclude(Q(organiser="") | Q(organiser_kind=Activity.Organiser.SCHOOL))
        .values_list("organiser", flat=True)
        .distinct()
        .order_by("organiser")
    )
    contacts = Contact.objects.filter(
        child__in=scope.children(), on__range=(period.start, period.end)
    ).aggregate(
        home_visits=Count("pk", filter=Q(kind=Contact.Kind.HOME_VISIT)),
        visited_children=Count("child", distinct=True, filter=Q(kind=Contact.Kind.HOME_VISIT)),
        talks=Count("pk", filter=Q(kind=Contact.Kind.TALK)),
        parent_calls=Count(
            "pk", filter=Q(kind__in=[Contact.Kind.PARENT_CALL, Contact.Kind.VIDEO_CALL])
        ),
    )
    return {
        "lectures": acts["lectures"],
        "lecture_audience": acts["lecture_audience"] or 0,
        "prev_lectures": acts["prev_lectures"],
        "prev_lecture_audience": acts["prev_lecture_audience"] or 0,
        "lecture_organisers": organisers,
        "parent_meetings": acts["parent_meetings"],
        "parent_meeting_parents": acts["parent_meeting_parents"] or 0,
        **contacts,
    }


def _survey(scope: Scope, period: Period) -> dict[str, Any] | None:
    """Return the survey figures (摸底登记) frozen when the period's term survey closed.

    The half-year's term (spring for H1, autumn for H2) names the survey; None when it
    has not closed, and the report then counts the register at the period's end.
    """
    survey = closed_survey(scope.county.pk, period.year, period.semester)
    if survey is None:
        return None
    snapshot = snapshot_in_scope(survey, town_id=scope.town.pk if scope.town else None)
    figures = snapshot_figures(snapshot)
    return {
        "label": survey.label,
        "closed_on": timezone.localdate(survey.closed_at).isoformat(),
        "registered": figures["registered"],
        "left_behind": figures["left_behind"],
        "migrant": figures["migrant"],
        "new": snapshot.filter(outcome=Outcome.NEW).count(),
    }


def _concerns(scope: Scope, period: Period) -> dict[str, int]:
    """Return the mandatory reports raised in the period (children.concerns' definition)."""
    concerns = Concern.objects.filter(child__in=scope.children())
    return concern_period_figures(concerns, first=period.start, last=period.end)


def report_label(period: Period) -> str:
    """Return the report's period in Chinese whatever the interface language: 2026年上半年."""
    part = {"H1": "上半年", "H2": "下半年"}.get(period.half_code, "全年")
    return f"{period.year}年{part}"


def report_figures(*, county: County, period: Period, town: Town | None = None) -> dict:
    """Return every figure of the report for `county` (or one of its towns) and `period`.

    A fixed number of queries (about 30) whatever the data size; JSON-safe result.
    """
    scope = Scope(county, town)
    return {
        "period": {
            "year": period.year,
            "half": period.half_code,
            "label": report_label(period),
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "overview": _overview(scope, period),
        "children": _children(scope, period),
        "survey": _survey(scope, period),
        "leadership": _leadership(scope, period),
        "homes": _homes(scope, period),
        "rooms": _rooms(scope, period),
        "care": _care(scope, period),
        "school_activities": _school_activities(scope, period),
        "money": _money_figures(scope, period),
        "network": _network(scope, period),
        "concerns": _concerns(scope, period),
        "tables": report_tables(scope=scope, period=period),
    }
