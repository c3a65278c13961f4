"""Who may see the coordination group's joint meetings and documents: county roles only."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Role
from reports.models import JointMeeting, PolicyDocument

RECORD_READERS = frozenset({Role.FEDERATION, Role.EDUCATION, Role.COORDINATION})
RECORD_EDITORS = frozenset({Role.FEDERATION, Role.EDUCATION})


def _county_of(user) -> int | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.county_id if user.role in RECORD_READERS else None


def meetings_visible_to(user) -> QuerySet[JointMeeting]:
    """Return the joint meetings of `user`'s county (federation, education, coordination)."""
    county = _county_of(user)
    return JointMeeting.objects.filter(county_id=county) if county else JointMeeting.objects.none()


def documents_visible_to(user) -> QuerySet[PolicyDocument]:
    """Return the documents issued in `user`'s county (federation, education, coordination)."""
    county = _county_of(user)
    qs = PolicyDocument.objects.all()
    return qs.filter(county_id=county) if county else qs.none()


def meeting_for(user, pk: int) -> JointMeeting:
    """Return meeting `pk` if `user` may see it; 404 for missing and forbidden."""
    return get_object_or_404(meetings_visible_to(user), pk=pk)


def document_for(user, pk: int) -> PolicyDocument:
    """Return document `pk` if `user` may see it; 404 for missing and forbidden."""
    return get_object_or_404(documents_visible_to(user), pk=pk)


def meeting_list(user, period) -> QuerySet[JointMeeting]:
    """Return the meetings in scope held within `period` (all if None)."""
    qs = meetings_visible_to(user)
    return qs.filter(held_on__range=(period.start, period.end)) if period else qs


def document_list(user, period) -> QuerySet[PolicyDocument]:
    """Return the documents in scope issued within `period` (all if None)."""
    qs = documents_visible_to(user)
    return qs.filter(issued_on__range=(period.start, period.end)) if period else qs
