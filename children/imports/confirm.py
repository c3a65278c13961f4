"""Confirming a previewed batch: its good rows written in bulk, all or none; audited.

Bad rows stay out (they go to the error file); a row of another school's child becomes a
transfer request; a 帮扶教师 name matching one carer of the school pairs the child.
`batch_children` says which children a confirmed batch touched (the survey counts them).
"""

import datetime
import hashlib
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Scope, scope_of
from audit.models import AuditEvent
from audit.services import audit_record, audit_record_each_child
from children.bulk import create_rows, insert_rows
from children.care.state import care_state_refresh
from children.masking import mask_id_number, mask_phone
from children.models import Child, ImportBatch, Pairing, Parent
from children.models.imports import CheckedWriter
from children.protection import derived_fields, refresh_derived
from children.selectors import children_visible_to, id_numbers_q
from children.services import can_edit_register
from children.transfers.services import transfer_requests_create

from .context import Places, child_places_allowed
from .register import LOOKUP_CHUNK
from .services import runs_in_background
from .signals import register_import_confirmed

BATCH_SIZE = 1000


def _chunks(items: Iterable, size: int = LOOKUP_CHUNK) -> Iterator[list]:
    """Yield lists of up to `size` items of any iterable."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def import_request_confirm(*, by, batch: ImportBatch, sha256: str) -> ImportBatch:
    """Confirm a previewed batch: write its good rows now if small, else via the worker."""
    _check_confirmable(by, batch, sha256)
    if runs_in_background(batch.file_size):
        updated = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEW).update(
            status=ImportBatch.Status.CONFIRMING, progress=0
        )
        if updated:
            from .tasks import confirm_batch

            confirm_batch.enqueue(batch.pk, by.pk, sha256)
        batch.refresh_from_db()
        return batch
    return import_confirm(by=by, batch=batch, sha256=sha256)


def _check_confirmable(by, batch: ImportBatch, sha256: str) -> None:
    if batch.created_by_id != by.pk or not can_edit_register(by):
        raise PermissionDenied
    if batch.status not in (ImportBatch.Status.PREVIEW, ImportBatch.Status.CONFIRMING):
        raise ValidationError(_("该文件已导入或已放弃，不能再次确认。"))
    if not batch.new_count + batch.changed_count + batch.transfer_count:
        raise ValidationError(_("文件中没有可以导入的行。"))
    if not sha256 or sha256 != batch.sha256:
        raise ValidationError(_("确认的文件与预览的文件不一致，请重新上传。"))


@transaction.atomic
def import_confirm(*, by, batch: ImportBatch, sha256: str) -> ImportBatch:
    """Write the previewed good rows in bulk, all or none; audited; return the batch.

    Raises ValidationError if the file differs from the preview's or the register changed
    since the preview (then nothing is written). The rows are read from the preview a
    thousand at a time. The file is erased; the bad rows stay (encrypted) for the error file.
    """
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    _check_confirmable(by, locked, sha256)
    if hashlib.sha256(locked.file_content()).hexdigest() != locked.sha256:
        raise ValidationError(_("文件内容与预览时不一致，请重新上传。"))
    scope = Places.load(by.county_id), scope_of(by)
    created: list[int] = []  # the new children's pks
    transfers: list[dict] = []
    mentors: list[dict] = []
    carried: dict[str, list[int]] = {"changed": [], "unchanged": []}
    # The preview is stored again, unparsed, its new rows given their children's pks.
    checked = CheckedWriter()
    checked.copy(locked.checked_lines("header"))
    for lines in _chunks(locked.iter_checked_lines("rows"), BATCH_SIZE):
        chunk = [row for _line, row in lines]
        new = [r for r in chunk if r["action"] == "new"]
        _check_new_still_absent(by, [r["values"] for r in new], *scope)
        for row, pk in zip(new, _create_children(by, locked, new), strict=True):
            row["child"] = pk
            created.append(pk)
        _update_children(by, locked, [r for r in chunk if r["action"] in ("changed", "unchanged")])
        transfers += [_slim(r) for r in chunk if r["action"] == "transfer"]
        mentors += [_slim(r) for r in chunk if r.get("mentor") and r["action"] != "transfer"]
        for line, row in lines:
            if row["action"] in carried:
                carried[row["action"]].append(row["child"])
            if row["action"] == "new":  # the preview gives no child to a new row
                checked.copy_with(line, "child", row["child"])
            else:
                checked.copy([line])
    checked.copy(locked.checked_lines("bad", "problems", "quality"))
    requested = _request_transfers(by, locked, transfers)
    _pair_mentors(by, locked, mentors)
    # Transfers are only requested here (the other school accepts them), so none is sent.
    register_import_confirmed.send(
        sender=ImportBatch,
        by=by,
        batch=locked,
        created=created,
        changed=carried["changed"],
        unchanged=carried["unchanged"],
        transferred=[],
    )
    locked.payload = checked.payload()
    locked.status, locked.progress, locked.content = ImportBatch.Status.DONE, 100, b""
    locked.confirmed_at, locked.transfers_done, locked.failure = timezone.now(), requested, ""
    locked.save()
    _audit_import(by, locked, requested)
    return locked


def _slim(row: dict) -> dict:
    """Return what transfers and mentor pairings need of a row (not its values)."""
    return {
        "child": row["child"],
        "mentor": row.get("mentor"),
        "values": {"school_id": row["values"].get("school_id")},
    }


def _audit_import(by, batch: ImportBatch, requested: int) -> None:
    audit_record(
        by=by,
        action=AuditEvent.Action.IMPORT,
        obj=batch,
        summary=_("导入 %(file)s：新增 %(new)s，修改 %(changed)s，申请转学 %(tr)s，错误 %(bad)s 行")
        % {
            "file": batch.file_name,
            "new": batch.new_count,
            "changed": batch.changed_count,
            "tr": requested,
            "bad": batch.error_count,
        },
        changes={
            "sha256": batch.sha256,
            "file_size": batch.file_size,
            "new": batch.new_count,
            "changed": batch.changed_count,
            "transfer_requests": requested,
            "bad_rows": batch.error_count,
        },
    )


def batch_children(batch: ImportBatch) -> list[int]:
    """Return the ids of the children a confirmed batch created, changed or re-confirmed.

    Transfer rows are left out: those children stay at their school until it accepts.
    """
    if batch.status != ImportBatch.Status.DONE:
        return []
    return [r["child"] for r in batch.rows() if r["action"] != "transfer" and r.get("child")]


def _model_values(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if isinstance(out.get("birth_date"), str):
        out["birth_date"] = datetime.date.fromisoformat(out["birth_date"])
    return out


def _stale() -> ValidationError:
    return ValidationError(
        _("预览之后台账已有变化（他人新增或修改了其中的儿童），请重新上传文件。")
    )


def _check_new_still_absent(by, rows: list[dict], places: Places, scope: Scope) -> None:
    """Raise ValidationError if a child with one of the new rows' IDs appeared since.

    `rows` holds new rows' values; each must still lie in `by`'s scope. Checked chunk by
    chunk before each insert: a failure rolls back the chunks already written.
    """
    if (
        rows
        and Child.objects.filter(
            id_numbers_q([v["id_number"] for v in rows]), county_id=by.county_id
        ).exists()
    ):
        raise _stale()
    for v in rows:
        school_town = places.school_town.get(v.get("school_id"))
        if not child_places_allowed(
            scope, v.get("school_id"), school_town, v.get("town_id"), v.get("village_id")
        ):
            raise PermissionDenied


def _audit_changes(changes: dict[str, list]) -> dict[str, list]:
    def value(key: str, v: Any) -> Any:
        if key.endswith("id_number"):
            return mask_id_number(v or "")
        return mask_phone(v or "") if key.endswith("phone") else v

    return {
        key.replace(".", "_"): [value(key, old), value(key, new)]
        for key, (old, new) in changes.items()
    }


def _child_events(by, children: list[Child], action: str, summary: str, changes) -> None:
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                user=by,
                action=action,
                object_type="children.Child",
                object_id=str(child.pk),
                child_id=child.pk,
                summary=summary[:200],
                changes=changes(child),
            )
            for child in children
        ],
        batch_size=BATCH_SIZE,
    )


def _create_children(by, batch: ImportBatch, rows: list[dict]) -> list[int]:
    """Insert the new children, their parents and audit events in bulk; return their pks.

    Written by COPY on PostgreSQL (`children.bulk.insert_rows`: the same columns the ORM
    would store, without a model instance per row), by bulk_create elsewhere.
    """
    pks = create_rows(
        Child, [{**r["values"], "county_id": by.county_id, "created_by_id": by.pk} for r in rows]
    )
    insert_rows(
        Parent,
        [
            {"child_id": pk, "relation": relation, **values}
            for pk, row in zip(pks, rows, strict=True)
            for relation, values in row["parents"].items()
        ],
    )
    audit_record_each_child(
        by=by,
        children=Child.objects.filter(pk__in=pks),
        action=AuditEvent.Action.CREATE,
        summary=_("导入登记（%(file)s）") % {"file": batch.file_name},
        changes={"version": 1, "import": batch.pk},
    )
    return pks


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
        values = _model_values(row["values"])
        for key in row["changes"]:
            if "." not in key:
                setattr(child, key, values.get(key, row["changes"][key][1]))
                fields.add(key)
        child.version += 1
        child.updated_at = now
        refresh_derived(child)  # bulk_update skips pre_save: hash and mask columns by hand
    fields |= {f.name for f in derived_fields(Child)}
    Child.objects.bulk_update(changed, sorted(fields), batch_size=BATCH_SIZE)
    _write_parents(changed, by_pk)
    summary = _("导入修改（%(file)s）") % {"file": batch.file_name}
    _child_events(
        by,
        changed,
        AuditEvent.Action.UPDATE,
        summary,
        lambda c: {
            "fields": _audit_changes(by_pk[c.pk]["changes"]),
            "version": c.version,
            "import": batch.pk,
        },
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
        for parent in to_update:
            refresh_derived(parent)
        fields |= {f.name for f in derived_fields(Parent)}
        Parent.objects.bulk_update(to_update, sorted(fields), batch_size=BATCH_SIZE)


def _request_transfers(by, batch: ImportBatch, rows: list[dict]) -> int:
    """Ask the children's schools to release the transfer rows' children; return how many."""
    by_school: dict[int, list[int]] = {}
    for row in rows:
        by_school.setdefault(row["values"]["school_id"], []).append(row["child"])
    requested = 0
    for school_id, child_ids in by_school.items():
        current = Child.objects.filter(pk__in=child_ids).values_list("pk", "school_id")
        requested += transfer_requests_create(
            by=by,
            children=list(current),
            to_school_id=school_id,
            reason=_("导入文件 %(file)s") % {"file": batch.file_name},
        )
    return requested


def _pair_mentors(by, batch: ImportBatch, rows: list[dict]) -> None:
    """Pair each row's child with its matched mentor, unless the child has a mentor now."""
    if not rows:
        return
    mentored = set(
        Pairing.objects.current_mentors()
        .filter(child_id__in=[r["child"] for r in rows])
        .values_list("child_id", flat=True)
    )
    today = timezone.localdate()
    pairings = [
        Pairing(
            child_id=r["child"], carer_id=r["mentor"], role=Pairing.Role.MENTOR, started_on=today
        )
        for r in rows
        if r["child"] not in mentored
    ]
    Pairing.objects.bulk_create(pairings, batch_size=BATCH_SIZE)
    # bulk_create skips the pairing service: the care state on the child (the register's
    # "has a mentor") is refreshed here, in the same transaction.
    care_state_refresh([p.child_id for p in pairings])
    summary = _("导入结对帮扶教师（%(file)s）") % {"file": batch.file_name}
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                user=by,
                action=AuditEvent.Action.CREATE,
                object_type=Pairing._meta.label,
                object_id=str(p.pk or ""),
                child_id=p.child_id,
                summary=summary[:200],
                changes={"carer": p.carer_id, "role": p.role, "started_on": today.isoformat()},
            )
            for p in pairings
        ],
        batch_size=BATCH_SIZE,
    )
