"""Writing joint meetings and documents: federation and education officers; audited."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from accounts.roles import Kind, scope_of
from audit.models import AuditEvent
from audit.services import audit_record


def can_edit_records(user) -> bool:
    """Return whether the user's role may add and edit meetings and documents."""
    return scope_of(user).writes(Kind.RECORDS)


@transaction.atomic
def record_save(*, by, record: models.Model, values: dict[str, Any]) -> models.Model:
    """Create or update a JointMeeting or PolicyDocument of `by`'s county; audited."""
    if not can_edit_records(by):
        raise PermissionDenied
    created = record.pk is None
    if not created and record.county_id != by.county_id:
        raise PermissionDenied
    before = {} if created else {k: str(getattr(record, k)) for k in values}
    for key, value in values.items():
        setattr(record, key, value)
    record.county_id = by.county_id
    record.full_clean()
    record.save()
    after = {k: str(getattr(record, k)) for k in values}
    changes = {k: [before.get(k, ""), v] for k, v in after.items() if before.get(k) != v}
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        obj=record,
        summary=str(record),
        changes={"fields": changes},
    )
    return record
