"""Requesting, accepting and refusing the transfer of a child into another school.

Nothing moves a child into a school by itself: a request waits for the releasing school
(or a town or county officer over both schools); each step is audited in its transaction.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record
from children.models import Child, TransferRequest
from children.services import child_transfer

from .selectors import transfer_requests_awaiting


def _request_event(by, request: TransferRequest, summary: str) -> AuditEvent:
    return AuditEvent(
        user=by,
        action=AuditEvent.Action.CREATE,
        object_type=TransferRequest._meta.label,
        object_id=str(request.pk),
        child_id=request.child_id,
        summary=summary[:200],
        changes={"from_school": request.from_school_id, "to_school": request.to_school_id},
    )


@transaction.atomic
def transfer_requests_create(
    *, by, children: list[tuple[int, int | None]], to_school_id: int, reason: str
) -> int:
    """Ask for each (child id, their school id) to move to `to_school_id`; return how many.

    A child already asked for by that school is not asked for twice. Audited per request.
    """
    asked = set(
        TransferRequest.objects.filter(
            child_id__in=[c for c, _s in children],
            to_school_id=to_school_id,
            status=TransferRequest.Status.PENDING,
        ).values_list("child_id", flat=True)
    )
    requests = [
        TransferRequest(
            child_id=child_id,
            from_school_id=school_id,
            to_school_id=to_school_id,
            reason=reason[:200],
            requested_by=by,
        )
        for child_id, school_id in dict(children).items()
        if child_id not in asked and school_id != to_school_id
    ]
    TransferRequest.objects.bulk_create(requests)
    if requests and requests[0].pk is None:  # backends that return no ids: read them back
        requests = list(
            TransferRequest.objects.filter(
                to_school_id=to_school_id,
                status=TransferRequest.Status.PENDING,
                child_id__in=[r.child_id for r in requests],
            )
        )
    summary = _("申请转入本校（%(reason)s）") % {"reason": reason}
    AuditEvent.objects.bulk_create([_request_event(by, r, summary) for r in requests])
    return len(requests)


def _answer(by, request: TransferRequest, status: str, note: str) -> TransferRequest:
    locked = TransferRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != TransferRequest.Status.PENDING:
        raise ValidationError(_("该转学申请已答复。"))
    if not transfer_requests_awaiting(by).filter(pk=locked.pk).exists():
        raise PermissionDenied
    locked.status, locked.answered_by, locked.answered_at = status, by, timezone.now()
    locked.answer_note = note[:200]
    locked.save(update_fields=["status", "answered_by", "answered_at", "answer_note"])
    return locked


@transaction.atomic
def transfer_request_accept(*, by, request: TransferRequest, note: str = "") -> TransferRequest:
    """Accept a request: the child moves to the asking school (a Transfer); audited."""
    locked = _answer(by, request, TransferRequest.Status.ACCEPTED, note)
    child = Child.objects.get(pk=locked.child_id)
    if child.school_id != locked.from_school_id:
        raise ValidationError(_("该儿童的学校已变更，申请不再适用。"))
    child_transfer(
        by=by,
        child=child,
        to_school=locked.to_school,
        on=timezone.localdate(),
        reason=_("同意转学申请（%(reason)s）") % {"reason": locked.reason},
    )
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=locked,
        child=child,
        summary=_("同意转学申请：转入 %(school)s") % {"school": locked.to_school},
        changes={"status": ["pending", "accepted"]},
    )
    return locked


@transaction.atomic
def transfer_request_refuse(*, by, request: TransferRequest, note: str = "") -> TransferRequest:
    """Refuse a request: the child stays where they are; audited."""
    locked = _answer(by, request, TransferRequest.Status.REFUSED, note)
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=locked,
        child=locked.child,
        summary=_("拒绝转学申请：%(school)s") % {"school": locked.to_school},
        changes={"status": ["pending", "refused"], "note": note[:200]},
    )
    return locked
