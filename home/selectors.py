"""Read-only queries behind each role's home page."""

from django.db.models import Count, Q
from django.utils import timezone

from accounts.roles import Kind, Level, scope_of
from children.care.selectors import my_overdue_count
from children.models import Child, Concern
from children.selectors import children_visible_to, concerns_visible_to


def _open_children_figures(children) -> dict[str, int]:
    """Return the category counts of the open children in `children`, in one query."""
    return children.filter(status="open").aggregate(
        open_children=Count("pk"),
        left_behind=Count("pk", filter=Q(is_left_behind=True)),
        migrant=Count("pk", filter=Q(is_migrant=True)),
        in_difficulty=Count("pk", filter=Q(is_in_difficulty=True)),
        # The current mentor is stored on the child (children.care.state).
        without_mentor=Count("pk", filter=Q(mentor__isnull=True)),
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
