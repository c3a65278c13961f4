"""The care state stored on each child: current mentor, last contact, open concerns.

The register and the dashboards filter, sort and count by these three columns of the
child table instead of asking pairings, contacts and concerns on every request. They are
derived data: `care_state_refresh` recomputes them from the source tables and is the only
writer. Every service that changes a pairing, a contact, a concern, a transfer or a case's
status calls it for the children it touched, inside its own transaction, so a reader never
sees a change without its state. `care_state_differences` is the same computation read
back and compared, for `manage.py care_state --check`.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import django.dispatch
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from children.models import Child, Concern, Contact, Pairing

STATE_FIELDS = ("mentor_id", "last_contact_on", "open_concern_count")

# Sent once the transaction that refreshed some children's care state has committed, with
# `county_ids`: what their figures depend on changed (the dashboards refresh their cache).
care_state_changed = django.dispatch.Signal()


def _recomputed() -> dict[str, object]:
    """Return the expressions computing each stored field from its source table."""
    current_mentor = (
        Pairing.objects.current_mentors()
        .filter(child=OuterRef("pk"))
        .order_by("-started_on", "-pk")
        .values("carer_id")[:1]
    )
    last_contact = Contact.objects.filter(child=OuterRef("pk")).order_by("-on").values("on")[:1]
    open_concerns = (
        Concern.objects.filter(child=OuterRef("pk"), status=Concern.Status.OPEN)
        .order_by()
        .values("child")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return {
        "mentor_id": Subquery(current_mentor),
        "last_contact_on": Subquery(last_contact),
        "open_concern_count": Coalesce(
            Subquery(open_concerns, output_field=IntegerField()), Value(0)
        ),
    }


def _children(child_ids: Iterable[int] | QuerySet) -> QuerySet[Child]:
    """Return the children named by a list of ids or by a queryset of ids (a subquery)."""
    if isinstance(child_ids, QuerySet):
        return Child.objects.filter(pk__in=child_ids)
    return Child.objects.filter(pk__in=list(child_ids))


def care_state_refresh(child_ids: Iterable[int] | QuerySet) -> int:
    """Recompute and store the care state of the given children; return how many rows.

    Two statements whatever the number of children (lock, then UPDATE). `child_ids` is
    ids or a queryset of ids (e.g. a county's children, as a subquery). Call it inside the
    transaction that changed their pairings, contacts, concerns, school or status (it
    opens one if there is none). The child's `version` and `updated_at` are left alone:
    the care state is not an edit of the record.
    """
    children = _children(child_ids)
    with transaction.atomic(savepoint=False):
        # Lock the rows first, in id order so two writers cannot deadlock: the UPDATE then
        # reads its sources with a snapshot taken after any concurrent writer of these
        # children committed, so neither overwrites the other's contact or pairing.
        counties = children.select_for_update().order_by("pk").values_list("county_id", flat=True)
        county_ids = set(counties)
        if not county_ids:
            return 0
        updated = children.update(**_recomputed())
        transaction.on_commit(lambda: care_state_changed.send(Child, county_ids=county_ids))
    return updated


@dataclass(frozen=True)
class Difference:
    """One stored care-state value that differs from what its source tables say."""

    child_id: int
    field: str
    stored: object
    recomputed: object


def care_state_differences(
    child_ids: Iterable[int] | QuerySet | None = None, *, chunk_size: int = 2000
) -> Iterator[Difference]:
    """Yield every stored value that differs from the recomputed one (all children if None).

    Read with one server-side cursor, `chunk_size` rows at a time, so it runs in flat
    memory over a province.
    """
    children = Child.objects.all() if child_ids is None else _children(child_ids)
    recomputed = {f"new_{name}": expr for name, expr in _recomputed().items()}
    rows = (
        children.order_by("pk")
        .annotate(**recomputed)
        .values_list("pk", *STATE_FIELDS, *recomputed)
        .iterator(chunk_size=chunk_size)
    )
    width = len(STATE_FIELDS)
    for pk, *values in rows:
        for name, stored, new in zip(STATE_FIELDS, values[:width], values[width:], strict=True):
            if stored != new:
                yield Difference(pk, name, stored, new)
