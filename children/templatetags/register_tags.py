"""Template tags of the register: masked IDs and phones, sort links, and the list's rows.

The register shows 50 children twice (cards on a phone, a table on a wider screen).
Written through the template engine, those rows cost more than the page's SQL, so
`register_rows` and `child_cards` write them in Python (every value of the record escaped
with `html.escape`), with the same markup and the same translated words as a template.
"""

import datetime
from collections.abc import Iterable
from html import escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from children.masking import mask_id_number, mask_phone
from children.models import CaseStatus, Child
from core.urls import pk_urls

register = template.Library()


@register.filter
def mask_id(value: str) -> str:
    """Return the ID masked as 340221********5490."""
    return mask_id_number(value or "")


@register.filter(name="mask_phone")
def mask_phone_filter(value: str) -> str:
    """Return the phone masked as 136****0028."""
    return mask_phone(value or "")


@register.simple_tag
def sort_query(query: str, current: str, key: str) -> str:
    """Return the query string that sorts by `key`, toggling direction if already sorted."""
    new = f"-{key}" if current == key else key
    parts = [p for p in query.split("&") if p and not p.startswith("sort=")]
    parts.append(f"sort={new}")
    return "?" + "&".join(parts)


class _Words:
    """The translated words and fixed badges of one list, looked up once, not per row."""

    def __init__(self, overdue_since: datetime.date, adult_birth: datetime.date):
        self.overdue_since, self.adult_birth = overdue_since, adult_birth
        self.url = pk_urls("children:detail")
        badge = '<span class="badge text-bg-{}">{}</span>'.format
        self.categories = (
            ("is_left_behind", badge("primary", escape(_("留守")))),
            ("is_migrant", badge("info", escape(_("流动")))),
            ("is_in_difficulty", badge("warning", escape(_("困境")))),
            ("is_unsupported", badge("dark", escape(_("事实无人抚养")))),
        )
        self.concern = badge("danger", escape(_("强制报告待处理")))
        self.no_mentor = badge("warning", escape(_("无帮扶教师")))
        self.aged_out = badge("secondary", escape(_("满16周岁待结案")))
        self.closed = badge("secondary", escape(_("已结案")))
        self.never = escape(_("从未联系"))
        self.grade_spaced, self.grade_tight = _("%(g)s 年级"), _("%(g)s年级")

    def category_badges(self, c: Child, sep: str = "") -> str:
        """Return the badges of the categories `c` is registered under."""
        return sep.join(html for field, html in self.categories if getattr(c, field))

    def care_badges(self, c: Child) -> str:
        """Return the badges of what the child's care still needs."""
        badges = [self.concern] if c.open_concern_count > 0 else []
        if c.status == CaseStatus.OPEN:
            if c.mentor_id is None:
                badges.append(self.no_mentor)
            if c.birth_date <= self.adult_birth:
                badges.append(self.aged_out)
        return " ".join(badges)

    def contact(self, c: Child) -> tuple[str, str]:
        """Return the child's last contact (escaped) and the class marking it overdue."""
        last = c.last_contact_on
        late = " text-danger" if last is None or last < self.overdue_since else ""
        return (f"{last:%Y-%m-%d}" if last else self.never), late

    def grade(self, c: Child, *, spaced: bool) -> str:
        """Return "3 年级" (or "3年级" on a card), escaped; empty without a grade."""
        if not c.grade:
            return ""
        return escape((self.grade_spaced if spaced else self.grade_tight) % {"g": c.grade})


@register.simple_tag
def register_rows(
    children: Iterable[Child],
    *,
    overdue_since: datetime.date,
    adult_birth: datetime.date,
    selectable: bool,
) -> SafeString:
    """Return the register table's body rows; `selectable` adds the aid check-box column.

    Every value from the record is escaped; the rest are the fixed strings of `_Words`.
    """
    w = _Words(overdue_since, adult_birth)
    choose = escape(_("选择"))
    rows = []
    for c in children:
        pk = int(c.pk)
        check = ""
        if selectable:
            box = (
                f'<input class="form-check-input" type="checkbox" name="children" value="{pk}"'
                f' form="aid-selection" aria-label="{choose}" aria-describedby="name-{pk}">'
                if c.status == CaseStatus.OPEN
                else ""
            )
            check = f'<td class="no-print">{box}</td>'
        contact, late = w.contact(c)
        marked = ' class="table-danger"' if c.open_concern_count > 0 else ""
        rows.append(
            f"<tr{marked}>{check}"
            f'<td><a href="{w.url(pk)}" class="fw-semibold" id="name-{pk}">{escape(c.name)}</a>'
            f"{' ' + w.closed if c.status == CaseStatus.CLOSED else ''}</td>"
            f'<td class="font-monospace small">{escape(c.id_masked)}</td>'
            f'<td class="small">{f"{c.birth_date:%Y-%m-%d}" if c.birth_date else ""}</td>'
            f'<td class="small">{escape(c.school.name) if c.school_id else "—"}</td>'
            f'<td class="small">{w.grade(c, spaced=True)} {escape(c.class_name)}</td>'
            f'<td class="small">{w.category_badges(c)}</td>'
            f'<td class="font-monospace small">{escape(c.guardian_phone_masked or "—")}</td>'
            f'<td class="small{late}">{contact}</td>'
            f'<td class="small">{w.care_badges(c)}</td></tr>'
        )
    if not rows:
        return format_html(
            '<tr><td colspan="10" class="text-center text-body-secondary py-4">{}</td></tr>',
            _("没有符合条件的儿童。"),
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every record value escaped above


@register.simple_tag
def child_cards(
    children: Iterable[Child],
    *,
    overdue_since: datetime.date,
    adult_birth: datetime.date,
    selectable: bool = False,
) -> SafeString:
    """Return the phone form of a list of children: one card each, the name never wrapped.

    `selectable` adds the aid check boxes of the register. Every value from the record is
    escaped; the rest are the fixed strings of `_Words`.
    """
    w = _Words(overdue_since, adult_birth)
    contact_label, open_file = escape(_("最近联系")), escape(_("查看档案"))
    choose = _("选择 %(name)s")
    cards = []
    for c in children:
        pk = int(c.pk)
        box = ""
        if selectable and c.status == CaseStatus.OPEN:
            box = (
                '<input class="form-check-input mt-1 flex-shrink-0 no-print" type="checkbox"'
                f' name="children" value="{pk}" form="aid-selection"'
                f' aria-label="{escape(choose % {"name": c.name})}">'
            )
        contact, late = w.contact(c)
        url, marked = w.url(pk), " border-danger" if c.open_concern_count > 0 else ""
        cards.append(
            f'<li class="card mb-2 child-card{marked}" data-testid="child-card">'
            '<div class="card-body py-2 px-3">'
            f'<div class="d-flex justify-content-between align-items-start gap-2">{box}'
            '<div class="min-w-0 flex-grow-1">'
            f'<a href="{url}" class="fw-semibold child-card-name">{escape(c.name)}</a> '
            f'<span class="small text-body-secondary">'
            f"{escape(c.school.name) if c.school_id else ''} "
            f"{w.grade(c, spaced=False)}{escape(c.class_name)}</span>"
            f"<div>{w.closed + ' ' if c.status == CaseStatus.CLOSED else ''}"
            f"{w.category_badges(c, sep=' ')}</div>"
            f'<div class="small{late}">{contact_label}：{contact}</div>'
            f'<div class="small">{w.care_badges(c)}</div></div>'
            f'<a class="btn btn-sm btn-outline-primary flex-shrink-0 no-print" href="{url}">'
            f"{open_file}</a></div></div></li>"
        )
    if not cards:
        none = _("没有符合条件的儿童。")
        cards.append(format_html('<li class="text-center text-body-secondary py-3">{}</li>', none))
    return mark_safe(  # noqa: S308 - every record value escaped above
        '<ul class="list-unstyled d-sm-none mb-3 child-cards" data-testid="child-cards">'
        + "\n".join(cards)
        + "</ul>"
    )
