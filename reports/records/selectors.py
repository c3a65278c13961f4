"""Who may see the coordination group's joint meetings and documents: county roles only."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.roles import Kind, roles_seeing, roles_writing, scope_of
from reports.models import JointMeeting, PolicyDocument

RECORD_READERS = roles_seeing(Kind.RECORDS)
RECORD_EDITORS = roles_writing(Kind.RECORDS)


def _county_of(user) -> int | None:
    scope = scope_of(user)
    return scope.county_id if scope.counts(Kind.RECORDS) else None


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
