"""Children who may be registered twice in a county: found by name and birth date, cached."""

from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import Func, IntegerField

from children.duplicates import alike_pairs_by_day
from children.models import Child
from children.selectors import children_visible_to

DUPLICATES_CACHE_SECONDS = 900


class DayNumber(Func):
    """A date as a whole number of days (PostgreSQL: since 1970-01-01; SQLite: its Julian
    day). The duplicate check only compares birth dates: a number costs the driver less to
    read than a date, for every open child of the county."""

    arity = 1
    output_field = IntegerField()

    @property
    def convert_value(self):
        """Return no converter: the drivers already give ints, and it would run per row."""
        return self._convert_value_noop

    def as_sql(self, compiler, connection, **extra_context):
        """Return the date itself where no cheaper day number is known (days compare alike)."""
        return compiler.compile(self.source_expressions[0])

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} - DATE '1970-01-01')", params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(JULIANDAY({sql}) AS INTEGER)", params


def duplicates_key(county_id: int) -> str:
    """Return the cache key of the county's duplicate pairs."""
    return f"dashboards:duplicates:{county_id}"


def duplicate_pairs(county_id: int) -> list[tuple[int, int]]:
    """Return pairs of open children of the county who may be registered twice.

    Candidates come from the database: the county's open children in birth-date order.
    Within each birth date, names alike (same pinyin or one character apart:
    `alike_pairs_by_day`) pair up. Cached per county for DUPLICATES_CACHE_SECONDS.
    """
    key = duplicates_key(county_id)
    pairs = cache.get(key)
    if pairs is not None:
        return pairs
    # Nearly every child shares a birth date with another in a county: read them all, in
    # birth-date order, at once rather than first asking which dates are shared. Through
    # a server-side cursor (PostgreSQL; one fetch for a county): a cursor is planned for
    # its first rows, so the rows come in order from the `child_open_birth` index alone,
    # which a plain query passes over for sorting the table once the index has grown a
    # little (the plain plan took three times as long on the benchmark county). In a
    # transaction, so that the cursor is not kept past it (WITH HOLD copies every row).
    # The ORM's query read through the driver's cursor: its rows are already the tuples
    # the check takes, and the ORM's iterator would pass each one through its own layers.
    candidates = (
        Child.objects.filter(county_id=county_id)
        .open()
        .order_by("birth_date", "pk")
        .values_list("pk", "name", DayNumber("birth_date"))
    )
    sql, params = candidates.query.get_compiler(using=candidates.db).as_sql()
    connection = connections[candidates.db]
    with transaction.atomic(using=candidates.db, savepoint=False):
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            pairs = alike_pairs_by_day(cursor.fetchall())
    cache.set(key, pairs, DUPLICATES_CACHE_SECONDS)
    return pairs


def duplicate_list(user, pairs: list[tuple[int, int]]) -> list[tuple[dict | None, dict | None]]:
    """Return each pair as the two children `user` may see (None for one they may not).

    Only for roles that see children; names come from `children_visible_to`. One query.
    """
    ids = {pk for pair in pairs for pk in pair}
    # Unordered: the pairs give the order, and the list's default order would join the
    # county and the town for nothing.
    rows = (
        children_visible_to(user).filter(pk__in=ids).order_by().values("pk", "name", "school__name")
    )
    found = {row["pk"]: row for row in rows}
    return [(found.get(a), found.get(b)) for a, b in pairs]
