"""Read-only queries behind the pages of the accounts app (the home page's figures)."""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import EmergencyAccess, User
from accounts.roles import Kind, Level, scope_of
from audit.models import AuditEvent
from children.care.selectors import my_overdue_count
from children.models import Child, Concern, Pairing
from children.selectors import children_visible_to, concerns_visible_to, without_secrets


def _current_mentor() -> Exists:
    """Return an EXISTS over the child's current (not ended) mentor pairing."""
    return Exists(Pairing.objects.current_mentors().filter(child=OuterRef("pk")))


def _open_children_figures(children) -> dict[str, int]:
    """Return the category counts of the open children in `children`, in one query."""
    return children.filter(status="open").aggregate(
        open_children=Count("pk"),
        left_behind=Count("pk", filter=Q(is_left_behind=True)),
        migrant=Count("pk", filter=Q(is_migrant=True)),
        in_difficulty=Count("pk", filter=Q(is_in_difficulty=True)),
        without_mentor=Count("pk", filter=~_current_mentor()),
    )


def home_figures_for(user) -> dict[str, int]:
    """Return the counts on `user`'s home page, over the children `user` may see.

    Two queries whatever the number of children: one aggregate over the open children
    and one count of open concerns (a mentor's overdue count adds one or two). For roles
    that see no child every count is 0.
    """
    figures = _open_children_figures(children_visible_to(user))
    figures["open_concerns"] = concerns_visible_to(user).filter(status="open").count()
    if scope_of(user).level(Kind.CONTACTS) == Level.OWN:
        figures["my_overdue"] = my_overdue_count(user, today=timezone.localdate())
    return figures


def county_figures(*, county_id: int) -> dict[str, int]:
    """Return county-wide counts of open children and open concerns; never a record.

    For the coordination group, who may see aggregates but no child: only numbers
    leave this function.
    """
    figures = _open_children_figures(Child.objects.filter(county_id=county_id))
    figures["open_concerns"] = Concern.objects.filter(
        child__county_id=county_id, status="open"
    ).count()
    return figures


def open_concerns_for(user, *, limit: int = 10) -> list:
    """Return the oldest open concerns in `user`'s scope (at most `limit`), with their child."""
    return list(
        without_secrets(concerns_visible_to(user), "child")
        .filter(status="open")
        .select_related("child", "raised_by")
        .order_by("raised_at")[:limit]
    )


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
