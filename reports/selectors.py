"""The half-year report's figures, computed in the database, and who may see which report.

`report_figures` runs a fixed number of queries whatever the size of the county: every
figure is an aggregate or a short grouped list, never a loop over records. Its result is
plain JSON (numbers, strings, lists) so that a filed report can store it and never change.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation

from accounts.roles import Kind, roles_seeing, roles_writing, scope_of
from accounts.roles import Scope as RoleScope
from activities.models import Activity, Equipment, Home, VolunteerTeam
from activities.selectors import ACTIVITY_PLACES, HOME_PLACES
from children.models import Carer, Child, Contact, Pairing
from children.selectors import CHILD_PLACES
from core.periods import Period, report_period
from donations.models import Aid, Donation
from donations.selectors import DONATION_PLACES
from schools.models import County, Enrollment, School, Town, Village
from survey.models import Outcome
from survey.selectors import closed_survey, snapshot_figures, snapshot_in_scope

from .models import HalfYearReport, JointMeeting, PolicyDocument
from .writing import report_blocks

# Roles that draft, edit and file reports; the coordination group only reads filed ones.
REPORT_WRITERS = roles_writing(Kind.REPORTS)
REPORT_READERS = roles_seeing(Kind.REPORTS)
TENTH = Decimal("0.1")
# How many school activities the text names one by one; the annex lists them all.
ACTIVITIES_IN_TEXT = 8


def reports_visible_to(user) -> QuerySet[HalfYearReport]:
    """Return the reports `user` may open: county-wide for the county's officers,
    the town's own for a town officer, and only filed county reports for the group."""
    qs = HalfYearReport.objects.select_related("county", "town", "filed_by", "created_by")
    scope = scope_of(user)
    if scope.aggregates_only(Kind.REPORTS):
        # Aggregates only: the county's filed reports, whose figures are suppressed.
        return qs.filter(
            county_id=scope.county_id, status=HalfYearReport.Status.FILED, town__isnull=True
        )
    return scope.filter(Kind.REPORTS, qs, town="town_id")


def report_for(user, pk: int) -> HalfYearReport:
    """Return report `pk` if `user` may open it; 404 alike for missing and forbidden."""
    return get_object_or_404(reports_visible_to(user), pk=pk)


def _money(value: Decimal | None) -> str:
    """Return a sum of money as a JSON-safe string with two decimals."""
    return str((value or Decimal("0")).quantize(Decimal("0.01")))


class _Scope:
    """Filters that narrow each kind of record to the county, or to one of its towns."""

    def __init__(self, county: County, town: Town | None):
        self.county = county
        self.town = town
        # The report's place, seen through the permission table's place paths.
        self.place = RoleScope.of_place(county_id=county.pk, town_id=town.pk if town else None)

    def children(self) -> QuerySet[Child]:
        return self.place.filter(Kind.CHILDREN, Child.objects.all(), **CHILD_PLACES)

    def schools(self) -> QuerySet[School]:
        qs = School.objects.filter(is_active=True)
        return self.place.filter(Kind.CHILDREN, qs, county="town__county_id", town="town_id")

    def homes(self) -> QuerySet[Home]:
        return self.place.filter(Kind.HOMES, Home.objects.all(), **HOME_PLACES)

    def activities(self) -> QuerySet[Activity]:
        return self.place.filter(Kind.ACTIVITIES, Activity.objects.all(), **ACTIVITY_PLACES)

    def donations(self) -> QuerySet[Donation]:
        return self.place.filter(Kind.AID, Donation.objects.all(), **DONATION_PLACES)

    def aid(self) -> QuerySet[Aid]:
        return Aid.objects.filter(child__in=self.children())


def _registered_at(end: datetime.date) -> Q:
    """Return the filter of children on the register on day `end`."""
    return Q(registered_on__lte=end) & (Q(status="open") | Q(closed_on__gt=end))


def _current_at(end: datetime.date) -> Q:
    """Return the filter of pairings running on day `end`."""
    return Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=end))


def _overview(scope: _Scope, period: Period) -> dict[str, Any]:
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
    return {
        "county": county.name,
        "scope": scope.town.name if scope.town else county.name,
        "is_town": scope.town is not None,
        "issuer": county.report_issuer or f"{county.name}妇联",
        "location": county.location_text.strip(),
        "area_km2": f"{county.area_km2.normalize():f}" if county.area_km2 is not None else "",
        "population_wan": f"{(Decimal(county.population) / 10000).quantize(TENTH).normalize():f}",
        "towns": towns,
        **places,
        "schools": schools,
        "pupils": pupils or 0,
    }


def _children(scope: _Scope, period: Period) -> dict[str, Any]:
    end = period.end
    county = scope.county
    mentor_now = Pairing.objects.filter(
        Q(child=OuterRef("pk"), role=Pairing.Role.MENTOR) & _current_at(end)
    )
    since = end - datetime.timedelta(days=county.contact_interval_days)
    recent_contact = Contact.objects.filter(child=OuterRef("pk"), on__gt=since, on__lte=end)
    return (
        scope.children()
        .filter(_registered_at(end))
        .aggregate(
            registered=Count("pk"),
            left_behind=Count("pk", filter=Q(is_left_behind=True)),
            migrant=Count("pk", filter=Q(is_migrant=True)),
            in_difficulty=Count("pk", filter=Q(is_in_difficulty=True)),
            new_in_period=Count("pk", filter=Q(registered_on__gte=period.start)),
            without_mentor=Count("pk", filter=~Exists(mentor_now)),
            overdue_contact=Count("pk", filter=~Exists(recent_contact)),
            mood_notes=Count("pk", filter=~Q(mood_notes="")),
        )
    )


def _leadership(scope: _Scope, period: Period) -> dict[str, Any]:
    county = scope.county
    meetings = list(
        JointMeeting.objects.filter(
            county=county, held_on__gte=period.start, held_on__lte=period.end
        )
        .order_by("held_on")
        .values_list("held_on", flat=True)
    )
    documents = list(
        PolicyDocument.objects.filter(county=county, issued_on__lte=period.end)
        .order_by("issued_on", "pk")
        .values("title", "issuer", "issued_on")
    )
    issuers = list(dict.fromkeys(d["issuer"] for d in documents))
    return {
        "since_year": county.coordination_since.year if county.coordination_since else None,
        "leader": county.coordination_leader,
        "meetings": len(meetings),
        "meeting_dates": [d.isoformat() for d in meetings],
        "documents": [d["title"] for d in documents],
        "documents_in_period": sum(1 for d in documents if d["issued_on"] >= period.start),
        "document_issuers": issuers,
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


def _homes(scope: _Scope, period: Period) -> dict[str, Any]:
    year = period.year
    homes = scope.homes().filter(kind=Home.Kind.SCHOOL_HOME)
    built = Q(built_year__isnull=False, built_year__lte=year)
    counts = homes.aggregate(
        planned=Count("pk"),
        built=Count("pk", filter=built),
        built_this_year=Count("pk", filter=Q(built_year=year)),
        mode_1=Count("pk", filter=built & Q(mode=Home.Mode.MODE_1)),
        mode_2=Count("pk", filter=built & Q(mode=Home.Mode.MODE_2)),
        keeps_records=Count("pk", filter=built & Q(keeps_records=True)),
        shared=Count("pk", filter=built & Q(is_shared=True)),
    )
    years = (
        homes.filter(built)
        .values("built_year")
        .annotate(n=Count("pk"))
        .order_by("built_year")
        .values_list("built_year", "n")
    )
    planned_years = homes.aggregate(first=Min("planned_year"), last=Max("planned_year"))
    counts["built_by_year"] = [[y, n] for y, n in years]
    counts["planned_first_year"] = planned_years["first"]
    counts["planned_last_year"] = planned_years["last"]
    counts["equipment_by_mode"] = _equipment_by(homes.filter(built), "mode")
    return counts


def _rooms(scope: _Scope, period: Period) -> dict[str, Any]:
    rooms = scope.homes().filter(
        kind=Home.Kind.ACTIVITY_ROOM, built_year__isnull=False, built_year__lte=period.year
    )
    details = list(rooms.values("pk", "rules", "opening_hours"))
    rules: list[str] = []
    for row in details:
        for line in row["rules"].splitlines():
            line = line.strip(" 　、，,;；")
            if line and line not in rules:
                rules.append(line)
    hours = list(dict.fromkeys(r["opening_hours"] for r in details if r["opening_hours"]))
    equipment = _equipment_by(rooms, "kind").get(Home.Kind.ACTIVITY_ROOM, [])
    teams = VolunteerTeam.objects.filter(
        county=scope.county, kind=VolunteerTeam.Kind.CARING_MOTHERS
    ).filter(Q(founded_on__isnull=True) | Q(founded_on__lte=period.end))
    if scope.town:
        teams = teams.filter(home__town=scope.town)
    team = teams.aggregate(teams=Count("pk"), members=Sum("members"))
    held = scope.activities().filter(
        home__kind=Home.Kind.ACTIVITY_ROOM, on__gte=period.start, on__lte=period.end
    )
    titles = list(held.order_by("on", "pk").values_list("title", flat=True)[:ACTIVITIES_IN_TEXT])
    activity = held.aggregate(
        count=Count("pk"), children=Sum("children_count"), audience=Sum("audience_count")
    )
    return {
        "rooms": len(details),
        "rules": rules,
        "opening_hours": hours,
        "equipment": equipment,
        "caring_mother_teams": team["teams"],
        "caring_mothers": team["members"] or 0,
        "activities": activity["count"],
        "activity_children": activity["children"] or 0,
        "activity_titles": titles,
    }


def _care(scope: _Scope, period: Period) -> dict[str, Any]:
    end = period.end
    pairings = Pairing.objects.filter(child__in=scope.children().filter(_registered_at(end)))
    current = pairings.filter(_current_at(end))
    roles = Pairing.Role
    counts = current.aggregate(
        mentored_children=Count("child", distinct=True, filter=Q(role=roles.MENTOR)),
        mentors=Count("carer", distinct=True, filter=Q(role=roles.MENTOR)),
        proxy_parents=Count("carer", distinct=True, filter=Q(role=roles.PROXY_PARENT)),
        proxied_children=Count("child", distinct=True, filter=Q(role=roles.PROXY_PARENT)),
        caring_mothers=Count("carer", distinct=True, filter=Q(role=roles.CARING_MOTHER)),
    )
    backgrounds = (
        current.filter(role=roles.PROXY_PARENT)
        .values("carer__background")
        .annotate(n=Count("carer", distinct=True))
        .order_by("-n", "carer__background")
        .values_list("carer__background", "n")
    )
    labels = dict(Carer.Background.choices)
    counts["proxy_backgrounds"] = [[str(labels.get(b, b)), n] for b, n in backgrounds]
    overloaded = (
        current.filter(role=roles.MENTOR)
        .values("carer")
        .annotate(n=Count("child", distinct=True))
        .filter(n__gt=scope.county.max_children_per_carer)
    )
    counts["overloaded_mentors"] = overloaded.count()
    return counts


def _school_activities(scope: _Scope, period: Period) -> dict[str, Any]:
    held = scope.activities().filter(school__isnull=False, on__gte=period.start, on__lte=period.end)
    rows = list(
        held.order_by("on", "pk").values(
            "on", "title", "organiser", "organiser_kind", "school__name", "children_count"
        )[:ACTIVITIES_IN_TEXT]
    )
    totals = held.aggregate(count=Count("pk"), children=Sum("children_count"))
    return {
        "count": totals["count"],
        "children": totals["children"] or 0,
        "listed": [
            {
                "on": r["on"].isoformat(),
                "title": r["title"],
                "school": r["school__name"],
                "organiser": r["organiser"] if r["organiser_kind"] != "school" else "",
                "children": r["children_count"],
            }
            for r in rows
        ],
    }


def _money_figures(scope: _Scope, period: Period) -> dict[str, Any]:
    prev = period.year - 1
    in_period = Q(received_on__gte=period.start, received_on__lte=period.end)
    fed = Q(received_by=Donation.Receiver.FEDERATION)
    prev_year = Q(received_on__year=prev)
    donations = scope.donations().aggregate(
        n=Count("pk", filter=in_period),
        total=Sum("amount", filter=in_period),
        federation_amount=Sum("amount", filter=in_period & fed),
        prev_year_federation=Sum("amount", filter=prev_year & fed),
        prev_year_amount=Sum("amount", filter=prev_year),
    )
    donors = (
        scope.donations()
        .filter(in_period)
        .values("donor__name")
        .annotate(total=Sum("amount"), school=F("school__name"))
        .order_by("-total", "donor__name")
        .values_list("donor__name", "school", "total")[:ACTIVITIES_IN_TEXT]
    )
    aid_in_period = Q(given_on__gte=period.start, given_on__lte=period.end)
    aid = scope.aid().aggregate(
        total=Sum("amount", filter=aid_in_period),
        children=Count("child", distinct=True, filter=aid_in_period),
        prev_year_amount=Sum("amount", filter=Q(given_on__year=prev)),
        prev_year_children=Count("child", distinct=True, filter=Q(given_on__year=prev)),
    )
    return {
        "prev_year": prev,
        "donation_count": donations["n"],
        "donation_amount": _money(donations["total"]),
        "federation_amount": _money(donations["federation_amount"]),
        "prev_year_federation_amount": _money(donations["prev_year_federation"]),
        "prev_year_donation_amount": _money(donations["prev_year_amount"]),
        "donors": [[name, school or "", _money(total)] for name, school, total in donors],
        "aid_amount": _money(aid["total"]),
        "aided_children": aid["children"],
        "prev_year_aid_amount": _money(aid["prev_year_amount"]),
        "prev_year_aided_children": aid["prev_year_children"],
    }


def _network(scope: _Scope, period: Period) -> dict[str, Any]:
    prev = period.year - 1
    in_period = Q(on__gte=period.start, on__lte=period.end)
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
        .values_list("organiser", flat=True)
        .distinct()
        .order_by("organiser")
    )
    contacts = Contact.objects.filter(
        child__in=scope.children(), on__gte=period.start, on__lte=period.end
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


def _survey(scope: _Scope, period: Period) -> dict[str, Any] | None:
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


def report_figures(*, county: County, period: Period, town: Town | None = None) -> dict:
    """Return every figure of the report for `county` (or one of its towns) and `period`.

    A fixed number of queries (about 30) whatever the data size; JSON-safe result.
    """
    scope = _Scope(county, town)
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
        "tables": report_tables(scope=scope, period=period),
    }


def report_tables(*, scope: _Scope, period: Period) -> dict[str, list[list]]:
    """Return the annex's tables (by town, by school, homes, activities, donations).

    Rows are JSON-safe lists; a filed report stores them with its figures.
    """
    end = period.end
    registered = _registered_at(end)
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
        .filter(registered, school__isnull=False)
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
    by_school = []
    for s in schools:
        c = child_counts.get(s["pk"], {})
        by_school.append(
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
    by_town = (
        scope.children()
        .filter(registered)
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
            "is_shared",
            "keeps_records",
            "opening_hours",
        )
        .order_by("kind", "town__name", "name")
    )
    home_kinds = dict(Home.Kind.choices)
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
    activity_kinds = dict(Activity.Kind.choices)
    donations = (
        scope.donations()
        .filter(received_on__gte=period.start, received_on__lte=period.end)
        .values_list("received_on", "donor__name", "form", "amount", "received_by", "school__name")
        .order_by("received_on", "pk")
    )
    forms = dict(Donation.Form.choices)
    receivers = dict(Donation.Receiver.choices)
    return {
        "by_town": [list(r) for r in by_town],
        "by_school": by_school,
        "homes": [
            [str(home_kinds.get(k, k)), n, t, s or "", m, p, b, sh, rec, h]
            for k, n, t, s, m, p, b, sh, rec, h in homes
        ],
        "activities": [
            [d.isoformat(), str(activity_kinds.get(k, k)), t, o, s or "", h or "", c, pa, a]
            for d, k, t, o, s, h, c, pa, a in activities
        ],
        "donations": [
            [d.isoformat(), n, str(forms.get(f, f)), _money(a), str(receivers.get(r, r)), s or ""]
            for d, n, f, a, r, s in donations
        ],
    }


def report_label(period: Period) -> str:
    """Return the report's period in Chinese whatever the interface language, e.g. 2011年上半年."""
    part = {"H1": "上半年", "H2": "下半年"}.get(period.half_code, "全年")
    return f"{period.year} 年{part}"


def period_of_report(report: HalfYearReport) -> Period:
    """Return the period a report covers."""
    return report_period(report.year, report.period)


def report_content(report: HalfYearReport, *, today: datetime.date) -> tuple[dict, list[dict]]:
    """Return (figures, blocks) of a report: as stored if filed, else computed now.

    A filed report never touches the live data: its figures and text were frozen when
    it was filed. A draft's figures are computed afresh, so they follow the data.
    """
    narrative = report.narrative or {}
    if report.status == HalfYearReport.Status.FILED:
        return report.figures, narrative["blocks"]
    # The report is a Chinese official document whatever the reader's interface language:
    # choice labels in its figures and text must not come out in English.
    with translation.override("zh-hans"):
        figures = report_figures(
            county=report.county, period=period_of_report(report), town=report.town
        )
        blocks = report_blocks(
            figures=figures,
            templates=narrative.get("templates"),
            rounding=report.rounding,
            findings=narrative.get("findings"),
            signed_on=today,
        )
    return figures, blocks
