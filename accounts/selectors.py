"""Read-only queries behind the pages of the accounts app (the home page's figures)."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.roles import Kind, Level, scope_of
from children.care.selectors import my_overdue_count
from children.models import Child, Concern, Pairing
from children.selectors import children_visible_to, concerns_visible_to


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
        concerns_visible_to(user)
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
