"""Bare floors: the least SQL that could show a page, run on a bare cursor.

The register list shows 50 rows and how many match: its floor is one SELECT of 50 rows
of the child table in the page's order (by index) and one COUNT(*) of the same rows.
The child's file shows one child and its history: its floor is the child's row with its
places and one SELECT per history table by the child's id. Queries are built once with
the ORM and replayed as SQL with every row fetched, like a page's own SQL.
"""

import datetime
from collections.abc import Callable

from django.db import connection
from django.db.models import Q, QuerySet

from children.models import (
    Child,
    Concern,
    Contact,
    Pairing,
    Parent,
    last_contact_or_never,
    not_contacted_since,
)
from children.register import REGISTER_LIST_FIELDS
from donations.models import Aid
from schools.models import School

PAGE_ROWS = 50
# What a register row shows: the register's own list of columns.
LIST_COLUMNS = ("id", *REGISTER_LIST_FIELDS)


def _sql(qs: QuerySet) -> tuple[str, tuple]:
    return qs.query.sql_with_params()


def _run(statements: list[tuple[str, tuple]]) -> Callable[[], None]:
    """Return a function executing `statements` on the bare cursor, fetching every row."""

    def run() -> None:
        with connection.cursor() as wrapper:
            cursor = wrapper.cursor
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    return run


def register_floor(where: Q, order: list, *, page: int = 1) -> Callable[[], None]:
    """Return the bare floor of a register page: 50 rows in `order` and one count."""
    children = Child.objects.filter(where)
    start = (page - 1) * PAGE_ROWS
    rows = children.order_by(*order).values_list(*LIST_COLUMNS)[start : start + PAGE_ROWS]
    matching, params = _sql(children.order_by().values_list("county_id"))
    count = f"SELECT COUNT(*) FROM ({matching}) AS matching"  # noqa: S608 - SQL the ORM built
    return _run([_sql(rows), (count, params)])


def first_page_floor(county_id: int) -> Callable[[], None]:
    """Return the floor of the register's first page: the county's open children."""
    return register_floor(
        Q(county_id=county_id, status="open"),
        ["school_id", "grade", "class_name", "name", "pk"],
    )


def filtered_page_floor(
    county_id: int, town_id: int, *, today: datetime.date, contact_days: int
) -> Callable[[], None]:
    """Return the floor of page 2 of left-behind children of a town not contacted lately."""
    since = today - datetime.timedelta(days=contact_days)
    schools = list(School.objects.filter(town_id=town_id).values_list("pk", flat=True))
    where = (
        Q(county_id=county_id, status="open", is_left_behind=True)
        & (Q(town_id=town_id) | Q(school_id__in=schools))
        & not_contacted_since(since)  # by the index the page reads too
    )
    order = [last_contact_or_never().desc(), "grade", "class_name", "name", "pk"]
    return register_floor(where, order, page=2)


def file_floor(child_id: int) -> Callable[[], None]:
    """Return the floor of a child's file: the child with its places, then each history."""
    child = Child.objects.filter(pk=child_id).select_related("school", "town", "village")
    return _run(
        [
            _sql(child),
            _sql(Parent.objects.filter(child_id=child_id)),
            _sql(Pairing.objects.filter(child_id=child_id).select_related("carer")),
            _sql(Contact.objects.filter(child_id=child_id)),
            _sql(Concern.objects.filter(child_id=child_id)),
            _sql(Aid.objects.filter(child_id=child_id)),
        ]
    )
