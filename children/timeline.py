"""The care timeline on a child's file: contacts, pairings, concerns, changes, and more.

Apps above `children` add their own entries (aid, say) by registering a timeline source
in their `AppConfig.ready()`, so the register never imports them.
"""

import datetime
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent

from .models import Child, Concern, Pairing, Parent
from .selectors import reporter_visible_to


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


# A source returns the entries it adds to `child`'s timeline, as `user` may see them.
TimelineSource = Callable[[object, Child], Iterable[Entry]]
_sources: list[TimelineSource] = []


def register_timeline_source(source: TimelineSource) -> TimelineSource:
    """Add `source` to every child's timeline (once); returns it, to serve as a decorator."""
    if source not in _sources:
        _sources.append(source)
    return source


@functools.cache
def _choice_labels(model: type, name: str) -> dict:
    """Return the (lazy) labels of a model field's choices by value, read once."""
    return dict(model._meta.get_field(name).flatchoices)


def choice_label(obj, name: str) -> str | None:
    """Return what `obj.get_<name>_display()` returns, without rebuilding the choices."""
    value = getattr(obj, name)
    label = _choice_labels(type(obj), name).get(value, value)
    return label if label is None else str(label)


def at_start_of(day: datetime.date) -> datetime.datetime:
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


def child_timeline(child: Child, events: list[AuditEvent], *, user) -> list[Entry]:
    """Return the child's timeline as `user` sees it, newest first.

    Contacts, pairings and concerns come from `child`'s prefetched relations, changes from
    `events`; each registered source adds its own (one query each, whatever the history).
    """
    entries: list[Entry] = []
    for source in _sources:
        entries.extend(source(user, child))
    entries.extend(_contact_entries(child))
    entries.extend(_pairing_entries(child))
    entries.extend(_concern_entries(child, user))
    entries.extend(_change_entries(events))
    entries.sort(key=lambda x: x.when, reverse=True)
    return entries


def _contact_entries(child: Child) -> list[Entry]:
    """Return an entry per contact recorded with the child."""
    return [
        Entry(
            when=at_start_of(c.on),
            kind="contact",
            title=choice_label(c, "kind"),
            text=c.notes,
            by=c.carer.name if c.carer else str(c.recorded_by or ""),
            contact_id=c.pk,
        )
        for c in sorted(child.contacts.all(), key=_day_and_pk("on"), reverse=True)
    ]


def _pairing_entries(child: Child) -> list[Entry]:
    """Return a start and, if ended, an end entry per pairing of the child."""
    entries = []
    for p in pairings_newest_first(child.pairings.all()):
        entries.append(
            Entry(
                when=at_start_of(p.started_on),
                kind="pairing",
                title=_("结对：%(role)s %(name)s")
                % {"role": choice_label(p, "role"), "name": p.carer.name},
            )
        )
        if p.ended_on:
            entries.append(
                Entry(
                    when=at_start_of(p.ended_on),
                    kind="pairing",
                    title=_("结对结束：%(name)s") % {"name": p.carer.name},
                    text=p.end_reason,
                )
            )
    return entries


def _change_entries(events: list[AuditEvent]) -> list[Entry]:
    """Return an entry per audited change of the child (not the creations others show)."""
    entries = []
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
    return entries


def _concern_entries(child: Child, user) -> list[Entry]:
    """Return a raised and, if closed, a closed entry per concern; the reporter's name only
    where `reporter_visible_to` allows it, "已报告" otherwise."""
    entries = []
    for c in concerns_in_order(child.concerns.all()):
        named = reporter_visible_to(user, c)
        entries.append(
            Entry(
                when=c.raised_at,
                kind="concern",
                title=_("强制报告：%(kind)s") % {"kind": choice_label(c, "kind")},
                text=c.description,
                by=str(c.raised_by) if named else _("已报告"),
                urgent=c.status == c.Status.OPEN,
            )
        )
        if c.closed_at:
            entries.append(
                Entry(
                    when=c.closed_at,
                    kind="concern",
                    title=_("报告已结案：%(kind)s") % {"kind": choice_label(c, "kind")},
                    text=c.outcome,
                    by=_("报告人")
                    if c.closed_by_id == c.raised_by_id and not named
                    else str(c.closed_by or ""),
                )
            )
    return entries


def _day_and_pk(day: str) -> Callable[[object], tuple]:
    """Return the sort key of rows by their `day` field, then by id (newest last)."""
    return lambda row: (getattr(row, day), row.pk)


def concerns_in_order(concerns: Iterable[Concern]) -> list[Concern]:
    """Return concerns in their model's order: open before closed, newest first."""
    newest_first = sorted(concerns, key=lambda c: c.raised_at, reverse=True)
    return sorted(newest_first, key=lambda c: c.status)


def pairings_newest_first(pairings: Iterable[Pairing]) -> list[Pairing]:
    """Return pairings by their start, the newest first (as their model orders them)."""
    return sorted(pairings, key=_day_and_pk("started_on"), reverse=True)


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
