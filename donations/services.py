"""Every write to donations and aid: atomic, scope-checked and audited.

Aid drawn from a donation never exceeds what is left of it: `aid_give` locks the donation's
row (SELECT ... FOR UPDATE) before summing what was already given, so two officers aiding
from the same donation at the same moment cannot together overdraw it.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Kind, Level, scope_of
from audit.models import AuditEvent
from audit.services import audit_record
from children.models import Child
from children.selectors import children_visible_to

from .models import Aid, Donation, Donor
from .selectors import donations_visible_to, repeated_aid

CENT = Decimal("0.01")


class RepeatedAid(Exception):  # noqa: N818 - reads as the condition it reports
    """Raised when the child already had aid of the same kind this half-year (confirmable)."""

    def __init__(self, existing: list[Aid]):
        super().__init__("repeated aid")
        self.existing = existing


def can_record_donations(user) -> bool:
    """Return whether the user's role may record donations and give aid."""
    return scope_of(user).writes(Kind.AID)


def _require_role(by) -> None:
    if not can_record_donations(by):
        raise PermissionDenied


def _given(donation: Donation) -> Decimal:
    """Return the live aid already given from `donation` (the caller holds its row lock)."""
    total = Aid.objects.valid().filter(donation=donation).aggregate(s=Sum("amount"))["s"]
    return (total or Decimal("0")).quantize(CENT)


def _lock(donation: Donation) -> Donation:
    """Return the donation re-read under a row lock held until the transaction ends."""
    return Donation.objects.select_for_update().get(pk=donation.pk)


@transaction.atomic
def donor_for(*, by, name: str, kind: str) -> Donor:
    """Return the county's donor of this name, created with `kind` if new."""
    donor = Donor.objects.filter(county_id=by.county_id, name=name.strip()).first()
    if donor:
        return donor
    donor = Donor(county_id=by.county_id, name=name.strip(), kind=kind)
    donor.full_clean()
    donor.save()
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=donor,
        summary=_("新建捐赠方：%(name)s") % {"name": donor.name},
    )
    return donor


def _place_receiver(by, donation: Donation) -> None:
    """Make a school user's donation one received by their own school."""
    if scope_of(by).level(Kind.AID) == Level.SCHOOL:
        donation.received_by = Donation.Receiver.SCHOOL
        donation.school_id = by.school_id


@transaction.atomic
def donation_record(*, by, donor: Donor, values: dict[str, Any]) -> Donation:
    """Create and return a donation received in `by`'s scope; audited."""
    _require_role(by)
    donation = Donation(county_id=by.county_id, donor=donor, created_by=by, **values)
    _place_receiver(by, donation)
    donation.full_clean()
    donation.save()
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=donation,
        summary=_("登记捐赠：%(donor)s %(amount)s 元")
        % {"donor": donor.name, "amount": donation.amount},
    )
    return donation


@transaction.atomic
def donation_update(*, by, donation: Donation, donor: Donor, values: dict[str, Any]) -> Donation:
    """Update a donation; its amount may not drop below the aid already given. Audited."""
    _require_role(by)
    if not donations_visible_to(by).filter(pk=donation.pk).exists():
        raise PermissionDenied
    locked = _lock(donation)
    before = {k: str(getattr(locked, k)) for k in values} | {"donor": str(locked.donor)}
    for key, value in values.items():
        setattr(locked, key, value)
    locked.donor = donor
    _place_receiver(by, locked)
    given = _given(locked)
    if locked.amount < given:
        raise ValidationError(
            {"amount": _("已从该捐赠发放资助 %(given)s 元，金额不能少于此数。") % {"given": given}}
        )
    locked.full_clean()
    locked.save()
    after = {k: str(getattr(locked, k)) for k in values} | {"donor": str(locked.donor)}
    changes = {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=locked,
        summary=_("修改捐赠：%(donor)s") % {"donor": donor.name},
        changes={"fields": changes},
    )
    return locked


def _draw_from(by, donation: Donation, *, amount: Decimal, given_on: datetime.date) -> Donation:
    """Return the donation locked for the aid, or raise ValidationError: outside `by`'s
    scope, an aid dated before the donation, or more than its balance."""
    if not donations_visible_to(by).filter(pk=donation.pk).exists():
        raise ValidationError({"donation": _("该捐赠不在您的管辖范围内。")})
    donation = _lock(donation)
    if given_on < donation.received_on:
        raise ValidationError(
            {
                "given_on": _("发放日期不能早于捐赠接收日期 %(day)s。")
                % {"day": f"{donation.received_on:%Y-%m-%d}"}
            }
        )
    balance = donation.amount - _given(donation)
    if amount > balance:
        raise ValidationError(
            {
                "amount": _("资助金额 %(amount)s 元超过该捐赠的余额 %(balance)s 元。")
                % {"amount": amount, "balance": balance}
            }
        )
    return donation


@transaction.atomic
def aid_give(
    *,
    by,
    child: Child,
    donation: Donation | None,
    kind: str,
    amount: Decimal,
    given_on: datetime.date,
    goods: str = "",
    notes: str = "",
    confirm_repeat: bool = False,
) -> Aid:
    """Record aid to a child in `by`'s scope, drawn from a donation; audited with the child.

    Raises ValidationError when the aid exceeds the donation's balance, and RepeatedAid
    when the child already had aid of this kind this half-year and `confirm_repeat` is false.
    """
    _require_role(by)
    if not children_visible_to(by).filter(pk=child.pk).exists():
        raise ValidationError({"child": _("该儿童不在您的管辖范围内。")})
    if donation is not None:
        donation = _draw_from(by, donation, amount=amount, given_on=given_on)
    if not confirm_repeat:
        existing = list(repeated_aid(child=child, kind=kind, on=given_on))
        if existing:
            raise RepeatedAid(existing)
    aid = Aid(
        child=child,
        donation=donation,
        kind=kind,
        amount=amount,
        goods=goods,
        given_on=given_on,
        notes=notes,
        given_by=by,
    )
    aid.full_clean()
    aid.save()
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=aid,
        child=child,
        summary=_("资助：%(kind)s %(amount)s 元")
        % {"kind": aid.get_kind_display(), "amount": amount},
        changes={"donation": donation.pk if donation else None, "repeat_confirmed": confirm_repeat},
    )
    return aid


@transaction.atomic
def aid_give_many(
    *,
    by,
    children: list[Child],
    donation: Donation | None,
    amount: Decimal,
    confirm_repeat: bool = False,
    **details: Any,
) -> list[Aid]:
    """Give the same aid (`amount` each, `details` for aid_give) to every child; all or none.

    One transaction: the donation's balance must cover the total (checked under its row
    lock before anything is written), and RepeatedAid lists every child's earlier aid of
    this kind this half-year unless `confirm_repeat`. Returns the new Aid records.
    """
    _require_role(by)
    children = list(dict.fromkeys(children))
    if not children:
        raise ValidationError({"children": _("请至少选择一名受助儿童。")})
    if donation is not None and donations_visible_to(by).filter(pk=donation.pk).exists():
        locked = _lock(donation)
        balance = locked.amount - _given(locked)
        total = (amount * len(children)).quantize(CENT)
        if total > balance:
            raise ValidationError(
                {
                    "amount": _(
                        "%(n)s 名儿童 × %(amount)s 元 = %(total)s 元，超过该捐赠的余额 "
                        "%(balance)s 元；未发放任何一笔。"
                    )
                    % {"n": len(children), "amount": amount, "total": total, "balance": balance}
                }
            )
    if not confirm_repeat:
        kind, on = details["kind"], details["given_on"]
        existing = [a for c in children for a in repeated_aid(child=c, kind=kind, on=on)]
        if existing:
            raise RepeatedAid(existing)
    return [
        aid_give(
            by=by,
            child=child,
            donation=donation,
            amount=amount,
            confirm_repeat=confirm_repeat,
            **details,
        )
        for child in children
    ]


@transaction.atomic
def aid_void(*, by, aid: Aid, reason: str) -> Aid:
    """Void a wrong aid record with a reason (never delete it), restoring the balance; audited."""
    _require_role(by)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写作废原因。")})
    if aid.donation_id:
        _lock(aid.donation)
    aid = Aid.objects.select_for_update().get(pk=aid.pk)
    if not children_visible_to(by).filter(pk=aid.child_id).exists():
        raise PermissionDenied
    if aid.voided_at is not None:
        raise ValidationError({"reason": _("该资助记录已作废。")})
    aid.voided_at = timezone.now()
    aid.voided_by = by
    aid.void_reason = reason
    aid.full_clean()
    aid.save()
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=aid,
        child=aid.child,
        summary=_("作废资助：%(kind)s %(amount)s 元（%(reason)s）")
        % {"kind": aid.get_kind_display(), "amount": aid.amount, "reason": reason},
        changes={"voided": True, "reason": reason},
    )
    return aid
