"""The one definition of each register figure: open, on the register, overdue, aged out."""

import datetime

from django.db import models
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan

from core.periods import years_before

from .choices import LEFT_BEHIND_AGE_LIMIT, CaseStatus


def aged_out_at(day: datetime.date) -> models.Q:
    """Return the condition for an open case of a child who has turned 16 by `day`."""
    return models.Q(
        status=CaseStatus.OPEN, birth_date__lte=years_before(day, LEFT_BEHIND_AGE_LIMIT)
    )


def on_register_at(day: datetime.date) -> models.Q:
    """Return the condition for a child being on the register at the end of `day`."""
    return models.Q(registered_on__lte=day) & (
        models.Q(status=CaseStatus.OPEN) | models.Q(closed_on__gt=day)
    )


# "Never contacted" sorts and compares as the earliest day there is.
NEVER_CONTACTED = datetime.date(1, 1, 1)


def last_contact_or_never() -> Coalesce:
    """Return the child's last contact (stored care state), "never" being the earliest day.

    One expression for the register's "last contact" sort and the overdue condition, so
    that both are read from one index (`child_county_contact`) and "never" comes first
    when the oldest contacts do, on PostgreSQL and SQLite alike.
    """
    return Coalesce("last_contact_on", models.Value(NEVER_CONTACTED))


def not_contacted_since(since: datetime.date) -> models.Q:
    """Return the condition for a child with no contact on or after `since` (ever, if none)."""
    return models.Q(LessThan(last_contact_or_never(), since))


class ChildQuerySet(models.QuerySet):
    """Children, with the one definition of "on the register" and of "overdue"."""

    def open(self) -> "ChildQuerySet":
        """Return the children whose case is open."""
        return self.filter(status=CaseStatus.OPEN)

    def aged_out(self, as_of: datetime.date) -> "ChildQuerySet":
        """Return the open cases of children who have turned 16 by `as_of` (due to close)."""
        return self.filter(aged_out_at(as_of))

    def on_register(self, day: datetime.date) -> "ChildQuerySet":
        """Return the children on the register at the end of `day`."""
        return self.filter(on_register_at(day))

    def overdue(self, as_of: datetime.date, days: int) -> "ChildQuerySet":
        """Return the children on the register on `as_of` with no contact in the `days`
        before it (from `as_of - days` to `as_of`, both included)."""
        # Imported here: the care models import this module.
        from .care import Contact

        since = as_of - datetime.timedelta(days=days)
        # Only the contacts of these children: a province's contacts would not stay hashed.
        contacted = Contact.objects.filter(
            child__in=self.values("pk"), on__gte=since, on__lte=as_of
        ).values("child_id")
        return self.on_register(as_of).exclude(pk__in=contacted)
