"""Who may see which child, pairing, contact and concern: the only place that decides it.

Every view, export, API, dashboard and report starts from these functions.
"""

import datetime
import re

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import EmergencyAccess
from accounts.roles import Kind, scope_of
from audit.models import AuditEvent
from core.periods import years_before
from schools.models import School

from .models import Carer, Child, Concern, Contact, Pairing
from .protection import keyed_hash


def id_number_q(number: str) -> Q:
    """Return the filter that finds the child with this (normalized) resident ID.

    Always look children up by ID through this (and `id_numbers_q`), never by filtering
    the field directly: IDs are stored encrypted, found through their keyed hash.
    """
    return Q(id_hash=keyed_hash(number))


def id_registered_in_county(number: str, *, county_id: int, except_pk: int | None = None) -> bool:
    """Return whether a child with this ID is registered anywhere in the county.

    County-wide on purpose (the ID is unique county-wide); callers reveal only the yes/no.
    """
    taken = Child.objects.filter(id_number_q(number), county_id=county_id)
    if except_pk:
        taken = taken.exclude(pk=except_pk)
    return bool(number) and taken.exists()


def id_registered_in_scope(number: str, *, user, except_pk: int | None = None) -> bool:
    """Return whether a child `user` may see already has this ID (never about others)."""
    taken = children_visible_to(user).filter(id_number_q(number))
    if except_pk:
        taken = taken.exclude(pk=except_pk)
    return bool(number) and taken.exists()


def id_numbers_q(numbers: list[str]) -> Q:
    """Return the filter that finds the children with any of these resident IDs."""
    return Q(id_hash__in=[keyed_hash(n) for n in numbers])


def emergency_child_ids(user) -> list[int]:
    """Return the children `user` holds an unexpired break-the-glass grant for.

    Read once per user object (one small query), so scoped queries stay plain filters.
    """
    if not scope_of(user).writes(Kind.EMERGENCY):
        return []
    until = getattr(user, "emergency_until", None)
    if until is None or until <= timezone.now():
        return []
    cached = getattr(user, "_emergency_child_ids", None)
    if cached is None:
        cached = list(
            EmergencyAccess.objects.filter(user=user, expires_at__gt=timezone.now()).values_list(
                "child_id", flat=True
            )
        )
        user._emergency_child_ids = cached
    return cached


CHILD_PLACES = {
    "town": ("school__town_id", "town_id"),
    "village": "village_id",
    "school": "school_id",
}


def _scope_q(user) -> Q | None:
    """Return the filter of the children `user`'s role and scope cover, or None for none.

    A town's children are those at its schools and those living in it; a mentor's are
    those currently paired with them (see accounts.roles for who reaches how far).
    """
    scope = scope_of(user)
    current = Pairing.objects.filter(
        child=OuterRef("pk"),
        carer__user_id=scope.user_id,
        carer__is_active=True,
        ended_on__isnull=True,
    )
    return scope.q(Kind.CHILDREN, own=Q(Exists(current)), **CHILD_PLACES)


# The child's encrypted columns: lists show the masked copies and never decrypt these.
CHILD_SECRETS = ("id_number", "guardian_id_number", "guardian_phone")


def without_secrets(qs: QuerySet, via: str = "") -> QuerySet:
    """Return `qs` with the encrypted columns of its child (`via` a relation) not read.

    A list that shows masked IDs and phones decrypts nothing this way; touching a deferred
    column would cost a query per row, which the query-count tests would catch.
    """
    prefix = f"{via}__" if via else ""
    return qs.defer(*(prefix + name for name in CHILD_SECRETS))


def children_visible_to(user) -> QuerySet[Child]:
    """Return the children (open and closed) whose personal record `user` may see.

    The user's scope, plus any child of an unexpired break-the-glass grant.
    """
    qs = Child.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    scope = _scope_q(user)
    grants = emergency_child_ids(user)
    if grants:
        scope = (scope | Q(pk__in=grants)) if scope is not None else Q(pk__in=grants)
    return qs.filter(scope) if scope is not None else qs.none()


def seen_through_grant(user, child: Child) -> bool:
    """Return whether `user` sees `child` only through a break-the-glass grant.

    No query for users without a grant; one small query for those with one.
    """
    if child.pk not in emergency_child_ids(user):
        return False
    scope = _scope_q(user)
    return scope is None or not Child.objects.filter(scope, pk=child.pk).exists()


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


def reporter_visible_to(user, concern: Concern) -> bool:
    """Return whether `user` may see who raised `concern`: the roles the permission table
    lets see reporters (the county officers), and the reporter themself."""
    return scope_of(user).sees(Kind.REPORTERS) or concern.raised_by_id == user.pk


def carers_visible_to(user) -> QuerySet[Carer]:
    """Return the carers `user` may see and choose from: their school, town or county."""
    scope = scope_of(user)
    return scope.filter(
        Kind.CARE,
        Carer.objects.all(),
        town=("school__town_id", "town_id"),
        school="school_id",
        own=Q(user_id=scope.user_id),
    )


def children_due_to_close(user, *, on: datetime.date) -> QuerySet[Child]:
    """Return the open children in `user`'s scope who have turned 16 by `on`."""
    limit = (
        on.replace(year=on.year - 16)
        if not (on.month == 2 and on.day == 29)
        else on.replace(year=on.year - 16, day=28)
    )
    return children_visible_to(user).filter(status="open", birth_date__lte=limit)


def register_queryset(user) -> QuerySet[Child]:
    """Return the children in `user`'s scope with what the register list shows.

    The care columns (mentor, last contact, open concerns) are stored on the child
    (children.care.state), so this is one plain query of the child table and its places.
    """
    return (
        children_visible_to(user)
        .select_related("school", "town", "village")
        # Lists show the masked columns; the encrypted ones are never decrypted for a list.
        .defer(*CHILD_SECRETS)
    )


def register_search_q(text: str) -> Q:
    """Return the condition for children whose name, ID or guardian phone matches `text`.

    IDs and phones are encrypted, so a full ID or phone is found by its keyed hash and a
    shorter run of digits by the last four digits that the masked forms keep.
    """
    text = text.strip().replace(" ", "").replace("-", "")
    if not text:
        return Q()
    if any(ch.isdigit() for ch in text):
        upper = text.upper()
        if len(upper) == 18:
            return id_number_q(upper)
        if len(text) == 11 and text.isdigit():
            return Q(guardian_phone_hash=keyed_hash(text))
        tail = upper[-4:]
        return Q(id_masked__endswith=tail) | Q(guardian_phone_masked__endswith=tail)
    return Q(name__contains=text)


def register_search(qs: QuerySet[Child], text: str) -> QuerySet[Child]:
    """Return `qs` narrowed to children whose name, ID or guardian phone matches `text`."""
    return qs.filter(register_search_q(text))


CATEGORY_FIELDS = {
    "left_behind": "is_left_behind",
    "migrant": "is_migrant",
    "in_difficulty": "is_in_difficulty",
    "unsupported": "is_unsupported",
}


def _base_q(filters: dict) -> Q:
    """Return the search and status part of the register's filters (what counts span)."""
    q = register_search_q(filters.get("q") or "")
    status = filters.get("status") or "open"
    return q & Q(status=status) if status != "all" else q


def _town_q(town) -> Q:
    """Return the condition for children living in `town` (a Town or its id) or at its schools.

    The schools' ids are read here (one small query) so the condition is on the child's
    own columns: no join, no subquery.
    """
    school_ids = list(School.objects.filter(town=town).values_list("pk", flat=True))
    return Q(town=town) | Q(school_id__in=school_ids)


def _narrow_q(filters: dict, *, today: datetime.date, contact_days: int) -> Q:
    """Return the register's other filters (places, categories, care) as one condition."""
    q = Q()
    if filters.get("school"):
        q &= Q(school=filters["school"])
    if filters.get("town"):
        q &= _town_q(filters["town"])
    if filters.get("grade"):
        q &= Q(grade=filters["grade"])
    if filters.get("class_name"):
        q &= Q(class_name=filters["class_name"].strip())
    if filters.get("category") in CATEGORY_FIELDS:
        q &= Q(**{CATEGORY_FIELDS[filters["category"]]: True})
    if filters.get("guardianship"):
        q &= Q(guardianship_grade=filters["guardianship"])
    if filters.get("no_mentor"):
        q &= NO_MENTOR
    if filters.get("no_phone"):
        q &= NO_PHONE
    if filters.get("overdue"):
        q &= overdue_q(today, contact_days)
    if filters.get("concern"):
        q &= OPEN_CONCERN
    if filters.get("due_to_close"):
        q &= Q(birth_date__lte=years_before(today, 16), status="open")
    return q


def register_filter(
    qs: QuerySet[Child], filters: dict, *, today: datetime.date, contact_days: int
) -> QuerySet[Child]:
    """Return `qs` narrowed by the register's filters (a cleaned RegisterFilterForm).

    On the child table only: the care filters read the stored care state.
    """
    narrow = _narrow_q(filters, today=today, contact_days=contact_days)
    return qs.filter(_base_q(filters) & narrow)


# What a row of the register list shows (templates/children/child_list.html).
REGISTER_LIST_FIELDS = (
    "name",
    "id_masked",
    "birth_date",
    "school__name",
    "grade",
    "class_name",
    "is_left_behind",
    "is_migrant",
    "is_in_difficulty",
    "is_unsupported",
    "guardian_phone_masked",
    "last_contact_on",
    "open_concern_count",
    "mentor",
    "status",
)


def register_page(
    user, filters: dict, *, today: datetime.date, contact_days: int
) -> tuple[QuerySet[Child], dict[str, int]]:
    """Return the register list of `user`'s scope narrowed by `filters`, and its counts.

    The rows (unsorted, unevaluated; only the columns a row shows) and the counts share
    one reading of the filters. Queries: the counts' one aggregate, and one for the chosen
    town's schools when filtered by town.
    """
    narrow = _narrow_q(filters, today=today, contact_days=contact_days)
    base = _base_q(filters)
    rows = (
        children_visible_to(user)
        .filter(base & narrow)
        .select_related("school")
        .only(*REGISTER_LIST_FIELDS)
    )
    counts = _counts(children_visible_to(user).filter(base), narrow, today, contact_days)
    return rows, counts


NO_MENTOR = Q(mentor__isnull=True)
NO_PHONE = Q(guardian_phone_hash="")  # the short hash: read from the counts index
OPEN_CONCERN = Q(open_concern_count__gt=0)


def overdue_q(today: datetime.date, contact_days: int) -> Q:
    """Return the condition for a child not contacted in the last `contact_days` days."""
    since = today - datetime.timedelta(days=contact_days)
    return Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=since)


def _counts(qs: QuerySet[Child], narrow: Q, today: datetime.date, days: int) -> dict[str, int]:
    """Return the register's counts over `qs` (scope, search and status) in one aggregate.

    `total` and the quick-filter counts span `qs`; `matching` is how many the other
    filters (`narrow`) keep as well, the paginator's count. Each is a COUNT FILTER
    (WHERE …) on the child's own columns: no subquery, no join. They count `county_id`
    (never null), a column of the `child_register_counts` index, so PostgreSQL answers
    from that index alone.
    """
    return qs.order_by().aggregate(
        matching=Count("county", filter=narrow) if narrow else Count("county"),
        total=Count("county"),
        left_behind=Count("county", filter=Q(is_left_behind=True)),
        migrant=Count("county", filter=Q(is_migrant=True)),
        in_difficulty=Count("county", filter=Q(is_in_difficulty=True)),
        unsupported=Count("county", filter=Q(is_unsupported=True)),
        no_mentor=Count("county", filter=NO_MENTOR),
        no_phone=Count("county", filter=NO_PHONE),
        overdue=Count("county", filter=overdue_q(today, days)),
        concern=Count("county", filter=OPEN_CONCERN),
        due_to_close=Count("county", filter=Q(birth_date__lte=years_before(today, 16))),
    )


def child_file(user, pk: int) -> Child:
    """Return the child `pk` in `user`'s scope with everything its file page shows.

    Parents, pairings, contacts and concerns are prefetched so the
    page's query count does not grow with the history. 404 for missing and forbidden alike.
    """
    qs = children_visible_to(user).select_related(
        "school__town", "town", "village", "county", "created_by"
    )
    qs = qs.prefetch_related(
        "parents",
        Prefetch("pairings", queryset=Pairing.objects.select_related("carer")),
        Prefetch("contacts", queryset=Contact.objects.select_related("carer", "recorded_by")),
        Prefetch("concerns", queryset=Concern.objects.select_related("raised_by", "closed_by")),
    )
    return get_object_or_404(qs, pk=pk)


def child_audit_events(child: Child) -> QuerySet[AuditEvent]:
    """Return the audit events about a child that its timeline shows.

    Not the reads, and not the concerns' events: those name the reporter, whom the file
    shows only to `reporter_visible_to`; the concerns have their own timeline entries.
    """
    return (
        AuditEvent.objects.filter(child=child)
        .exclude(action=AuditEvent.Action.READ_SENSITIVE)
        .exclude(object_type__in=CONCERN_OBJECT_TYPES)
        .select_related("user")
    )


CLASS_TEXT = re.compile(r"^(?:(?P<grade>\d{1,2})年级)?(?P<class_name>\S*班)?$")


def children_find(user, text: str) -> QuerySet[Child]:
    """Return the children in `user`'s scope that `text` points at, open cases first.

    `text` is part of a name, the last four characters of the resident ID or of the
    guardian's phone (register_search), or a class ("2班", "3年级2班"). Lists only the
    masked columns, like the register.
    """
    text = text.strip().replace(" ", "")
    qs = (
        children_visible_to(user)
        .select_related("school")
        .defer("id_number", "guardian_id_number", "guardian_phone")
    )
    match = CLASS_TEXT.match(text) if ("班" in text or "年级" in text) else None
    if match and (match["grade"] or match["class_name"]):
        if match["grade"]:
            qs = qs.filter(grade=int(match["grade"]))
        if match["class_name"]:
            qs = qs.filter(class_name=match["class_name"])
    else:
        qs = register_search(qs, text)
    # "open" sorts after "closed": descending puts open cases first.
    return qs.order_by("-status", "name", "pk")


CONCERN_OBJECT_TYPES = ("children.Concern", "children.ConcernStep")
