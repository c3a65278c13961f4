"""The county itself: its profile, towns, villages, schools, meetings and documents."""

import datetime
from decimal import Decimal

from reports.models import JointMeeting, PolicyDocument
from schools.models import County, Enrollment, School, Semester, Town, Village

from .context import DemoBuild, stream
from .data import (
    BATCH,
    DEMO_COUNTY_CODE,
    DEMO_COUNTY_NAME,
    EXTRA_MIDDLE_SCHOOLS,
    JOINT_MEETING_ATTENDEES,
    MEETING_DECISIONS,
    NINE_YEAR_SCHOOLS,
    POLICY_DOCUMENTS,
    STREET_COMMUNITIES,
    TOWNS,
    TOWNS_WITHOUT_MIDDLE,
    VILLAGE_HEADS,
    VILLAGE_TAILS,
)


def county_create() -> County:
    """Create and return the demo county with the profile its report opens with."""
    return County.objects.create(
        name=DEMO_COUNTY_NAME,
        code=DEMO_COUNTY_CODE,
        location_text=(
            "示范县位于安徽省东南部，长江中下游南岸，县城西北毗邻芜湖市，"
            "东南邻宣城市，东北与江苏省高淳区隔河相望"
        ),
        area_km2=Decimal("676.4"),
        population=378000,
        coordination_since=datetime.date(2008, 6, 1),
        coordination_leader="县委副书记",
        report_issuer="示范县妇联儿童部",
    )


def places_create(build: DemoBuild) -> None:
    """Create the towns, each with 8-12 villages and 1-2 residents' committees."""
    rng = stream("places")
    build.towns = Town.objects.bulk_create(
        Town(county=build.county, name=name, kind=Town.Kind.TOWN) for name in TOWNS
    )
    stems = [head + tail for head in VILLAGE_HEADS for tail in VILLAGE_TAILS]
    sizes = [(8 + rng.randrange(5), 1 + rng.randrange(2)) for _ in build.towns]
    chosen = iter(rng.sample(stems, sum(v for v, _ in sizes)))
    villages = []
    for town, (n_villages, n_communities) in zip(build.towns, sizes, strict=True):
        for _ in range(n_villages):
            villages.append(Village(town=town, name=f"{next(chosen)}村"))
        street = STREET_COMMUNITIES[rng.randrange(len(STREET_COMMUNITIES))]
        community_names = [f"{town.name[:-1]}社区", street]
        for name in community_names[:n_communities]:
            villages.append(Village(town=town, name=name, kind=Village.Kind.COMMUNITY))
    for village in Village.objects.bulk_create(villages):
        build.villages.setdefault(village.town_id, []).append(village)


def schools_create(build: DemoBuild) -> None:
    """Create 66 schools (3 nine-year, 15 middle, 48 central primary) and their enrollment."""
    rng = stream("schools")
    by_name = {town.name: town for town in build.towns}
    rows: list[tuple[Town, str, str]] = []
    for town in build.towns:
        stem = town.name[:-1]
        first, second = (v.name[:-1] for v in build.villages[town.pk][:2])
        for name in (f"{stem}中心小学", f"{stem}二小", f"{first}小学", f"{second}小学"):
            rows.append((town, name, School.Kind.CENTRAL_PRIMARY))
        if town.name not in TOWNS_WITHOUT_MIDDLE:
            rows.append((town, f"{stem}中学", School.Kind.MIDDLE))
    for town_name, name in EXTRA_MIDDLE_SCHOOLS:
        rows.append((by_name[town_name], name, School.Kind.MIDDLE))
    for town_name, name in NINE_YEAR_SCHOOLS:
        rows.append((by_name[town_name], name, School.Kind.NINE_YEAR))
    schools = [
        School(
            town=town,
            name=name,
            kind=kind,
            address=f"{DEMO_COUNTY_NAME}{town.name}{name[:2]}路{1 + rng.randrange(120)}号",
            has_parent_school=rng.random() < 0.6,
        )
        for town, name, kind in rows
    ]
    build.schools = School.objects.bulk_create(schools)
    pupils_range = {
        School.Kind.CENTRAL_PRIMARY: (250, 900),
        School.Kind.MIDDLE: (500, 1500),
        School.Kind.NINE_YEAR: (700, 1300),
    }
    enrollments = []
    for school in build.schools:
        low, high = pupils_range[school.kind]
        base = low + rng.randrange(high - low)
        for year, semester in recent_terms(build, 4):
            pupils = base + rng.randrange(-base // 20, base // 20 + 1)
            enrollments.append(
                Enrollment(school=school, year=year, semester=semester, pupils=pupils)
            )
    Enrollment.objects.bulk_create(enrollments, batch_size=BATCH)


def recent_terms(build: DemoBuild, count: int) -> list[tuple[int, str]]:
    """Return the current term and the ones before it, newest first."""
    year, month = build.today.year, build.today.month
    if month >= 9:
        term = (year, Semester.AUTUMN)
    elif month >= 2:
        term = (year, Semester.SPRING)
    else:
        term = (year - 1, Semester.AUTUMN)
    terms = []
    for _ in range(count):
        terms.append(term)
        year, semester = term
        if semester == Semester.AUTUMN:
            term = (year, Semester.SPRING)
        else:
            term = (year - 1, Semester.AUTUMN)
    return terms


def meetings_create(build: DemoBuild) -> None:
    """Create six half-yearly joint meetings and the six documents of the 2011 report."""
    JointMeeting.objects.bulk_create(
        JointMeeting(
            county=build.county,
            held_on=build.ago(40 + 182 * k),
            chaired_by="县委副书记",
            attendees=JOINT_MEETING_ATTENDEES,
            decisions=MEETING_DECISIONS[k],
        )
        for k in range(6)
    )
    documents = []
    for number, (title, issuer, prefix, days) in enumerate(POLICY_DOCUMENTS, start=1):
        issued = build.ago(days)
        documents.append(
            PolicyDocument(
                county=build.county,
                title=title.format(county=DEMO_COUNTY_NAME),
                issuer=issuer,
                number=f"{prefix}〔{issued.year}〕{10 + number}号",
                issued_on=issued,
            )
        )
    PolicyDocument.objects.bulk_create(documents)
