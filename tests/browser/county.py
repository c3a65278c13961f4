"""A small county with one user of every role, for the everyday-use browser tests.

Unlike the demo: two towns, a middle school with grades 7-9 next to primary schools,
children with long school names, twins of the same name, a donation with money left and
one without, contacts recorded by a mentor this morning and last week.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from accounts.models import Role
from children.models import Contact
from tests.factories import (
    ActivityFactory,
    AidFactory,
    CarerFactory,
    ChildFactory,
    ConcernFactory,
    ContactFactory,
    CountyFactory,
    DonationFactory,
    DonorFactory,
    HomeFactory,
    PairingFactory,
    SchoolFactory,
    TownFactory,
    UserFactory,
    VillageFactory,
    make_id_number,
)

PASSWORD = "pass-word-123"
ROLES = {
    "school": Role.SCHOOL_STAFF,
    "mentor": Role.MENTOR,
    "village": Role.VILLAGE_DIRECTOR,
    "town": Role.TOWN_OFFICER,
    "fed": Role.FEDERATION,
    "edu": Role.EDUCATION,
    "coord": Role.COORDINATION,
    "admin": Role.ADMIN,
}
NAMES = ["欧阳明轩", "王小兰", "李思远", "赵一鸣", "陈佳怡", "刘子涵", "杨浩然", "黄雨桐"]


@dataclass
class County:
    """What a test needs to reach: users by short name, the schools and some children."""

    users: dict = field(default_factory=dict)
    schools: list = field(default_factory=list)
    children: list = field(default_factory=list)
    mentored: list = field(default_factory=list)
    donation: object = None


def build_county() -> County:
    """Create the county and return its handles."""
    out = County()
    today = timezone.localdate()
    county = CountyFactory(name="清溪县", code="341822")
    town_a = TownFactory(county=county, name="湾沚镇")
    town_b = TownFactory(county=county, name="六郎镇")
    village = VillageFactory(town=town_a, name="东河村")
    VillageFactory(town=town_b, name="西山村")
    out.schools = [
        SchoolFactory(town=town_a, name="湾沚镇中心小学（东河校区）"),
        SchoolFactory(town=town_a, name="湾沚镇第二初级中学"),
        SchoolFactory(town=town_b, name="六郎镇中心小学"),
    ]
    for i in range(14):
        school = out.schools[i % 3]
        birth = datetime.date(2011 + i % 6, 1 + i % 12, 1 + i % 27)
        grade = 7 + i % 3 if school == out.schools[1] else 1 + i % 6
        child = ChildFactory(
            school=school,
            village=village if i % 2 == 0 else None,
            name=NAMES[i % len(NAMES)],
            birth_date=birth,
            id_number=make_id_number(birth),
            grade=grade,
            class_name=f"{1 + i % 2}班",
            guardian_phone=f"1390000{1000 + i:04d}",
            is_in_difficulty=i % 4 == 0,
        )
        out.children.append(child)
        if i % 3:
            PairingFactory(child=child)
            ContactFactory(child=child, on=today - datetime.timedelta(days=3 + i))
        if i == 5:
            ConcernFactory(child=child)
    for role_key, role in ROLES.items():
        extra = {
            "school": {"school": out.schools[0]},
            "mentor": {"school": out.schools[0]},
            "village": {"village": village},
            "town": {"town": town_a},
        }.get(role_key, {})
        if role_key in ("school", "mentor"):
            extra["full_name"] = {"school": "陈老师", "mentor": "李老师"}[role_key]
        out.users[role_key] = UserFactory(
            username=f"{role_key}_user",
            role=role,
            county=county,
            is_staff=role == Role.ADMIN,
            **extra,
        )
    carer = CarerFactory(user=out.users["mentor"], school=out.schools[0], name="李老师")
    out.mentored = [c for c in out.children if c.school == out.schools[0]][:2]
    for child in out.mentored:
        PairingFactory(child=child, carer=carer)
        ContactFactory(
            child=child,
            carer=carer,
            recorded_by=out.users["mentor"],
            on=today,
            kind=Contact.Kind.TALK,
            notes="课间谈心。",
        )
    for i, school in enumerate(out.schools):
        HomeFactory(school=school, mode="1" if i % 2 else "2", built_year=2019)
        ActivityFactory(county=county, school=school, on=today - datetime.timedelta(days=4 + i))
    donor = DonorFactory(county=county, name="县慈善总会")
    out.donation = DonationFactory(
        donor=donor, amount=Decimal("110850.00"), received_on=today - datetime.timedelta(days=20)
    )
    AidFactory(
        child=out.children[1],
        donation=out.donation,
        amount=Decimal("500"),
        given_on=today - datetime.timedelta(days=10),
    )
    return out
