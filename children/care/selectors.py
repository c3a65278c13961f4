"""Reads behind the care pages: carers and their workload, pairings, contacts, my children.

Every query starts from the scoping selectors in `children.selectors`.
"""

import datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from children.models import Carer, Child, Contact, Pairing
from children.selectors import (
    carers_visible_to,
    children_visible_to,
    contacts_visible_to,
    pairings_visible_to,
    without_secrets,
)
from core.periods import Period


def current_children_count() -> Coalesce:
    """Return an annotation: how many children a carer (the outer row) currently cares for."""
    current = Pairing.objects.filter(carer=OuterRef("pk"), ended_on__isnull=True)
    return Coalesce(
        Subquery(
            current.order_by().values("carer").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _contacts_count(period: Period | None) -> Coalesce:
    """Return an annotation: the contacts a carer (the outer row) recorded in `period`."""
    contacts = Contact.objects.filter(carer=OuterRef("pk"))
    if period and period.start:
        contacts = contacts.filter(on__gte=period.start)
    if period and period.end:
        contacts = contacts.filter(on__lte=period.end)
    return Coalesce(
        Subquery(
            contacts.order_by().values("carer").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def carer_list(
    user, *, period: Period | None = None, town=None, school=None, active: bool | None = True
) -> QuerySet[Carer]:
    """Return the carers in `user`'s scope with `current_children` and `contacts_in_period`."""
    qs = carers_visible_to(user).select_related("school", "town", "user")
    if town is not None:
        qs = qs.filter(Q(town=town) | Q(school__town=town))
    if school is not None:
        qs = qs.filter(school=school)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.annotate(
        current_children=current_children_count(), contacts_in_period=_contacts_count(period)
    ).order_by("school__name", "name", "pk")


def carer_for(user, pk: int) -> Carer:
    """Return the carer `pk` in `user`'s scope, annotated; 404 for missing and forbidden."""
    qs = carers_visible_to(user).select_related("school", "town", "user", "county")
    return get_object_or_404(qs.annotate(current_children=current_children_count()), pk=pk)


def carer_choices(user) -> QuerySet[Carer]:
    """Return the active carers `user` may pair children with, with `current_children`."""
    return (
        carers_visible_to(user)
        .filter(is_active=True)
        .select_related("school")
        .annotate(current_children=current_children_count())
        .order_by("school__name", "name", "pk")
    )


def carer_pairings(user, carer: Carer) -> QuerySet[Pairing]:
    """Return the pairings of `carer` with children `user` may see, current first."""
    return (
        without_secrets(pairings_visible_to(user), "child")
        .filter(carer=carer)
        .select_related("child__school")
        .order_by(F("ended_on").desc(nulls_first=True), "child__name", "pk")
    )


def _overlapping(qs: QuerySet[Pairing], period: Period | None) -> QuerySet[Pairing]:
    """Return the pairings of `qs` that were current at some day of `period`."""
    if period and period.end:
        qs = qs.filter(started_on__lte=period.end)
    if period and period.start:
        qs = qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
    return qs


def pairing_list(
    user,
    *,
    period: Period | None = None,
    town=None,
    school=None,
    role: str = "",
    current_only: bool = False,
) -> QuerySet[Pairing]:
    """Return the pairings in `user`'s scope current during `period`, with carer and child."""
    qs = _overlapping(without_secrets(pairings_visible_to(user), "child"), period)
    if town is not None:
        qs = qs.filter(Q(child__school__town=town) | Q(child__town=town))
    if school is not None:
        qs = qs.filter(child__school=school)
    if role:
        qs = qs.filter(role=role)
    if current_only:
        qs = qs.filter(ended_on__isnull=True)
    return qs.select_related("carer", "child__school__town").order_by(
        "child__school__name", "child__grade", "child__class_name", "child__name", "-started_on"
    )


def pairing_for(user, pk: int) -> Pairing:
    """Return the pairing `pk` of a child in `user`'s scope; 404 for missing and forbidden."""
    return get_object_or_404(
        pairings_visible_to(user).select_related("carer", "child__school"), pk=pk
    )


def contact_list(
    user,
    *,
    period: Period | None = None,
    town=None,
    school=None,
    kind: str = "",
    child=None,
) -> QuerySet[Contact]:
    """Return the contacts recorded for children in `user`'s scope during `period`
    (of one `child` if given)."""
    qs = without_secrets(contacts_visible_to(user), "child")
    if child is not None:
        qs = qs.filter(child=child)
    if period and period.start:
        qs = qs.filter(on__gte=period.start)
    if period and period.end:
        qs = qs.filter(on__lte=period.end)
    if town is not None:
        qs = qs.filter(Q(child__school__town=town) | Q(child__town=town))
    if school is not None:
        qs = qs.filter(child__school=school)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("child__school", "carer", "recorded_by").order_by("-on", "-pk")


def contact_counts(qs: QuerySet[Contact]) -> dict[str, int]:
    """Return how many of `qs` are of each kind, and the total, in one aggregate query."""
    counts = {kind: Count("pk", filter=Q(kind=kind)) for kind in Contact.Kind.values}
    return qs.order_by().aggregate(total=Count("pk"), **counts)


def my_children(user, *, today: datetime.date) -> QuerySet[Child]:
    """Return the open children currently paired with `user`'s carer, overdue ones first.

    Annotations: last_contact (any carer's), my_role (the pairing role), overdue (1 or 0).
    One query whatever the number of children; empty for a user without a carer.
    """
    carer = user_carer(user)
    if carer is None:
        return Child.objects.none()
    days = user.county.contact_interval_days
    since = today - datetime.timedelta(days=days)
    mine = Pairing.objects.filter(child=OuterRef("pk"), carer=carer, ended_on__isnull=True)
    latest = Contact.objects.filter(child=OuterRef("pk")).order_by("-on").values("on")[:1]
    return (
        without_secrets(children_visible_to(user))
        .filter(Exists(mine), status="open")
        .select_related("school", "village")
        .annotate(
            my_role=Subquery(mine.order_by("role").values("role")[:1]),
            last_contact=Subquery(latest),
        )
        .annotate(
            overdue=Case(
                When(Q(last_contact__isnull=True) | Q(last_contact__lt=since), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-overdue", F("last_contact").asc(nulls_first=True), "name", "pk")
    )


def _has_carer(user) -> bool:
    """Return whether `user` is linked to a carer record (without raising)."""
    try:
        return getattr(user, "is_authenticated", False) and user.carer is not None
    except Carer.DoesNotExist:
        return False


def user_carer(user) -> Carer | None:
    """Return the carer record linked to `user`, or None."""
    return user.carer if _has_carer(user) else None


def my_overdue_count(user, *, today: datetime.date) -> int:
    """Return how many of `user`'s paired children are overdue for a contact (one query)."""
    return my_children(user, today=today).filter(overdue=1).count()


def class_children_without_mentor(user, *, school, grade: int, class_name: str):
    """Return the open children of one class in `user`'s scope who have no current mentor."""
    mentor = Pairing.objects.current_mentors().filter(child=OuterRef("pk"))
    return (
        without_secrets(children_visible_to(user))
        .filter(school=school, grade=grade, class_name=class_name.strip(), status="open")
        .exclude(Exists(mentor))
        .order_by("name", "pk")
    )
