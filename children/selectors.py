"""Who may see which child, pairing, contact and concern: the only place that decides it.

Every view, export, API, dashboard and report starts from these functions.
"""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import EmergencyAccess, User
from accounts.roles import Kind, scope_of
from audit.models import AuditEvent

from .models import Carer, Child, Concern, Contact, Pairing, Parent
from .protection import EncryptedCharField, keyed_hash


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
    return children_visible_to(user).aged_out(on)


def _encrypted(model) -> list[str]:
    """Return the names of `model`'s encrypted fields."""
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]


def child_file(user, pk: int) -> Child:
    """Return the child `pk` in `user`'s scope with everything its file page shows.

    Parents, pairings, contacts and concerns are read with it, one query each, and kept as
    its prefetched relations (`child.contacts.all()` and so on), so the page's query count
    does not grow with the history. 404 for missing and forbidden alike. The encrypted IDs
    and phones are not read: the page shows their stored masked copies, and the full values
    only through the audited reveal.
    """
    qs = children_visible_to(user).select_related("school", "town", "village")
    # Only what the page shows: compiling and reading a column costs, and the ORM compiles
    # the child's ~60 and its places' on every visit. The places give their names.
    qs = qs.defer(*_encrypted(Child), *_NOT_ON_FILE, *_PLACES_NAMES_ONLY)
    child = get_object_or_404(qs, pk=pk)
    # Each history filtered by the child's id, not through prefetch_related (which filters
    # by `child__in` and joins the rows back: a fifth of the selector's time for one child).
    # The histories are not ordered in SQL: a child's few rows are sorted where they are
    # shown (compiling an ORDER BY costs more than the sort), and the models' default orders
    # would join the child's school, town and county only to sort one child's rows. The
    # parents, two rows shown as they come, are ordered by relation. The carers and users
    # give their names only (not a user's password hash, phone...).
    histories = {
        "parents": Parent.objects.defer(*_encrypted(Parent)).order_by("relation"),
        "pairings": Pairing.objects.select_related("carer")
        .only(*_PAIRING, "carer__name", "carer__unit")
        .order_by(),
        "contacts": Contact.objects.select_related("carer", "recorded_by")
        .only(*_CONTACT, "carer__name", *_names("recorded_by"))
        .order_by(),
        "concerns": Concern.objects.select_related("raised_by", "closed_by")
        .defer(*_not_names("raised_by"), *_not_names("closed_by"))
        .order_by(),
    }
    cache = child.__dict__.setdefault("_prefetched_objects_cache", {})
    for name, rows in histories.items():
        rows = rows.filter(child_id=child.pk)
        for row in rows:  # read once, kept in the queryset's result cache
            row.child = child  # as a prefetch would: row.child reads no query
        cache[name] = rows  # what prefetch_related keeps: an evaluated queryset
    return child


# The child's columns its file does not show (nor its scope checks and audit read).
_NOT_ON_FILE = (
    "id_hash",
    "guardian_phone_hash",
    "guardian_address",
    "income_sources",
    "help_received",
    "closed_on",
    "registered_on",
    "mentor",
    "last_contact_on",
    "open_concern_count",
    "version",
    "created_at",
    "updated_at",
    "created_by",
)
_PLACES_NAMES_ONLY = (
    "school__town",
    "school__kind",
    "school__address",
    "school__has_parent_school",
    "school__is_active",
    "town__county",
    "town__kind",
    "village__town",
    "village__kind",
)
_PAIRING = ("child", "carer", "role", "started_on", "ended_on", "end_reason")
_CONTACT = ("child", "carer", "kind", "on", "notes", "recorded_by", "created_at", "withdrawn_at")


def _names(relation: str) -> tuple[str, ...]:
    """Return the user columns a file writes for `relation`: the name, else the login."""
    return (f"{relation}__full_name", f"{relation}__username")


def _not_names(relation: str) -> list[str]:
    """Return the user columns of `relation` other than its names and id."""
    keep = {"id", "full_name", "username"}
    return [f"{relation}__{f.name}" for f in User._meta.concrete_fields if f.name not in keep]


def child_audit_events(child: Child) -> QuerySet[AuditEvent]:
    """Return the audit events about a child that its timeline shows.

    Not the reads, and not the concerns' events: those name the reporter, whom the file
    shows only to `reporter_visible_to`; the concerns have their own timeline entries.
    """
    return (
        AuditEvent.objects.filter(  # one filter: each exclude() clones and compiles again
            ~Q(action=AuditEvent.Action.READ_SENSITIVE),
            ~Q(object_type__in=CONCERN_OBJECT_TYPES),
            child_id=child.pk,
        )
        .select_related("user")
        # What the timeline writes: the user's name only, not the account's every column.
        .only(
            "action",
            "object_type",
            "changes",
            "at",
            "summary",
            "user",
            "user__full_name",
            "user__username",
        )
    )


CONCERN_OBJECT_TYPES = ("children.Concern", "children.ConcernStep")
