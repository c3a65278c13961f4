"""Who answers a transfer request, and which requests wait on a user's home page."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Role
from children.models import TransferRequest


def _answerable_q(user) -> Q | None:
    """Return the requests `user` may answer: as the releasing school, or over both."""
    if user.role == Role.SCHOOL_STAFF and user.school_id:
        return Q(from_school_id=user.school_id)
    if user.role == Role.TOWN_OFFICER and user.town_id:
        return Q(from_school__town_id=user.town_id, to_school__town_id=user.town_id)
    if user.role in (Role.FEDERATION, Role.EDUCATION):
        return Q(child__county_id=user.county_id)
    return None


def transfer_requests_answerable_by(user) -> QuerySet[TransferRequest]:
    """Return every request `user` may answer (any status), newest first."""
    q = _answerable_q(user) if getattr(user, "is_authenticated", False) else None
    qs = TransferRequest.objects.select_related("child", "from_school", "to_school")
    return qs.filter(q) if q is not None else qs.none()


def transfer_requests_awaiting(user) -> QuerySet[TransferRequest]:
    """Return the pending requests `user` may answer: what their home page lists."""
    return transfer_requests_answerable_by(user).filter(status=TransferRequest.Status.PENDING)


def transfer_request_for(user, pk: int) -> TransferRequest:
    """Return a pending request `user` may answer; 404 alike for missing and forbidden."""
    return get_object_or_404(transfer_requests_awaiting(user), pk=pk)
