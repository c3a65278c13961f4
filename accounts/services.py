"""Writes about accounts: changing one's own password, breaking the glass."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record
from children.models import Child
from children.selectors import BREAK_GLASS_ROLES, id_number_q
from core.validators import normalize_id_number, parse_resident_id

from .models import EmergencyAccess, Role, User


@transaction.atomic
def user_password_changed(*, by: User) -> User:
    """Clear the must-change flag after `by` set a new password; audited."""
    if by.must_change_password:
        by.must_change_password = False
        by.save(update_fields=["must_change_password"])
    audit_record(by=by, action=AuditEvent.Action.UPDATE, obj=by, summary="修改密码")
    return by


BREAK_GLASS_HOURS = 24
MIN_REASON_LENGTH = 10


@transaction.atomic
def emergency_access_open(*, by: User, id_number: str, reason: str) -> EmergencyAccess:
    """Grant `by` 24 hours' sight of the county's child with this ID; audited for review.

    Raises ValidationError (in Chinese) for a role without the right, a short reason or an
    unknown ID.
    """
    if by.role not in BREAK_GLASS_ROLES:
        raise ValidationError(_("您的角色不能申请紧急查看。"))
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            {
                "reason": _("请写明事由（至少 %(n)s 个字），该记录将被审核。")
                % {"n": MIN_REASON_LENGTH}
            }
        )
    number = normalize_id_number(id_number)
    try:
        parse_resident_id(number)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from exc
    child = Child.objects.filter(id_number_q(number)).first()
    if child is None:
        raise ValidationError({"id_number": _("未找到该身份证号码登记的儿童。")})
    grant = EmergencyAccess.objects.create(
        user=by,
        child=child,
        reason=reason,
        expires_at=timezone.now() + datetime.timedelta(hours=BREAK_GLASS_HOURS),
    )
    if by.emergency_until is None or by.emergency_until < grant.expires_at:
        by.emergency_until = grant.expires_at
        by.save(update_fields=["emergency_until"])
    by._emergency_child_ids = None  # the user's cached grants are stale now
    audit_record(
        by=by,
        action=AuditEvent.Action.OTHER,
        obj=grant,
        child=child,
        summary=_("紧急查看：%(reason)s") % {"reason": reason[:150]},
    )
    return grant


@transaction.atomic
def emergency_access_review(*, by: User, grant: EmergencyAccess, note: str = "") -> EmergencyAccess:
    """Mark a grant as reviewed by an administrator; audited."""
    if by.role != Role.ADMIN:
        raise ValidationError(_("只有系统管理员可以审核紧急查看记录。"))
    grant.reviewed_by, grant.reviewed_at, grant.review_note = by, timezone.now(), note[:200]
    grant.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=grant,
        child=grant.child,
        summary=_("审核紧急查看：%(note)s") % {"note": note[:150]},
    )
    return grant
