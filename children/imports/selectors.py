"""Reads of imports and exports: which batches a user sees, and the register as file rows."""

from collections.abc import Iterator

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.roles import Kind, scope_of
from children.masking import mask_id_number, mask_phone
from children.models import Child, ImportBatch, Parent
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


def _cell(column: Column, value, full: bool):
    """Return a stored value as the file shows it: labels for codes, masked if asked."""
    if column.kind in ("choice", "relation"):
        return str(column.choices(value).label) if value else ""
    if column.kind == "multi":
        return "、".join(str(column.choices(v).label) for v in value or [] if v)
    if column.kind == "id" and not full:
        return mask_id_number(value or "")
    if column.kind == "phone" and not full:
        return mask_phone(value or "")
    return value


CHILD_SOURCES = {"town": "town__name", "village": "village__name", "school": "school__name"}
# A masked export reads the stored masked columns: nothing is decrypted for it.
MASKED_SOURCES = {
    "id_number": "id_masked",
    "guardian_id_number": "guardian_id_masked",
    "guardian_phone": "guardian_phone_masked",
}


def export_rows(children: QuerySet[Child], *, full: bool) -> Iterator[list]:
    """Yield one row per child, in the template's columns; two queries per 2,000 children.

    `children` must come from children_visible_to (the caller's scope).
    """
    child_columns = [c for c in REGISTER_COLUMNS if c.relation is None]
    sources = [CHILD_SOURCES.get(c.key, c.key) for c in child_columns]
    if not full:
        sources = [MASKED_SOURCES.get(s, s) for s in sources]
    values = children.order_by().values_list("pk", *sources)
    chunk: list[tuple] = []
    for record in values.iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(record)
        if len(chunk) == EXPORT_CHUNK:
            yield from _export_chunk(chunk, child_columns, full)
            chunk = []
    if chunk:
        yield from _export_chunk(chunk, child_columns, full)


def _export_chunk(chunk: list[tuple], child_columns: list[Column], full: bool) -> Iterator[list]:
    parents: dict[tuple[int, str], dict] = {}
    phone = "phone" if full else "phone_masked"
    for parent in Parent.objects.filter(child_id__in=[r[0] for r in chunk]).values(
        "child_id", "relation", "name", "status", "work_province", "work_city", phone
    ):
        parent["phone"] = parent.pop(phone)
        parents[(parent["child_id"], parent["relation"])] = parent
    parent_columns = [c for c in REGISTER_COLUMNS if c.relation is not None]
    for record in chunk:
        row = [_cell(c, v, full) for c, v in zip(child_columns, record[1:], strict=True)]
        for column in parent_columns:
            parent = parents.get((record[0], column.relation))
            row.append(_cell(column, parent[column.field_name], full) if parent else "")
        yield row
