"""Writing audit events; every service that changes or reveals personal data calls this."""

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from .models import AuditEvent


def audit_record(
    *,
    by: Any,
    action: str,
    obj: models.Model | None = None,
    child: Any = None,
    summary: str = "",
    changes: dict | None = None,
) -> AuditEvent:
    """Create and return one audit event; call it inside the caller's transaction."""
    return AuditEvent.objects.create(
        user=by if getattr(by, "pk", None) else None,
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        child=child,
        summary=summary[:200],
        changes=changes or {},
    )


def export_audit(
    *,
    by: Any,
    what: str,
    rows: int,
    filters: dict | None = None,
    full: bool = False,
    file_format: str = "xlsx",
) -> AuditEvent:
    """Record that `by` downloaded `rows` rows of `what`: the one audit schema of every export.

    `full` says whether full IDs and phones were in the file; `filters` are the list's
    filters as the user chose them (empty values left out).
    """
    return audit_record(
        by=by,
        action=AuditEvent.Action.EXPORT,
        summary=_("导出%(what)s %(rows)s 行（%(how)s，%(format)s）")
        % {
            "what": what,
            "rows": rows,
            "how": _("完整信息") if full else _("已打码"),
            "format": file_format,
        },
        changes={
            "what": what,
            "rows": rows,
            "full": full,
            "format": file_format,
            "filters": {k: str(v) for k, v in (filters or {}).items() if v not in ("", None)},
        },
    )
