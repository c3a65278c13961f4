"""Loading rows with PostgreSQL's COPY: the fast path for millions of synthetic rows."""

import datetime
import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import connection, models
from django.utils import timezone

from children.protection import DerivedField, EncryptedCharField, encrypt

CHUNK_ROWS = 50_000
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


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


def _field_default(field: models.Field, now: datetime.datetime) -> object:
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
    tail = "".join("\t" + _text(_field_default(f, now)) for f in rest)
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
                    row[i] = encrypt(row[i]) if row[i] else row[i]
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


def next_id(model: type[models.Model]) -> int:
    """Return the first free primary key of `model` (ids are assigned by the generator)."""
    top = model.objects.aggregate(top=models.Max("pk"))["top"]
    return (top or 0) + 1


def reset_sequences(model_list: Sequence[type[models.Model]]) -> None:
    """Move the id sequences of `model_list` past the ids the generator assigned."""
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), model_list):
            cursor.execute(sql)
