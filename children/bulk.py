"""Writing many rows at once: PostgreSQL's COPY where the server has it, bulk_create elsewhere.

`copy_rows` stores exactly what the ORM would (encrypted columns as their Fernet tokens,
hash and mask columns computed from their source, every other column its model default)
without building a model instance per row: the import's confirmation and the benchmark's
generator both write through it. `insert_rows` is the import's entry: rows as dicts of
field values, the primary keys given (reserved from the table's sequence by
`reserve_ids`; `create_rows` does both and returns them), so the caller can insert the
rows that refer to them next.
"""

import datetime
import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.utils import timezone

from .protection import DerivedField, EncryptedCharField, encrypt

CHUNK_ROWS = 50_000
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_supported() -> bool:
    """Return whether the default database takes COPY (PostgreSQL with psycopg2)."""
    return connection.vendor == "postgresql"


def _text(value: object) -> str:
    """Return `value` in COPY's text format (\\N for NULL, t/f, ISO dates, escaped text)."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.translate(_ESCAPES)
    return text


def field_default(field: models.Field, now: datetime.datetime) -> object:
    """Return what Django would store in `field` when a row leaves it unset."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, (models.CharField, models.TextField)):
        return ""
    raise ValueError(f"{field.model.__name__}.{field.name} needs a value")


def _default_or_null(field: models.Field, now: datetime.datetime) -> object:
    try:
        return field_default(field, now)
    except ValueError:
        return None


def copy_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[object]]
) -> int:
    """COPY `rows` (tuples in `columns` order, by attname) into `model`'s table; return count.

    Every other concrete column gets the model's default, so the rows are what the ORM
    would have written. Rows are sent in chunks, so a generator of millions stays small.
    """
    now = timezone.now()
    given = set(columns)
    rest = [
        f
        for f in model._meta.concrete_fields
        if f.attname not in given and not (f.primary_key and isinstance(f, models.AutoField))
    ]
    # Encrypted columns get the ciphertext, and hash/mask columns are computed from their
    # source, exactly as Model.save() would store them (children/protection.py).
    fields = {f.attname: f for f in model._meta.concrete_fields}
    encrypted = [i for i, c in enumerate(columns) if isinstance(fields.get(c), EncryptedCharField)]
    # A derived column whose source is not given keeps its default, as its source does.
    derived = [f for f in rest if isinstance(f, DerivedField) and f.source in given]
    rest = [f for f in rest if f not in derived]
    sources = [list(columns).index(f.source) for f in derived]
    names = list(columns) + [f.column for f in derived] + [f.column for f in rest]
    tail = "".join("\t" + _text(field_default(f, now)) for f in rest)
    quoted = ", ".join(connection.ops.quote_name(n) for n in names)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({quoted}) FROM STDIN"
    count = 0
    buffer = io.StringIO()
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg2's cursor: copy_expert is not on Django's wrapper
        for row in rows:
            if derived or encrypted:
                plain = row
                row = list(row)
                for i in encrypted:
                    row[i] = encrypt(str(row[i])) if row[i] else row[i]
                row += [
                    f.KINDS[f.kind](plain[i] or "") for f, i in zip(derived, sources, strict=True)
                ]
            buffer.write("\t".join(_text(v) for v in row))
            buffer.write(tail)
            buffer.write("\n")
            count += 1
            if count % CHUNK_ROWS == 0:
                buffer.seek(0)
                raw.copy_expert(sql, buffer)
                buffer = io.StringIO()
        if buffer.tell():
            buffer.seek(0)
            raw.copy_expert(sql, buffer)
    return count


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """Return `count` new primary keys of `model`, taken from its id sequence (PostgreSQL)."""
    if not count:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk, count],
        )
        return [row[0] for row in cursor.fetchall()]


def create_rows(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert `rows` as new rows of `model` (as `insert_rows`) and return their primary keys,
    in the rows' order: reserved from the sequence and sent by COPY on PostgreSQL, returned
    by bulk_create elsewhere."""
    if not rows:
        return []
    if copy_supported():
        ids = reserve_ids(model, len(rows))
        insert_rows(model, rows, ids=ids)
        return ids
    objs = [model(**row) for row in rows]
    model.objects.bulk_create(objs, batch_size=1000)
    return [obj.pk for obj in objs]


def insert_rows(
    model: type[models.Model], rows: Sequence[dict[str, Any]], *, ids: Sequence[int] | None = None
) -> None:
    """Insert `rows` ({field name or attname: value}) as new rows of `model`, all or none.

    With `ids` the rows get those primary keys (from `reserve_ids`). On PostgreSQL the rows
    go by COPY; elsewhere by bulk_create. Either way each column holds what the ORM would
    store (unset columns their defaults, encrypted and derived columns as save() does).
    """
    if not rows:
        return
    if not copy_supported():
        objs = [model(**row) for row in rows]
        if ids is not None:
            for obj, pk in zip(objs, ids, strict=True):
                obj.pk = pk
        model.objects.bulk_create(objs, batch_size=1000)
        return
    attname = {}
    for f in model._meta.concrete_fields:
        attname[f.name] = attname[f.attname] = f.attname
    keys = list(dict.fromkeys(key for row in rows for key in row))
    columns = [attname[key] for key in keys]
    fields = {f.attname: f for f in model._meta.concrete_fields}
    now = timezone.now()
    # A row without one of the keys gets the column's default (NULL if it has none, which
    # the database refuses for a required column, as it would refuse the ORM's row).
    defaults = [_default_or_null(fields[c], now) for c in columns]
    values = (
        [row.get(key, default) for key, default in zip(keys, defaults, strict=True)] for row in rows
    )
    if ids is not None:
        pk = model._meta.pk.attname
        columns = [pk, *columns]
        values = ([i, *v] for i, v in zip(ids, values, strict=True))
    copy_rows(model, columns, values)
