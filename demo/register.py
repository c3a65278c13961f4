"""The register: children planned in memory with parents, guardian and categories."""

import datetime
import random

from children.categories import categories_derive
from children.models import Child, Parent, age_on
from children.models.choices import (
    CaseStatus,
    CloseReason,
    DisabilityGrade,
    DisabilityKind,
    GuardianHealth,
    GuardianRelation,
    GuardianshipGrade,
    Health,
    HelpReceived,
    HouseholdType,
    IncomeSource,
    ParentStatus,
    Poverty,
    SchoolingStatus,
    Sex,
)
from core.periods import years_before
from core.validators import parse_resident_id
from schools.models import School, Village

from .context import ChildPlan, DemoBuild, stream
from .data import (
    AWAY_IN_PROVINCE,
    AWAY_OUT_OF_PROVINCE,
    BATCH,
    DEMO_COUNTY_CODE,
    DEMO_COUNTY_NAME,
    ILLNESSES,
    MIGRANT_HOMES,
)


def situations_draw(build: DemoBuild, rng: random.Random) -> list[str]:
    """Return each open child's family situation, in exact shares of N, shuffled."""
    n = build.n_open
    counts = {
        "unsupported": max(1, round(n * 0.006)),
        "difficulty_at_home": round(n * 0.015),
        "migrant": round(n * 0.12),
        "one_away_other_unable": round(n * 0.10),
    }
    counts = {"both_away": n - sum(counts.values()), **counts}
    situations = [name for name, count in counts.items() for _ in range(count)]
    rng.shuffle(situations)
    return situations


def children_plan(build: DemoBuild) -> None:
    """Plan every child and their parents in memory, categories derived from the facts."""
    rng = stream("children")
    weights = [
        {School.Kind.CENTRAL_PRIMARY: 3, School.Kind.MIDDLE: 4, School.Kind.NINE_YEAR: 5}[
            school.kind
        ]
        + rng.randrange(3)
        for school in build.schools
    ]
    closed_reasons = [
        CloseReason.PARENTS_BACK,
        CloseReason.MOVED_AWAY,
        CloseReason.GRADUATED,
        CloseReason.TURNED_16,
        CloseReason.OTHER,
    ]
    situations = situations_draw(build, rng)
    for index in range(build.n_open + build.n_closed):
        school = rng.choices(build.schools, weights=weights)[0]
        if index < build.n_open:
            plan = child_plan(build, rng, school, situations[index])
        else:
            reason = closed_reasons[(index - build.n_open) % len(closed_reasons)]
            plan = closed_child_plan(build, rng, school, reason)
        build.plans.append(plan)


def child_plan(
    build: DemoBuild,
    rng: random.Random,
    school: School,
    situation: str,
    *,
    grade: int | None = None,
    age: int | None = None,
) -> ChildPlan:
    """Return one child's plan: record, parents, guardian, economy and categories."""
    people = build.people
    if grade is None:
        low, high = {
            School.Kind.CENTRAL_PRIMARY: (1, 6),
            School.Kind.MIDDLE: (7, 9),
            School.Kind.NINE_YEAR: (1, 9),
        }[school.kind]
        grade = low + rng.randrange(high - low + 1)
    if age is None:
        age = grade + 5 + rng.randrange(2)
    sex = Sex.MALE if rng.random() < 0.53 else Sex.FEMALE
    birth = people.born_aged(age)
    surname = people.surname()
    migrant = situation == "migrant"
    area, household_place = DEMO_COUNTY_CODE, f"安徽省{DEMO_COUNTY_NAME}"
    if migrant:
        area, household_place = rng.choice(MIGRANT_HOMES)
    town_villages = build.villages[school.town_id]
    communities = [v for v in town_villages if v.kind == Village.Kind.COMMUNITY]
    if migrant and rng.random() < 0.5:
        village = rng.choice(communities)
    else:
        village = rng.choice(town_villages)
    group = f"{1 + rng.randrange(12)}组"
    address = f"{school.town.name}{village.name}{group}{1 + rng.randrange(80)}号"
    child = Child(
        county=build.county,
        name=people.child_name(surname, sex),
        id_number=people.id_number(area, birth, sex),
        sex=sex,
        ethnicity="回族" if rng.random() < 0.01 else "汉族",
        birth_date=birth,
        household_type=HouseholdType.RURAL,
        household_in_county=not migrant,
        household_place=household_place,
        town=school.town,
        village=village,
        group=group,
        address=address,
        boarding=rng.random() < (0.4 if grade >= 7 else 0.1),
        schooling_status=SchoolingStatus.JUNIOR if grade >= 7 else SchoolingStatus.PRIMARY,
        school=school,
        grade=grade,
        class_name=f"{1 + rng.randrange(4)}班",
    )
    health_draw(rng, child)
    parents = parents_plan(build, rng, child, surname, situation, area)
    guardian_set(build, rng, child, surname, situation, parents)
    economy_set(rng, child, situation)
    categories = categories_derive(
        birth_date=child.birth_date,
        on=build.today,
        household_type=child.household_type,
        household_in_county=child.household_in_county,
        parent_statuses=[(p.relation, p.status) for p in parents],
        health=child.health,
        poverty=child.poverty,
        guardianship_grade=child.guardianship_grade,
    )
    for name, value in categories.as_fields().items():
        setattr(child, name, value)
    registered_ago = 90 + rng.randrange(min(730, (age - 6) * 365 + 300))
    child.registered_on = build.ago(registered_ago)
    return ChildPlan(child=child, parents=parents, registered_ago=registered_ago)


def closed_child_plan(
    build: DemoBuild, rng: random.Random, school: School, reason: str
) -> ChildPlan:
    """Return the plan of a child whose case closed in the past year, for the archive."""
    if reason == CloseReason.TURNED_16:
        plan = child_plan(build, rng, school, "both_away", grade=9, age=16)
        # Closed a few days after the sixteenth birthday.
        sixteenth = years_before(plan.child.birth_date, -16)
        closed_ago = max(0, (build.today - sixteenth).days - rng.randrange(10))
    else:
        situation = "parents_back" if reason == CloseReason.PARENTS_BACK else "both_away"
        grade = 9 if reason == CloseReason.GRADUATED else None
        plan = child_plan(build, rng, school, situation, grade=grade)
        closed_ago = 20 + rng.randrange(300)
    closed_ago = min(closed_ago, plan.registered_ago - 1)
    plan.child.status = CaseStatus.CLOSED
    plan.child.close_reason = reason
    plan.child.closed_on = build.ago(closed_ago)
    plan.closed_ago = closed_ago
    return plan


def health_draw(rng: random.Random, child: Child) -> None:
    """Set the child's health: mostly healthy, a few disabled or seriously ill."""
    draw = rng.random()
    if draw < 0.01:
        child.health = Health.DISABLED
        child.disability_kind = rng.choice(DisabilityKind.values)
        child.disability_grade = rng.choice(DisabilityGrade.values)
    elif draw < 0.015:
        child.health = Health.SERIOUSLY_ILL
        child.illness = rng.choice(ILLNESSES)


def parents_plan(
    build: DemoBuild, rng: random.Random, child: Child, surname: str, situation: str, area: str
) -> list[Parent]:
    """Return the father and mother, with statuses that fit the family's situation."""
    unable = (ParentStatus.SERIOUSLY_ILL, ParentStatus.DISABLED, ParentStatus.DECEASED)
    if situation == "both_away":
        statuses = [away_status_draw(rng), away_status_draw(rng)]
    elif situation == "one_away_other_unable":
        statuses = [away_status_draw(rng), rng.choice(unable)]
        if rng.random() < 0.3:
            statuses.reverse()
    elif situation == "unsupported":
        statuses = rng.choice(
            (
                [ParentStatus.DETAINED, ParentStatus.MISSING],
                [ParentStatus.DECEASED, ParentStatus.SERIOUSLY_ILL],
                [ParentStatus.SERIOUSLY_ILL, ParentStatus.DISABLED],
                [ParentStatus.DECEASED, ParentStatus.MISSING],
                [ParentStatus.DETAINED, ParentStatus.DISABLED],
            )
        )
    elif situation == "difficulty_at_home":
        statuses = [rng.choice(unable), ParentStatus.AT_HOME]
    else:  # migrant families live and work here; parents back home are at home too
        statuses = [ParentStatus.AT_HOME, ParentStatus.AT_HOME]
    parents = []
    for relation, status in zip(
        (Parent.Relation.FATHER, Parent.Relation.MOTHER), statuses, strict=True
    ):
        sex = Sex.MALE if relation == Parent.Relation.FATHER else Sex.FEMALE
        gap = (24 if sex == Sex.MALE else 22) + rng.randrange(12)
        birth = years_before(child.birth_date, gap) - datetime.timedelta(days=rng.randrange(365))
        parent = Parent(
            child=child,
            relation=relation,
            name=build.people.adult_name(
                surname if sex == Sex.MALE else build.people.surname(), sex
            ),
            id_number=build.people.id_number(area, birth, sex),
            status=status,
        )
        reachable = status in (
            ParentStatus.AT_HOME,
            ParentStatus.AWAY_IN_PROVINCE,
            ParentStatus.AWAY_OUT_OF_PROVINCE,
            ParentStatus.SERIOUSLY_ILL,
            ParentStatus.DISABLED,
        )
        phone = build.people.mobile()
        if reachable:
            parent.phone = phone
        places = AWAY_IN_PROVINCE if status == ParentStatus.AWAY_IN_PROVINCE else None
        place = rng.choice(places or AWAY_OUT_OF_PROVINCE)
        away_days = 60 + rng.randrange(3000)
        if status in (ParentStatus.AWAY_IN_PROVINCE, ParentStatus.AWAY_OUT_OF_PROVINCE):
            parent.work_province, parent.work_city = place
            parent.away_since = max(build.ago(away_days), child.birth_date)
        parents.append(parent)
    return parents


def away_status_draw(rng: random.Random) -> str:
    """Return a working-away status: mostly out of the province."""
    if rng.random() < 0.8:
        return ParentStatus.AWAY_OUT_OF_PROVINCE
    return ParentStatus.AWAY_IN_PROVINCE


def guardian_set(
    build: DemoBuild,
    rng: random.Random,
    child: Child,
    surname: str,
    situation: str,
    parents: list[Parent],
) -> None:
    """Set who looks after the child: mostly a grandparent, a parent for families at home."""
    people = build.people
    at_home = [p for p in parents if p.status == ParentStatus.AT_HOME]
    draw = rng.random()
    elder_age = 55 + rng.randrange(21)
    elder_sex = Sex.FEMALE if rng.random() < 0.6 else Sex.MALE
    elder_birth = people.born_aged(elder_age)
    phone = people.mobile()
    health = rng.choices(GuardianHealth.values, weights=(5, 4, 1))[0]
    if at_home:
        parent = at_home[-1]
        child.guardian_name = parent.name
        child.guardian_relation = GuardianRelation.PARENT
        child.guardian_id_number = parent.id_number
        child.guardian_phone = parent.phone
        child.guardian_age = age_on(parse_resident_id(parent.id_number).birth_date, build.today)
        child.guardian_health = GuardianHealth.HEALTHY
    else:
        if draw < 0.62:
            relation = GuardianRelation.GRANDPARENT_PATERNAL
            elder_surname = surname if elder_sex == Sex.MALE else people.surname()
        elif draw < 0.88:
            relation = GuardianRelation.GRANDPARENT_MATERNAL
            elder_surname = people.surname()
        else:
            relation = GuardianRelation.RELATIVE
            elder_surname = people.surname()
        child.guardian_name = people.elder_name(elder_surname, elder_sex)
        child.guardian_relation = relation
        child.guardian_id_number = people.id_number(DEMO_COUNTY_CODE, elder_birth, elder_sex)
        child.guardian_phone = phone
        child.guardian_age = elder_age
        child.guardian_health = health
    child.guardian_address = child.address
    grades = {
        "both_away": (
            (GuardianshipGrade.GOOD, GuardianshipGrade.ORDINARY, GuardianshipGrade.GUARDIAN_WEAK),
            (40, 45, 15),
        ),
        "one_away_other_unable": (
            (
                GuardianshipGrade.PARENT_INCAPABLE,
                GuardianshipGrade.ORDINARY,
                GuardianshipGrade.GUARDIAN_WEAK,
            ),
            (15, 55, 30),
        ),
        "unsupported": ((GuardianshipGrade.NONE, GuardianshipGrade.GUARDIAN_WEAK), (50, 50)),
        "difficulty_at_home": (
            (GuardianshipGrade.PARENT_INCAPABLE, GuardianshipGrade.ORDINARY),
            (40, 60),
        ),
    }
    choices, weights = grades.get(
        situation, ((GuardianshipGrade.GOOD, GuardianshipGrade.ORDINARY), (60, 40))
    )
    child.guardianship_grade = rng.choices(choices, weights=weights)[0]
    entrusted = not at_home
    child.guardianship_agreement_signed = entrusted and rng.random() < 0.9


def economy_set(rng: random.Random, child: Child, situation: str) -> None:
    """Set income sources, help received and poverty; the poor are a few percent."""
    draw = rng.random()
    hard_up = situation in ("unsupported", "difficulty_at_home")
    if hard_up or draw < 0.015:
        child.poverty = Poverty.REGISTERED if rng.random() < 0.6 else Poverty.EXTREME
        child.income_sources = [IncomeSource.FARMING, IncomeSource.WELFARE]
        child.help_received = [HelpReceived.DIBAO]
        if rng.random() < 0.4:
            child.help_received.append(HelpReceived.TEMPORARY)
    else:
        sources = [IncomeSource.WAGES]
        if situation == "migrant":
            sources.append(IncomeSource.BUSINESS if rng.random() < 0.4 else IncomeSource.OTHER)
        elif rng.random() < 0.6:
            sources.append(IncomeSource.FARMING)
        if child.guardian_relation != GuardianRelation.PARENT and rng.random() < 0.3:
            sources.append(IncomeSource.PENSION)
        child.income_sources = sources
        child.help_received = [HelpReceived.OTHER] if rng.random() < 0.05 else []
    if child.health == Health.SERIOUSLY_ILL:
        child.help_received = [*child.help_received, HelpReceived.MEDICAL]
    child.income_sources = [str(code) for code in child.income_sources]
    child.help_received = [str(code) for code in child.help_received]


def children_save(build: DemoBuild) -> None:
    """Write the planned children and their parents."""
    Child.objects.bulk_create([plan.child for plan in build.plans], batch_size=BATCH)
    Parent.objects.bulk_create(
        [parent for plan in build.plans for parent in plan.parents], batch_size=BATCH
    )
