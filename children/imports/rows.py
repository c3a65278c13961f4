"""Checking a register file's rows once: header, cells, the record's rules, scope and duplicates.

`check_rows` turns raw rows into validated row results and errors (row number as Excel
shows it, the column's header as the file names it, a Chinese message). It reads the
database a constant number of times: the county's places once, the children of the
file's IDs once per 5,000 IDs.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, Exists, OuterRef, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Kind, Level, Scope, scope_of
from children.categories import categories_derive
from children.models import Child, Parent
from children.models.choices import (
    Health,
    HouseholdType,
    Poverty,
    SchoolingStatus,
)
from children.models.record import child_rule_errors, parent_rule_errors
from children.selectors import children_visible_to, id_numbers_q
from core.validators import parse_resident_id, validate_not_future
from schools.models import School, Town, Village

from .cells import READERS, CellError, narrow, text
from .columns import ALIASES, COLUMN_BY_KEY, COLUMNS, PARENT_FIELDS, Column, header_key
from .files import FileRefused

HEADER_SCAN_ROWS = 30
LOOKUP_CHUNK = 5000
FOOTER_WORDS = ("合计", "总计", "小计", "填表人", "填报人", "审核人", "制表人", "负责人", "签字")
# Child fields an import compares and writes (places as their id attributes).
PLACE_FIELDS = {"town": "town_id", "village": "village_id", "school": "school_id"}
DERIVED = ("is_left_behind", "is_migrant", "is_in_difficulty", "is_unsupported")


@dataclass
class Header:
    """Where the header row is and which column of the file holds which register column."""

    row: int
    positions: dict[str, int]  # column key -> index in the row
    names: dict[str, str]  # column key -> header text as the file writes it
    ignored: list[str] = field(default_factory=list)

    def label(self, key: str) -> str:
        """Return the column's name as the user sees it in their file."""
        return self.names.get(key) or COLUMN_BY_KEY[key].header


def find_header(rows: Iterator[tuple[int, tuple]]) -> tuple[Header, Iterator]:
    """Return the header found in the first rows, and the rows after it; raise FileRefused."""
    for number, values in rows:
        positions: dict[str, int] = {}
        names: dict[str, str] = {}
        ignored = []
        for index, value in enumerate(values):
            cell = text(value)
            column = ALIASES.get(header_key(cell)) if cell else None
            if column is None:
                if cell:
                    ignored.append(cell)
                continue
            if column.key not in positions:
                positions[column.key] = index
                names[column.key] = cell
        if "id_number" in positions and "name" in positions and len(positions) >= 3:
            return Header(number, positions, names, ignored), rows
        if number >= HEADER_SCAN_ROWS:
            break
    raise FileRefused(
        _(
            "在前 %(n)s 行中找不到表头：表头须包含“姓名”和“公民身份号码”（或“身份证号”）列。"
            "请使用导入模板。"
        )
        % {"n": HEADER_SCAN_ROWS}
    )


@dataclass
class Places:
    """The county's towns, villages and schools by name, loaded once per import."""

    towns: dict[str, int]
    villages: dict[tuple[int, str], tuple[int, int]]  # (town, name) -> (village, town)
    villages_by_name: dict[str, list[tuple[int, int]]]
    schools: dict[str, tuple[int, int]]  # name -> (school, town)
    school_names: dict[int, str]
    school_town: dict[int, int]
    village_town: dict[int, int]

    @classmethod
    def load(cls, county_id: int) -> "Places":
        """Return the county's places, in three queries."""
        towns = {
            _place_key(name): pk
            for pk, name in Town.objects.filter(county_id=county_id).values_list("pk", "name")
        }
        villages, by_name, village_town = {}, {}, {}
        for pk, town_id, name in Village.objects.filter(town__county_id=county_id).values_list(
            "pk", "town_id", "name"
        ):
            villages[(town_id, _place_key(name))] = (pk, town_id)
            by_name.setdefault(_place_key(name), []).append((pk, town_id))
            village_town[pk] = town_id
        schools, school_names, school_town = {}, {}, {}
        for pk, town_id, name in School.objects.filter(town__county_id=county_id).values_list(
            "pk", "town_id", "name"
        ):
            schools[_place_key(name)] = (pk, town_id)
            school_names[pk] = name
            school_town[pk] = town_id
        return cls(towns, villages, by_name, schools, school_names, school_town, village_town)


def _place_key(name: str) -> str:
    return narrow(name).replace(" ", "")


@dataclass
class Checked:
    """The outcome of checking a file: the rows to write, the errors, and the counts."""

    rows: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    total: int
    error_rows: int
    ignored_headers: list[str]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r["action"] == action)


class RowErrors:
    """Collects one row's errors as (column header, message)."""

    def __init__(self, number: int, header: Header):
        self.number, self.header, self.items = number, header, []

    def add(self, key: str, message: str) -> None:
        self.items.append(
            {"row": self.number, "column": self.header.label(key), "message": message}
        )


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _is_footer(raw: tuple, header: Header) -> bool:
    """Return whether a row is a total or signature line below the data (合计, 填表人...)."""
    index = header.positions["id_number"]
    id_cell = narrow(raw[index]) if index < len(raw) else ""
    if sum(ch.isdigit() for ch in id_cell) >= 15:
        return False
    return any(
        isinstance(v, str) and text(v).startswith(FOOTER_WORDS) for v in raw if v is not None
    )


def _read_row(raw: tuple, header: Header, errors: RowErrors) -> dict[str, Any]:
    """Return the row's cells read by their columns' readers; bad cells go to `errors`."""
    out: dict[str, Any] = {}
    width = len(raw)
    for key, index in header.positions.items():
        column: Column = COLUMN_BY_KEY[key]
        value = raw[index] if index < width else None
        try:
            out[key] = READERS[column.kind](value, column)
        except CellError as exc:
            errors.add(key, str(exc))
    return out


def _schooling_for(grade: int | None) -> str:
    if grade is None:
        return ""
    if grade <= 6:
        return SchoolingStatus.PRIMARY
    return SchoolingStatus.JUNIOR if grade <= 9 else SchoolingStatus.SENIOR


class RowChecker:
    """Checks rows one by one against the shared validators and the record's rules."""

    def __init__(self, *, user, header: Header, places: Places, today: datetime.date):
        self.user, self.header, self.places, self.today = user, header, places, today
        self.scope = scope_of(user)
        self.present = set(header.positions)

    def check(self, number: int, raw: tuple) -> tuple[dict | None, list[dict]]:
        """Return (row result or None if the row is blank or a footer, errors)."""
        if _is_footer(raw, self.header):
            return None, []
        errors = RowErrors(number, self.header)
        cells = _read_row(raw, self.header, errors)
        if not any(v not in ("", None, [], False) for v in cells.values()) and not errors.items:
            return None, []
        values = self._child_values(cells, errors)
        parents = self._parents(cells, errors)
        if errors.items:
            return None, errors.items
        return {"row": number, "values": values, "parents": parents}, []

    def _child_values(self, cells: dict[str, Any], errors: RowErrors) -> dict[str, Any]:
        """Return the child's field values with defaults, places resolved, rules checked."""
        if not cells.get("name") and "name" not in {e["column"] for e in errors.items}:
            errors.add("name", _("请填写姓名。"))
        number = cells.get("id_number", "")
        rid = None
        if not number:
            if not any(e["column"] == self.header.label("id_number") for e in errors.items):
                errors.add("id_number", _("请填写公民身份号码。"))
        else:
            try:
                rid = parse_resident_id(number)
            except ValidationError as exc:
                errors.add("id_number", exc.messages[0])
        guardian_id = cells.get("guardian_id_number", "")
        if guardian_id:
            try:
                parse_resident_id(guardian_id)
            except ValidationError as exc:
                errors.add("guardian_id_number", exc.messages[0])
        values = {key: cells[key] for key in cells if "." not in key and key not in PLACE_FIELDS}
        if rid is not None:
            values.setdefault("sex", "")
            values.setdefault("birth_date", None)
            values["sex"] = values["sex"] or rid.sex
            values["birth_date"] = values["birth_date"] or rid.birth_date
        if values.get("birth_date"):
            try:
                validate_not_future(values["birth_date"])
            except ValidationError as exc:
                errors.add("birth_date", exc.messages[0])
        if not values.get("ethnicity"):
            values["ethnicity"] = "汉族"
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
        if "schooling_status" in self.present or "grade" in self.present:
            values["schooling_status"] = values.get("schooling_status") or _schooling_for(
                values.get("grade")
            )
            if not values["schooling_status"]:
                errors.add("schooling_status", _("请填写就学状况或年级。"))
        self._places(cells, values, errors)
        rule_errors = child_rule_errors(
            id_number=number,
            birth_date=values.get("birth_date"),
            sex=values.get("sex", ""),
            health=values.get("health", Health.HEALTHY),
            disability_kind=values.get("disability_kind", ""),
            illness=values.get("illness", ""),
            status="open",
            close_reason="",
            county_id=None,  # places come from the county's own lists
            town_id=values.get("town_id"),
            town_county_id=None,
            village_town_id=self._village_town(values.get("village_id")),
            school_county_id=None,
        )
        for key, messages in rule_errors.items():
            for message in messages:
                text_ = message.messages[0] if isinstance(message, ValidationError) else message
                errors.add(key, str(text_))
        return values

    def _village_town(self, village_id: int | None) -> int | None:
        return self.places.village_town.get(village_id) if village_id is not None else None

    def _places(self, cells: dict[str, Any], values: dict[str, Any], errors: RowErrors) -> None:
        """Resolve school, town and village names, and check the row lies in scope."""
        places, scope = self.places, self.scope
        school_id = school_town = None
        school_name = cells.get("school", "")
        if school_name:
            found = places.schools.get(school_name)
            if found is None:
                errors.add("school", _("本县没有名为“%(v)s”的学校。") % {"v": school_name})
            else:
                school_id, school_town = found
        elif scope.school_id:
            school_id = scope.school_id
            school_town = places.school_town.get(school_id)
        town_id = None
        town_name = cells.get("town", "")
        if town_name:
            town_id = places.towns.get(town_name)
            if town_id is None:
                errors.add("town", _("本县没有名为“%(v)s”的乡镇。") % {"v": town_name})
        village_id = None
        village_name = cells.get("village", "")
        if village_name:
            village_id, village_town = self._village(village_name, town_id, school_town)
            if village_id is None:
                errors.add("village", _("找不到村（居）“%(v)s”。") % {"v": village_name})
            elif town_id is None and not town_name:
                town_id = village_town
        elif scope.level(Kind.CHILDREN) == Level.VILLAGE:
            village_id = scope.village_id
        if town_id is None and not town_name:
            town_id = school_town
            if town_id is None and village_id is not None:
                town_id = self._village_town(village_id)
            if town_id is None:
                errors.add("town", _("请填写现住乡镇。"))
        values.update(school_id=school_id, town_id=town_id, village_id=village_id)
        if errors.items:
            return
        if not child_places_allowed(scope, school_id, school_town, town_id, village_id):
            key = "village" if scope.level(Kind.CHILDREN) == Level.VILLAGE else "school"
            errors.add(key, _("该儿童不在您的管辖范围内，不能由您导入。"))

    def _village(self, name: str, town_id: int | None, school_town: int | None):
        found = self.places.villages.get((town_id, name)) if town_id else None
        if found:
            return found
        candidates = self.places.villages_by_name.get(name, [])
        if town_id is None and len(candidates) == 1:
            return candidates[0]
        if town_id is None and school_town:
            for village_id, village_town in candidates:
                if village_town == school_town:
                    return village_id, village_town
        if town_id is not None and candidates:
            return candidates[0][0], -1  # exists, but in another town: the rule reports it
        return None, None

    def _parents(self, cells: dict[str, Any], errors: RowErrors) -> dict[str, dict]:
        """Return {relation: values} for each parent the row gives anything for."""
        parents = {}
        for relation in (Parent.Relation.FATHER, Parent.Relation.MOTHER):
            given = {
                f: cells[f"{relation}.{f}"] for f in PARENT_FIELDS if f"{relation}.{f}" in cells
            }
            if not any(given.values()) or (
                f"{relation}.status" in self.present and f"{relation}.status" not in cells
            ):
                continue  # nothing given, or the status cell already has its error
            if not given.get("status"):
                errors.add(f"{relation}.status", _("已填写父母信息时，请填写其状况。"))
                continue
            for key, message in parent_rule_errors(
                status=given["status"], work_province=given.get("work_province", "")
            ).items():
                errors.add(f"{relation}.{key}", str(message))
            parents[relation] = given
        return parents


def check_rows(
    *,
    user,
    rows: Iterable[tuple[int, tuple]],
    max_rows: int,
    progress: Callable[[int], None] | None = None,
) -> Checked:
    """Return the checked rows of a file: each new, changed, unchanged or transfer; errors.

    Reads the header, every cell, the record's rules, duplicates within the file, and the
    children already registered with the file's IDs (in scope: compared; elsewhere in the
    county: a transfer that needs confirming). Raises FileRefused for a file-level problem.
    """
    iterator = iter(rows)
    header, iterator = find_header(iterator)
    checker = RowChecker(
        user=user, header=header, places=Places.load(user.county_id), today=timezone.localdate()
    )
    good: list[dict] = []
    errors: list[dict] = []
    error_rows: set[int] = set()
    first_row_of: dict[str, int] = {}
    total = 0
    for number, raw in iterator:
        result, row_errors = checker.check(number, raw)
        if result is None and not row_errors:
            continue
        total += 1
        if total > max_rows:
            raise FileRefused(_("文件超过 %(n)s 行数据，请分多个文件导入。") % {"n": max_rows})
        if progress and total % 1000 == 0:
            progress(total)
        number_id = (result or {}).get("values", {}).get("id_number")
        if number_id:
            if number_id in first_row_of:
                row_errors = [
                    {
                        "row": number,
                        "column": header.label("id_number"),
                        "message": _("身份证号与第 %(r)s 行重复。")
                        % {"r": first_row_of[number_id]},
                    }
                ]
            else:
                first_row_of[number_id] = number
        if row_errors:
            errors.extend(row_errors)
            error_rows.add(number)
            continue
        good.append(result)
    _compare_with_register(user, good, header, checker.places, errors, error_rows)
    rows_out = [r for r in good if r["row"] not in error_rows]
    return Checked(rows_out, errors, total, len(error_rows), header.ignored)


CHILD_COMPARE_FIELDS = [
    "id",
    "version",
    "school_id",
    "status",
    *[c.key for c in COLUMNS if c.relation is None and c.key not in PLACE_FIELDS],
    "town_id",
    "village_id",
    *DERIVED,
    "household_type",
    "household_in_county",
    "birth_date",
    "health",
    "poverty",
    "guardianship_grade",
]


def _compare_with_register(user, rows, header, places, errors, error_rows) -> None:
    """Mark each row new, changed, unchanged or transfer against the register; in place."""
    numbers = [r["values"]["id_number"] for r in rows]
    existing: dict[str, dict] = {}
    elsewhere: dict[str, dict] = {}
    fields = list(dict.fromkeys(CHILD_COMPARE_FIELDS))
    for start in range(0, len(numbers), LOOKUP_CHUNK):
        chunk = numbers[start : start + LOOKUP_CHUNK]
        for child in (
            Child.objects.filter(id_numbers_q(chunk), county_id=user.county_id)
            .annotate(in_scope=_in_scope_q(user))
            .values(*fields, "in_scope")
        ):
            (existing if child["in_scope"] else elsewhere)[child["id_number"]] = child
    parents = _existing_parents([c["id"] for c in existing.values()])
    today = timezone.localdate()
    for row in rows:
        values = row["values"]
        number = values["id_number"]
        child = existing.get(number) or elsewhere.get(number)
        if child is None:
            row["action"] = "new"
            values.update(_derived(values, row["parents"], {}, today))
        elif child["status"] == "closed" and number in existing:
            errors.append(
                {
                    "row": row["row"],
                    "column": header.label("id_number"),
                    "message": _("该儿童已结案，请先在儿童档案中重新开案。"),
                }
            )
            error_rows.add(row["row"])
            continue
        elif values.get("school_id") is None and number in elsewhere:
            errors.append(
                {
                    "row": row["row"],
                    "column": header.label("id_number"),
                    "message": _("该身份证号已在本县其他单位登记，不能由您导入。"),
                }
            )
            error_rows.add(row["row"])
            continue
        elif values.get("school_id") not in (None, child["school_id"]):
            row["action"] = "transfer"
            row["child"] = child["id"]
            row["version"] = child["version"]
            row["from_school"] = places.school_names.get(child["school_id"], "")
            row["to_school"] = places.school_names.get(values.get("school_id"), "")
            row["in_scope"] = number in existing
        else:
            values["school_id"] = child["school_id"]
            row["child"] = child["id"]
            row["version"] = child["version"]
            row["changes"] = _changes(child, values, row["parents"], parents, today)
            row["action"] = "changed" if row["changes"] else "unchanged"
        row["values"] = {k: _json_value(v) for k, v in values.items()}


def child_places_allowed(scope: Scope, school_id, school_town, town_id, village_id) -> bool:
    """Return whether a child at these places lies in the scope (as children_visible_to)."""
    return scope.allows(
        Kind.CHILDREN, school=school_id, village=village_id, town=(school_town, town_id)
    )


def _in_scope_q(user):
    """Return a boolean expression: the child lies in the user's scope."""
    visible = children_visible_to(user).filter(pk=OuterRef("pk"))
    return Case(
        When(Exists(visible), then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _existing_parents(child_ids: list[int]) -> dict[tuple[int, str], dict]:
    """Return {(child id, relation): parent values} for the given children."""
    out = {}
    for start in range(0, len(child_ids), LOOKUP_CHUNK):
        chunk = child_ids[start : start + LOOKUP_CHUNK]
        for parent in Parent.objects.filter(child_id__in=chunk).values(
            "child_id", "relation", *PARENT_FIELDS
        ):
            out[(parent["child_id"], parent["relation"])] = parent
    return out


def _derived(values, parents, existing_parents: dict[str, str], today) -> dict[str, bool]:
    """Return the category flags derived from the row (over the stored record)."""
    statuses = dict(existing_parents)
    statuses.update({rel: p["status"] for rel, p in parents.items()})
    return categories_derive(
        birth_date=values["birth_date"],
        on=today,
        household_type=values.get("household_type") or HouseholdType.RURAL,
        household_in_county=values.get("household_in_county", True),
        parent_statuses=list(statuses.items()),
        health=values.get("health") or Health.HEALTHY,
        poverty=values.get("poverty") or Poverty.NONE,
        guardianship_grade=values.get("guardianship_grade") or "",
    ).as_fields()


def _same(old: Any, new: Any) -> bool:
    if old in (None, "", []) and new in (None, "", []):
        return True
    return old == new


def _changes(child, values, parents, stored_parents, today) -> dict[str, list]:
    """Return {key: [old, new]} for what the row changes, categories re-derived if so."""
    changes = {}
    for key, new in values.items():
        if key in child and not _same(child[key], new):
            changes[key] = [_json_value(child[key]), _json_value(new)]
    existing_statuses = {}
    for relation in (Parent.Relation.FATHER, Parent.Relation.MOTHER):
        stored = stored_parents.get((child["id"], relation))
        if stored:
            existing_statuses[relation] = stored["status"]
        for key, new in parents.get(relation, {}).items():
            old = stored.get(key, "") if stored else ""
            if not _same(old, new):
                changes[f"{relation}.{key}"] = [old, new]
    if changes:
        merged = {k: child.get(k) for k in ("household_type", "household_in_county")}
        merged.update(
            {k: child[k] for k in ("birth_date", "health", "poverty", "guardianship_grade")}
        )
        merged.update(values)
        for key, new in _derived(merged, parents, existing_statuses, today).items():
            if child[key] != new:
                changes[key] = [child[key], new]
    return changes
