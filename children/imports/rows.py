"""Checking one row of a register file: its cells, the record's rules, its parents.

`check_row` is a pure function of the row's cells, the file's header and the check's
context: it returns a `CheckedRow` holding the values to write, every problem found (each
with the file's column, the value and a Chinese message) and data-quality notes. Nothing
is changed in place after the fact except by the file-wide steps in children.imports.check.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.roles import Kind, Level
from children.models import CaseStatus
from children.models.choices import (
    Health,
    HouseholdType,
    Poverty,
    SchoolingStatus,
    ethnic_group,
)
from children.models.record import child_rule_errors
from children.places import locate
from core.validators import ResidentId, parse_resident_id, validate_not_future

from .cells import CellError, YearMonth, narrow, text
from .columns import PARENT_FIELDS
from .context import Context, place_key
from .headers import Header
from .parents import RELATIONS, parent_values
from .places_check import resolve_places

# Where a row's cells of each parent are.
PARENT_KEYS = {
    relation: tuple((f, f"{relation}.{f}") for f in (*PARENT_FIELDS, "place"))
    for relation, _label in RELATIONS
}
FOOTER_WORDS = ("合计", "总计", "小计", "填表人", "填报人", "审核人", "制表人", "负责人", "签字")
# What an empty cell reads as, by kind (a relation: ("", ""); a class: (None, "")).
EMPTY = ("", None, [], False, ("", ""), (None, ""))


@dataclass(frozen=True)
class Problem:
    """One refused value: the file's column (and its index), the value, the message."""

    column: str
    index: int | None
    value: str
    message: str


@dataclass
class Match:
    """What a good row does to the register: new, changed, unchanged or transfer."""

    action: str
    child: int | None = None
    version: int | None = None
    changes: dict[str, list] = field(default_factory=dict)


@dataclass
class CheckedRow:
    """One data row of the file, checked."""

    row: int  # Excel's row number
    cells: list  # the row as the file holds it (for the error file); not to be changed
    sheet: str = ""  # the sheet's name, when the register fills several (else "")
    name: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    parents: dict[str, dict] = field(default_factory=dict)
    mentor: str = ""
    mentor_id: int | None = None
    other_school: str = ""  # a school staff's file naming another school in 学校
    problems: list[Problem] = field(default_factory=list)
    quality: list[str] = field(default_factory=list)
    match: Match | None = None

    @property
    def ok(self) -> bool:
        """Return whether the row can be written."""
        return not self.problems and not self.other_school


class RowProblems:
    """Adds problems to a row under the file's own column names."""

    def __init__(self, row: CheckedRow, header: Header):
        self.row, self.header = row, header

    def add(self, key: str, message: str) -> None:
        index = self.header.positions.get(key)
        value = (
            text(self.row.cells[index]) if index is not None and index < len(self.row.cells) else ""
        )
        self.row.problems.append(Problem(self.header.label(key), index, value, str(message)))

    def has(self, key: str) -> bool:
        return any(p.column == self.header.label(key) for p in self.row.problems)


def is_footer(raw: list, header: Header) -> bool:
    """Return whether a row is a total or signature line below the data (合计, 填表人...)."""
    index = header.positions["id_number"]
    id_cell = narrow(raw[index]) if index < len(raw) else ""
    if sum(ch.isdigit() for ch in id_cell) >= 15:
        return False
    return any(isinstance(v, str) and text(v).startswith(FOOTER_WORDS) for v in raw if v)


def _read_cells(raw: list, header: Header, problems: RowProblems) -> dict[str, Any]:
    """Return the row's cells read by their columns' readers; bad cells become problems."""
    out: dict[str, Any] = {}
    width = len(raw)
    for key, index, read in header.readers:
        value = raw[index] if index < width else None
        try:
            out[key] = read(value)
        except CellError as exc:
            if key.endswith(".status") and locate(text(value)) is not None:
                out[key.replace(".status", ".place")] = text(value)  # 父亲情况: 浙江杭州
                continue
            problems.add(key, str(exc))
    return out


def check_row(number: int, raw: list, header: Header, ctx: Context) -> CheckedRow | None:
    """Return the checked row, or None for a blank, total or signature row."""
    if is_footer(raw, header):
        return None
    row = CheckedRow(number, raw)  # the sheet's own list: no copy of 20,000 rows
    problems = RowProblems(row, header)
    cells = _read_cells(row.cells, header, problems)
    if all(v in EMPTY for v in cells.values()) and not row.problems:
        return None
    row.name = cells.get("name", "")
    row.values = _child_values(cells, header, ctx, problems)
    row.parents = _parents(cells, ctx, problems, row)
    row.mentor = cells.get("mentor", "")
    if row.mentor and row.values.get("school_id"):
        found = ctx.mentors.get((row.values["school_id"], place_key(row.mentor)), [])
        row.mentor_id = found[0] if len(found) == 1 else None
    if ctx.scope.level(Kind.CHILDREN) == Level.SCHOOL and row.values.get("school_id") not in (
        None,
        ctx.scope.school_id,
    ):
        row.other_school = cells.get("school", "")
    return row


def _schooling_for(grade: int | None) -> str:
    if grade is None:
        return ""
    if grade <= 6:
        return SchoolingStatus.PRIMARY
    return SchoolingStatus.JUNIOR if grade <= 9 else SchoolingStatus.SENIOR


def _identity(
    cells: dict[str, Any], values: dict[str, Any], problems: RowProblems, today: datetime.date
) -> ResidentId | None:
    """Check name and ID; take sex and birth date from the ID (a year-month birth too).

    Returns the parsed ID (None if missing or invalid) for the record's rules.
    """
    if not cells.get("name") and not problems.has("name"):
        problems.add("name", _("请填写姓名。"))
    number = cells.get("id_number", "")
    rid = None
    if not number:
        if not problems.has("id_number"):
            problems.add("id_number", _("请填写公民身份号码。"))
    else:
        try:
            rid = parse_resident_id(number, today=today)
        except ValidationError as exc:
            problems.add("id_number", exc.messages[0])
    if cells.get("guardian_id_number"):
        try:
            parse_resident_id(cells["guardian_id_number"], today=today)
        except ValidationError as exc:
            problems.add("guardian_id_number", exc.messages[0])
    birth = values.get("birth_date")
    if isinstance(birth, YearMonth):
        if rid is not None and (rid.birth_date.year, rid.birth_date.month) != tuple(birth):
            problems.add(
                "birth_date",
                _("出生年月 %(y)s年%(m)s月 与身份证号码中的 %(from_id)s 不一致。")
                % {"y": birth.year, "m": birth.month, "from_id": rid.birth_date},
            )
        values["birth_date"] = None
    if rid is not None:
        values["sex"] = values.get("sex") or rid.sex
        values["birth_date"] = values.get("birth_date") or rid.birth_date
    if values.get("birth_date"):
        try:
            validate_not_future(values["birth_date"], today=today)
        except ValidationError as exc:
            problems.add("birth_date", exc.messages[0])
    return rid


def _defaults(values: dict[str, Any], header: Header, problems: RowProblems) -> None:
    values["ethnicity"] = ethnic_group(values.get("ethnicity", "")) or "汉族"
    for key, default in (
        ("household_type", HouseholdType.RURAL),
        ("health", Health.HEALTHY),
        ("poverty", Poverty.NONE),
    ):
        if key in values and not values[key]:
            values[key] = default
    for key, default in (
        ("household_in_county", True),
        ("boarding", False),
        ("guardianship_agreement_signed", False),
    ):
        if key in values and values[key] is None:
            values[key] = default
    if "schooling_status" in header.positions or "grade" in header.positions:
        values["schooling_status"] = values.get("schooling_status") or _schooling_for(
            values.get("grade")
        )
        if not values["schooling_status"] and not problems.has("grade"):
            problems.add("schooling_status", _("请填写就学状况或年级。"))


def _child_values(
    cells: dict[str, Any], header: Header, ctx: Context, problems: RowProblems
) -> dict[str, Any]:
    """Return the child's field values with defaults, places resolved, rules checked."""
    values = {key: cells[key] for key in header.child_keys if key in cells}
    if "guardian_relation" in values:
        code, word = values.pop("guardian_relation")
        values["guardian_relation"] = code
        # A coded label (an export read back) is not a word of its own: keep the stored one.
        if word and word not in (code, ctx.relation_labels.get(code, "")):
            values["guardian_relation_word"] = word[:20]
    if "class_name" in values:
        # "三年级二班" in the class column: the class, and the grade when none is given.
        grade, values["class_name"] = values["class_name"]
        if grade and not values.get("grade") and not problems.has("grade"):
            values["grade"] = grade
    rid = _identity(cells, values, problems, ctx.today)
    _defaults(values, header, problems)
    resolve_places(cells, values, ctx, problems)
    rule_errors = child_rule_errors(
        id_number=rid or cells.get("id_number", ""),
        birth_date=values.get("birth_date"),
        sex=values.get("sex", ""),
        health=values.get("health", Health.HEALTHY),
        disability_kind=values.get("disability_kind", ""),
        illness=values.get("illness", ""),
        status=CaseStatus.OPEN,
        close_reason="",
        county_id=None,  # places come from the county's own lists
        town_id=values.get("town_id"),
        town_county_id=None,
        village_town_id=ctx.places.village_town.get(values.get("village_id")),
        school_county_id=None,
    )
    for key, messages in rule_errors.items():
        for message in messages:
            problems.add(
                key, message.messages[0] if isinstance(message, ValidationError) else message
            )
    return values


def _parents(
    cells: dict[str, Any], ctx: Context, problems: RowProblems, row: CheckedRow
) -> dict[str, dict]:
    """Return {relation: values} for each parent the row gives anything for."""
    parents = {}
    for relation, label in RELATIONS:
        given = {f: cells[key] for f, key in PARENT_KEYS[relation] if key in cells}
        values = parent_values(
            given,
            home_province=ctx.home_province,
            add_problem=lambda key, message, r=relation: problems.add(f"{r}.{key}", message),
            add_quality=row.quality.append,
            label=label,
        )
        if values is not None:
            parents[relation] = values
    return parents


def json_value(value: Any) -> Any:
    """Return a value as stored in the batch's JSON (dates as ISO text)."""
    return value.isoformat() if isinstance(value, datetime.date) else value
