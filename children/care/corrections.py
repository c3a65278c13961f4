"""Correcting a wrong tap: the author of a contact may correct or withdraw it for 24 hours.

Write services like services.py: atomic, checked, audited in the same transaction. A
withdrawn contact is never deleted; it keeps its row, its reason and the audit trail, and
drops out of every list and figure (Contact.objects hides it).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record
from children.care.state import care_state_refresh
from children.models import Contact
from children.selectors import children_visible_to


def contact_correctable(contact: Contact, user, *, now: datetime.datetime | None = None) -> bool:
    """Return whether `user` may still correct or withdraw `contact` (its author, 24 h)."""
    now = now or timezone.now()
    return (
        contact.withdrawn_at is None
        and contact.recorded_by_id == user.pk
        and now - contact.created_at <= Contact.CORRECTION_WINDOW
    )


def _locked_for(by, contact: Contact) -> Contact:
    """Return the contact re-read under a row lock; PermissionDenied unless `by` may fix it."""
    locked = Contact.objects.select_for_update().select_related("child").get(pk=contact.pk)
    if not children_visible_to(by).filter(pk=locked.child_id).exists():
        raise PermissionDenied
    if not contact_correctable(locked, by):
        raise PermissionDenied(_("只能在记录后 24 小时内更正或撤回自己的记录。"))
    return locked


@transaction.atomic
def contact_correct(*, by, contact: Contact, kind: str, on: datetime.date, notes: str) -> Contact:
    """Change a contact's kind, date and note; return it. Audited with old and new values.

    Raises PermissionDenied outside the author's 24 hours, ValidationError on bad values.
    """
    contact = _locked_for(by, contact)
    new = {"kind": kind, "on": on, "notes": notes.strip()}
    changes = {
        name: [_plain(getattr(contact, name)), _plain(value)]
        for name, value in new.items()
        if getattr(contact, name) != value
    }
    if not changes:
        return contact
    for name, value in new.items():
        setattr(contact, name, value)
    contact.full_clean()
    contact.save(update_fields=list(changes))
    care_state_refresh([contact.child_id])
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=contact,
        child=contact.child,
        summary=_("更正联系记录：%(kind)s") % {"kind": contact.get_kind_display()},
        changes={"fields": changes},
    )
    return contact


@transaction.atomic
def contact_withdraw(*, by, contact: Contact, reason: str) -> Contact:
    """Withdraw a contact with a reason (kept, never deleted); return it. Audited.

    Raises PermissionDenied outside the author's 24 hours, ValidationError without a reason.
    """
    contact = _locked_for(by, contact)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写撤回原因。")})
    contact.withdrawn_at = timezone.now()
    contact.withdraw_reason = reason
    contact.full_clean()
    contact.save(update_fields=["withdrawn_at", "withdraw_reason"])
    care_state_refresh([contact.child_id])
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=contact,
        child=contact.child,
        summary=_("撤回联系记录：%(kind)s %(on)s（%(reason)s）")
        % {"kind": contact.get_kind_display(), "on": f"{contact.on:%Y-%m-%d}", "reason": reason},
        changes={"withdrawn": True, "reason": reason},
    )
    return contact


def _plain(value) -> str:
    """Return a value as the audit trail stores it (dates as ISO text)."""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)
