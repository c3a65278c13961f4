"""Synthetic counties for the benchmark: valid records, loaded with COPY, county by county.

Every child has a valid resident ID (check digit per GB 11643, unique in its county) whose
birth date and sex agree with the record; places, schools and carers belong to the same
county; parents, pairings, contacts, concerns, homes, activities, donations and aid follow
the shapes of the demo data (demo/) at the sizes a real county reaches.
"""

import datetime
import time
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Role, User
from activities.models import Activity, Home
from children.care.state import care_state_refresh
from children.models import KIND_RULES, Carer, Child, Concern, Contact, Pairing, Parent
from core.validators import id_check_char
from donations.models import Aid, Donation, Donor
from schools.models import County, School, Town, Village

from .bulk import copy_rows, next_id, reset_sequences
from .measure import retrying

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
GIVEN = "子涵雨欣浩然梓轩一诺思远佳怡宇航若曦俊杰嘉怡晨阳语桐明轩诗琪博文心怡家豪"
PROVINCES = ("江苏省", "浙江省", "广东省", "上海市", "安徽省")
CITIES = ("苏州市", "杭州市", "东莞市", "上海市", "合肥市")
BENCH_PASSWORD = "bench-only-not-a-login"  # noqa: S105 - users are logged in with force_login
MODELS = (
    County,
    Town,
    Village,
    School,
    User,
    Carer,
    Child,
    Parent,
    Pairing,
    Contact,
    Concern,
    Home,
    Activity,
    Donor,
    Donation,
    Aid,
)


@dataclass(frozen=True)
class Scale:
    """How much to generate: counties, and per county schools, children and records."""

    name: str
    counties: int
    children_per_county: int
    schools_per_county: int = 100
    towns_per_county: int = 15
    villages_per_town: int = 10
    contacts_per_child: int = 10
    activities_per_county: int = 3_000
    aid_per_county: int = 5_000

    @property
    def children(self) -> int:
        """Return the number of children in all counties."""
        return self.counties * self.children_per_county

    @property
    def contacts(self) -> int:
        """Return the number of contacts in all counties."""
        return self.children * self.contacts_per_child


COUNTY = Scale("county", counties=1, children_per_county=30_000)
# A province: 100 counties of 10,000 children; activities and aid in the county's proportion.
PROVINCE = Scale(
    "province",
    counties=100,
    children_per_county=10_000,
    activities_per_county=1_000,
    aid_per_county=1_700,
)


@dataclass
class CountyUsers:
    """The users of one generated county the benchmark logs in as."""

    federation: User
    education: User
    town_officer: User
    school_staff: User


def _name(n: int) -> str:
    """Return a plausible Chinese name for number `n`.

    Scrambled (Knuth's multiplicative hash) so that children born on the same day, `n`
    4,000 apart, do not all get the same name: the duplicate check finds what it would
    in a real county, names one character apart by chance, not every pair.
    """
    h = (n * 2_654_435_761) % 4_294_967_296
    given = GIVEN[h % len(GIVEN)] + GIVEN[(h >> 8) % len(GIVEN)]
    return SURNAMES[(h >> 16) % len(SURNAMES)] + given[: 1 + (h >> 24) % 2]


def resident_id(area: str, n: int) -> tuple[str, datetime.date, str]:
    """Return (ID, birth date, sex) of the `n`th child of a county: valid and unique in it.

    Birth dates cycle over 4,000 days (children aged about 4 to 15); the 3-digit sequence
    grows every cycle, its last digit odd for boys and even for girls, as the standard says.
    """
    birth = datetime.date(2011, 1, 1) + datetime.timedelta(days=n % 4000)
    sex = "M" if n % 2 else "F"
    cycle = n // 4000
    seq = f"{cycle // 5:02d}{(cycle % 5) * 2 + (1 if sex == 'M' else 0)}"
    first17 = f"{area}{birth:%Y%m%d}{seq}"
    return first17 + id_check_char(first17), birth, sex


def _phone(prefix: str, n: int) -> str:
    """Return a valid mobile number."""
    return f"{prefix}{n % 100_000_000:08d}"


class _Ids:
    """Hands out primary keys per model, starting past the rows already there."""

    def __init__(self) -> None:
        self._next = {model: next_id(model) for model in MODELS}

    def take(self, model: type, count: int) -> int:
        """Return the first of `count` fresh ids for `model`."""
        first = self._next[model]
        self._next[model] = first + count
        return first


def _places(county: County, scale: Scale, ids: _Ids) -> tuple[list[int], list[int], list[int]]:
    """Write the county's towns, villages and schools; return their ids (schools by town)."""
    towns = scale.towns_per_county
    t0 = ids.take(Town, towns)
    copy_rows(
        Town,
        ("id", "county_id", "name", "kind"),
        ((t0 + i, county.pk, f"第{i + 1}镇", "town") for i in range(towns)),
    )
    v_count = towns * scale.villages_per_town
    v0 = ids.take(Village, v_count)
    copy_rows(
        Village,
        ("id", "town_id", "name", "kind"),
        (
            (v0 + i, t0 + i // scale.villages_per_town, f"第{i + 1}村", "village")
            for i in range(v_count)
        ),
    )
    s0 = ids.take(School, scale.schools_per_county)
    copy_rows(
        School,
        ("id", "town_id", "name", "kind", "has_parent_school"),
        (
            (s0 + i, t0 + i % towns, f"第{i + 1}小学", "central_primary", i % 3 == 0)
            for i in range(scale.schools_per_county)
        ),
    )
    return (
        list(range(t0, t0 + towns)),
        list(range(v0, v0 + v_count)),
        list(range(s0, s0 + scale.schools_per_county)),
    )


def _users(county: County, towns: list[int], schools: list[int], password: str) -> CountyUsers:
    """Create the county's officers and one school's staff member (a handful of rows)."""
    code = county.code

    def make(role: str, **scope) -> User:
        return User.objects.create(
            username=f"bench-{role}-{code}", role=role, county=county, password=password, **scope
        )

    return CountyUsers(
        federation=make(Role.FEDERATION),
        education=make(Role.EDUCATION),
        town_officer=make(Role.TOWN_OFFICER, town_id=towns[0]),
        school_staff=make(Role.SCHOOL_STAFF, school_id=schools[0]),
    )


def _children(county: County, scale: Scale, ids: _Ids, places, staff: User) -> int:
    """Write the county's children and both parents of each; return the first child id."""
    towns, villages, schools = places
    count = scale.children_per_county
    c0 = ids.take(Child, count)
    today = timezone.localdate()
    per_town = scale.villages_per_town

    def child_rows():
        for n in range(count):
            number, birth, sex = resident_id(county.code, n)
            school = schools[n % len(schools)]
            town_index = (school - schools[0]) % len(towns)
            closed = n % 50 == 0
            age = today.year - birth.year
            yield (
                c0 + n,
                county.pk,
                _name(n),
                number,
                sex,
                birth,
                towns[town_index],
                villages[town_index * per_town + n % per_town],
                "primary" if age < 13 else "junior",
                school,
                max(1, min(9, age - 6)),
                f"{1 + n % 4}班",
                "王奶奶",
                "paternal_gp",
                _phone("136", n),
                ("ordinary", "good", "guardian_weak")[n % 3],
                n % 10 < 8,
                n % 10 == 8,
                n % 25 == 0,
                n % 200 == 0,
                "closed" if closed else "open",
                "parents_back" if closed else "",
                today if closed else None,
                datetime.date(2024, 3, 1) + datetime.timedelta(days=n % 600),
                staff.pk,
            )

    copy_rows(
        Child,
        (
            "id",
            "county_id",
            "name",
            "id_number",
            "sex",
            "birth_date",
            "town_id",
            "village_id",
            "schooling_status",
            "school_id",
            "grade",
            "class_name",
            "guardian_name",
            "guardian_relation",
            "guardian_phone",
            "guardianship_grade",
            "is_left_behind",
            "is_migrant",
            "is_in_difficulty",
            "is_unsupported",
            "status",
            "close_reason",
            "closed_on",
            "registered_on",
            "created_by_id",
        ),
        child_rows(),
    )
    p0 = ids.take(Parent, 2 * count)
    copy_rows(
        Parent,
        ("id", "child_id", "relation", "name", "status", "work_province", "work_city", "phone"),
        (
            (
                p0 + 2 * n + k,
                c0 + n,
                relation,
                _name(n + 17 * (k + 1)),
                "away_out" if (n + k) % 3 else "away_in",
                PROVINCES[(n + k) % len(PROVINCES)],
                CITIES[(n + k) % len(CITIES)],
                _phone("139" if k else "138", n),
            )
            for n in range(count)
            for k, relation in enumerate(("father", "mother"))
        ),
    )
    return c0


def _care(county: County, scale: Scale, ids: _Ids, places, c0: int, staff: User) -> None:
    """Write carers, mentor pairings (80% of children), contacts and concerns."""
    _towns, _villages, schools = places
    count = scale.children_per_county
    per_school = max(1, count // len(schools) // 5 + 1)  # at most 5 children per carer
    carers = len(schools) * per_school
    k0 = ids.take(Carer, carers)
    copy_rows(
        Carer,
        ("id", "county_id", "kind", "name", "school_id", "phone", "is_active"),
        (
            (k0 + i, county.pk, "mentor", _name(i + 5), schools[i % len(schools)], "", True)
            for i in range(carers)
        ),
    )
    today = timezone.localdate()

    def carer_of(n: int) -> int:
        # Child n is at school n % S; carers of school s are s, s+S, s+2S, ...
        return k0 + (n % len(schools)) + len(schools) * ((n // len(schools)) % per_school)

    paired = [n for n in range(count) if n % 5]
    g0 = ids.take(Pairing, len(paired))
    copy_rows(
        Pairing,
        ("id", "carer_id", "child_id", "role", "started_on"),
        (
            (g0 + i, carer_of(n), c0 + n, "mentor", datetime.date(2024, 9, 1))
            for i, n in enumerate(paired)
        ),
    )
    per_child = scale.contacts_per_child
    o0 = ids.take(Contact, count * per_child)
    kinds = ("home_visit", "talk", "parent_call", "video_call")
    copy_rows(
        Contact,
        ("id", "child_id", "carer_id", "kind", "on", "notes", "recorded_by_id"),
        (
            (
                o0 + n * per_child + j,
                c0 + n,
                carer_of(n),
                kinds[(n + j) % 4],
                today - datetime.timedelta(days=(n * 7 + j * 53) % 720),
                "了解学习和生活情况。",
                staff.pk,
            )
            for n in range(count)
            for j in range(per_child)
        ),
    )
    concerned = list(range(0, count, 50))
    q0 = ids.take(Concern, len(concerned))
    now = timezone.now()
    copy_rows(
        Concern,
        (
            "id",
            "child_id",
            "kind",
            "description",
            "status",
            "raised_by_id",
            "raised_at",
            "police_due_at",
            "police_told_at",
            "civil_affairs_due_at",
            "civil_affairs_told_at",
            "closed_at",
            "closed_by_id",
            "outcome",
        ),
        (
            (
                q0 + i,
                c0 + n,
                "living_alone",
                "放学后独自在家。",
                "open" if i % 2 else "closed",
                staff.pk,
                now,
                now + KIND_RULES["living_alone"].police_within,
                now,
                now + KIND_RULES["living_alone"].civil_affairs_within,
                now,
                None if i % 2 else now,
                None if i % 2 else staff.pk,
                "" if i % 2 else "已联系监护人。",
            )
            for i, n in enumerate(concerned)
        ),
    )


def _work(county: County, scale: Scale, ids: _Ids, places, c0: int, staff: User) -> None:
    """Write homes, activities, donors, donations and aid records."""
    towns, _villages, schools = places
    today = timezone.localdate()
    h0 = ids.take(Home, len(schools))
    copy_rows(
        Home,
        ("id", "county_id", "kind", "name", "school_id", "town_id", "mode", "planned_year"),
        (
            (
                h0 + i,
                county.pk,
                "school_home",
                f"第{i + 1}小学留守儿童之家",
                s,
                towns[i % len(towns)],
                "1",
                2022,
            )
            for i, s in enumerate(schools)
        ),
    )
    kinds = ("safety", "theme_class", "trip", "parent_meeting", "holiday", "health")
    a0 = ids.take(Activity, scale.activities_per_county)
    copy_rows(
        Activity,
        (
            "id",
            "county_id",
            "kind",
            "title",
            "on",
            "organiser_kind",
            "organiser",
            "school_id",
            "town_id",
            "home_id",
            "children_count",
            "parents_count",
            "audience_count",
            "created_by_id",
        ),
        (
            (
                a0 + i,
                county.pk,
                kinds[i % len(kinds)],
                f"第{i + 1}次关爱活动",
                today - datetime.timedelta(days=(i * 11) % 700),
                "school",
                "学校",
                schools[i % len(schools)],
                towns[(i % len(schools)) % len(towns)],
                h0 + i % len(schools),
                20 + i % 30,
                i % 10,
                25 + i % 40,
                staff.pk,
            )
            for i in range(scale.activities_per_county)
        ),
    )
    d0 = ids.take(Donor, 20)
    copy_rows(
        Donor,
        ("id", "county_id", "name", "kind"),
        ((d0 + i, county.pk, f"爱心企业{i + 1}", "enterprise") for i in range(20)),
    )
    donations = 100
    n0 = ids.take(Donation, donations)
    copy_rows(
        Donation,
        ("id", "county_id", "donor_id", "form", "amount", "received_by", "received_on"),
        (
            (
                n0 + i,
                county.pk,
                d0 + i % 20,
                "money",
                Decimal(200_000),
                "federation",
                today - datetime.timedelta(days=(i * 7) % 700),
            )
            for i in range(donations)
        ),
    )
    aid = scale.aid_per_county
    i0 = ids.take(Aid, aid)
    step = max(1, scale.children_per_county // aid) if aid else 1
    copy_rows(
        Aid,
        ("id", "child_id", "donation_id", "kind", "amount", "given_on", "given_by_id"),
        (
            (
                i0 + i,
                # Offset by one so that aid also reaches children with a mentor (n % 5 != 0).
                c0 + (i * step + 1) % scale.children_per_county,
                n0 + i % donations,
                ("study", "living", "holiday")[i % 3],
                Decimal(500),
                today - datetime.timedelta(days=(i * 3) % 700),
                staff.pk,
            )
            for i in range(aid)
        ),
    )


def generate_county(index: int, scale: Scale, ids: _Ids, password: str) -> CountyUsers:
    """Write one whole county of `scale`; return its users."""
    code = f"{(340000 + index * 100 + 1) % 1_000_000:06d}"
    county = County.objects.create(
        name=f"基准县{index + 1:03d}",
        code=code,
        area_km2=Decimal("1200.0"),
        population=500_000,
        report_issuer="县妇联儿童部",
    )
    places = _places(county, scale, ids)
    users = _users(county, places[0], places[2], password)
    c0 = _children(county, scale, ids, places, users.school_staff)
    _care(county, scale, ids, places, c0, users.school_staff)
    # The care state, as the services keep it: one UPDATE of the county's children.
    care_state_refresh(Child.objects.filter(county=county).values("pk"))
    _work(county, scale, ids, places, c0, users.school_staff)
    return users


def vacuum_analyze(*, reindex: bool = False) -> None:
    """Reclaim the rows the care-state UPDATE rewrote, and refresh the statistics.

    With `reindex` (a reused database): an earlier run's rolled-back imports left the child
    table's indexes several times their size (child_register_counts 9 MB → 36 MB) and the
    contacts unvacuumed, which flips plans from index-only scans to whole-table reads; the
    indexes are rebuilt and every table vacuumed, so each run measures the same database.
    """
    with connection.cursor() as cursor:
        if connection.in_atomic_block:  # VACUUM cannot run in a transaction (tests)
            cursor.execute("ANALYZE")
            return
        if reindex:
            cursor.execute(f"REINDEX TABLE {Child._meta.db_table}")
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute(f"VACUUM ANALYZE {Child._meta.db_table}")
            cursor.execute("ANALYZE")


def _analyze_growing() -> None:
    """Refresh the statistics of the tables the next county's care-state UPDATE reads.

    Without it the planner keeps the statistics of the first, nearly empty tables and the
    UPDATE's plan degrades as the province grows (seen: 10 s per county became 120 s by
    the 30th county, and 10 s again after one ANALYZE). Done each time the tables have
    doubled, so its cost stays a few seconds for the whole run.
    """
    with connection.cursor() as cursor:
        for model in (Child, Contact, Pairing, Concern):
            cursor.execute(f"ANALYZE {model._meta.db_table}")


def _county_atomic(index: int, scale: Scale, ids: "_Ids", password: str) -> CountyUsers:
    """Write county `index` in one transaction and return its users."""
    with transaction.atomic():
        return generate_county(index, scale, ids, password)


def generate(scale: Scale, *, progress=None) -> tuple[list[CountyUsers], dict[str, float]]:
    """Generate `scale` in the default database; return the users of each county and timings.

    Timings: seconds to write the rows ("rows"), to analyze the tables ("analyze") and in
    total; `progress(done, total)` is called after each county.
    """
    start = time.perf_counter()
    password = make_password(BENCH_PASSWORD)
    ids = _Ids()
    users = []
    for index in range(scale.counties):
        # One transaction per county: a server restart meanwhile costs that county only.
        users.append(retrying(lambda i=index: _county_atomic(i, scale, ids, password)))
        if ((index + 1) & index) == 0:  # after 1, 2, 4, 8 … counties: the tables doubled
            _analyze_growing()
        if progress:
            progress(index + 1, scale.counties)
    reset_sequences(MODELS)
    rows_done = time.perf_counter()
    retrying(vacuum_analyze)
    end = time.perf_counter()
    return users, {
        "rows": rows_done - start,
        "analyze": end - rows_done,
        "total": end - start,
    }
