"""The register in the columns and codes of the national 2016 registration form.

《农村留守儿童基本情况登记表》 (民发〔2016〕42号 annex 1) has one block per child; the
national information system takes it as one row per child in the form's order, with the
form's own wording for each choice. docs/survey.md lists the columns and the mapping from
the register's codes. The form's grandparents' block is left out: the register does not
hold grandparents.
"""

from collections.abc import Callable, Iterator

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from children.models import Child, Parent
from children.models.choices import (
    PARENT_AWAY,
    GuardianRelation,
    GuardianshipGrade,
    Health,
    HelpReceived,
    IncomeSource,
    ParentStatus,
    SchoolingStatus,
    Sex,
)
from core.validators import parse_resident_id

SHEET_TITLE = "农村留守儿童基本情况登记表"
CHUNK = 2000

# The form's wording for the register's codes (the form ticks one of these).
SEX = {Sex.MALE: "男", Sex.FEMALE: "女"}
HEALTH = {Health.HEALTHY: "健康", Health.DISABLED: "残疾", Health.SERIOUSLY_ILL: "患病"}
SCHOOLING = {
    SchoolingStatus.KINDERGARTEN: "幼儿园",
    SchoolingStatus.NOT_ENROLLED: "未入园",
    SchoolingStatus.PRIMARY: "小学",
    SchoolingStatus.JUNIOR: "初中",
    SchoolingStatus.SENIOR: "高中",
    SchoolingStatus.VOCATIONAL: "中职",
    SchoolingStatus.DROPPED_OUT: "辍学",
    SchoolingStatus.NOT_IN_SCHOOL: "不在学",
}
GUARDIANSHIP = {
    GuardianshipGrade.NONE: "无人监护",
    GuardianshipGrade.PARENT_INCAPABLE: "父或母无监护能力",
    GuardianshipGrade.GUARDIAN_WEAK: "受委托监护人监护能力不足",
    GuardianshipGrade.ORDINARY: "监护情况一般",
    GuardianshipGrade.GOOD: "监护情况较好",
}
# The form has five sources of income; the register's business, pension and other are "其他".
INCOME = {
    IncomeSource.WAGES: "打工收入",
    IncomeSource.FARMING: "种养殖业",
    IncomeSource.WELFARE: "政府救助",
    IncomeSource.BUSINESS: "其他",
    IncomeSource.PENSION: "其他",
    IncomeSource.OTHER: "其他",
}
INCOME_ORDER = ("打工收入", "种养殖业", "政府救助", "亲朋接济", "其他")
HELP = {
    HelpReceived.DIBAO: "享受低保",
    HelpReceived.TEMPORARY: "临时救助",
    HelpReceived.MEDICAL: "医疗救助",
    HelpReceived.HOUSING: "住房救助",
    HelpReceived.OTHER: "其他救助",
}
# The form's "无监护能力": the parent at home lost capacity through serious illness or disability.
INCAPABLE = frozenset({ParentStatus.SERIOUSLY_ILL, ParentStatus.DISABLED})
YES, NO = "是", "否"


def _yes(value: bool) -> str:
    return YES if value else NO


def _birth_from_id(number: str) -> str:
    """Return the birth date a parent's ID gives (YYYY-MM-DD), or "" without a valid ID."""
    try:
        return parse_resident_id(number).birth_date.isoformat() if number else ""
    except ValidationError:
        return ""


def _work_place(parent: Parent | None) -> str:
    if parent is None or parent.status not in PARENT_AWAY:
        return ""
    return f"{parent.work_province}{parent.work_city}"


def _multi(values: list[str], codes: dict, order: tuple[str, ...]) -> str:
    chosen = {codes[v] for v in values if v in codes}
    return "、".join(label for label in order if label in chosen)


def _disability(c: Child) -> str:
    if c.health != Health.DISABLED:
        return ""
    return f"{c.get_disability_kind_display()}{c.get_disability_grade_display()}"


def _both_away(f: Parent | None, m: Parent | None) -> bool:
    return bool(f and m and f.status in PARENT_AWAY and m.status in PARENT_AWAY)


def _one_away_other_incapable(f: Parent | None, m: Parent | None) -> bool:
    statuses = {f.status if f else "", m.status if m else ""}
    return bool(statuses & PARENT_AWAY) and bool(statuses & INCAPABLE)


def _incapable(f: Parent | None, m: Parent | None) -> str:
    who = [label for p, label in ((f, "父亲"), (m, "母亲")) if p and p.status in INCAPABLE]
    return "、".join(who)


def _entrusted(c: Child) -> bool:
    return bool(c.guardian_name) and c.guardian_relation != GuardianRelation.PARENT


def _unit(c: Child) -> str:
    if c.school_id:
        return c.school.name
    return str(c.village) if c.village_id else c.town.name


def _address(c: Child) -> str:
    village = c.village.name if c.village_id else ""
    return f"{c.town.name}{village}{c.group}{c.address}"


Row = Callable[[Child, Parent | None, Parent | None], object]

# (header as on the form, value); 序号 is added in front when writing.
COLUMNS: tuple[tuple[str, Row], ...] = (
    ("填报单位", lambda c, f, m: _unit(c)),
    ("姓名", lambda c, f, m: c.name),
    ("性别", lambda c, f, m: SEX.get(c.sex, "")),
    ("民族", lambda c, f, m: c.ethnicity),
    ("出生日期", lambda c, f, m: c.birth_date.isoformat()),
    ("公民身份证号码", lambda c, f, m: c.id_number),
    ("是否登记户口", lambda c, f, m: _yes(c.household_registered)),
    ("户籍所在地", lambda c, f, m: c.household_place),
    ("现居住地", lambda c, f, m: _address(c)),
    ("身体情况", lambda c, f, m: HEALTH.get(c.health, "")),
    ("残疾类别及等级", lambda c, f, m: _disability(c)),
    ("患病类型", lambda c, f, m: c.illness if c.health == Health.SERIOUSLY_ILL else ""),
    ("是否学校寄宿", lambda c, f, m: _yes(c.boarding)),
    ("就学情况", lambda c, f, m: SCHOOLING.get(c.schooling_status, "")),
    ("父亲姓名", lambda c, f, m: f.name if f else ""),
    ("父亲出生日期", lambda c, f, m: _birth_from_id(f.id_number) if f else ""),
    ("父亲当前务工地点", lambda c, f, m: _work_place(f)),
    ("父亲联系电话", lambda c, f, m: f.phone if f else ""),
    ("母亲姓名", lambda c, f, m: m.name if m else ""),
    ("母亲出生日期", lambda c, f, m: _birth_from_id(m.id_number) if m else ""),
    ("母亲当前务工地点", lambda c, f, m: _work_place(m)),
    ("母亲联系电话", lambda c, f, m: m.phone if m else ""),
    ("父亲公民身份证号码", lambda c, f, m: f.id_number if f else ""),
    ("母亲公民身份证号码", lambda c, f, m: m.id_number if m else ""),
    ("父母双方同时外出", lambda c, f, m: _yes(_both_away(f, m))),
    ("父母一方外出、另一方无监护能力", lambda c, f, m: _yes(_one_away_other_incapable(f, m))),
    ("无监护能力", lambda c, f, m: _incapable(f, m)),
    ("父母外出有无委托其他监护人", lambda c, f, m: _yes(_entrusted(c))),
    ("委托监护人姓名", lambda c, f, m: c.guardian_name if _entrusted(c) else ""),
    ("受委托监护人电话", lambda c, f, m: c.guardian_phone if _entrusted(c) else ""),
    ("受委托监护人公民身份证号码", lambda c, f, m: c.guardian_id_number if _entrusted(c) else ""),
    ("与被监护人关系", lambda c, f, m: c.get_guardian_relation_display() if _entrusted(c) else ""),
    ("受委托监护人居住地地址", lambda c, f, m: c.guardian_address if _entrusted(c) else ""),
    ("监护类型", lambda c, f, m: GUARDIANSHIP.get(c.guardianship_grade, "")),
    ("家庭经济来源", lambda c, f, m: _multi(c.income_sources, INCOME, INCOME_ORDER)),
    ("救助帮扶情况", lambda c, f, m: _multi(c.help_received, HELP, tuple(HELP.values()))),
)


def headers() -> list[str]:
    """Return the form's column headers, 序号 first."""
    return ["序号", *(header for header, _value in COLUMNS)]


def form_rows(children: QuerySet[Child]) -> Iterator[list]:
    """Yield one row per child in the form's columns with full values, numbered from 1.

    `children` must come from `children_visible_to` (the caller's scope); a few queries
    per CHUNK children.
    """
    qs = (
        children.select_related("school", "town", "village__town")
        .prefetch_related("parents")
        .order_by("school__name", "grade", "class_name", "name", "pk")
    )
    for number, child in enumerate(qs.iterator(chunk_size=CHUNK), 1):
        parents = {p.relation: p for p in child.parents.all()}
        father, mother = parents.get(Parent.Relation.FATHER), parents.get(Parent.Relation.MOTHER)
        yield [number, *(value(child, father, mother) for _header, value in COLUMNS)]
