"""Comparing a file's good rows with the register: new, changed, unchanged or transfer.

Reads the children of the file's IDs once per 5,000 IDs, and their parents likewise.
A row whose ID belongs to a child of another school becomes a transfer (a request at
confirmation: the child is never moved by an import).
"""

from typing import Any

from django.db.models import BooleanField, Case, Exists, OuterRef, Value, When
from django.utils.translation import gettext as _

from children.categories import categories_derive
from children.models import CaseStatus, Child, Parent
from children.models.choices import Health, HouseholdType, Poverty
from children.selectors import children_visible_to, id_numbers_q

from .columns import PARENT_FIELDS, REGISTER_COLUMNS
from .headers import Header
from .rows import CheckedRow, Match, RowProblems, json_value

LOOKUP_CHUNK = 5000
PLACE_FIELDS = ("town", "village", "school")
DERIVED = ("is_left_behind", "is_migrant", "is_in_difficulty", "is_unsupported")
COMPARE_FIELDS = list(
    dict.fromkeys(
        [
            "id",
            "version",
            "school_id",
            "status",
            *[c.key for c in REGISTER_COLUMNS if c.relation is None and c.key not in PLACE_FIELDS],
            "guardian_relation_word",
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
    )
)


def _in_scope_q(user):
    """Return a boolean expression: the child lies in the user's scope."""
    visible = children_visible_to(user).filter(pk=OuterRef("pk"))
    return Case(
        When(Exists(visible), then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _lookup(user, numbers: list[str]) -> dict[str, dict]:
    """Return {ID: stored values + in_scope} for the county's children with these IDs."""
    found: dict[str, dict] = {}
    for start in range(0, len(numbers), LOOKUP_CHUNK):
        chunk = numbers[start : start + LOOKUP_CHUNK]
        for child in (
            Child.objects.filter(id_numbers_q(chunk), county_id=user.county_id)
            .annotate(in_scope=_in_scope_q(user))
            .values(*COMPARE_FIELDS, "in_scope")
        ):
            found[child["id_number"]] = child
    return found


def _stored_parents(child_ids: list[int]) -> dict[tuple[int, str], dict]:
    """Return {(child id, relation): parent values} for the given children."""
    out = {}
    for start in range(0, len(child_ids), LOOKUP_CHUNK):
        chunk = child_ids[start : start + LOOKUP_CHUNK]
        for parent in Parent.objects.filter(child_id__in=chunk).values(
            "child_id", "relation", *PARENT_FIELDS
        ):
            out[(parent["child_id"], parent["relation"])] = parent
    return out


def match_rows(user, rows: list[CheckedRow], header: Header, today) -> None:
    """Set each good row's match against the register, or add the problem that stops it."""
    good = [r for r in rows if r.ok]
    found = _lookup(user, [r.values["id_number"] for r in good])
    parents = _stored_parents([c["id"] for c in found.values() if c["in_scope"]])
    for row in good:
        child = found.get(row.values["id_number"])
        problems = RowProblems(row, header)
        if child is None:
            row.match = Match("new")
            row.values.update(_derived(row.values, row.parents, {}, today))
        elif child["in_scope"] and child["status"] == CaseStatus.CLOSED:
            problems.add("id_number", _("该儿童已结案，请先在儿童档案中重新开案。"))
        elif row.values.get("school_id") is None and not child["in_scope"]:
            problems.add("id_number", _("该身份证号已在本县其他单位登记，不能由您导入。"))
        elif row.values.get("school_id") not in (None, child["school_id"]):
            row.match = Match("transfer", child["id"], child["version"])
        else:
            row.values["school_id"] = child["school_id"]
            changes = _changes(child, row.values, row.parents, parents, today)
            row.match = Match("changed" if changes else "unchanged", child["id"], child["version"])
            row.match.changes = changes


def _derived(values, parents, stored_statuses: dict[str, str], today) -> dict[str, bool]:
    """Return the category flags derived from the row (over the stored record)."""
    statuses = dict(stored_statuses)
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
            changes[key] = [json_value(child[key]), json_value(new)]
    stored_statuses = {}
    for relation in (Parent.Relation.FATHER, Parent.Relation.MOTHER):
        stored = stored_parents.get((child["id"], relation))
        if stored:
            stored_statuses[relation] = stored["status"]
        for key, new in parents.get(relation, {}).items():
            old = stored.get(key, "") if stored else ""
            if not _same(old, new):
                changes[f"{relation}.{key}"] = [json_value(old), json_value(new)]
    if changes:
        merged = {k: child.get(k) for k in ("household_type", "household_in_county")}
        merged.update(
            {k: child[k] for k in ("birth_date", "health", "poverty", "guardianship_grade")}
        )
        merged.update(values)
        for key, new in _derived(merged, parents, stored_statuses, today).items():
            if child[key] != new:
                changes[key] = [child[key], new]
    return changes
