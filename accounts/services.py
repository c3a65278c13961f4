"""Writes about accounts: changing one's own password."""

from django.db import transaction

from audit.models import AuditEvent
from audit.services import audit_record

from .models import User


@transaction.atomic
def user_password_changed(*, by: User) -> User:
    """Clear the must-change flag after `by` set a new password; audited."""
    if by.must_change_password:
        by.must_change_password = False
        by.save(update_fields=["must_change_password"])
    audit_record(by=by, action=AuditEvent.Action.UPDATE, obj=by, summary="修改密码")
    return by
