"""Every write to the register: registering, editing, transferring, closing.

Concerns (mandatory reports) are written by children.concerns.services.

Each service is atomic, validates with the models' own rules, checks the writer's scope,
and writes its audit event in the same transaction.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Kind, roles_writing, scope_of
from audit.models import AuditEvent
from audit.services import audit_record

from .care.state import care_state_refresh
from .categories import categories_for_child
from .masking import mask_id_number, mask_phone
from .models import Child, Parent, Transfer
from .models.choices import CaseStatus
from .selectors import children_visible_to
from .timeline import field_label

# Roles that may add and edit children's records, transfer and close cases.
REGISTER_EDITORS = roles_writing(Kind.CHILDREN)
CASE_MANAGERS = roles_writing(Kind.CARE)

# Fields the audit trail and stale-edit check compare; bookkeeping fields are left out.
BOOKKEEPING = {"id", "version", "created_at", "updated_at", "created_by", "county"}


class StaleEdit(Exception):  # noqa: N818 - reads as the condition it reports
    """Raised when a child was changed by someone else after the editor loaded it."""

    def __init__(self, changes: list[dict[str, Any]]):
        super().__init__("stale edit")
        self.changes = changes


@dataclass(frozen=True)
class ParentData:
    """What a form or an import gives for one parent."""

    relation: str
    values: dict[str, Any]


def can_edit_register(user) -> bool:
    """Return whether the user's role may add and edit children's records."""
    return scope_of(user).writes(Kind.CHILDREN)


def can_manage_cases(user) -> bool:
    """Return whether the user's role may transfer, close and reopen cases."""
    return scope_of(user).writes(Kind.CARE)


def can_handle_concerns(user) -> bool:
    """Return whether the user's role may close and reopen a concern."""
    return scope_of(user).writes(Kind.CARE)


def _audit_value(field: str, value: Any) -> Any:
    """Return a value as the audit trail keeps it: masked if personal, JSON-safe."""
    if field.endswith("id_number"):
        return mask_id_number(value or "")
    if field.endswith("phone"):
        return mask_phone(value or "")
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value


def _snapshot(child: Child) -> dict[str, Any]:
    """Return the child's audited field values, keyed by field name."""
    values = {}
    for field in child._meta.concrete_fields:
        if field.name in BOOKKEEPING:
            continue
        values[field.name] = getattr(child, field.attname)
    return values


def _parent_snapshot(child: Child) -> dict[str, Any]:
    """Return the parents' fields flattened as father_status, mother_phone and so on."""
    values = {}
    for parent in child.parents.all():
        for field in ("name", "id_number", "status", "work_province", "work_city", "phone"):
            key = f"{parent.relation}_{field}"
            values[key] = getattr(parent, field)
        values[f"{parent.relation}_away_since"] = parent.away_since
    return values


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """Return {field: [old, new]} for the fields whose value changed, masked for the audit."""
    changed = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new and not (old in (None, "") and new in (None, "")):
            changed[key] = [_audit_value(key, old), _audit_value(key, new)]
    return changed


def _require_in_scope(by, child: Child) -> None:
    """Raise PermissionDenied unless the saved child lies in `by`'s scope."""
    if not children_visible_to(by).filter(pk=child.pk).exists():
        raise PermissionDenied(_("保存后该儿童将不在您的管辖范围内，请检查学校和住址。"))


def _save_parents(child: Child, parents: list[ParentData]) -> None:
    """Create or update the child's parents from the given data; full_clean each."""
    existing = {p.relation: p for p in child.parents.all()}
    for data in parents:
        parent = existing.get(data.relation) or Parent(child=child, relation=data.relation)
        for key, value in data.values.items():
            setattr(parent, key, value)
        try:
            parent.full_clean()
        except ValidationError as exc:
            raise ValidationError(
                {f"{data.relation}_{k}": v for k, v in exc.message_dict.items()}
            ) from exc
        parent.save()


def _apply_categories(child: Child, on: datetime.date) -> None:
    """Set the child's category flags to those derived from the record and parents."""
    for field, value in categories_for_child(child, on).as_fields().items():
        setattr(child, field, value)


@transaction.atomic
def child_register(
    *, by, values: dict[str, Any], parents: list[ParentData], derive_categories: bool = True
) -> Child:
    """Create and return a child with its parents; audited. Raises ValidationError."""
    if not can_edit_register(by):
        raise PermissionDenied
    child = Child(county_id=by.county_id, created_by=by, **values)
    child.full_clean()
    child.save()
    _save_parents(child, parents)
    if derive_categories:
        _apply_categories(child, timezone.localdate())
        child.save(
            update_fields=["is_left_behind", "is_migrant", "is_in_difficulty", "is_unsupported"]
        )
    _require_in_scope(by, child)
    after = _snapshot(child) | _parent_snapshot(child)
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=child,
        child=child,
        summary=_("登记儿童 %(name)s") % {"name": child.name},
        changes={"fields": _diff({}, after), "version": child.version},
    )
    return child


def stale_changes(child: Child, since_version: int) -> list[dict[str, Any]]:
    """Return the audited changes made to `child` after `since_version`, oldest first."""
    events = (
        AuditEvent.objects.filter(child=child, action=AuditEvent.Action.UPDATE)
        .select_related("user")
        .order_by("at", "id")
    )
    out = []
    for event in events:
        if event.changes.get("version", 0) > since_version:
            fields = event.changes.get("fields", {})
            out.append(
                {
                    "by": str(event.user) if event.user else "",
                    "at": event.at,
                    "fields": {field_label(k): v for k, v in sorted(fields.items())},
                }
            )
    return out


@transaction.atomic
def child_update(
    *,
    by,
    child: Child,
    values: dict[str, Any],
    parents: list[ParentData],
    expected_version: int,
    derive_categories: bool = True,
) -> Child:
    """Save changes to a child and its parents unless someone saved it since; audited.

    Raises StaleEdit if the stored version differs from `expected_version`.
    """
    if not can_edit_register(by):
        raise PermissionDenied
    locked = Child.objects.select_for_update().get(pk=child.pk)
    if locked.version != expected_version:
        raise StaleEdit(stale_changes(locked, expected_version))
    before = _snapshot(locked) | _parent_snapshot(locked)
    relation = locked.guardian_relation
    for key, value in values.items():
        setattr(locked, key, value)
    if locked.guardian_relation != relation and "guardian_relation_word" not in values:
        locked.guardian_relation_word = ""  # the register's word was for the former relation
    locked.full_clean()
    _save_parents(locked, parents)
    if derive_categories:
        _apply_categories(locked, timezone.localdate())
    after = _snapshot(locked) | _parent_snapshot(locked)
    changes = _diff(before, after)
    if not changes:
        return locked
    locked.version += 1
    locked.save()
    _require_in_scope(by, locked)
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=locked,
        child=locked,
        summary=_("修改 %(n)s 项") % {"n": len(changes)},
        changes={"fields": changes, "version": locked.version},
    )
    return locked


@transaction.atomic
def child_transfer(*, by, child: Child, to_school, on: datetime.date, reason: str = "") -> Transfer:
    """Move a child to another school of the county, keeping the history; audited.

    Only someone over the child where they are now may move them (the releasing side);
    a school that wants a child of another school asks (children.transfers).
    """
    if not can_manage_cases(by) or not children_visible_to(by).filter(pk=child.pk).exists():
        raise PermissionDenied
    locked = Child.objects.select_for_update().get(pk=child.pk)
    if to_school.town.county_id != locked.county_id:
        raise ValidationError({"to_school": _("只能转入本县的学校。")})
    if to_school.pk == locked.school_id:
        raise ValidationError({"to_school": _("转入学校与当前学校相同。")})
    transfer = Transfer(
        child=locked,
        from_school_id=locked.school_id,
        to_school=to_school,
        on=on,
        reason=reason,
        by=by,
    )
    transfer.full_clean()
    transfer.save()
    old = str(locked.school) if locked.school_id else ""
    locked.school = to_school
    locked.version += 1
    locked.save(update_fields=["school", "version", "updated_at"])
    care_state_refresh([locked.pk])
    audit_record(
        by=by,
        action=AuditEvent.Action.TRANSFER,
        obj=locked,
        child=locked,
        summary=_("转学：%(old)s → %(new)s") % {"old": old or "—", "new": to_school},
        changes={"fields": {"school": [old, str(to_school)]}, "version": locked.version},
    )
    return transfer


@transaction.atomic
def child_close(*, by, child: Child, reason: str, on: datetime.date, note: str = "") -> Child:
    """Close an open case with a reason; the record stays in the archive; audited."""
    if not can_manage_cases(by):
        raise PermissionDenied
    locked = Child.objects.select_for_update().get(pk=child.pk)
    if locked.status == CaseStatus.CLOSED:
        raise ValidationError(_("该儿童已结案。"))
    locked.status, locked.close_reason, locked.closed_on = CaseStatus.CLOSED, reason, on
    locked.full_clean()
    locked.version += 1
    locked.save()
    care_state_refresh([locked.pk])
    audit_record(
        by=by,
        action=AuditEvent.Action.CLOSE,
        obj=locked,
        child=locked,
        summary=_("结案：%(reason)s %(note)s")
        % {"reason": locked.get_close_reason_display(), "note": note},
        changes={
            "fields": {"status": ["open", "closed"], "close_reason": ["", reason]},
            "version": locked.version,
        },
    )
    return locked


@transaction.atomic
def child_reopen(*, by, child: Child, note: str = "") -> Child:
    """Reopen a closed case; audited."""
    if not can_manage_cases(by):
        raise PermissionDenied
    locked = Child.objects.select_for_update().get(pk=child.pk)
    if locked.status == CaseStatus.OPEN:
        raise ValidationError(_("该儿童未结案。"))
    old_reason = locked.close_reason
    locked.status, locked.close_reason, locked.closed_on = CaseStatus.OPEN, "", None
    locked.version += 1
    locked.save()
    care_state_refresh([locked.pk])
    audit_record(
        by=by,
        action=AuditEvent.Action.REOPEN,
        obj=locked,
        child=locked,
        summary=_("重新开案 %(note)s") % {"note": note},
        changes={
            "fields": {"status": ["closed", "open"], "close_reason": [old_reason, ""]},
            "version": locked.version,
        },
    )
    return locked


REVEALABLE = {
    "id_number": lambda c: c.id_number,
    "guardian_id_number": lambda c: c.guardian_id_number,
    "guardian_phone": lambda c: c.guardian_phone,
    "father_phone": lambda c: _parent_value(c, "father", "phone"),
    "mother_phone": lambda c: _parent_value(c, "mother", "phone"),
    "father_id_number": lambda c: _parent_value(c, "father", "id_number"),
    "mother_id_number": lambda c: _parent_value(c, "mother", "id_number"),
}


def _parent_value(child: Child, relation: str, field: str) -> str:
    parent = child.parents.filter(relation=relation).first()
    return getattr(parent, field) if parent else ""


@transaction.atomic
def child_file_read_under_grant(*, by, child: Child) -> None:
    """Record that `by` opened `child`'s file through a break-the-glass grant (for review)."""
    audit_record(
        by=by,
        action=AuditEvent.Action.READ_SENSITIVE,
        obj=child,
        child=child,
        summary=_("紧急查看：打开档案"),
    )


@transaction.atomic
def child_reveal(*, by, child: Child, field: str) -> str:
    """Return the full value of a masked field of a child in scope, recording the read."""
    if field not in REVEALABLE:
        raise ValidationError(_("无法查看该字段。"))
    value = REVEALABLE[field](child)
    audit_record(
        by=by,
        action=AuditEvent.Action.READ_SENSITIVE,
        obj=child,
        child=child,
        summary=_("查看完整信息：%(field)s") % {"field": field},
    )
    return value
