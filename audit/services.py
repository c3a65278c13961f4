"""Writing audit events; every service that changes or reveals personal data calls this."""

from typing import Any

from django.db import models

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
