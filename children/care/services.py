"""Every write of care work: carers, pairings (single and by class), contacts, exports.

Each service is atomic, checks the writer's role and scope, validates with the models'
own rules and writes its audit event in the same transaction.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Kind, Level, roles_writing, scope_of
from audit.models import AuditEvent
from audit.services import audit_record
from children.masking import mask_phone
from children.models import Carer, Child, Contact, Pairing
from children.selectors import carers_visible_to, children_visible_to

from . import selectors
from .state import care_state_refresh

# Roles that add, edit and deactivate carers and pair them with children.
CARE_MANAGERS = roles_writing(Kind.CARE)
CARER_FIELDS = ("kind", "background", "name", "unit", "school", "town", "phone", "user")


class OverLimit(Exception):  # noqa: N818 - reads as the condition it reports
    """Raised when a pairing would take a carer past the county's maximum, unconfirmed."""

    def __init__(self, *, carer: Carer, current: int, adding: int, limit: int):
        super().__init__("over limit")
        self.carer, self.current, self.adding, self.limit = carer, current, adding, limit

    @property
    def message(self) -> str:
        """Return the Chinese warning shown to the user before they confirm."""
        return _(
            "%(name)s 目前已结对 %(current)s 名儿童，再结对 %(adding)s 名将超过本县每名帮扶人"
            "%(limit)s 名的上限。确认仍要结对吗？"
        ) % {
            "name": self.carer.name,
            "current": self.current,
            "adding": self.adding,
            "limit": self.limit,
        }


def can_manage_care(user) -> bool:
    """Return whether the user's role may manage carers and pairings."""
    return scope_of(user).writes(Kind.CARE)


def can_record_contact(user) -> bool:
    """Return whether the user may record contacts: a carer or a register editor."""
    scope = scope_of(user)
    # A carer with a login records contacts for the children in their scope, whatever
    # their role; the table names the roles that record for any child in scope.
    if scope.writes(Kind.CONTACTS) and scope.level(Kind.CONTACTS) != Level.OWN:
        return True
    return selectors.user_carer(user) is not None


def _require_manager(by) -> None:
    """Raise PermissionDenied unless `by` may manage carers and pairings."""
    if not can_manage_care(by):
        raise PermissionDenied(_("您无权管理帮扶人和结对。"))


def _audit_values(carer: Carer) -> dict[str, Any]:
    """Return the carer's audited field values, the phone masked."""
    values = {
        f: getattr(carer, f"{f}_id" if f in ("school", "town", "user") else f) for f in CARER_FIELDS
    }
    values["phone"] = mask_phone(carer.phone or "")
    return values


def _save_carer(by, carer: Carer) -> Carer:
    """Fill the carer's county and town, validate, save, and check it lies in `by`'s scope."""
    carer.county_id = by.county_id
    scope = scope_of(by)
    level = scope.level(Kind.CARE)
    if level == Level.SCHOOL:
        carer.school_id = scope.school_id
    if carer.school_id:
        carer.town_id = carer.school.town_id
    elif level == Level.TOWN:
        carer.town_id = scope.town_id
    if carer.user_id and carer.user.county_id != by.county_id:
        raise ValidationError({"user": _("该登录账号不属于本县。")})
    carer.full_clean()
    carer.save()
    if not carers_visible_to(by).filter(pk=carer.pk).exists():
        raise ValidationError({"school": _("该帮扶人的学校或乡镇不在您的管辖范围内。")})
    return carer


@transaction.atomic
def carer_create(*, by, values: dict[str, Any]) -> Carer:
    """Create and return a carer in `by`'s school, town or county; audited."""
    _require_manager(by)
    carer = _save_carer(by, Carer(**values))
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=carer,
        summary=_("新增帮扶人 %(name)s") % {"name": carer.name},
        changes={"after": {k: str(v) for k, v in _audit_values(carer).items()}},
    )
    return carer


@transaction.atomic
def carer_update(*, by, carer: Carer, values: dict[str, Any]) -> Carer:
    """Change a carer in `by`'s scope and return it; audited with the changed fields."""
    _require_manager(by)
    before = _audit_values(carer)
    for key, value in values.items():
        setattr(carer, key, value)
    _save_carer(by, carer)
    after = _audit_values(carer)
    changed = {k: [str(before[k]), str(after[k])] for k in after if before[k] != after[k]}
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=carer,
        summary=_("修改帮扶人 %(name)s") % {"name": carer.name},
        changes=changed,
    )
    return carer


@transaction.atomic
def carer_set_active(*, by, carer: Carer, active: bool) -> Carer:
    """Deactivate or reactivate a carer; a carer with current pairings cannot be deactivated."""
    _require_manager(by)
    carer = Carer.objects.select_for_update().get(pk=carer.pk)
    if not active:
        current = carer.pairings.filter(ended_on__isnull=True).count()
        if current:
            raise ValidationError(
                _("%(name)s 仍有 %(n)s 名结对儿童，请先结束这些结对，再停用。")
                % {"name": carer.name, "n": current}
            )
    carer.is_active = active
    carer.full_clean()
    carer.save(update_fields=["is_active"])
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=carer,
        summary=(_("启用帮扶人 %(name)s") if active else _("停用帮扶人 %(name)s"))
        % {"name": carer.name},
        changes={"is_active": [not active, active]},
    )
    return carer


def _check_workload(carer: Carer, *, adding: int, confirmed: bool) -> None:
    """Raise OverLimit if `adding` more children take `carer` past the county's maximum."""
    limit = carer.county.max_children_per_carer
    current = carer.pairings.filter(ended_on__isnull=True).count()
    if current + adding > limit and not confirmed:
        raise OverLimit(carer=carer, current=current, adding=adding, limit=limit)


def _check_pairable(by, *, child: Child, carer: Carer) -> None:
    """Raise unless `by` may see both, the carer is active and the child's case is open."""
    if not children_visible_to(by).filter(pk=child.pk).exists():
        raise PermissionDenied
    if not carers_visible_to(by).filter(pk=carer.pk, is_active=True).exists():
        raise ValidationError({"carer": _("请选择您管辖范围内在岗的帮扶人。")})
    if child.status != "open":
        raise ValidationError({"child": _("%(name)s 已结案，不能结对。") % {"name": child.name}})


def _duplicate_role_error(child: Child, role: str) -> ValidationError:
    """Return the error for a second current pairing of one role, naming the current carer."""
    current = (
        Pairing.objects.filter(child=child, role=role, ended_on__isnull=True)
        .select_related("carer")
        .first()
    )
    return ValidationError(
        {
            "role": _("%(child)s 已有在结对的%(role)s（%(carer)s），请先结束原结对再重新结对。")
            % {
                "child": child.name,
                "role": Pairing.Role(role).label,
                "carer": current.carer.name if current else "",
            }
        }
    )


@transaction.atomic
def pairing_create(
    *,
    by,
    child: Child,
    carer: Carer,
    role: str,
    started_on: datetime.date,
    confirm_over_limit: bool = False,
) -> Pairing:
    """Pair `carer` with `child` in `role` and return the pairing; audited.

    Raises OverLimit (a warning the user may confirm) past the county's maximum, and
    ValidationError when the child already has a current carer in that role.
    """
    _require_manager(by)
    carer = Carer.objects.select_for_update().select_related("county").get(pk=carer.pk)
    _check_pairable(by, child=child, carer=carer)
    if Pairing.objects.filter(child=child, role=role, ended_on__isnull=True).exists():
        raise _duplicate_role_error(child, role)
    _check_workload(carer, adding=1, confirmed=confirm_over_limit)
    pairing = Pairing(child=child, carer=carer, role=role, started_on=started_on)
    # The unique constraint is checked by the database below; validate the rest here.
    pairing.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            pairing.save()
    except IntegrityError as exc:  # a concurrent pairing of the same role won the race
        raise _duplicate_role_error(child, role) from exc
    care_state_refresh([child.pk])
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=pairing,
        child=child,
        summary=_("结对%(role)s：%(carer)s")
        % {"role": pairing.get_role_display(), "carer": carer.name},
        changes={"carer": carer.name, "role": role, "started_on": started_on.isoformat()},
    )
    return pairing


@transaction.atomic
def pairings_bulk_create(
    *,
    by,
    school,
    grade: int,
    class_name: str,
    carer: Carer,
    started_on: datetime.date,
    confirm_over_limit: bool = False,
) -> list[Pairing]:
    """Pair `carer` as mentor with every open child of one class who has no current mentor.

    Returns the new pairings (possibly none). One audit event per child and one for the
    whole operation, all in this transaction. Raises OverLimit like `pairing_create`.
    """
    _require_manager(by)
    carer = Carer.objects.select_for_update().select_related("county").get(pk=carer.pk)
    if not carers_visible_to(by).filter(pk=carer.pk, is_active=True).exists():
        raise ValidationError({"carer": _("请选择您管辖范围内在岗的帮扶人。")})
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": _("结对日期不能晚于今天。")})
    children = list(
        selectors.class_children_without_mentor(
            by, school=school, grade=grade, class_name=class_name
        )
    )
    if not children:
        return []
    _check_workload(carer, adding=len(children), confirmed=confirm_over_limit)
    try:
        with transaction.atomic():
            pairings = Pairing.objects.bulk_create(
                [
                    Pairing(child=c, carer=carer, role=Pairing.Role.MENTOR, started_on=started_on)
                    for c in children
                ]
            )
    except IntegrityError as exc:
        raise ValidationError(_("本班有儿童刚刚被他人结对，请刷新后重试。")) from exc
    care_state_refresh([c.pk for c in children])
    summary = _("结对帮扶教师：%(carer)s（按班级批量结对）") % {"carer": carer.name}
    AuditEvent.objects.bulk_create(
        AuditEvent(
            user=by,
            action=AuditEvent.Action.CREATE,
            object_type=Pairing._meta.label,
            object_id=str(p.pk or ""),
            child=p.child,
            summary=summary,
            changes={"carer": carer.name, "role": p.role, "started_on": started_on.isoformat()},
        )
        for p in pairings
    )
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=carer,
        summary=_("按班级批量结对：%(school)s %(grade)s 年级 %(cls)s，共 %(n)s 名儿童")
        % {"school": school.name, "grade": grade, "cls": class_name, "n": len(pairings)},
        changes={"children": [c.pk for c in children]},
    )
    return pairings


@transaction.atomic
def pairing_end(*, by, pairing: Pairing, ended_on: datetime.date, reason: str) -> Pairing:
    """End a current pairing on `ended_on` for `reason`; audited. Pairings are never deleted."""
    _require_manager(by)
    pairing = (
        Pairing.objects.select_for_update().select_related("carer", "child").get(pk=pairing.pk)
    )
    if not children_visible_to(by).filter(pk=pairing.child_id).exists():
        raise PermissionDenied
    errors = {}
    if pairing.ended_on is not None:
        errors["ended_on"] = _("该结对已于 %(d)s 结束。") % {"d": pairing.ended_on}
    elif ended_on > timezone.localdate():
        errors["ended_on"] = _("结束日期不能晚于今天。")
    if not reason.strip():
        errors["end_reason"] = _("请填写结束原因。")
    if errors:
        raise ValidationError(errors)
    pairing.ended_on, pairing.end_reason = ended_on, reason.strip()
    pairing.full_clean(validate_constraints=False)
    pairing.save(update_fields=["ended_on", "end_reason"])
    care_state_refresh([pairing.child_id])
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=pairing,
        child=pairing.child,
        summary=_("结束结对%(role)s：%(carer)s（%(reason)s）")
        % {"role": pairing.get_role_display(), "carer": pairing.carer.name, "reason": reason},
        changes={"ended_on": [None, ended_on.isoformat()], "end_reason": ["", reason]},
    )
    return pairing


@transaction.atomic
def contact_record(*, by, child: Child, kind: str, on: datetime.date, notes: str = "") -> Contact:
    """Record a contact with `child` by `by` (their carer, if linked) and return it; audited."""
    if not can_record_contact(by):
        raise PermissionDenied(_("您无权记录联系。"))
    if not children_visible_to(by).filter(pk=child.pk).exists():
        raise PermissionDenied
    carer = selectors.user_carer(by)
    contact = Contact(
        child=child, carer=carer, kind=kind, on=on, notes=notes.strip(), recorded_by=by
    )
    contact.full_clean()
    contact.save()
    care_state_refresh([child.pk])
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=contact,
        child=child,
        summary=_("记录联系：%(kind)s") % {"kind": contact.get_kind_display()},
        changes={"kind": kind, "on": on.isoformat()},
    )
    return contact
