"""The rules of a child's record shared by the model, the form and the import."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.validators import ResidentId, parse_resident_id

from .choices import (
    CaseStatus,
    Health,
    ParentStatus,
    Sex,
)


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Return the age in whole years on `day` of someone born on `birth_date`."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def child_rule_errors(
    *,
    id_number: str | ResidentId,
    birth_date: datetime.date | None,
    sex: str,
    health: str,
    disability_kind: str,
    illness: str,
    status: str,
    close_reason: str,
    county_id: int | None,
    town_id: int | None,
    town_county_id: int | None,
    village_town_id: int | None,
    school_county_id: int | None,
) -> dict[str, list]:
    """Return {field: [errors]} for the rules a child's record must keep across its fields.

    Shared by Child.clean (forms) and the Excel import, which checks plain values in bulk
    and passes `id_number` as parse_resident_id returned it (not parsed a second time).
    An invalid ID is left to the field's own validator.
    """
    errors: dict[str, list] = {}
    if isinstance(id_number, ResidentId):
        rid = id_number
    else:
        try:
            rid = parse_resident_id(id_number)
        except ValidationError:
            rid = None
    if rid is not None:
        if birth_date and birth_date != rid.birth_date:
            errors.setdefault("birth_date", []).append(
                ValidationError(
                    _("出生日期 %(entered)s 与身份证号码中的 %(from_id)s 不一致。"),
                    code="birth_mismatch",
                    params={"entered": birth_date, "from_id": rid.birth_date},
                )
            )
        if sex and sex != rid.sex:
            errors.setdefault("sex", []).append(
                ValidationError(
                    _("性别与身份证号码第 17 位不一致（号码显示为%(sex)s）。"),
                    code="sex_mismatch",
                    params={"sex": Sex(rid.sex).label},
                )
            )
    if village_town_id and town_id and village_town_id != town_id:
        errors.setdefault("village", []).append(_("所选村（居）不属于所选乡镇。"))
    if town_county_id and county_id and town_county_id != county_id:
        errors.setdefault("town", []).append(_("所选乡镇不在本县。"))
    if school_county_id and county_id and school_county_id != county_id:
        errors.setdefault("school", []).append(_("所选学校不在本县。"))
    if health == Health.DISABLED and not disability_kind:
        errors.setdefault("disability_kind", []).append(_("残疾儿童请填写残疾类别。"))
    if health == Health.SERIOUSLY_ILL and not illness:
        errors.setdefault("illness", []).append(_("患重病儿童请填写所患疾病。"))
    if status == CaseStatus.CLOSED and not close_reason:
        errors.setdefault("close_reason", []).append(_("结案时必须选择结案原因。"))
    return errors


def parent_rule_errors(*, status: str, work_province: str) -> dict[str, str]:
    """Return {field: error} for the rules a parent's record must keep (shared with imports)."""
    if status in (ParentStatus.AWAY_IN_PROVINCE, ParentStatus.AWAY_OUT_OF_PROVINCE):
        if not work_province:
            return {"work_province": _("外出务工的父母请填写务工省份。")}
    return {}
