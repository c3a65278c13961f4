"""Writes of the register import and export: upload, check (preview), confirm, discard, export.

The preview parses and validates the file once and stores the result on the batch; the
confirmation writes exactly that, in bulk, in one transaction, after checking that the
file's hash and the children it compares against are unchanged.
"""

import datetime
import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import scope_of
from audit.models import AuditEvent
from audit.services import audit_record
from children.masking import mask_id_number, mask_phone
from children.models import Child, ImportBatch, Parent
from children.protection import derived_fields, refresh_derived
from children.selectors import children_visible_to, id_numbers_q
from children.services import can_edit_register, can_manage_cases, child_transfer
from schools.models import School

from . import files
from .rows import LOOKUP_CHUNK, Places, check_rows, child_places_allowed
from .signals import register_import_confirmed

BATCH_SIZE = 1000
DATE_FIELDS = ("birth_date",)


def _chunks(items: list, size: int = LOOKUP_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def runs_in_background(size: int) -> bool:
    """Return whether a file of `size` bytes is checked and written by the worker."""
    return size > settings.REGISTER_IMPORT_INLINE_MAX_BYTES


def import_upload(*, by, name: str, content: bytes) -> ImportBatch:
    """Create and return a batch for an uploaded file; check it now if small, else enqueue.

    Raises ValidationError (nothing stored) for a file refused outright.
    """
    if not can_edit_register(by):
        raise PermissionDenied
    try:
        files.file_kind(name, content)
    except files.FileRefused as exc:
        raise ValidationError(str(exc), code="file_refused") from None
    batch = ImportBatch.objects.create(
        county_id=by.county_id,
        school_id=by.school_id,
        town_id=by.town_id or (by.school.town_id if by.school_id else None),
        created_by=by,
        file_name=name[:200],
        file_size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
    )
    if runs_in_background(len(content)):
        from .tasks import check_batch

        transaction.on_commit(lambda: check_batch.enqueue(batch.pk))
    else:
        import_check(batch=batch)
    return batch


def _read(batch: ImportBatch):
    """Return the file's rows as (row number, values), from its first sheet with a header."""
    content = bytes(batch.content)
    kind = files.file_kind(batch.file_name, content)
    if kind == "csv":
        return files.csv_rows(content)
    sheets = files.xlsx_sheets(content)
    if not sheets:
        raise files.FileRefused(_("工作簿中没有可见的工作表。"))
    return files.xlsx_rows(sheets[0])


def import_check(*, batch: ImportBatch) -> ImportBatch:
    """Parse and validate the batch's file once; store rows, errors and counts on it.

    Not atomic on purpose: it writes only this batch row, and its progress updates must be
    visible to the polling page while it runs; no child is written here.
    """
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.CHECKING)
    estimate = max(batch.file_size // 120, 1)  # about 120 bytes per row in an .xlsx

    def progress(rows_done: int) -> None:
        percent = min(95, 100 * rows_done // estimate)
        ImportBatch.objects.filter(pk=batch.pk).update(progress=percent)

    try:
        checked = check_rows(
            user=batch.created_by,
            rows=_read(batch),
            max_rows=settings.REGISTER_IMPORT_MAX_ROWS,
            progress=progress,
        )
    except files.FileRefused as exc:
        batch.status, batch.failure, batch.progress = ImportBatch.Status.FAILED, str(exc), 100
        batch.content = b""
        batch.save(update_fields=["status", "failure", "progress", "content"])
        return batch
    batch.set_rows(checked.rows)
    batch.errors = checked.errors
    batch.total_rows = checked.total
    batch.error_count = checked.error_rows
    batch.new_count = checked.count("new")
    batch.changed_count = checked.count("changed")
    batch.unchanged_count = checked.count("unchanged")
    batch.transfer_count = checked.count("transfer")
    batch.status, batch.progress = ImportBatch.Status.PREVIEW, 100
    batch.save()
    return batch


def import_discard(*, by, batch: ImportBatch) -> ImportBatch:
    """Mark a previewed batch as given up; its file is dropped. Nothing else changes."""
    if batch.created_by_id != by.pk:
        raise PermissionDenied
    if batch.status != ImportBatch.Status.PREVIEW:
        raise ValidationError(_("该导入已无法放弃。"))
    batch.status, batch.content, batch.payload = ImportBatch.Status.DISCARDED, b"", b""
    batch.save(update_fields=["status", "content", "payload"])
    return batch


def import_request_confirm(
    *, by, batch: ImportBatch, sha256: str, with_transfers: bool
) -> ImportBatch:
    """Confirm a previewed batch: write it now if small, else hand it to the worker."""
    _check_confirmable(by, batch, sha256)
    if runs_in_background(batch.file_size):
        updated = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEW).update(
            status=ImportBatch.Status.CONFIRMING, progress=0
        )
        if updated:
            from .tasks import confirm_batch

            confirm_batch.enqueue(batch.pk, by.pk, sha256, with_transfers)
        batch.refresh_from_db()
        return batch
    return import_confirm(by=by, batch=batch, sha256=sha256, with_transfers=with_transfers)


def _check_confirmable(by, batch: ImportBatch, sha256: str) -> None:
    if batch.created_by_id != by.pk or not can_edit_register(by):
        raise PermissionDenied
    if batch.status not in (ImportBatch.Status.PREVIEW, ImportBatch.Status.CONFIRMING):
        raise ValidationError(_("该文件已导入或已放弃，不能再次确认。"))
    if batch.error_count:
        raise ValidationError(_("文件中还有错误，请修改后重新上传。"))
    if not sha256 or sha256 != batch.sha256:
        raise ValidationError(_("确认的文件与预览的文件不一致，请重新上传。"))


@transaction.atomic
def import_confirm(*, by, batch: ImportBatch, sha256: str, with_transfers: bool) -> ImportBatch:
    """Write the previewed rows in bulk, all or none; audited; return the finished batch.

    Raises ValidationError if the file's hash differs from the preview's or the register
    changed since the preview (then nothing is written).
    """
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    _check_confirmable(by, locked, sha256)
    if hashlib.sha256(bytes(locked.content)).hexdigest() != locked.sha256:
        raise ValidationError(_("文件内容与预览时不一致，请重新上传。"))
    rows = locked.rows()
    by_action: dict[str, list[dict]] = {"new": [], "changed": [], "unchanged": [], "transfer": []}
    for row in rows:
        by_action[row["action"]].append(row)
    _check_new_still_absent(by, by_action["new"])
    created = _create_children(by, locked, by_action["new"])
    _update_children(by, locked, by_action["changed"] + by_action["unchanged"])
    transfers = _transfer_children(by, locked, by_action["transfer"]) if with_transfers else 0
    for row in by_action["new"]:
        row["child"] = created[row["values"]["id_number"]]
    register_import_confirmed.send(
        sender=ImportBatch,
        by=by,
        batch=locked,
        created=[r["child"] for r in by_action["new"]],
        changed=[r["child"] for r in by_action["changed"]],
        unchanged=[r["child"] for r in by_action["unchanged"]],
        transferred=[r["child"] for r in by_action["transfer"]] if with_transfers else [],
    )
    locked.set_rows(rows)
    locked.status, locked.progress, locked.content = ImportBatch.Status.DONE, 100, b""
    locked.confirmed_at = timezone.now()
    locked.transfers_done = transfers
    locked.failure = ""
    locked.save()
    audit_record(
        by=by,
        action=AuditEvent.Action.IMPORT,
        obj=locked,
        summary=_("导入 %(file)s：新增 %(new)s，修改 %(changed)s，转学 %(tr)s")
        % {
            "file": locked.file_name,
            "new": locked.new_count,
            "changed": locked.changed_count,
            "tr": transfers,
        },
        changes={
            "sha256": locked.sha256,
            "file_size": locked.file_size,
            "new": locked.new_count,
            "changed": locked.changed_count,
            "transfers": transfers,
        },
    )
    return locked


def _model_values(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for key in DATE_FIELDS:
        if isinstance(out.get(key), str):
            out[key] = datetime.date.fromisoformat(out[key])
    return out


def _stale() -> ValidationError:
    return ValidationError(
        _("预览之后台账已有变化（他人新增或修改了其中的儿童），请重新上传文件。")
    )


def _check_new_still_absent(by, rows: list[dict]) -> None:
    """Raise ValidationError if a child with one of the new rows' IDs appeared since."""
    numbers = [r["values"]["id_number"] for r in rows]
    for chunk in _chunks(numbers):
        if Child.objects.filter(id_numbers_q(chunk), county_id=by.county_id).exists():
            raise _stale()
    places, scope = Places.load(by.county_id), scope_of(by)
    for row in rows:
        v = row["values"]
        school_town = places.school_town.get(v.get("school_id"))
        places_of_row = (v.get("school_id"), school_town, v.get("town_id"), v.get("village_id"))
        if not child_places_allowed(scope, *places_of_row):
            raise PermissionDenied


def _audit_value(key: str, value: Any) -> Any:
    if key.endswith("id_number"):
        return mask_id_number(value or "")
    if key.endswith("phone"):
        return mask_phone(value or "")
    return value


def _audit_changes(changes: dict[str, list]) -> dict[str, list]:
    return {
        key.replace(".", "_"): [_audit_value(key, old), _audit_value(key, new)]
        for key, (old, new) in changes.items()
    }


def _create_children(by, batch: ImportBatch, rows: list[dict]) -> dict[str, int]:
    """Insert the new children, their parents and audit events in bulk; return id -> pk."""
    children = [
        Child(county_id=by.county_id, created_by=by, **_model_values(r["values"])) for r in rows
    ]
    Child.objects.bulk_create(children, batch_size=BATCH_SIZE)
    parents = [
        Parent(child_id=child.pk, relation=relation, **values)
        for child, row in zip(children, rows, strict=True)
        for relation, values in row["parents"].items()
    ]
    Parent.objects.bulk_create(parents, batch_size=BATCH_SIZE)
    summary = _("导入登记（%(file)s）") % {"file": batch.file_name}
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                user=by,
                action=AuditEvent.Action.CREATE,
                object_type="children.Child",
                object_id=str(child.pk),
                child_id=child.pk,
                summary=summary[:200],
                changes={"version": 1, "import": batch.pk},
            )
            for child in children
        ],
        batch_size=BATCH_SIZE,
    )
    return {child.id_number: child.pk for child in children}


def _update_children(by, batch: ImportBatch, rows: list[dict]) -> None:
    """Check the compared children are unchanged since the preview; write the changed ones."""
    by_pk = {r["child"]: r for r in rows}
    children: list[Child] = []
    for chunk in _chunks(list(by_pk)):
        children.extend(
            children_visible_to(by).select_for_update(of=("self",)).filter(pk__in=chunk)
        )
    if len(children) != len(by_pk) or any(c.version != by_pk[c.pk]["version"] for c in children):
        raise _stale()
    changed = [c for c in children if by_pk[c.pk]["action"] == "changed"]
    if not changed:
        return
    now = timezone.now()
    fields: set[str] = {"version", "updated_at"}
    for child in changed:
        row = by_pk[child.pk]
        for key in row["changes"]:
            if "." not in key:
                setattr(child, key, _model_values(row["values"]).get(key, row["changes"][key][1]))
                fields.add(key)
        child.version += 1
        child.updated_at = now
        refresh_derived(child)  # bulk_update skips pre_save: hash and mask columns by hand
    fields |= {f.name for f in derived_fields(Child)}
    Child.objects.bulk_update(changed, sorted(fields), batch_size=BATCH_SIZE)
    _write_parents(changed, by_pk)
    summary = _("导入修改（%(file)s）") % {"file": batch.file_name}
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                user=by,
                action=AuditEvent.Action.UPDATE,
                object_type="children.Child",
                object_id=str(child.pk),
                child_id=child.pk,
                summary=summary[:200],
                changes={
                    "fields": _audit_changes(by_pk[child.pk]["changes"]),
                    "version": child.version,
                    "import": batch.pk,
                },
            )
            for child in changed
        ],
        batch_size=BATCH_SIZE,
    )


def _write_parents(children: list[Child], by_pk: dict[int, dict]) -> None:
    """Create or update the parents the changed rows give, in bulk."""
    ids = [c.pk for c in children]
    stored: dict[tuple[int, str], Parent] = {}
    for chunk in _chunks(ids):
        for parent in Parent.objects.filter(child_id__in=chunk):
            stored[(parent.child_id, parent.relation)] = parent
    to_create, to_update, fields = [], [], set()
    for pk in ids:
        for relation, values in by_pk[pk]["parents"].items():
            parent = stored.get((pk, relation))
            if parent is None:
                to_create.append(Parent(child_id=pk, relation=relation, **values))
                continue
            for key, value in values.items():
                if getattr(parent, key) != value:
                    setattr(parent, key, value)
                    fields.add(key)
            to_update.append(parent)
    Parent.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    if fields:
        Parent.objects.bulk_update(to_update, sorted(fields), batch_size=BATCH_SIZE)


def _transfer_children(by, batch: ImportBatch, rows: list[dict]) -> int:
    """Transfer the children of the transfer rows to the row's school; return how many."""
    if not rows:
        return 0
    if not can_manage_cases(by):
        raise PermissionDenied
    schools = School.objects.in_bulk([r["values"]["school_id"] for r in rows])
    ids = [r["child"] for r in rows]
    children = Child.objects.select_related("school").in_bulk(ids)
    # An import never takes a child out of a school the user does not cover: that school
    # has to release the child (a transfer it makes or accepts), not the receiving one.
    mine = set(children_visible_to(by).filter(pk__in=ids).values_list("pk", flat=True))
    today = timezone.localdate()
    for row in rows:
        child = children.get(row["child"])
        if child is None or child.version != row["version"]:
            raise _stale()
        if child.pk not in mine:
            raise ValidationError(
                _(
                    "第 %(row)s 行：该儿童已在本县其他单位登记，不能由导入转入，"
                    "请联系原单位办理转学。"
                )
                % {"row": row["row"]}
            )
        child_transfer(
            by=by,
            child=child,
            to_school=schools[row["values"]["school_id"]],
            on=today,
            reason=_("导入文件 %(file)s 第 %(row)s 行")
            % {"file": batch.file_name, "row": row["row"]},
        )
    return len(rows)
