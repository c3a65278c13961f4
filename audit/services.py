"""Writing audit events; every service that changes or reveals personal data calls this."""

import json
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.utils import timezone
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


def audit_record_each_child(
    *, by: Any, children: models.QuerySet, action: str, summary: str, changes: dict
) -> int:
    """Write one event per child of `children`, all with the same action, summary and changes.

    For a service that writes thousands of children at once (the register import): one
    INSERT ... SELECT in the database instead of building and sending one model instance
    per child. Call it inside the caller's transaction; returns how many it wrote.
    """
    connection = connections[children.db]
    quote = connection.ops.quote_name
    meta = AuditEvent._meta
    names = ("at", "user", "action", "object_type", "object_id", "child", "summary", "changes")
    target = f"{quote(meta.db_table)} ({', '.join(quote(meta.get_field(n).column) for n in names)})"
    pks = children.order_by().annotate(audited_pk=models.F("pk")).values_list("audited_pk")
    try:
        picked, picked_params = pks.query.sql_with_params()
    except EmptyResultSet:  # pk__in=[]: nothing to write
        return 0
    values = "%s, %s, %s, %s, CAST(picked.audited_pk AS VARCHAR(40)), picked.audited_pk, %s, %s"
    # Names come from the models' meta, quoted; every value is a parameter.
    sql = f"INSERT INTO {target} SELECT {values} FROM ({picked}) picked"  # noqa: S608
    at = meta.get_field("at").get_db_prep_save(timezone.now(), connection)
    params = [
        at,
        getattr(by, "pk", None),
        action,
        children.model._meta.label,
        summary[:200],
        json.dumps(changes),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *picked_params])
        return cursor.rowcount


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
