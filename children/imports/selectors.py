"""Reads of imports and exports: which batches a user sees, and the register as file rows."""

from collections.abc import Callable, Iterator

from django.core.paginator import Page, Paginator
from django.db.models import FilteredRelation, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.roles import Kind, scope_of
from children.masking import mask_id_number, mask_phone
from children.models import Child, ImportBatch
from children.selectors import children_visible_to

from .columns import COLUMN_BY_KEY, REGISTER_COLUMNS, Column

EXPORT_CHUNK = 2000


def batches_visible_to(user) -> QuerySet[ImportBatch]:
    """Return the import batches `user` may see: their own, and those in their scope."""
    qs = ImportBatch.objects.select_related("created_by", "school").defer("content", "payload")
    scope = scope_of(user)
    if not scope.writes(Kind.CHILDREN):
        return qs.none()
    mine = Q(created_by_id=scope.user_id)
    # A batch records its school and town, not a village: a village director sees their own.
    places = scope.q(Kind.CHILDREN, town="town_id", school="school_id")
    return qs.filter(mine | places if places is not None else mine)


def batch_for(user, pk: int, *, with_payload: bool = False) -> ImportBatch:
    """Return batch `pk` if `user` may see it; 404 alike for missing and forbidden."""
    qs = batches_visible_to(user)
    if with_payload:
        qs = qs.defer(None).defer("content")
    return get_object_or_404(qs, pk=pk)


def batch_rows_page(user, rows: list[dict], number, per_page: int) -> Page:
    """Return a page of a batch's new, changed and transfer rows, with their children.

    Each row gets `child_obj` (the child if `user` may see it, one query per page) and
    `changed_labels` (the changed columns' names). A transfer row names no school: the
    child is registered elsewhere in the county, which is all the uploader may know.
    """
    rows = [r for r in rows if r["action"] in ("new", "changed", "transfer")]
    page = Paginator(rows, per_page).get_page(number)
    found = children_visible_to(user).in_bulk([r["child"] for r in page if r.get("child")])
    for row in page:
        row["child_obj"] = found.get(row.get("child"))
        row["changed_labels"] = "、".join(_key_label(k) for k in row.get("changes", {}))
    return page


def _key_label(key: str) -> str:
    column = COLUMN_BY_KEY.get(key) or COLUMN_BY_KEY.get(key.removesuffix("_id"))
    if column:
        return column.header
    return str(Child._meta.get_field(key).verbose_name)


def can_export_full(user) -> bool:
    """Return whether the user's role may export unmasked IDs and phones."""
    return scope_of(user).writes(Kind.CHILDREN)


def _converter(column: Column, full: bool) -> Callable[[object], object]:
    """Return the function turning a stored value into the cell the file shows.

    Built once per column and export: code labels are looked up in a dict made here
    (under the caller's language), IDs and phones masked unless `full`.
    """
    if column.kind in ("choice", "relation", "multi"):
        labels = {code: str(label) for code, label in column.choices.choices}
        if column.kind != "multi":
            return lambda value: labels.get(value, value) if value else ""
        return lambda value: "、".join(labels.get(v, v) for v in value or [] if v)
    if column.kind == "id" and not full:
        return lambda value: mask_id_number(value or "")
    if column.kind == "phone" and not full:
        return lambda value: mask_phone(value or "")
    return lambda value: value


CHILD_SOURCES = {"town": "town__name", "village": "village__name", "school": "school__name"}
# A masked export reads the stored masked columns: nothing is decrypted for it (they are
# already masked, so their converter leaves them as they are).
MASKED_SOURCES = {
    "id_number": "id_masked",
    "guardian_id_number": "guardian_id_masked",
    "guardian_phone": "guardian_phone_masked",
}
PARENT_MASKED_SOURCES = {"phone": "phone_masked"}


def export_rows(children: QuerySet[Child], *, full: bool) -> Iterator[list]:
    """Yield one row per child, in the template's columns, from one query.

    The parents come in the same rows (one join per relation), read through one
    server-side cursor EXPORT_CHUNK rows at a time, so memory stays flat whatever the
    number of children. `children` must come from children_visible_to (the caller's scope).
    """
    relations = {
        rel: FilteredRelation("parents", condition=Q(parents__relation=rel))
        for rel in ("father", "mother")
    }
    sources, converters = [], []
    for column in REGISTER_COLUMNS:
        if column.relation is None:
            source = CHILD_SOURCES.get(column.key, column.key)
        else:
            source = f"{column.relation}__{column.field_name}"
        masked = (PARENT_MASKED_SOURCES if column.relation else MASKED_SOURCES).get(
            column.field_name if column.relation else source
        )
        if masked and not full:
            source = f"{column.relation}__{masked}" if column.relation else masked
            converters.append(_as_is)
        else:
            converters.append(_converter(column, full))
        sources.append(source)
    values = children.annotate(**relations).order_by().values_list(*sources)
    for record in values.iterator(chunk_size=EXPORT_CHUNK):
        yield [convert(value) for convert, value in zip(converters, record, strict=True)]


def _as_is(value):
    """Return the stored value unchanged (a masked column: no parent gives None)."""
    return "" if value is None else value
