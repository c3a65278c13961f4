"""Who may see which donation and aid record, balances, and the ledger's totals.

The federation and the education bureau see the county; school staff the donations their
school received and the aid given to their children; the coordination group only totals.
"""

import datetime
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.shortcuts import get_object_or_404

from accounts.roles import Kind, roles_seeing, roles_writing, scope_of
from children.selectors import children_visible_to, without_secrets
from core.periods import half_year_of

from .models import Aid, Donation

DONATION_ROLES = roles_writing(Kind.AID)
# The ledger's totals are aggregates: the coordination group may read them.
LEDGER_ROLES = roles_seeing(Kind.AID)
DONATION_PLACES = {"town": "school__town_id", "school": "school_id"}
ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))
MONEY = DecimalField(max_digits=14, decimal_places=2)


def donations_visible_to(user) -> QuerySet[Donation]:
    """Return the donations whose details (donor, rows, aid) `user` may see."""
    return scope_of(user).filter(Kind.AID, Donation.objects.all(), **DONATION_PLACES)


def donations_counted_for(user) -> QuerySet[Donation]:
    """Return the donations counted in the totals `user` sees (the county for the group)."""
    return scope_of(user).filter(Kind.AID, Donation.objects.all(), counting=True, **DONATION_PLACES)


def aid_visible_to(user) -> QuerySet[Aid]:
    """Return the aid records (voided too) given to children `user` may see."""
    if not scope_of(user).sees(Kind.AID):
        return Aid.objects.none()
    return Aid.objects.filter(child__in=children_visible_to(user))


def aid_on_file(user, child) -> list[tuple]:
    """Return the aid given to `child` as its file's timeline shows it, newest first: rows
    (kind, amount, goods, notes, void reason, given on, voided at, donor's name).

    Read through `aid_visible_to`, so a child outside the user's scope (or a role without
    aid, mentors among them) gives no rows; plain rows, not model instances.
    """
    if not scope_of(user).sees(Kind.AID):
        return []
    return list(
        aid_visible_to(user)
        .filter(child_id=child.pk)
        .order_by("-given_on", "-id")
        .values_list(
            "kind",
            "amount",
            "goods",
            "notes",
            "void_reason",
            "given_on",
            "voided_at",
            "donation__donor__name",
        )
    )


def _aided() -> Coalesce:
    """Return the expression of a donation's aid given so far (voided aid not counted)."""
    given = (
        Aid.objects.valid()
        .filter(donation=OuterRef("pk"))
        .values("donation")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(given, output_field=MONEY), ZERO, output_field=MONEY)


def with_balance(qs: QuerySet[Donation]) -> QuerySet[Donation]:
    """Return `qs` annotated with `aided`, `aid_count` and `balance`, in the same query."""
    live = Aid.objects.valid().filter(donation=OuterRef("pk"))
    count = live.values("donation").annotate(n=Count("pk")).values("n")
    return qs.annotate(
        aided=_aided(),
        aid_count=Coalesce(Subquery(count), Value(0)),
    ).annotate(balance=F("amount") - F("aided"))


def donation_for(user, pk: int) -> Donation:
    """Return donation `pk` with its balance if `user` may see it; 404 otherwise."""
    qs = with_balance(donations_visible_to(user).select_related("donor", "school", "created_by"))
    return get_object_or_404(qs, pk=pk)


def aid_for(user, pk: int) -> Aid:
    """Return aid record `pk` if `user` may see its child; 404 for missing and forbidden."""
    return get_object_or_404(aid_visible_to(user).select_related("child", "donation"), pk=pk)


def donation_filter(qs: QuerySet[Donation], filters: dict) -> QuerySet[Donation]:
    """Return donations narrowed by the ledger's filters (a DonationFilterForm's)."""
    period = filters.get("period")
    if period:
        qs = qs.filter(received_on__range=(period.start, period.end))
    if filters.get("town"):
        qs = qs.filter(school__town=filters["town"])
    if filters.get("school"):
        qs = qs.filter(school=filters["school"])
    if filters.get("donor_kind"):
        qs = qs.filter(donor__kind=filters["donor_kind"])
    if filters.get("received_by"):
        qs = qs.filter(received_by=filters["received_by"])
    return qs


def donation_list(user, filters: dict) -> QuerySet[Donation]:
    """Return the ledger's rows: donations in scope, filtered, with balances, one query."""
    qs = donation_filter(donations_visible_to(user), filters)
    return with_balance(qs.select_related("donor", "school"))


def ledger_totals(user, filters: dict) -> dict:
    """Return the ledger's totals overall, by half-year and by donor kind (two queries)."""
    qs = donation_filter(donations_counted_for(user), filters).annotate(aided=_aided())
    sums = {
        "received": Coalesce(Sum("amount"), ZERO, output_field=MONEY),
        "aided": Coalesce(Sum("aided"), ZERO, output_field=MONEY),
        "count": Count("pk"),
    }
    half = Case(When(received_on__month__lte=6, then=Value(1)), default=Value(2))
    by_period = list(
        qs.annotate(year=ExtractYear("received_on"), half=half)
        .values("year", "half")
        .annotate(**sums)
        .order_by("-year", "-half")
    )
    by_kind = list(qs.values("donor__kind").annotate(**sums).order_by("donor__kind"))
    # The donor kinds partition the donations, so their few grouped rows add up to the total.
    overall = {
        "received": sum((r["received"] for r in by_kind), Decimal("0")),
        "aided": sum((r["aided"] for r in by_kind), Decimal("0")),
        "count": sum(r["count"] for r in by_kind),
    }
    for row in [overall, *by_period, *by_kind]:
        row["balance"] = row["received"] - row["aided"]
    return {"overall": overall, "by_period": by_period, "by_kind": by_kind}


def aid_list(user, filters: dict) -> QuerySet[Aid]:
    """Return aid records in scope narrowed by `filters`, with child, school and donor."""
    qs = without_secrets(aid_visible_to(user), "child").select_related(
        "child__school", "child__town", "donation__donor", "given_by", "voided_by"
    )
    period = filters.get("period")
    if period:
        qs = qs.filter(given_on__range=(period.start, period.end))
    if filters.get("town"):
        town = filters["town"]
        qs = qs.filter(Q(child__school__town=town) | Q(child__town=town))
    if filters.get("school"):
        qs = qs.filter(child__school=filters["school"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if not filters.get("include_void"):
        qs = qs.valid()
    return qs


def aid_totals(qs: QuerySet[Aid]) -> dict:
    """Return the amount, records and distinct children of listed live aid, in one query."""
    return qs.valid().aggregate(
        amount=Coalesce(Sum("amount"), ZERO, output_field=MONEY),
        records=Count("pk"),
        children=Count("child", distinct=True),
    )


def repeated_aid(*, child, kind: str, on: datetime.date) -> QuerySet[Aid]:
    """Return the child's live aid of the same kind in the half-year containing `on`."""
    period = half_year_of(on)
    return (
        Aid.objects.valid()
        .filter(child=child, kind=kind, given_on__range=(period.start, period.end))
        .select_related("donation__donor", "child")
    )
