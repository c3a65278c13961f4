"""The half-year report's figures, computed in the database, section by section.

`report_figures` runs a fixed number of queries whatever the size of the county: every
figure is an aggregate or a short grouped list, never a loop over records. Its result is
plain JSON (numbers, strings, lists) so that a filed report can store it and never change.

Each figure uses the one definition its record kind has, shared with the dashboards and
the lists: `Child.objects.on_register` / `.overdue`, `Home.objects.built_by` /
`.built_between`, `Aid.objects.valid`, `Pairing.objects.current_at`. A draft computes
them on every view, so figures that read the same records share a query: the register's
counts are one grouped query (_register_rows), overdue children and the period's contacts
another (_contacts); tests/reports/test_figures_rewrite.py checks them against one query
per figure.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from activities.models import Activity, Equipment, Home, VolunteerTeam, built_between, built_by
from children.concerns.selectors import concern_period_figures
from children.models import Carer, Child, Concern, Contact, Pairing, on_register_at
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


def _on_register(scope: Scope, day: datetime.date) -> QuerySet[Child]:
    """Return the scope's children on the register at the end of `day`."""
    return scope.children().filter(on_register_at(day))


def _mentored(scope: Scope, day: datetime.date, role: str) -> Q:
    """Return the condition for a child of the county paired in `role` at the end of `day`
    with a carer of the county (the same pairings as _county_pairings)."""
    county = scope.county.pk
    pairings = Pairing.objects.filter(carer__county_id=county, role=role).current_at(day)
    return Q(county_id=county, pk__in=pairings.values("child_id"))


def _register_rows(scope: Scope, period: Period) -> list[dict[str, Any]]:
    """Return the children on the register at the period's end, counted per school and
    place (the town of their school, else the town they live in), in the order of place.

    One grouped query, read from the `child_report` index alone, and two of the places'
    names; the children's totals, the children with a mentor or a proxy parent (as
    _care counts them) and the annex's tables by town and by school are sums of these rows.
    """
    end, roles = period.end, Pairing.Role
    rows = list(
        _on_register(scope, end)
        .values("school_id", "town_id")
        .annotate(
            registered=Count("pk"),
            left_behind=Count("pk", filter=Q(is_left_behind=True)),
            migrant=Count("pk", filter=Q(is_migrant=True)),
            in_difficulty=Count("pk", filter=Q(is_in_difficulty=True)),
            new_in_period=Count("pk", filter=Q(registered_on__gte=period.start)),
            mentored=Count("pk", filter=_mentored(scope, end, roles.MENTOR)),
            proxied=Count("pk", filter=_mentored(scope, end, roles.PROXY_PARENT)),
        )
        .order_by()
    )
    # The places' names are read apart, for the few groups: joined into the aggregate,
    # they would be hashed with each child. Ordered by the database, like a list by name.
    schools = {row["school_id"] for row in rows if row["school_id"] is not None}
    school_town = dict(
        School.objects.filter(pk__in=schools).order_by().values_list("pk", "town_id")
    )
    for row in rows:
        row["place_id"] = school_town.get(row["school_id"], row["town_id"])
    towns = Town.objects.filter(pk__in={row["place_id"] for row in rows})
    names = dict(towns.order_by("name", "pk").values_list("pk", "name"))
    order: dict[str, int] = {}
    for name in names.values():
        order.setdefault(name, len(order))
    for row in rows:
        row["place"] = names[row["place_id"]]
    rows.sort(key=lambda row: (order[row["place"]], row["school_id"] or 0, row["town_id"]))
    return rows


REGISTER_TOTALS = ("registered", "left_behind", "migrant", "in_difficulty", "new_in_period")


def _children(
    scope: Scope, period: Period, rows: list[dict], *, mentored: int, contacted: int
) -> dict[str, Any]:
    """Return the register's figures at the period's end from `rows` (_register_rows).

    The children without a mentor are those on the register less the `mentored` ones
    (_care's count of the same children); the overdue ones (`Child.objects.overdue`) are
    those on the register less the ones `contacted` in the interval before the end
    (_contacts' count of the same children).
    """
    figures = {key: sum(row[key] for row in rows) for key in REGISTER_TOTALS}
    figures["without_mentor"] = figures["registered"] - mentored
    figures["overdue_contact"] = figures["registered"] - contacted
    figures["mood_notes"] = _on_register(scope, period.end).exclude(mood_notes="").count()
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


def _county_pairings(scope: Scope, children: QuerySet[Child]) -> QuerySet[Pairing]:
    """Return the pairings of the county's carers with those of `children` in the county.

    A carer is paired only with children of their own county (the care services check
    both against the user's county), so the carer's county adds no condition; it lets
    PostgreSQL read the county's pairings by carer instead of all the province's.
    """
    county = scope.county.pk
    return Pairing.objects.filter(
        carer__county_id=county, child__in=children.filter(county_id=county).values("pk")
    )


def _care(scope: Scope, period: Period, rows: list[dict]) -> dict[str, Any]:
    """Return the mentors and proxy parents at the period's end and the children they care
    for (those from `rows`, _register_rows), in two queries."""
    end = period.end
    current = _county_pairings(scope, _on_register(scope, end)).current_at(end)
    roles = Pairing.Role
    per_carer = current.values("carer").annotate(
        mentored=Count("child", distinct=True, filter=Q(role=roles.MENTOR)),
        proxied=Count("pk", filter=Q(role=roles.PROXY_PARENT)),
    )
    counts = per_carer.aggregate(
        mentors=Count("carer", filter=Q(mentored__gt=0)),
        proxy_parents=Count("carer", filter=Q(proxied__gt=0)),
        overloaded_mentors=Count(
            "carer", filter=Q(mentored__gt=scope.county.max_children_per_carer)
        ),
    )
    backgrounds = (
        current.filter(role=roles.PROXY_PARENT)
        .values("carer__background")
        .annotate(n=Count("carer", distinct=True))
        .order_by("-n", "carer__background")
        .values_list("carer__background", "n")
    )
    labels = dict(Carer.Background.choices)
    return {
        "mentored_children": sum(row["mentored"] for row in rows),
        "mentors": counts["mentors"],
        "proxy_parents": counts["proxy_parents"],
        "proxied_children": sum(row["proxied"] for row in rows),
        "proxy_backgrounds": [[str(labels.get(b, b)), n] for b, n in backgrounds if b],
        "overloaded_mentors": counts["overloaded_mentors"],
    }


def _school_activities(scope: Scope, period: Period) -> dict[str, Any]:
    held = (
        scope.activities()
        .filter(school__isnull=False, on__range=(period.start, period.end))
        .exclude(kind__in=NETWORK_KINDS)
    )
    labels = dict(Activity.Kind.choices)
    # One row per kind: its count and children, and its first activity, which stands for
    # it among the examples so that they show the variety.
    kind = {"partition_by": [F("kind")]}
    by_kind = list(
        held.annotate(
            n=Window(Count("pk"), **kind),
            kind_children=Window(Sum("children_count"), **kind),
            rank=Window(RowNumber(), **kind, order_by=[F("on").asc(), F("pk").asc()]),
        )
        .filter(rank=1)
        .order_by("-n", "kind")
        .values(
            "kind",
            "n",
            "kind_children",
            "pk",
            "on",
            "title",
            "organiser",
            "organiser_kind",
            "children_count",
        )
        .annotate(school_name=F("school__name"))
    )
    examples = sorted(by_kind, key=lambda r: (r["on"], r["pk"]))[:EXAMPLES_IN_TEXT]
    return {
        "count": sum(r["n"] for r in by_kind),
        "children": sum(r["kind_children"] or 0 for r in by_kind),
        "by_kind": [
            {"kind": r["kind"], "label": str(labels.get(r["kind"], r["kind"])), "n": r["n"]}
            for r in by_kind
        ],
        "examples": [
            {
                "on": r["on"].isoformat(),
                "title": r["title"],
                "school": r["school_name"],
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
    return {
        "lectures": acts["lectures"],
        "lecture_audience": acts["lecture_audience"] or 0,
        "prev_lectures": acts["prev_lectures"],
        "prev_lecture_audience": acts["prev_lecture_audience"] or 0,
        "lecture_organisers": organisers,
        "parent_meetings": acts["parent_meetings"],
        "parent_meeting_parents": acts["parent_meeting_parents"] or 0,
    }


def _contacts(scope: Scope, period: Period) -> dict[str, int]:
    """Return the period's contacts (home visits, talks, calls) and the children on the
    register at its end contacted in the county's interval before it, in one query.

    The interval is `Child.objects.overdue`'s: from `contact_days` before the end to the
    end, both included; its children are the complement of the overdue ones.
    """
    end = period.end
    since = end - datetime.timedelta(days=scope.county.contact_interval_days)
    first = min(since, period.start)
    # The query reads from the earlier of the period's start and the interval's; each
    # figure leaves out the days before its own (a condition only where there are some).
    in_period = Q(on__gte=period.start) if first < period.start else Q()
    in_interval = Q(on__gte=since) if first < since else Q()
    kinds = Contact.Kind
    home_visit = in_period & Q(kind=kinds.HOME_VISIT)
    return Contact.objects.filter(child__in=scope.children(), on__gte=first, on__lte=end).aggregate(
        home_visits=Count("pk", filter=home_visit),
        visited_children=Count("child", distinct=True, filter=home_visit),
        talks=Count("pk", filter=in_period & Q(kind=kinds.TALK)),
        parent_calls=Count(
            "pk", filter=in_period & Q(kind__in=[kinds.PARENT_CALL, kinds.VIDEO_CALL])
        ),
        contacted=Count(
            "child",
            distinct=True,
            filter=in_interval & Q(child__in=_on_register(scope, end).values("pk")),
        ),
    )


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

    A fixed number of queries whatever the data size (33 for a county, two more with a
    closed term survey); JSON-safe result.
    """
    scope = Scope(county, town)
    rows = _register_rows(scope, period)
    care = _care(scope, period, rows)
    contacts = _contacts(scope, period)
    contacted = contacts.pop("contacted")
    return {
        "period": {
            "year": period.year,
            "half": period.half_code,
            "label": report_label(period),
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "overview": _overview(scope, period),
        "children": _children(
            scope, period, rows, mentored=care["mentored_children"], contacted=contacted
        ),
        "survey": _survey(scope, period),
        "leadership": _leadership(scope, period),
        "homes": _homes(scope, period),
        "rooms": _rooms(scope, period),
        "care": care,
        "school_activities": _school_activities(scope, period),
        "money": _money_figures(scope, period),
        "network": {**_network(scope, period), **contacts},
        "concerns": _concerns(scope, period),
        "tables": report_tables(scope=scope, period=period, register_rows=rows),
    }
