"""The precise survey's "六清": six points a child's record must make clear, and what is missing.

Read from the masked columns and the prefetched parents, so a checklist of a whole school
decrypts nothing and asks nothing of the database per child.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from children.models import Child
from children.models.choices import PARENT_AWAY, Health, SchoolingStatus

IN_SCHOOL = frozenset(
    {
        SchoolingStatus.PRIMARY,
        SchoolingStatus.JUNIOR,
        SchoolingStatus.SENIOR,
        SchoolingStatus.VOCATIONAL,
    }
)


@dataclass(frozen=True)
class Point:
    """One of the six points: its name and the details the record still lacks."""

    key: str
    label: str
    missing: tuple[str, ...]

    @property
    def clear(self) -> bool:
        return not self.missing


def _numbers(child: Child, parents: dict) -> list[str]:
    missing = []
    if not child.id_masked:
        missing.append(_("公民身份号码"))
    if not child.birth_date:
        missing.append(_("出生日期"))
    return missing


def _household(child: Child, parents: dict) -> list[str]:
    missing = []
    if not child.household_registered:
        missing.append(_("户口未登记"))
    if not child.household_place:
        missing.append(_("户籍地"))
    if not child.village_id:
        missing.append(_("现住村（居）"))
    return missing


def _health(child: Child, parents: dict) -> list[str]:
    if child.health == Health.DISABLED and not (child.disability_kind and child.disability_grade):
        return [_("残疾类别和等级")]
    if child.health == Health.SERIOUSLY_ILL and not child.illness:
        return [_("所患疾病")]
    return []


def _carers(child: Child, parents: dict) -> list[str]:
    missing = []
    if not child.guardian_name:
        missing.append(_("委托监护人姓名"))
    if not child.guardian_relation:
        missing.append(_("与儿童关系"))
    if not child.guardian_phone_masked:
        missing.append(_("监护人电话"))
    for relation, label in (("father", _("父亲")), ("mother", _("母亲"))):
        parent = parents.get(relation)
        if parent is None or not parent.status:
            missing.append(_("%(who)s状况") % {"who": label})
        elif parent.status in PARENT_AWAY:
            if not parent.work_province:
                missing.append(_("%(who)s务工地") % {"who": label})
            if not parent.phone_masked:
                missing.append(_("%(who)s电话") % {"who": label})
    return missing


def _schooling(child: Child, parents: dict) -> list[str]:
    missing = []
    if not child.schooling_status:
        missing.append(_("就学状况"))
    elif child.schooling_status in IN_SCHOOL:
        if not child.school_id:
            missing.append(_("学校"))
        if not child.grade:
            missing.append(_("年级"))
        if not child.class_name:
            missing.append(_("班级"))
    return missing


def _needs(child: Child, parents: dict) -> list[str]:
    missing = []
    if not child.guardianship_grade:
        missing.append(_("监护情况评估"))
    if not child.income_sources:
        missing.append(_("家庭收入来源"))
    return missing


POINTS = (
    ("numbers", _("数量清"), _numbers),
    ("household", _("户籍清"), _household),
    ("health", _("健康清"), _health),
    ("carers", _("监护与亲属清"), _carers),
    ("schooling", _("就学清"), _schooling),
    ("needs", _("需求清"), _needs),
)


def six_points(child: Child) -> list[Point]:
    """Return the six points for `child`, each with what its record lacks (none: clear).

    Uses `child.parents.all()`; prefetch the parents for a list of children.
    """
    parents = {p.relation: p for p in child.parents.all()}
    return [
        Point(key, str(label), tuple(str(m) for m in check(child, parents)))
        for key, label, check in POINTS
    ]
