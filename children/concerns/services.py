"""Every write to a mandatory report: raising it, recording its steps, closing, reopening.

Each service is atomic, checks the writer's scope and role, and writes its audit row in
the same transaction. Nothing is deleted: a step is appended for each change, and closing
or reopening keeps the earlier outcome in its step and in the audit.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record

from ..care.state import care_state_refresh
from ..models import Child, Concern, ConcernStep
from ..models.concerns import HANDOVERS, kind_rule
from ..selectors import children_visible_to, concerns_visible_to
from ..services import can_handle_concerns

# Which hand-over step stops which clock, as (field set on the concern, step kind).
CLOCKS = {
    ConcernStep.Kind.TOLD_POLICE: "police_told_at",
    ConcernStep.Kind.TOLD_CIVIL_AFFAIRS: "civil_affairs_told_at",
}


def _locked_in_scope(by, concern: Concern) -> Concern:
    """Return `concern` locked for update; PermissionDenied if outside `by`'s scope."""
    locked = concerns_visible_to(by).select_for_update().filter(pk=concern.pk).first()
    if locked is None:
        raise PermissionDenied
    return locked


@transaction.atomic
def concern_raise(
    *, by, child: Child, kind: str, description: str, now: datetime.datetime | None = None
) -> Concern:
    """Record a mandatory report about a child in the reporter's scope; audited.

    Returns the concern, with the deadlines of its kind's rule from the time it is raised.
    """
    if not children_visible_to(by).filter(pk=child.pk).exists():
        raise PermissionDenied
    now = now or timezone.now()
    concern = Concern(child=child, kind=kind, description=description, raised_by=by, raised_at=now)
    if kind in Concern.Kind.values:
        rule = kind_rule(kind)
        concern.police_due_at = now + rule.police_within if rule.needs_police else None
        if rule.needs_civil_affairs:
            concern.civil_affairs_due_at = now + rule.civil_affairs_within
    concern.full_clean()
    concern.save()
    care_state_refresh([concern.child_id])
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=concern,
        child=child,
        summary=_("强制报告：%(kind)s") % {"kind": concern.get_kind_display()},
    )
    return concern


@transaction.atomic
def concern_step_record(
    *,
    by,
    concern: Concern,
    kind: str,
    at: datetime.datetime | None = None,
    recipient: str = "",
    channel: str = "",
    reference: str = "",
    notes: str = "",
    now: datetime.datetime | None = None,
) -> ConcernStep:
    """Append a hand-over or follow-up step to an open concern; audited.

    A first hand-over to the police or civil affairs stops that clock on the concern
    (its told time is the step's time). Returns the step.
    """
    locked = _locked_in_scope(by, concern)
    if locked.status != Concern.Status.OPEN:
        raise ValidationError(_("该报告已结案，请先重新开启再记录。"))
    if kind in (ConcernStep.Kind.CLOSED, ConcernStep.Kind.REOPENED):
        raise ValidationError({"kind": _("结案和重新开启请使用对应的按钮。")})
    now = now or timezone.now()
    step = ConcernStep(
        concern=locked,
        kind=kind,
        at=at or now,
        recipient=recipient.strip(),
        channel=channel,
        reference=reference.strip(),
        notes=notes.strip(),
        recorded_by=by,
        recorded_at=now,
    )
    step.full_clean()
    step.save()
    field = CLOCKS.get(kind)
    if field and getattr(locked, field) is None:
        setattr(locked, field, step.at)
        locked.save(update_fields=[field])
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=step,
        child=locked.child,
        summary=_("强制报告进展：%(kind)s") % {"kind": step.get_kind_display()},
        changes={"concern": locked.pk, "handover": kind in HANDOVERS},
    )
    return step


@transaction.atomic
def concern_close(
    *, by, concern: Concern, outcome: str, now: datetime.datetime | None = None
) -> Concern:
    """Close an open concern with its outcome, by whom and when; audited.

    Only the roles that handle concerns may close one; an empty outcome is refused.
    Returns the closed concern.
    """
    if not can_handle_concerns(by):
        raise PermissionDenied
    locked = _locked_in_scope(by, concern)
    if locked.status == Concern.Status.CLOSED:
        raise ValidationError(_("该报告已结案。"))
    outcome = outcome.strip()
    if not outcome:
        raise ValidationError({"outcome": _("请填写处理结果后再结案。")})
    now = now or timezone.now()
    locked.status, locked.closed_by, locked.closed_at, locked.outcome = (
        Concern.Status.CLOSED,
        by,
        now,
        outcome,
    )
    locked.full_clean()
    locked.save()
    care_state_refresh([locked.child_id])
    ConcernStep.objects.create(
        concern=locked,
        kind=ConcernStep.Kind.CLOSED,
        at=now,
        notes=outcome,
        recorded_by=by,
        recorded_at=now,
    )
    audit_record(
        by=by,
        action=AuditEvent.Action.CLOSE,
        obj=locked,
        child=locked.child,
        summary=_("强制报告结案：%(kind)s") % {"kind": locked.get_kind_display()},
        changes={"fields": {"status": ["open", "closed"], "outcome": ["", outcome]}},
    )
    return locked


@transaction.atomic
def concern_reopen(
    *, by, concern: Concern, reason: str, now: datetime.datetime | None = None
) -> Concern:
    """Reopen a closed concern, saying why; audited. The earlier outcome stays in its step.

    The deadlines are those of the original report: a hand-over still missing is overdue.
    Returns the reopened concern.
    """
    if not can_handle_concerns(by):
        raise PermissionDenied
    locked = _locked_in_scope(by, concern)
    if locked.status != Concern.Status.CLOSED:
        raise ValidationError(_("该报告尚未结案。"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写重新开启的原因。")})
    now = now or timezone.now()
    old_outcome = locked.outcome
    locked.status, locked.closed_by, locked.closed_at, locked.outcome = (
        Concern.Status.OPEN,
        None,
        None,
        "",
    )
    locked.save()
    care_state_refresh([locked.child_id])
    ConcernStep.objects.create(
        concern=locked,
        kind=ConcernStep.Kind.REOPENED,
        at=now,
        notes=reason,
        recorded_by=by,
        recorded_at=now,
    )
    audit_record(
        by=by,
        action=AuditEvent.Action.REOPEN,
        obj=locked,
        child=locked.child,
        summary=_("强制报告重新开启：%(reason)s") % {"reason": reason},
        changes={"fields": {"status": ["closed", "open"], "outcome": [old_outcome, ""]}},
    )
    return locked
