"""A county built the way its officers build it: every record through the app's services.

Its numbers are unlike the demo's and the 2011 example's. Around the first half of 2026
(the half the tests report) it holds records the report must ignore: a child registered,
a home finished, a donation, an activity and a meeting in the second half; a voided aid
record; and a 2025 meeting. County, towns and schools are the profile the administrator
keeps (no service writes them), so they are made directly.
"""

import datetime
from decimal import Decimal

from accounts.models import Role
from activities.models import Activity, Home, VolunteerTeam
from activities.services import activity_save, home_save, team_save
from children.care.services import carer_create, contact_record, pairing_create
from children.models import Carer, Contact, Pairing
from children.services import child_register
from core.periods import report_period as period_for
from donations.models import Aid, Donation, Donor
from donations.services import aid_give, aid_void, donation_record, donor_for
from reports.models import JointMeeting, PolicyDocument
from reports.records.services import record_save
from schools.models import School, Semester, Village
from tests.factories import (
    EnrollmentFactory,
    SchoolFactory,
    TownFactory,
    UserFactory,
    VillageFactory,
    make_id_number,
)

PERIOD = period_for(2026, "H1")
D = datetime.date


def _child(by, school, n: int, *, registered_on, migrant: bool = False):
    values = {
        "school": school,
        "town": school.town,
        "name": f"学生{n}",
        "sex": "F" if n % 2 else "M",
        "birth_date": D(2014, 5, 1 + n),
        "id_number": make_id_number(D(2014, 5, 1 + n), "F" if n % 2 else "M"),
        "schooling_status": "primary",
        "grade": 5,
        "class_name": "2班",
        "guardian_name": "陈奶奶",
        "guardian_relation": "paternal_gp",
        "guardian_phone": "13900000017",
        "guardianship_grade": "ordinary",
        "is_left_behind": not migrant,
        "is_migrant": migrant,
        "registered_on": registered_on,
    }
    return child_register(by=by, values=values, parents=[], derive_categories=False)


def _home(by, school, name, *, mode, built, month, kit):
    values = {
        "kind": Home.Kind.SCHOOL_HOME,
        "name": name,
        "school": school,
        "town": school.town,
        "mode": mode,
        "planned_year": 2025,
        "built_year": built,
        "built_month": month,
        "keeps_records": built is not None,
    }
    return home_save(by=by, home=Home(), values=values, equipment=[(k, 1) for k in kit])


def _activity(by, *, kind, title, on, school=None, home=None, **counts):
    values = {
        "kind": kind,
        "title": title,
        "on": on,
        "organiser_kind": Activity.Organiser.SCHOOL,
        "organiser": "学校",
        "school": school,
        "home": home,
        "town": home.town if home else None,
        **counts,
    }
    return activity_save(by=by, activity=Activity(), values=values)


def _profile(county):
    county.name = "北岭县"
    county.location_text = "位于省境西北部，汉江上游北岸"
    county.area_km2 = Decimal("1342.5")
    county.population = 427000
    county.coordination_since = D(2019, 3, 1)
    county.coordination_leader = "县委常委、宣传部部长"
    county.report_issuer = "北岭县妇女联合会"
    county.save()
    towns = [TownFactory(county=county, name=n) for n in ("青石镇", "白河镇")]
    for town in towns:
        VillageFactory(town=town)
    VillageFactory(town=towns[0], name="河西社区", kind=Village.Kind.COMMUNITY)
    schools = [
        SchoolFactory(town=towns[0], name="青石镇中心小学", has_parent_school=True),
        SchoolFactory(town=towns[0], name="青石中学", kind=School.Kind.MIDDLE),
        SchoolFactory(town=towns[1], name="白河镇中心小学", has_parent_school=True),
        SchoolFactory(town=towns[1], name="白河九年制学校", kind=School.Kind.NINE_YEAR),
    ]
    for school, pupils in zip(schools, (612, 845, 433, 377), strict=True):
        EnrollmentFactory(school=school, year=2026, semester=Semester.SPRING, pupils=pupils)
    return towns, schools


def build_county(county) -> dict:
    """Fill `county` through the services; return the officer and the records tests use."""
    towns, schools = _profile(county)
    by = UserFactory(role=Role.FEDERATION, county=county, username="fed_beiling")
    kids = [_child(by, schools[i % 4], i, registered_on=D(2026, 1, 8)) for i in range(7)]
    kids.append(_child(by, schools[0], 7, registered_on=D(2026, 2, 3), migrant=True))
    _child(by, schools[1], 8, registered_on=D(2026, 8, 20))  # after the half
    # Homes: two in one school (Sep 2025, Mar 2026), one in May 2026, one in Sep 2026.
    kit_1, kit_2 = ["电脑", "图书", "亲情电话"], ["电视机", "图书"]
    _home(by, schools[0], "青石小学留守儿童之家一", mode="1", built=2025, month=9, kit=kit_1)
    _home(by, schools[0], "青石小学留守儿童之家二", mode="1", built=2026, month=3, kit=kit_1)
    _home(by, schools[2], "白河小学留守儿童之家", mode="2", built=2026, month=5, kit=kit_2)
    _home(by, schools[3], "白河九年制之家", mode="2", built=2026, month=9, kit=kit_2)
    room = home_save(
        by=by,
        home=Home(),
        values={
            "kind": Home.Kind.ACTIVITY_ROOM,
            "name": "青石镇留守流动儿童活动室",
            "town": towns[0],
            "planned_year": 2024,
            "built_year": 2024,
            "opening_hours": "每周六9:00-17:00",
            "rules": "活动室管理制度\n图书借阅制度",
        },
        equipment=[("书柜", 2), ("乒乓球台", 1)],
    )
    team_save(
        by=by,
        team=VolunteerTeam(),
        values={"kind": VolunteerTeam.Kind.CARING_MOTHERS, "name": "青石爱心妈妈", "home": room,
                "members": 14, "founded_on": D(2025, 10, 1)},
    )  # fmt: skip
    kinds = Activity.Kind
    _activity(
        by,
        kind=kinds.SAFETY_LECTURE,
        title="防溺水安全讲座",
        on=D(2026, 3, 12),
        school=schools[0],
        children_count=45,
    )
    _activity(
        by,
        kind=kinds.HOLIDAY,
        title="清明节假日小队",
        on=D(2026, 4, 5),
        school=schools[2],
        children_count=30,
    )
    _activity(
        by,
        kind=kinds.THEME_CLASS,
        title="感恩父母主题队会",
        on=D(2026, 5, 20),
        school=schools[3],
        children_count=25,
    )
    _activity(
        by,
        kind=kinds.SAFETY_LECTURE,
        title="交通安全讲座",
        on=D(2026, 6, 2),
        school=schools[1],
        children_count=40,
    )
    _activity(
        by,
        kind=kinds.PARENT_MEETING,
        title="留守儿童家长会",
        on=D(2026, 4, 18),
        school=schools[0],
        parents_count=63,
    )
    _activity(
        by,
        kind=kinds.FAMILY_EDUCATION,
        title="家庭教育报告会",
        on=D(2026, 5, 9),
        school=schools[2],
        audience_count=3180,
    )
    _activity(
        by,
        kind=kinds.HEALTH_TALK,
        title="读书分享会",
        on=D(2026, 4, 25),
        home=room,
        children_count=18,
    )
    _activity(by, kind=kinds.SAFETY_LECTURE, title="暑期安全讲座", on=D(2026, 7, 15),
              school=schools[0], children_count=50)  # fmt: skip
    gift = donation_record(
        by=by,
        donor=donor_for(by=by, name="汉江实业有限公司", kind=Donor.Kind.ENTERPRISE),
        values={"amount": Decimal("153400"), "received_by": Donation.Receiver.FEDERATION,
                "received_on": D(2026, 2, 20)},
    )  # fmt: skip
    donation_record(
        by=by,
        donor=donor_for(by=by, name="爱心人士周女士", kind=Donor.Kind.PERSON),
        values={"amount": Decimal("8000"), "received_by": Donation.Receiver.SCHOOL,
                "school": schools[2], "received_on": D(2026, 3, 3)},
    )  # fmt: skip
    donation_record(
        by=by,
        donor=donor_for(by=by, name="县商会", kind=Donor.Kind.ORGANISATION),
        values={"amount": Decimal("20000"), "received_by": Donation.Receiver.FEDERATION,
                "received_on": D(2026, 8, 10)},
    )  # fmt: skip
    donation_record(
        by=by,
        donor=donor_for(by=by, name="县商会", kind=Donor.Kind.ORGANISATION),
        values={"amount": Decimal("56000"), "received_by": Donation.Receiver.FEDERATION,
                "received_on": D(2025, 9, 1)},
    )  # fmt: skip
    for child in kids[:3]:
        aid_give(by=by, child=child, donation=gift, kind=Aid.Kind.STUDY,
                 amount=Decimal("700"), given_on=D(2026, 4, 1))  # fmt: skip
    wrong = aid_give(by=by, child=kids[3], donation=gift, kind=Aid.Kind.STUDY,
                     amount=Decimal("500"), given_on=D(2026, 4, 2))  # fmt: skip
    aid_void(by=by, aid=wrong, reason="重复登记")
    record_save(
        by=by,
        record=JointMeeting(),
        values={"held_on": D(2026, 3, 20), "chaired_by": "县委常委、宣传部部长王建国"},
    )
    record_save(
        by=by, record=JointMeeting(), values={"held_on": D(2026, 9, 8), "chaired_by": "副县长刘芳"}
    )
    record_save(by=by, record=PolicyDocument(),
                values={"title": "北岭县农村留守儿童关爱保护工作实施方案", "issuer": "县政府办公室",
                        "issued_on": D(2025, 12, 5)})  # fmt: skip
    teacher = carer_create(
        by=by,
        values={
            "kind": Carer.Kind.MENTOR,
            "background": Carer.Background.TEACHER,
            "name": "何老师",
            "school": schools[0],
        },
    )
    cadre = carer_create(by=by, values={"kind": Carer.Kind.PROXY_PARENT, "background":
                         Carer.Background.CADRE, "name": "赵某", "school": schools[2]})  # fmt: skip
    for child in kids[:5]:
        pairing_create(by=by, child=child, carer=teacher, role=Pairing.Role.MENTOR,
                       started_on=D(2026, 2, 1))  # fmt: skip
    for child in kids[5:7]:
        pairing_create(by=by, child=child, carer=cadre, role=Pairing.Role.PROXY_PARENT,
                       started_on=D(2026, 2, 1))  # fmt: skip
    for child in kids[:4]:
        contact_record(by=by, child=child, kind=Contact.Kind.HOME_VISIT, on=D(2026, 6, 10))
    contact_record(by=by, child=kids[0], kind=Contact.Kind.HOME_VISIT, on=D(2026, 8, 1))
    return {"by": by, "towns": towns, "schools": schools, "children": kids, "room": room}
