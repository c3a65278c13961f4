"""The care timeline on a child's file: contacts, pairings, aid, concerns and changes."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent

from .models import Child, Parent


@dataclass
class Entry:
    """One line of the timeline."""

    when: datetime.datetime
    kind: str  # contact, pairing, aid, concern, transfer, change
    title: str
    text: str = ""
    by: str = ""
    details: list[tuple[str, str, str]] = field(default_factory=list)
    urgent: bool = False
    contact_id: int | None = None  # a contact's entry links to its correction


def _at(day: datetime.date) -> datetime.datetime:
    """Return the start of a day as an aware datetime, to sort dates among timestamps."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def field_label(name: str) -> str:
    """Return the Chinese label of a Child field or a flattened parent field."""
    if name.startswith(("father_", "mother_")):
        relation, _sep, rest = name.partition("_")
        try:
            label = Parent._meta.get_field(rest).verbose_name
        except FieldDoesNotExist:
            return name
        return f"{Parent.Relation(relation).label}{label}"
    try:
        return str(Child._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def child_timeline(child: Child, events: list[AuditEvent]) -> list[Entry]:
    """Return the child's timeline, newest first, from prefetched relations and `events`."""
    entries: list[Entry] = []
    for c in child.contacts.all():
        entries.append(
            Entry(
                when=_at(c.on),
                kind="contact",
                title=c.get_kind_display(),
                text=c.notes,
                by=c.carer.name if c.carer else str(c.recorded_by or ""),
                contact_id=c.pk,
            )
        )
    for p in child.pairings.all():
        entries.append(
            Entry(
                when=_at(p.started_on),
                kind="pairing",
                title=_("结对：%(role)s %(name)s")
                % {"role": p.get_role_display(), "name": p.carer.name},
            )
        )
        if p.ended_on:
            entries.append(
                Entry(
                    when=_at(p.ended_on),
                    kind="pairing",
                    title=_("结对结束：%(name)s") % {"name": p.carer.name},
                    text=p.end_reason,
                )
            )
    for a in child.aid.all():
        donor = a.donation.donor.name if a.donation_id else ""
        title = _("资助：%(kind)s %(amount)s 元") % {
            "kind": a.get_kind_display(),
            "amount": a.amount,
        }
        if a.voided_at:
            title = _("（已作废）") + title
        entries.append(
            Entry(
                when=_at(a.given_on),
                kind="aid",
                title=title,
                text=" ".join(x for x in (a.goods, a.notes, a.void_reason) if x),
                by=donor,
            )
        )
    for c in child.concerns.all():
        entries.append(
            Entry(
                when=c.raised_at,
                kind="concern",
                title=_("强制报告：%(kind)s") % {"kind": c.get_kind_display()},
                text=c.description,
                by=str(c.raised_by),
                urgent=c.status == c.Status.OPEN,
            )
        )
        if c.handled_at:
            entries.append(
                Entry(
                    when=c.handled_at,
                    kind="concern",
                    title=_("报告已处理：%(kind)s") % {"kind": c.get_kind_display()},
                    text=c.handling,
                    by=str(c.handled_by or ""),
                )
            )
    for e in events:
        if e.action == AuditEvent.Action.CREATE and e.object_type != "children.Child":
            continue  # concerns and others already have their own entries
        fields = e.changes.get("fields", {}) if e.action == AuditEvent.Action.UPDATE else {}
        entries.append(
            Entry(
                when=e.at,
                kind="change" if e.action != AuditEvent.Action.TRANSFER else "transfer",
                title=e.get_action_display() if not e.summary else e.summary,
                by=str(e.user or ""),
                details=[
                    (field_label(k), _fmt(v[0]), _fmt(v[1])) for k, v in sorted(fields.items())
                ],
            )
        )
    entries.sort(key=lambda x: x.when, reverse=True)
    return entries


def _fmt(value) -> str:
    """Return a value as the timeline shows it."""
    if value in (None, ""):
        return "—"
    if value is True:
        return _("是")
    if value is False:
        return _("否")
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "—"
    return str(value)
