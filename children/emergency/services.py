"""Breaking the glass: a user sees one child outside their scope for 24 hours, audited.

Opening a grant needs the register (the child found by resident ID, in the user's county
only); reviewing it is the administrators' work in `accounts.services`.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import EmergencyAccess, User
from accounts.roles import Kind, scope_of
from audit.models import AuditEvent
from audit.services import audit_record
from core.validators import normalize_id_number, parse_resident_id

from ..models import Child
from ..selectors import id_number_q

BREAK_GLASS_HOURS = 24
MIN_REASON_LENGTH = 15
# A reason is read by the reviewing administrator: "啊啊啊…" or "1212…" says nothing.
MIN_REASON_DISTINCT = 5


def _check_reason(reason: str) -> None:
    """Raise ValidationError unless `reason` is long enough and not one character repeated."""
    meaningful = {ch for ch in reason if not ch.isspace() and ch not in "，。、,.!！?？…-_"}
    if len(reason) < MIN_REASON_LENGTH or len(meaningful) < MIN_REASON_DISTINCT:
        raise ValidationError(
            {
                "reason": _(
                    "请写明事由（至少 %(n)s 个字，写清具体情况，不能重复一个字），该记录将被审核。"
                )
                % {"n": MIN_REASON_LENGTH}
            }
        )


@transaction.atomic
def emergency_access_open(*, by: User, id_number: str, reason: str) -> EmergencyAccess:
    """Grant `by` 24 hours' sight of the child of `by`'s county with this ID; audited.

    Only a child of the user's own county can be found; a user holds at most one open
    grant per child. Raises ValidationError (in Chinese) for a role without the right, a
    short or empty reason, an ID not registered in the county, or an open grant.
    """
    if not scope_of(by).writes(Kind.EMERGENCY):
        raise ValidationError(_("您的角色不能申请紧急查看。"))
    reason = reason.strip()
    _check_reason(reason)
    number = normalize_id_number(id_number)
    try:
        parse_resident_id(number)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from exc
    child = Child.objects.filter(id_number_q(number), county_id=by.county_id).first()
    if child is None:
        raise ValidationError({"id_number": _("本县未找到该身份证号码登记的儿童。")})
    # Lock the user's row so two requests at once cannot both open a grant for the child.
    User.objects.select_for_update().filter(pk=by.pk).first()
    now = timezone.now()
    if EmergencyAccess.objects.filter(user=by, child=child, expires_at__gt=now).exists():
        raise ValidationError({"id_number": _("您对该儿童已有有效的紧急查看，无需重复申请。")})
    grant = EmergencyAccess.objects.create(
        user=by,
        child=child,
        reason=reason,
        expires_at=now + datetime.timedelta(hours=BREAK_GLASS_HOURS),
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
