"""Who may see which child, pairing, contact and concern: the only place that decides it.

Every view, export, API, dashboard and report starts from these functions.
"""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Role

from .models import Carer, Child, Concern, Contact, Pairing


def children_visible_to(user) -> QuerySet[Child]:
    """Return the children (open and closed) whose personal record `user` may see."""
    qs = Child.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    role = user.role
    if role == Role.SCHOOL_STAFF and user.school_id:
        return qs.filter(school_id=user.school_id)
    if role == Role.MENTOR:
        current = Pairing.objects.filter(
            child=OuterRef("pk"), carer__user=user, ended_on__isnull=True
        )
        return qs.filter(Exists(current))
    if role == Role.VILLAGE_DIRECTOR and user.village_id:
        return qs.filter(village_id=user.village_id)
    if role == Role.TOWN_OFFICER and user.town_id:
        # Children at the town's schools, and children living in the town.
        return qs.filter(Q(school__town_id=user.town_id) | Q(town_id=user.town_id))
    if role in (Role.FEDERATION, Role.EDUCATION) and user.county_id:
        return qs.filter(county_id=user.county_id)
    # Coordination group and administrators see aggregates and reference data, never a child.
    return qs.none()


def child_for(user, pk: int) -> Child:
    """Return the child `pk` if `user` may see it; 404 alike for missing and forbidden."""
    return get_object_or_404(children_visible_to(user), pk=pk)


def pairings_visible_to(user) -> QuerySet[Pairing]:
    """Return the pairings of the children `user` may see."""
    return Pairing.objects.filter(child__in=children_visible_to(user))


def contacts_visible_to(user) -> QuerySet[Contact]:
    """Return the contacts recorded for the children `user` may see."""
    return Contact.objects.filter(child__in=children_visible_to(user))


def concerns_visible_to(user) -> QuerySet[Concern]:
    """Return the concerns raised about the children `user` may see."""
    return Concern.objects.filter(child__in=children_visible_to(user))


def carers_visible_to(user) -> QuerySet[Carer]:
    """Return the carers `user` may see and choose from: their school, town or county."""
    qs = Carer.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    role = user.role
    if role == Role.SCHOOL_STAFF and user.school_id:
        return qs.filter(school_id=user.school_id)
    if role == Role.MENTOR:
        return qs.filter(user=user)
    if role == Role.VILLAGE_DIRECTOR and user.village_id:
        return qs.filter(town_id=user.village.town_id)
    if role == Role.TOWN_OFFICER and user.town_id:
        return qs.filter(Q(school__town_id=user.town_id) | Q(town_id=user.town_id))
    if role in (Role.FEDERATION, Role.EDUCATION) and user.county_id:
        return qs.filter(county_id=user.county_id)
    return qs.none()


def children_due_to_close(user, *, on: datetime.date) -> QuerySet[Child]:
    """Return the open children in `user`'s scope who have turned 16 by `on`."""
    limit = (
        on.replace(year=on.year - 16)
        if not (on.month == 2 and on.day == 29)
        else on.replace(year=on.year - 16, day=28)
    )
    return children_visible_to(user).filter(status="open", birth_date__lte=limit)
