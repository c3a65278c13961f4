"""A hand-built county with known answers for every dashboard figure.

Dates are relative to today, so the figures hold whatever day the suite runs on:
`PERIOD` (the last 45 days, a custom range) holds every dated record below.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from activities.models import Activity, Home
from children.models import Child, Concern, Contact
from core.periods import custom, term_of
from tests.factories import (
    ActivityFactory,
    AidFactory,
    ChildFactory,
    ConcernFactory,
    ContactFactory,
    DonationFactory,
    DonorFactory,
    HomeFactory,
    PairingFactory,
    SchoolFactory,
    make_id_number,
)

TWIN_BIRTH = datetime.date(2015, 3, 5)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Start every test with an empty cache: ids repeat between tests on SQLite."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def period(today):
    """The last 45 days: every dated record of `dataset` falls in it."""
    return custom(today - datetime.timedelta(days=45), today)


def days_ago(today: datetime.date, n: int) -> datetime.date:
    return today - datetime.timedelta(days=n)


@pytest.fixture
def dataset(
    today, county, town_a, town_b, school_a, school_a2, school_b, village_a, village_b, school_staff
):
    """Build the county and return its records by name.

    Open children: c1-c4 at school_a, c6 at school_a2 (town_a); c7, c8 at school_b (town_b).
    c5 (school_a) was closed today. Previous period (ends 46 days ago): c1, c3, c4, c5, c6.
    """
    earlier = days_ago(today, 400)
    adult_birth = datetime.date(today.year - 17, 1, 10)

    def child(name, school, **kw):
        birth = kw.pop("birth_date", TWIN_BIRTH)
        return ChildFactory(
            name=name,
            school=school,
            birth_date=birth,
            id_number=make_id_number(birth, kw.get("sex", "M")),
            **kw,
        )

    c1 = child("张小明", school_a, registered_on=earlier, grade=3, class_name="1班")
    c2 = child(
        "刘一",
        school_a,
        grade=3,
        class_name="1班",
        is_in_difficulty=True,
        guardian_phone="",
        birth_date=datetime.date(2014, 6, 1),
    )
    c3 = child(
        "陈三",
        school_a,
        registered_on=earlier,
        grade=4,
        class_name="2班",
        is_left_behind=False,
        is_migrant=True,
        birth_date=datetime.date(2014, 7, 1),
    )
    c4 = child("赵四", school_a, registered_on=earlier, birth_date=adult_birth, grade=6)
    c5 = child(
        "孙五",
        school_a,
        registered_on=earlier,
        status="closed",
        close_reason="moved_away",
        closed_on=today,
        birth_date=datetime.date(2013, 1, 1),
    )
    c6 = child(
        "周六",
        school_a2,
        registered_on=earlier,
        is_unsupported=True,
        birth_date=datetime.date(2013, 2, 2),
    )
    c7 = child("章小明", school_b)  # sounds like c1, born the same day: a possible duplicate
    c8 = child("王大力", school_b)  # born the same day, a different name
    for kid in (c1, c3, c6):
        PairingFactory(child=kid)
    ContactFactory(child=c1, on=days_ago(today, 5))
    ContactFactory(child=c1, on=days_ago(today, 20))
    ContactFactory(child=c6, on=days_ago(today, 10), kind=Contact.Kind.PARENT_CALL)
    ContactFactory(child=c3, on=days_ago(today, 40))
    ConcernFactory(child=c4, kind=Concern.Kind.LIVING_ALONE, raised_by=school_staff)
    ConcernFactory(child=c1, kind=Concern.Kind.DROPOUT_RISK, raised_by=school_staff)
    ConcernFactory(
        child=c2,
        raised_by=school_staff,
        status="closed",
        closed_at=timezone.now(),
        outcome="已联系家长",
    )

    HomeFactory(school=school_a, mode=Home.Mode.MODE_1, planned_year=2019, built_year=2020)
    HomeFactory(school=school_a2, mode="", planned_year=2024, built_year=None)
    HomeFactory(school=school_b, mode=Home.Mode.MODE_2, planned_year=2015, built_year=2015)
    Home.objects.create(
        county=county,
        town=town_a,
        kind=Home.Kind.ACTIVITY_ROOM,
        name="湾沚镇活动室",
        planned_year=2021,
        built_year=2021,
    )

    ActivityFactory(
        county=county,
        school=school_a,
        town=town_a,
        on=days_ago(today, 3),
        children_count=20,
        parents_count=10,
        audience_count=30,
        kind=Activity.Kind.PARENT_MEETING,
    )
    ActivityFactory(county=county, town=town_a, on=days_ago(today, 10), children_count=15)
    ActivityFactory(county=county, school=school_b, on=days_ago(today, 5), children_count=40)
    ActivityFactory(county=county, school=school_a, on=days_ago(today, 400), children_count=99)

    donor_x = DonorFactory(county=county, name="爱心企业甲")
    donor_y = DonorFactory(county=county, name="爱心人士乙", kind="person")
    d1 = DonationFactory(donor=donor_x, amount=Decimal("6000"), received_on=days_ago(today, 20))
    DonationFactory(
        donor=donor_y,
        amount=Decimal("1000"),
        received_by="school",
        school=school_a,
        received_on=days_ago(today, 15),
    )
    DonationFactory(
        donor=donor_x,
        amount=Decimal("500"),
        received_by="school",
        school=school_b,
        received_on=days_ago(today, 2),
    )
    AidFactory(child=c1, donation=d1, amount=Decimal("500"), given_on=days_ago(today, 10))
    AidFactory(child=c1, donation=d1, amount=Decimal("300"), given_on=days_ago(today, 8))
    AidFactory(child=c7, donation=d1, amount=Decimal("200"), given_on=days_ago(today, 5))

    # school_b has not touched its register this term; 空白小学 has no child at all.
    before_term = timezone.make_aware(
        datetime.datetime.combine(term_of(today).start, datetime.time(8))
    ) - datetime.timedelta(days=1)
    Child.objects.filter(school=school_b).update(updated_at=before_term)
    empty = SchoolFactory(town=town_b, name="空白小学")
    return {
        "c1": c1,
        "c2": c2,
        "c3": c3,
        "c4": c4,
        "c5": c5,
        "c6": c6,
        "c7": c7,
        "c8": c8,
        "empty_school": empty,
    }
