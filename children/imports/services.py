"""Writes of the register import and export: upload, check (preview), discard, mentors.

The preview parses and validates the file once and stores the result on the batch
(encrypted, like the file); confirming writes its good rows (children.imports.confirm).
"""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record
from children.care.services import carer_create
from children.models import Carer, ImportBatch
from children.services import can_edit_register

from . import files
from .check import check_file

# An unconfirmed batch keeps its file this long, then the file and preview are erased.
UNCONFIRMED_DAYS = 7
UNCONFIRMED = (
    ImportBatch.Status.QUEUED,
    ImportBatch.Status.CHECKING,
    ImportBatch.Status.PREVIEW,
    ImportBatch.Status.FAILED,
)


# What import_check writes on the batch.
CHECK_FIELDS = [
    "payload",
    "total_rows",
    "error_count",
    "problem_count",
    "quality_count",
    "new_count",
    "changed_count",
    "unchanged_count",
    "transfer_count",
    "unimported_columns",
    "notices",
    "unmatched_mentors",
    "status",
    "progress",
    "failure",
]


def runs_in_background(size: int) -> bool:
    """Return whether a file of `size` bytes is checked and written by the worker."""
    return size > settings.REGISTER_IMPORT_INLINE_MAX_BYTES


def import_upload(*, by, name: str, content: bytes, password: str = "") -> ImportBatch:
    """Create and return a batch for an uploaded file; check it now if small, else enqueue.

    A workbook with an opening password is opened with `password` and kept as the plain
    workbook (stored encrypted at rest like any upload). Raises ValidationError (nothing
    stored) for a file refused outright, a missing or wrong password included.
    """
    if not can_edit_register(by):
        raise PermissionDenied
    try:
        if files.is_encrypted(content):
            content = files.decrypted(content, password)
        files.file_kind(name, content)
    except files.FileRefused as exc:
        raise ValidationError(str(exc), code="file_refused") from None
    batch = ImportBatch(
        county_id=by.county_id,
        school_id=by.school_id,
        town_id=by.town_id or (by.school.town_id if by.school_id else None),
        created_by=by,
        file_name=name[:200],
        file_size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    batch.set_content(content)
    batch.save()
    if runs_in_background(len(content)):
        from .tasks import check_batch

        transaction.on_commit(lambda: check_batch.enqueue(batch.pk))
    else:
        import_check(batch=batch)
    return batch


def import_check(*, batch: ImportBatch) -> ImportBatch:
    """Parse and validate the batch's file once; store rows, problems and counts on it.

    Not atomic on purpose: it writes only this batch row, and its progress updates must be
    visible to the polling page while it runs; no child is written here.
    """
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.CHECKING)
    estimate = max(batch.file_size // 120, 1)  # about 120 bytes per row in an .xlsx

    def progress(rows_done: int) -> None:
        percent = min(95, 100 * rows_done // estimate)
        ImportBatch.objects.filter(pk=batch.pk).update(progress=percent)

    try:
        result = check_file(
            user=batch.created_by,
            name=batch.file_name,
            content=batch.file_content(),
            max_rows=settings.REGISTER_IMPORT_MAX_ROWS,
            progress=progress,
        )
    except files.FileRefused as exc:
        batch.status, batch.failure, batch.progress = ImportBatch.Status.FAILED, str(exc), 100
        batch.content = b""
        batch.save(update_fields=["status", "failure", "progress", "content"])
        return batch
    batch.set_checked(result.as_payload())
    bad = result.bad
    batch.total_rows = len(result.rows)
    batch.error_count = len(bad)
    batch.problem_count = sum(len(r.problems) for r in bad)
    batch.quality_count = sum(len(r.quality) for r in result.good)
    for action in ("new", "changed", "unchanged", "transfer"):
        setattr(batch, f"{action}_count", result.count(action))
    batch.unimported_columns = result.header.unimported
    batch.notices = result.notices
    batch.unmatched_mentors = result.unmatched_mentors
    batch.status, batch.progress, batch.failure = ImportBatch.Status.PREVIEW, 100, ""
    batch.save(update_fields=CHECK_FIELDS)  # not the file: it is unchanged (megabytes)
    return batch


def _erase(batch: ImportBatch, status: str) -> None:
    batch.status, batch.content, batch.payload = status, b"", b""
    batch.save(update_fields=["status", "content", "payload"])


def import_discard(*, by, batch: ImportBatch) -> ImportBatch:
    """Mark a previewed batch as given up; its file is erased. Nothing else changes."""
    if batch.created_by_id != by.pk:
        raise PermissionDenied
    if batch.status != ImportBatch.Status.PREVIEW:
        raise ValidationError(_("该导入已无法放弃。"))
    _erase(batch, ImportBatch.Status.DISCARDED)
    return batch


@transaction.atomic
def import_add_mentors(*, by, batch: ImportBatch) -> list[Carer]:
    """Add the batch's unmatched 帮扶教师 names as mentors of the school; check it again.

    Returns the carers created (audited by carer_create). Only the uploader, while the
    batch is in preview.
    """
    if batch.created_by_id != by.pk or not by.school_id:
        raise PermissionDenied
    if batch.status != ImportBatch.Status.PREVIEW:
        raise ValidationError(_("该导入已无法修改。"))
    existing = set(
        Carer.objects.filter(school_id=by.school_id, is_active=True).values_list("name", flat=True)
    )
    created = [
        carer_create(
            by=by,
            values={
                "kind": Carer.Kind.MENTOR,
                "background": Carer.Background.TEACHER,
                "name": name,
                "school_id": by.school_id,
                "unit": by.school.name,
            },
        )
        for name in batch.unmatched_mentors
        if name not in existing
    ]
    import_check(batch=batch)
    return created


@transaction.atomic
def import_batches_expire(*, now: datetime.datetime | None = None) -> int:
    """Erase the file and preview of every batch left unconfirmed for 7 days; return how many.

    The batch row stays (the history says it expired); run daily by `expire_imports`.
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(days=UNCONFIRMED_DAYS)
    stale = ImportBatch.objects.filter(status__in=UNCONFIRMED, created_at__lt=cutoff)
    count = stale.update(status=ImportBatch.Status.EXPIRED, content=b"", payload=b"")
    if count:
        audit_record(
            by=None,
            action=AuditEvent.Action.OTHER,
            summary=_("清除 %(n)s 个超过 %(d)s 天未确认的导入文件")
            % {"n": count, "d": UNCONFIRMED_DAYS},
            changes={"expired": count},
        )
    return count
