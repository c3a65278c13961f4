"""Loading rows with PostgreSQL's COPY (`children.bulk.copy_rows`); ids set by the generator."""

from collections.abc import Sequence

from django.db import connection, models

from children.bulk import copy_rows

__all__ = ["copy_rows", "next_id", "reset_sequences"]


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
