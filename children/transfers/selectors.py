"""Who answers a transfer request, and which requests wait on a user's home page."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.roles import Kind, Level, scope_of
from children.models import TransferRequest


def _answerable_q(user) -> Q | None:
    """Return the requests `user` may answer: as the releasing school, or over both schools.

    Transfers are a CARE write (accounts.roles): a school's staff answers for their own
    school; a town or county officer for a child whose old and new schools both lie in
    their scope.
    """
    scope = scope_of(user)
    if not scope.writes(Kind.CARE):
        return None
    if scope.level(Kind.CARE) == Level.SCHOOL:
        return Q(from_school_id=scope.school_id) if scope.school_id else None
    releasing = scope.q(Kind.CARE, town="from_school__town_id", county="child__county_id")
    receiving = scope.q(Kind.CARE, town="to_school__town_id", county="child__county_id")
    if releasing is None or receiving is None:
        return None
    return releasing & receiving


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
