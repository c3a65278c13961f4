"""The Beiling county of service_county, with the cases a register really holds, and a
neighbour county whose records the report must never count; all through the services.

Beyond the Beiling records: a third town; children who live in one town and go to school
in another, or to no school; a transfer between towns; cases closed before and after the
end of the half, and one closed and reopened; a child past 16 whose case is still open;
notes on mood; pairings ended before and after the end, started after it, of a closed
child, and a mentor past the county's limit; proxy parents of two backgrounds; contacts
on both edges of the contact interval, a withdrawn one, one of a closed child and one
before the half; school activities of many kinds (more than the text's examples), two on
one day, one run by the federation; a second aid record voided.
"""

import datetime
from decimal import Decimal

from accounts.models import Role
from activities.models import Activity
from activities.services import activity_save
from children.care.corrections import contact_withdraw
from children.care.services import carer_create, contact_record, pairing_create, pairing_end
from children.models import Carer, Contact, Pairing
from children.services import child_close, child_register, child_reopen, child_transfer
from donations.models import Aid
from donations.services import aid_give, aid_void
from tests.factories import CountyFactory, SchoolFactory, TownFactory, UserFactory, make_id_number
from tests.reports.service_county import build_county

D = datetime.date


def _child(by, n: int, *, town, school=None, registered_on, born=None, **values):
    born = born or D(2013, 3, 1 + n % 28)
    sex = "F" if n % 2 else "M"
    values = {
        "school": school,
        "town": town,
        "name": f"儿童{n}",
        "sex": sex,
        "birth_date": born,
        "id_number": make_id_number(born, sex),
        "schooling_status": "primary" if school else "not_in_school",
        "grade": 4 if school else None,
        "class_name": "1班" if school else "",
        "guardian_name": "李爷爷",
        "guardian_relation": "paternal_gp",
        "guardian_phone": "13900000021",
        "guardianship_grade": "ordinary",
        "is_left_behind": True,
        "registered_on": registered_on,
        **values,
    }
    return child_register(by=by, values=values, parents=[], derive_categories=False)


def _activity(by, *, kind, title, on, school, organiser_kind=Activity.Organiser.SCHOOL, **n):
    values = {
        "kind": kind,
        "title": title,
        "on": on,
        "organiser_kind": organiser_kind,
        "organiser": "学校" if organiser_kind == Activity.Organiser.SCHOOL else "县妇联",
        "school": school,
        "town": None,
        **n,
    }
    return activity_save(by=by, activity=Activity(), values=values)


def _neighbour() -> None:
    """Give another county a child, a mentor, a pairing and contacts in the half."""
    county = CountyFactory(name="南岭县")
    school = SchoolFactory(town=TownFactory(county=county, name="南岭镇"), name="南岭小学")
    by = UserFactory(role=Role.FEDERATION, county=county, username="fed_nanling")
    child = _child(by, 90, town=school.town, school=school, registered_on=D(2025, 9, 1))
    carer = carer_create(by=by, values={"kind": Carer.Kind.MENTOR, "name": "南老师",
                         "background": Carer.Background.TEACHER, "school": school})  # fmt: skip
    pairing_create(by=by, child=child, carer=carer, role=Pairing.Role.MENTOR,
                   started_on=D(2025, 9, 2))  # fmt: skip
    contact_record(by=by, child=child, kind=Contact.Kind.HOME_VISIT, on=D(2026, 6, 20))
    contact_record(by=by, child=child, kind=Contact.Kind.TALK, on=D(2026, 3, 2))


def build_varied_county(county) -> dict:
    """Fill `county` as service_county does, then add the cases above; return its records."""
    built = build_county(county)
    by, towns, schools, kids = built["by"], built["towns"], built["schools"], built["children"]
    county.max_children_per_carer = 4
    county.save()
    pine = TownFactory(county=county, name="松林乡")
    pine_school = SchoolFactory(town=pine, name="松林小学")
    towns = [*towns, pine]

    moved = _child(by, 20, town=pine, school=pine_school, registered_on=D(2025, 9, 1))
    child_transfer(by=by, child=moved, to_school=schools[1], on=D(2026, 3, 1))
    unschooled = _child(by, 21, town=towns[1], registered_on=D(2025, 11, 3), is_migrant=True,
                        is_left_behind=False)  # fmt: skip
    commuter = _child(by, 22, town=pine, school=schools[2], registered_on=D(2026, 3, 9),
                      is_in_difficulty=True, mood_notes="近来沉默寡言")  # fmt: skip
    closed_early = _child(by, 23, town=pine, school=pine_school, registered_on=D(2025, 9, 1),
                          mood_notes="想念父母")  # fmt: skip
    closed_late = _child(by, 24, town=towns[0], school=schools[0], registered_on=D(2025, 10, 8))
    reopened = _child(by, 25, town=pine, school=pine_school, registered_on=D(2025, 12, 1))
    aged_out = _child(by, 26, town=towns[1], school=schools[3], registered_on=D(2024, 9, 1),
                      born=D(2009, 2, 1), is_in_difficulty=True, mood_notes="厌学")  # fmt: skip

    teacher = Carer.objects.get(name="何老师")
    kinds, backgrounds = Carer.Kind, Carer.Background
    mentor_of_pine = {"kind": kinds.MENTOR, "background": backgrounds.TEACHER}
    second = carer_create(by=by, values={**mentor_of_pine, "name": "孙老师", "school": pine_school})
    proxy_of_bai = {"kind": kinds.PROXY_PARENT, "background": backgrounds.VOLUNTEER}
    volunteer = carer_create(by=by, values={**proxy_of_bai, "name": "钱阿姨", "school": schools[3]})
    mentor, proxy = Pairing.Role.MENTOR, Pairing.Role.PROXY_PARENT
    ended = pairing_create(by=by, child=moved, carer=second, role=mentor, started_on=D(2025, 9, 5))
    pairing_end(by=by, pairing=ended, ended_on=D(2026, 3, 1), reason="转学")
    runs_past = pairing_create(by=by, child=closed_late, carer=second, role=mentor,
                               started_on=D(2026, 1, 15))  # fmt: skip
    pairing_end(by=by, pairing=runs_past, ended_on=D(2026, 7, 20), reason="结案")
    pairing_create(by=by, child=commuter, carer=second, role=mentor, started_on=D(2026, 7, 1))
    pairing_create(by=by, child=closed_early, carer=second, role=mentor, started_on=D(2025, 9, 9))
    pairing_create(by=by, child=aged_out, carer=second, role=mentor, started_on=D(2024, 9, 9))
    # The teacher already has five children: a sixth past the county's limit of four.
    pairing_create(by=by, child=kids[7], carer=teacher, role=mentor, started_on=D(2026, 2, 10),
                   confirm_over_limit=True)  # fmt: skip
    for child in (aged_out, unschooled, commuter):
        pairing_create(by=by, child=child, carer=volunteer, role=proxy, started_on=D(2025, 12, 1))

    contact_record(by=by, child=unschooled, kind=Contact.Kind.TALK, on=D(2026, 6, 25))
    contact_record(by=by, child=aged_out, kind=Contact.Kind.PARENT_CALL, on=D(2026, 6, 30))
    contact_record(by=by, child=commuter, kind=Contact.Kind.VIDEO_CALL, on=D(2026, 5, 5))
    # The interval's first day (30 days before 30 June), then a visit of a closed child.
    contact_record(by=by, child=kids[4], kind=Contact.Kind.HOME_VISIT, on=D(2026, 5, 31))
    contact_record(by=by, child=kids[5], kind=Contact.Kind.HOME_VISIT, on=D(2026, 5, 30))
    contact_record(by=by, child=closed_early, kind=Contact.Kind.HOME_VISIT, on=D(2026, 4, 10))
    contact_record(by=by, child=moved, kind=Contact.Kind.HOME_VISIT, on=D(2025, 12, 20))
    contact_record(by=by, child=reopened, kind=Contact.Kind.PARENT_CALL, on=D(2026, 2, 14))
    mistaken = contact_record(by=by, child=closed_late, kind=Contact.Kind.HOME_VISIT,
                              on=D(2026, 6, 20))  # fmt: skip
    contact_withdraw(by=by, contact=mistaken, reason="记错了儿童")

    child_close(by=by, child=closed_early, reason="parents_back", on=D(2026, 5, 1))
    child_close(by=by, child=closed_late, reason="parents_back", on=D(2026, 8, 1))
    child_close(by=by, child=reopened, reason="moved_away", on=D(2026, 4, 1))
    child_reopen(by=by, child=reopened, note="父母再次外出")

    kinds = Activity.Kind
    for kind, title, on, school in (
        (kinds.SAFETY_LECTURE, "防欺凌讲座", D(2026, 3, 12), schools[2]),
        (kinds.TRIP, "参观科技馆", D(2026, 4, 8), pine_school),
        (kinds.COMPETITION, "书法比赛", D(2026, 5, 12), schools[1]),
        (kinds.VOLUNTEER, "大学生志愿服务", D(2026, 6, 6), pine_school),
        (kinds.DONATION_CEREMONY, "爱心书包捐赠", D(2026, 1, 9), schools[3]),
        (kinds.HEALTH_TALK, "心理健康讲座", D(2026, 6, 18), schools[0]),
        (kinds.OTHER, "元宵猜灯谜", D(2026, 2, 24), pine_school),
        (kinds.TRIP, "寒假研学", D(2025, 12, 28), pine_school),
    ):
        _activity(by, kind=kind, title=title, on=on, school=school, children_count=12)
    _activity(by, kind=kinds.HOLIDAY, title="六一游园", on=D(2026, 6, 1), school=schools[3],
              organiser_kind=Activity.Organiser.FEDERATION)  # fmt: skip

    gift = Aid.objects.filter(child__county=county).first().donation
    wrong = aid_give(by=by, child=commuter, donation=gift, kind=Aid.Kind.STUDY,
                     amount=Decimal("300"), given_on=D(2026, 5, 2))  # fmt: skip
    aid_void(by=by, aid=wrong, reason="金额有误")
    aid_give(by=by, child=closed_early, donation=gift, kind=Aid.Kind.STUDY,
             amount=Decimal("400"), given_on=D(2026, 4, 20))  # fmt: skip
    _neighbour()
    return {**built, "towns": towns, "schools": [*schools, pine_school]}
