"""Children's homes, activity rooms, volunteer teams and activities."""

import datetime

from activities.models import Activity, Equipment, Home, VolunteerTeam
from children.models import Carer, Child
from children.models.choices import CaseStatus, Sex

from .context import DemoBuild, stream
from .data import (
    ACTIVITY_PLAN,
    BATCH,
    DEMO_COUNTY_NAME,
    FAMILY_EDUCATION_AUDIENCE,
    FAMILY_EDUCATION_LECTURES,
    HOME_RULES,
    ORGANISER_NAMES,
    PARTICIPANT_KINDS,
    ROOM_EQUIPMENT,
    ROOM_RULES,
)


def homes_create(build: DemoBuild) -> None:
    """Create 22 built school homes, 44 planned ones, 2 activity rooms and the teams."""
    rng = stream("homes")
    people = build.people
    first = next(s for s in build.schools if s.name == "湾沚二小")
    others = [s for s in build.schools if s.pk != first.pk]
    built_schools = [first, *rng.sample(others, 21)]
    modes = [Home.Mode.MODE_1] * 6 + [Home.Mode.MODE_2] * 16
    rng.shuffle(modes)
    built_pks = {s.pk for s in built_schools}
    shared = set(rng.sample(range(1, 22), 3))
    homes: list[Home] = []
    equipment: list[tuple[Home, str, int]] = []
    for index, school in enumerate(built_schools):
        mentors = build.mentors[school.pk]
        roster = "\n".join(
            f"{day}：{mentors[i % len(mentors)].name}"
            for i, day in enumerate(("周一", "周二", "周三", "周四", "周五"))
        )
        if school.name == "湾沚二小":
            roster += "\n周一至周五中午专人值班，播放安全教育宣传片"
        home = Home(
            county=build.county,
            kind=Home.Kind.SCHOOL_HOME,
            name=f"{school.name}留守儿童之家",
            school=school,
            town=school.town,
            location=rng.choice(("教学楼一楼", "教学楼二楼", "综合楼三楼", "图书楼一楼")),
            mode=modes[index],
            planned_year=2010 if index < 11 else 2011,
            built_year=2010 if index < 11 else 2011,
            opening_hours="周一至周五 12:00-13:30、16:30-17:30",
            contact_name=mentors[0].name,
            contact_phone=mentors[0].phone,
            rules=HOME_RULES,
            duty_roster=roster,
            is_shared=index in shared,
            shared_with=rng.choice(("与图书室合用", "与心理咨询室合用", "与少先队活动室合用"))
            if index in shared
            else "",
            keeps_records=True,
        )
        homes.append(home)
        build.homes_by_school[school.pk] = home
        first_item = "电脑" if home.mode == Home.Mode.MODE_1 else "电视机"
        first_count = 4 + rng.randrange(7) if home.mode == Home.Mode.MODE_1 else 1
        equipment += [
            (home, first_item, first_count),
            (home, "图书", 300 + rng.randrange(1200)),
            (home, "电话机", 1 + rng.randrange(2)),
        ]
    for school in build.schools:
        if school.pk not in built_pks:
            homes.append(
                Home(
                    county=build.county,
                    kind=Home.Kind.SCHOOL_HOME,
                    name=f"{school.name}留守儿童之家",
                    school=school,
                    town=school.town,
                    planned_year=2012,
                )
            )
    for town_name in ("六郎镇", "陶辛镇"):
        town = next(t for t in build.towns if t.name == town_name)
        room = Home(
            county=build.county,
            kind=Home.Kind.ACTIVITY_ROOM,
            name=f"{town.name}留守流动儿童活动室",
            town=town,
            location=f"{town.name}综合文化站",
            planned_year=2010,
            built_year=2010,
            opening_hours="每周六、周日 9:00-11:30、14:00-17:00，寒暑假每天开放",
            contact_name=people.adult_name(people.surname(), Sex.FEMALE),
            contact_phone=people.mobile(),
            rules=ROOM_RULES,
            duty_roster="文化站专人负责日常管理，周末由爱心妈妈轮流值班",
            keeps_records=True,
        )
        homes.append(room)
        build.rooms.append(room)
        equipment += [
            (room, name, low + rng.randrange(high - low + 1)) for name, low, high in ROOM_EQUIPMENT
        ]
    Home.objects.bulk_create(homes)
    Equipment.objects.bulk_create(
        Equipment(home=home, name=name, quantity=quantity) for home, name, quantity in equipment
    )
    mothers = Carer.objects.filter(county=build.county, kind=Carer.Kind.CARING_MOTHER)
    VolunteerTeam.objects.bulk_create(
        [
            VolunteerTeam(
                county=build.county,
                kind=VolunteerTeam.Kind.CARING_MOTHERS,
                name=f"{DEMO_COUNTY_NAME}“爱心妈妈”志愿服务队",
                home=build.rooms[0],
                members=mothers.count(),
                founded_on=datetime.date(2010, 6, 1),
            ),
            VolunteerTeam(
                county=build.county,
                kind=VolunteerTeam.Kind.VOLUNTEERS,
                name="江森云鹤汽车座椅有限公司志愿者服务队",
                home=build.rooms[1],
                members=25,
                founded_on=datetime.date(2011, 3, 5),
            ),
        ]
    )


def activities_create(build: DemoBuild) -> None:
    """Create about 150 activities of the last year, some with their participants."""
    rng = stream("activities")
    open_by_school: dict[int, list[Child]] = {}
    for plan in build.plans:
        if plan.child.status == CaseStatus.OPEN:
            open_by_school.setdefault(plan.child.school.pk, []).append(plan.child)
    parent_schools = [s for s in build.schools if s.has_parent_school] or build.schools
    federation = build.users["federation"]
    activities: list[Activity] = []
    participants: list[tuple[Activity, list[Child]]] = []
    # Family-education lectures: 13 talks whose audiences add up to 6,500 and a little.
    audiences = [FAMILY_EDUCATION_AUDIENCE // FAMILY_EDUCATION_LECTURES] * 13
    for i in range(0, FAMILY_EDUCATION_LECTURES - 1, 2):
        shift = rng.randrange(150)
        audiences[i] += shift
        audiences[i + 1] -= shift
    audiences[-1] += rng.randrange(1, 100)
    for audience in audiences:
        school = rng.choice(parent_schools)
        activities.append(
            Activity(
                county=build.county,
                kind=Activity.Kind.FAMILY_EDUCATION,
                title=rng.choice(("家庭教育报告会", "“做合格家长”家庭教育报告会")),
                on=build.ago(1 + rng.randrange(360)),
                organiser_kind=Activity.Organiser.GUANGONGWEI,
                organiser=rng.choice(ORGANISER_NAMES[Activity.Organiser.GUANGONGWEI]),
                school=school,
                town=school.town,
                place=f"{school.name}家长学校",
                parents_count=audience,
                audience_count=audience,
                description="邀请家庭教育讲师为留守儿童家长和监护人作报告。",
                created_by=federation,
            )
        )
    for kind, count, organisers, titles in ACTIVITY_PLAN:
        for _ in range(count):
            organiser_kind = rng.choice(organisers)
            school = rng.choice(build.schools)
            room = rng.choice(build.rooms)
            activity = Activity(
                county=build.county,
                kind=kind,
                title=rng.choice(titles),
                on=build.ago(1 + rng.randrange(360)),
                organiser_kind=organiser_kind,
                created_by=federation,
            )
            at_room = organiser_kind == Activity.Organiser.FEDERATION and rng.random() < 0.6
            if at_room:
                activity.town, activity.home, activity.place = room.town, room, room.location
                activity.organiser = rng.choice(ORGANISER_NAMES[organiser_kind])
            else:
                activity.school, activity.town = school, school.town
                activity.home = build.homes_by_school.get(school.pk)
                activity.place = school.name
                activity.organiser = (
                    school.name
                    if organiser_kind == Activity.Organiser.SCHOOL
                    else rng.choice(ORGANISER_NAMES[organiser_kind])
                )
                if organiser_kind == Activity.Organiser.SCHOOL:
                    activity.created_by = (
                        build.users["school_staff"]
                        if school.pk == build.users["school_staff"].school_id
                        else None
                    )
                activity.description = f"{activity.organiser}在{school.name}开展。"
            size = 20 + rng.randrange(40)
            if kind == Activity.Kind.PARENT_MEETING:
                activity.parents_count = activity.audience_count = 30 + rng.randrange(120)
                activity.description = "通报学生在校情况，交流家庭教育方法。"
            elif kind in PARTICIPANT_KINDS and activity.school is not None:
                pool = open_by_school.get(school.pk, [])
                chosen = rng.sample(pool, min(len(pool), size)) if pool else []
                if chosen:
                    participants.append((activity, chosen))
                activity.children_count = len(chosen) or size
                activity.audience_count = activity.children_count
            else:
                activity.children_count = activity.audience_count = size
            activities.append(activity)
    Activity.objects.bulk_create(activities, batch_size=BATCH)
    through = Activity.participants.through
    through.objects.bulk_create(
        [
            through(activity_id=activity.pk, child_id=child.pk)
            for activity, chosen in participants
            for child in chosen
        ],
        batch_size=BATCH,
    )
