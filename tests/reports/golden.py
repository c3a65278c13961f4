"""A county built through the app's own models with the figures of the 2011 report.

66 schools planned to have a children's home within three years (22 a year, 2010-2012);
22 built in 2010-2011, 6 of mode 1 and 16 of mode 2; two federation activity rooms;
13 family-education lectures in 2010 heard by 6,530 people ("6500 余人"); a 6,000-yuan
donation; 203,500 yuan received by the federation and 312 pupils aided in 2010
("20 多万元", "300 多名"); the six documents; a joint meeting in the first half of 2011.
"""

import datetime
from decimal import Decimal

from activities.models import Activity, Equipment, Home
from children.models import Child
from core.periods import report_period as period_for
from donations.models import Aid, Donation
from schools.models import School, Semester, Village
from tests.factories import (
    ActivityFactory,
    ChildFactory,
    DonationFactory,
    DonorFactory,
    EnrollmentFactory,
    HomeFactory,
    JointMeetingFactory,
    PolicyDocumentFactory,
    SchoolFactory,
    TownFactory,
    VillageFactory,
    VolunteerTeamFactory,
)

PERIOD = period_for(2011, "H1")
DOCUMENTS = [
    ("关于成立示范县留守儿童之家建设领导组的通知", "县教育局"),
    ("示范县农村留守儿童之家建设和管理考核细则", "县教育局"),
    ("关于建立示范县农村留守儿童之家工作信息报送制度的通知", "县教育局"),
    ("关于建立示范县农村留守儿童之家建设与管理包保责任制和责任追究制的通知", "县教育局"),
    ("示范县农村留守流动儿童活动室建设实施办法", "县妇联"),
    ("示范县农村留守流动儿童活动室建设考核办法", "县妇联"),
]
AIDED_2010 = 312
FEDERATION_2010 = [Decimal("120000"), Decimal("53500"), Decimal("30000")]  # 203,500 yuan
LECTURE_AUDIENCES_2010 = [500] * 12 + [530]  # 13 lectures, 6,530 listeners


def build_2011_county(county) -> dict:
    """Fill `county` with the 2011 report's data; return the objects tests refer to."""
    county.location_text = "位于某市东南部，长江中下游南岸"
    county.area_km2 = Decimal("676")
    county.population = 380000
    county.coordination_since = datetime.date(2008, 4, 1)
    county.coordination_leader = "县委副书记"
    county.report_issuer = "示范县妇联儿童部"
    county.save()
    towns = [TownFactory(county=county, name=n) for n in ("湾沚镇", "六郎镇", "陶辛镇")]
    for town in towns:
        VillageFactory(town=town)
        VillageFactory(town=town)
    VillageFactory(town=towns[0], name="城东社区", kind=Village.Kind.COMMUNITY)
    kinds = [School.Kind.MIDDLE] * 5 + [School.Kind.NINE_YEAR] * 3
    kinds += [School.Kind.CENTRAL_PRIMARY] * (66 - len(kinds))
    schools = [
        SchoolFactory(town=towns[i % 3], kind=kind, has_parent_school=i < 40)
        for i, kind in enumerate(kinds)
    ]
    wanzhi_2 = SchoolFactory(town=towns[0], name="湾沚二小")
    liulang = SchoolFactory(town=towns[1], name="六郎中心学校")
    for school in schools[:10]:
        EnrollmentFactory(school=school, year=2011, semester=Semester.SPRING, pupils=800)
    # 66 homes planned, 22 a year; 11 built in 2010 and 11 in 2011; 6 of mode 1.
    homes = []
    for i, school in enumerate(schools):
        planned = 2010 + i // 22
        built = {0: 2010, 1: 2011}.get(i // 11) if i < 22 else None
        month = 9 if built == 2010 else 3
        homes.append(
            HomeFactory(
                school=school,
                planned_year=planned,
                built_year=built,
                built_month=month if built else None,
                mode=(Home.Mode.MODE_1 if i < 6 else Home.Mode.MODE_2) if built else "",
                keeps_records=built is not None,
                is_shared=i in (20, 21),
            )
        )
    for home in homes[:22]:
        kit = ["电脑", "图书", "电话机"] if home.mode == "1" else ["电视机", "图书", "电话机"]
        Equipment.objects.bulk_create([Equipment(home=home, name=n) for n in kit])
    rooms = [
        HomeFactory(
            kind=Home.Kind.ACTIVITY_ROOM,
            school=None,
            town=town,
            county=county,
            name=f"{town.name}留守流动儿童活动室",
            mode="",
            planned_year=2010,
            built_year=2010,
            opening_hours="每周六、周日 9:00-17:00",
            rules="活动室管理制度\n书刊借阅制度\n体育器材使用制度",
        )
        for town in towns[:2]
    ]
    for room in rooms:
        Equipment.objects.bulk_create(
            [Equipment(home=room, name=n) for n in ("书柜", "书刊", "光盘", "乒乓球拍", "篮球")]
        )
    VolunteerTeamFactory(county=county, name="爱心妈妈服务队", members=30, home=rooms[0])
    for title, issuer in DOCUMENTS:
        PolicyDocumentFactory(
            county=county, title=title, issuer=issuer, issued_on=datetime.date(2010, 3, 1)
        )
    JointMeetingFactory(county=county, held_on=datetime.date(2011, 3, 20))
    for audience in LECTURE_AUDIENCES_2010:
        ActivityFactory(
            county=county,
            kind=Activity.Kind.FAMILY_EDUCATION,
            title="家庭教育报告会",
            on=datetime.date(2010, 10, 15),
            organiser_kind=Activity.Organiser.GUANGONGWEI,
            organiser="县关工委",
            audience_count=audience,
        )
    ActivityFactory(
        county=county,
        title="安全教育宣传片播放",
        school=wanzhi_2,
        on=datetime.date(2011, 3, 7),
        children_count=60,
    )
    ActivityFactory(
        county=county,
        kind=Activity.Kind.HOLIDAY,
        title="留守假日小队",
        school=liulang,
        on=datetime.date(2011, 4, 2),
        children_count=20,
    )
    ActivityFactory(
        county=county,
        kind=Activity.Kind.SAFETY_LECTURE,
        title="安全知识讲座",
        home=rooms[0],
        town=towns[0],
        on=datetime.date(2011, 5, 4),
        children_count=45,
        organiser_kind=Activity.Organiser.FEDERATION,
        organiser="县妇联",
    )
    hengsheng = DonorFactory(county=county, name="恒升集团")
    DonationFactory(
        donor=hengsheng,
        amount=Decimal("6000"),
        received_by=Donation.Receiver.SCHOOL,
        school=liulang,
        received_on=datetime.date(2011, 2, 10),
    )
    federation_gifts = [
        DonationFactory(
            donor=DonorFactory(county=county),
            amount=amount,
            received_by=Donation.Receiver.FEDERATION,
            received_on=datetime.date(2010, 6, 1),
        )
        for amount in FEDERATION_2010
    ]
    pupils = Child.objects.bulk_create(
        ChildFactory.build_batch(
            AIDED_2010, county=county, school=schools[0], registered_on=datetime.date(2010, 3, 1)
        )
    )
    Aid.objects.bulk_create(
        [
            Aid(
                child=child,
                donation=federation_gifts[0],
                kind=Aid.Kind.STUDY,
                amount=Decimal("500"),
                given_on=datetime.date(2010, 9, 1),
            )
            for child in pupils
        ]
    )
    return {"towns": towns, "schools": schools, "homes": homes, "rooms": rooms, "pupils": pupils}
