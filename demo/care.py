"""Demo logins, carers, pairings, contacts and concerns."""

import datetime
import math
import random

from django.utils import timezone

from accounts.models import Role, User
from children.concerns import services as concern_services
from children.models import Carer, Child, Concern, ConcernStep, Contact, Pairing
from children.models.choices import CaseStatus, Sex

from .context import ChildPlan, DemoBuild, count_by, stream
from .data import (
    BATCH,
    CARING_MOTHER_SHARE,
    CONTACT_NOTES,
    DEMO_USERS,
    MENTOR_SHARE,
    OVERDUE_SHARE,
    PROXY_SHARE,
)


def demo_user_create(
    build: DemoBuild, *, username: str, role: str, full_name: str, **scope: object
) -> User:
    """Return a saved demo user that passes full_clean, with the demo password."""
    user = User(username=username, role=role, full_name=full_name, county=build.county, **scope)
    # One hash for every demo login: hashing per user would cost seconds for nothing.
    user.password = build.password_hash
    user.is_staff = role == Role.ADMIN
    user.full_clean()
    user.save()
    return user


def users_create(build: DemoBuild) -> None:
    """Create one demo login per role, scoped where the data is richest."""
    open_plans = [p for p in build.plans if p.child.status == CaseStatus.OPEN]
    by_school = count_by(open_plans, lambda p: p.child.school.pk)
    by_village = count_by(open_plans, lambda p: p.child.village.pk)
    school = max(build.schools, key=lambda s: by_school.get(s.pk, 0))
    villages = [v for town in build.towns for v in build.villages[town.pk] if v.kind == "village"]
    village = max(villages, key=lambda v: by_village.get(v.pk, 0))
    scopes = {
        Role.SCHOOL_STAFF: {"school": school},
        Role.MENTOR: {"school": school},
        Role.VILLAGE_DIRECTOR: {"village": village},
        Role.TOWN_OFFICER: {"town": school.town},
    }
    rng = stream("users")
    for username, role, full_name in DEMO_USERS:
        name = full_name or build.people.adult_name(build.people.surname(), Sex.FEMALE)
        build.users[username] = demo_user_create(
            build, username=username, role=role, full_name=name, **scopes.get(role, {})
        )
    # One mentor with a login in every school; the demo mentor is the staff school's.
    for index, each in enumerate(build.schools, start=1):
        if each.pk == school.pk:
            build.teachers[each.pk] = build.users["mentor"]
            continue
        sex = Sex.FEMALE if rng.random() < 0.6 else Sex.MALE
        name = build.people.adult_name(build.people.surname(), sex)
        build.teachers[each.pk] = demo_user_create(
            build, username=f"teacher{index:02d}", role=Role.MENTOR, full_name=name, school=each
        )


def carers_create(build: DemoBuild) -> None:
    """Create mentors, proxy parents and caring mothers, their pairings and contacts."""
    rng = stream("carers")
    people = build.people
    open_plans = [p for p in build.plans if p.child.status == CaseStatus.OPEN]
    by_school: dict[int, list[ChildPlan]] = {}
    for plan in build.plans:
        by_school.setdefault(plan.child.school.pk, []).append(plan)
    # Mentors: about one per 4-5 children of each school, at least two.
    carers: list[Carer] = []
    for school in build.schools:
        n_open = sum(1 for p in by_school.get(school.pk, []) if p.child.status == "open")
        count = max(2, math.ceil(n_open / 4.5))
        teacher = build.teachers[school.pk]
        for k in range(count):
            sex = Sex.FEMALE if rng.random() < 0.6 else Sex.MALE
            name = people.adult_name(people.surname(), sex)
            carer = Carer(
                county=build.county,
                kind=Carer.Kind.MENTOR,
                background=Carer.Background.TEACHER,
                name=teacher.full_name if k == 0 else name,
                unit=school.name,
                school=school,
                town=school.town,
                phone=people.mobile(),
                user=teacher if k == 0 else None,
            )
            carers.append(carer)
            build.mentors.setdefault(school.pk, []).append(carer)
    # Proxy parents: village cadres, party members, volunteers and supervisors.
    proxy_quota = set(id(p) for p in rng.sample(open_plans, round(len(open_plans) * PROXY_SHARE)))
    proxies: dict[int, list[Carer]] = {}
    for school in build.schools:
        n_proxied = sum(1 for p in by_school.get(school.pk, []) if id(p) in proxy_quota)
        for _ in range(math.ceil(n_proxied / 4)):
            background = rng.choices(
                (
                    Carer.Background.CADRE,
                    Carer.Background.PARTY_MEMBER,
                    Carer.Background.VOLUNTEER,
                    Carer.Background.SUPERVISOR,
                ),
                weights=(40, 25, 20, 15),
            )[0]
            village = rng.choice(build.villages[school.town_id])
            unit = {
                Carer.Background.CADRE: f"{village.name}委会",
                Carer.Background.PARTY_MEMBER: rng.choice(
                    ("县教育局", "县委组织部", f"{school.town.name}人民政府")
                ),
                Carer.Background.VOLUNTEER: "社会志愿者",
                Carer.Background.SUPERVISOR: f"{school.name}教监会",
            }[background]
            sex = Sex.FEMALE if rng.random() < 0.5 else Sex.MALE
            carer = Carer(
                county=build.county,
                kind=Carer.Kind.PROXY_PARENT,
                background=background,
                name=people.adult_name(people.surname(), sex),
                unit=unit,
                school=school,
                town=school.town,
                phone=people.mobile(),
            )
            carers.append(carer)
            proxies.setdefault(school.pk, []).append(carer)
    # Caring mothers (爱心妈妈): three volunteers in every town.
    mothers: dict[int, list[Carer]] = {}
    for town in build.towns:
        for _ in range(3):
            carer = Carer(
                county=build.county,
                kind=Carer.Kind.CARING_MOTHER,
                background=Carer.Background.VOLUNTEER,
                name=people.adult_name(people.surname(), Sex.FEMALE),
                unit=f"{town.name}爱心妈妈志愿服务队",
                town=town,
                phone=people.mobile(),
            )
            carers.append(carer)
            mothers.setdefault(town.pk, []).append(carer)
    Carer.objects.bulk_create(carers, batch_size=BATCH)
    pairings_create(build, rng, by_school, proxy_quota, proxies, mothers)


def pairings_create(
    build: DemoBuild,
    rng: random.Random,
    by_school: dict[int, list[ChildPlan]],
    proxy_quota: set[int],
    proxies: dict[int, list[Carer]],
    mothers: dict[int, list[Carer]],
) -> None:
    """Pair children with carers (one current pairing per role) and record contacts."""
    open_plans = [p for p in build.plans if p.child.status == CaseStatus.OPEN]
    mentored = set(id(p) for p in rng.sample(open_plans, round(len(open_plans) * MENTOR_SHARE)))
    mentored_plans = [p for p in open_plans if id(p) in mentored]
    overdue = set(
        id(p) for p in rng.sample(mentored_plans, round(len(mentored_plans) * OVERDUE_SHARE))
    )
    mothered = set(
        id(p) for p in rng.sample(open_plans, round(len(open_plans) * CARING_MOTHER_SHARE))
    )
    pairings: list[Pairing] = []
    contacts: list[Contact] = []
    mother_load: dict[int, int] = {}
    for school in build.schools:
        mentors = build.mentors[school.pk]
        school_proxies = proxies.get(school.pk, [])
        turn = proxy_turn = 0
        for plan in by_school.get(school.pk, []):
            child = plan.child
            start_ago = plan.registered_ago - rng.randrange(15)
            if plan.closed_ago is not None:
                start_ago = plan.registered_ago  # closed_ago < registered_ago
                mentor = mentors[turn % len(mentors)]
                pairings.append(
                    Pairing(
                        carer=mentor,
                        child=child,
                        role=Pairing.Role.MENTOR,
                        started_on=build.ago(start_ago),
                        ended_on=child.closed_on,
                        end_reason="儿童结案",
                    )
                )
                for _ in range(2):
                    # A fixed range keeps the stream's draws independent of the run's day.
                    days = min(start_ago, plan.closed_ago + 1 + rng.randrange(60))
                    contacts.append(contact_new(build, rng, child, mentor, days))
                continue
            if id(plan) in mentored:
                # The mentor with a login takes the first five, so the demo shows a
                # full list; the others share the rest in turn (at most five each).
                if turn < 5:
                    mentor = mentors[0]
                else:
                    mentor = mentors[1 + (turn - 5) % (len(mentors) - 1)]
                turn += 1
                if rng.random() < 0.05:
                    # An earlier mentor who left the school: the history stays.
                    former = mentors[-1] if mentor is not mentors[-1] else mentors[0]
                    pairings.append(
                        Pairing(
                            carer=former,
                            child=child,
                            role=Pairing.Role.MENTOR,
                            started_on=build.ago(start_ago),
                            ended_on=build.ago(start_ago // 2),
                            end_reason="帮扶教师调离",
                        )
                    )
                    start_ago = start_ago // 2
                pairings.append(
                    Pairing(
                        carer=mentor,
                        child=child,
                        role=Pairing.Role.MENTOR,
                        started_on=build.ago(start_ago),
                    )
                )
                window = min(364, start_ago)
                late = id(plan) in overdue
                for k in range(2 + rng.randrange(4)):
                    if late:
                        days = 31 + rng.randrange(max(1, window - 30))
                    elif k == 0:
                        days = rng.randrange(28)
                    else:
                        days = rng.randrange(window)
                    contacts.append(contact_new(build, rng, child, mentor, days))
            if id(plan) in proxy_quota and school_proxies:
                proxy = school_proxies[proxy_turn % len(school_proxies)]
                proxy_turn += 1
                pairings.append(
                    Pairing(
                        carer=proxy,
                        child=child,
                        role=Pairing.Role.PROXY_PARENT,
                        started_on=build.ago(start_ago),
                    )
                )
                if rng.random() < 0.5:
                    low = 31 if id(plan) in overdue else 0
                    days = low + rng.randrange(max(1, min(364, start_ago) - low))
                    contacts.append(contact_new(build, rng, child, proxy, days))
            if id(plan) in mothered:
                free = [m for m in mothers[school.town_id] if mother_load.get(id(m), 0) < 5]
                if free:
                    mother = free[0]
                    mother_load[id(mother)] = mother_load.get(id(mother), 0) + 1
                    pairings.append(
                        Pairing(
                            carer=mother,
                            child=child,
                            role=Pairing.Role.CARING_MOTHER,
                            started_on=build.ago(start_ago),
                        )
                    )
    Pairing.objects.bulk_create(pairings, batch_size=BATCH)
    Contact.objects.bulk_create(contacts, batch_size=BATCH)
    contacts_recorded_on_their_day(contacts)


def contacts_recorded_on_their_day(contacts: list[Contact]) -> None:
    """Date each saved contact's recording to the evening of its visit (never later than
    now), as if the mentor had written it up that day: created_at is set to the time of
    saving, and a visit of August would otherwise offer its "更正或撤回（24 小时内）"."""
    now = timezone.now()
    zone = timezone.get_current_timezone()
    by_day: dict[datetime.date, list[int]] = {}
    for contact in contacts:
        by_day.setdefault(contact.on, []).append(contact.pk)
    for day, pks in by_day.items():  # one UPDATE per day of visits, not per visit
        evening = datetime.datetime.combine(day, datetime.time(19, 0), tzinfo=zone)
        for start in range(0, len(pks), BATCH):
            Contact.objects.filter(pk__in=pks[start : start + BATCH]).update(
                created_at=min(evening, now)
            )


def contact_new(
    build: DemoBuild, rng: random.Random, child: Child, carer: Carer, days: int
) -> Contact:
    """Return an unsaved contact `days` ago by the carer with the child."""
    kind = rng.choices(Contact.Kind.values, weights=(35, 35, 20, 10))[0]
    return Contact(
        child=child,
        carer=carer,
        kind=kind,
        on=build.ago(days),
        notes=rng.choice(CONTACT_NOTES[kind]),
        recorded_by=carer.user,
    )


def concerns_create(build: DemoBuild) -> None:
    """Raise three concerns about children in difficulty, through the services.

    A child living alone reported three hours ago with no police hand-over (overdue on the
    officers' home pages), a guardian's stroke reported to civil affairs, and a dropout
    risk followed up and closed.
    """
    officer = build.users["town_officer"]
    open_children = [p.child for p in build.plans if p.child.status == CaseStatus.OPEN]
    # Children of the demo town officer's town first, so that their dashboard shows them.
    open_children.sort(key=lambda c: c.town_id != officer.town_id)
    hard = [c for c in open_children if c.is_unsupported]
    hard += [c for c in open_children if c.is_in_difficulty and not c.is_unsupported]
    if len(hard) < 3:
        return
    now = timezone.now()

    def raise_(*, child: Child, **fields) -> Concern:
        """Raise as the town officer where the child is theirs, else as the federation."""
        by = officer if child.town_id == officer.town_id else build.users["federation"]
        return concern_services.concern_raise(by=by, child=child, **fields)

    raise_(
        child=hard[0],
        kind=Concern.Kind.LIVING_ALONE,
        description="周末祖母住院，孩子独自在家居住。",
        now=now - datetime.timedelta(hours=3),
    )
    stroke = raise_(
        child=hard[1],
        kind=Concern.Kind.GUARDIAN_INCAPABLE,
        description="祖父突发脑梗，已无力照料孩子。",
        now=now - datetime.timedelta(hours=5),
    )
    concern_services.concern_step_record(
        by=stroke.raised_by,
        concern=stroke,
        kind=ConcernStep.Kind.TOLD_CIVIL_AFFAIRS,
        recipient="镇民政办",
        channel=ConcernStep.Channel.PHONE,
        notes="民政办安排临时照料，明日上门。",
        at=now - datetime.timedelta(hours=4),
    )
    dropout = raise_(
        child=hard[2],
        kind=Concern.Kind.DROPOUT_RISK,
        description="连续一周未到校，班主任联系不上监护人。",
        now=now - datetime.timedelta(days=3),
    )
    concern_services.concern_close(
        by=build.users["federation"],
        concern=dropout,
        outcome="已家访，孩子已返校，帮扶教师每周跟进。",
    )
