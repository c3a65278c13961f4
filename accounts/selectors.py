"""Reads about accounts: who may manage which accounts, and break-the-glass grants to review."""

from django.db.models import F, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from audit.models import AuditEvent

from .models import EmergencyAccess, User
from .roles import Kind, scope_of


def may_administer(by: User) -> bool:
    """Return whether `by` may manage accounts at all: an active administrator or superuser."""
    if not getattr(by, "is_authenticated", False) or not by.is_active:
        return False
    return bool(by.is_superuser or scope_of(by).writes(Kind.USERS))


def users_administered_by(by: User) -> QuerySet[User]:
    """Return the accounts `by` may manage: their county's (every county for a superuser)."""
    if not may_administer(by):
        return User.objects.none()
    qs = User.objects.select_related("county", "town", "village", "school")
    return qs if by.is_superuser else qs.filter(county_id=by.county_id)


def grants_for_review(by: User, *, limit: int = 200) -> list[EmergencyAccess]:
    """Return the break-the-glass grants of `by`'s county, unreviewed first, with their reads.

    Each grant carries `reads`: the holder's audited reads of that child (file opened,
    full values revealed) while the grant ran. Two queries whatever the number of grants.
    """
    if not may_administer(by):
        return []
    qs = EmergencyAccess.objects.select_related("user", "reviewed_by").order_by(
        F("reviewed_at").asc(nulls_first=True), "-granted_at"
    )
    if not by.is_superuser:
        qs = qs.filter(user__county_id=by.county_id)
    grants = list(qs[:limit])
    events = AuditEvent.objects.filter(
        action=AuditEvent.Action.READ_SENSITIVE,
        user_id__in={g.user_id for g in grants},
        child_id__in={g.child_id for g in grants},
    ).order_by("at")
    by_pair: dict[tuple[int, int], list[AuditEvent]] = {}
    for event in events:
        by_pair.setdefault((event.user_id, event.child_id), []).append(event)
    for grant in grants:
        grant.reads = [
            e
            for e in by_pair.get((grant.user_id, grant.child_id), [])
            if grant.granted_at <= e.at <= grant.expires_at
        ]
    return grants


def grant_for_review(by: User, pk) -> EmergencyAccess:
    """Return grant `pk` if `by` may review it (their county's); 404 otherwise."""
    if not str(pk).isdigit():
        raise Http404
    qs = EmergencyAccess.objects.select_related("user", "child")
    if not by.is_superuser:
        qs = qs.filter(user__county_id=by.county_id)
    return get_object_or_404(qs, pk=pk)
