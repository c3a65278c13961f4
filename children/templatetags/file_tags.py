"""Template tags of the child's file: the record (masked IDs and phones, the parents),
the current pairings, the timeline and the forms of the page, written in Python.

Through the template engine these parts cost more than the page's SQL (a node, a variable
and an include per line of every entry), so they are written here, with the markup and the
translated words of the template they replace: every value of the record escaped
(`conditional_escape`, as `{{ value }}` does), the translated words written as
`{% translate %}` writes them (unescaped: they come from our own catalogue).
tests/children/test_file_html.py renders the page's former template
(tests/children/reference/) beside this one and compares them.
"""

import datetime
from collections.abc import Callable, Collection, Iterable

from django import template
from django.core.cache import cache
from django.forms import BaseForm
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from children.forms import DRAWN_SCHOOLS_SECONDS
from children.models import Child, Pairing, Parent
from children.timeline import Entry, choice_label
from core.urls import pk_urls

register = template.Library()


def _day(value: datetime.date) -> str:
    """Return a date or a moment as `|date:"Y-m-d"` writes it (a moment in local time)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _csrf_input(context: template.Context) -> str:
    """Return what `{% csrf_token %}` writes in `context`."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":  # noqa: S105 - Django's marker, not a secret
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{conditional_escape(token)}">'


@register.simple_tag
def file_timeline(timeline: Iterable[Entry], correctable: Collection[int]) -> SafeString:
    """Return the items of the care timeline; a link to correct the contacts in
    `correctable` (their author's, within 24 hours)."""
    esc = conditional_escape
    url = pk_urls("care:contact_correct")
    correct = _("更正或撤回（24 小时内）")
    items = []
    for e in timeline:
        parts = [
            f'\n        <li class="list-group-item timeline-{esc(e.kind)}'
            f'{" list-group-item-danger" if e.urgent else ""}">'
            f'\n          <div class="d-flex justify-content-between"><strong>{esc(e.title)}'
            f'</strong><span class="text-body-secondary">{_day(e.when)}</span></div>'
            "\n          "
        ]
        if e.text:
            parts.append(f"<div>{esc(e.text)}</div>")
        parts.append("\n          ")
        if e.details:
            lines = "".join(
                f"<li>{esc(label)}：{esc(old)} → {esc(new)}</li>" for label, old, new in e.details
            )
            parts.append(f'<ul class="mb-0 ps-3">{lines}</ul>')
        parts.append("\n          ")
        if e.by:
            parts.append(f'<div class="text-body-secondary">{esc(e.by)}</div>')
        parts.append("\n          ")
        if e.contact_id in correctable:
            parts.append(
                f'<a class="small no-print" href="{url(e.contact_id)}"'
                f' data-testid="correct-contact">{correct}</a>'
            )
        parts.append("\n        </li>\n      ")
        items.append("".join(parts))
    if not items:
        items.append('<li class="list-group-item text-body-secondary">' + _("暂无记录。") + "</li>")
    return mark_safe("".join(items))  # noqa: S308 - every entry's value escaped above


def _masked_html(child: Child, field: str, masked: str) -> str:
    """Return a masked value and its reveal button (the reveal is audited), or "—", as the
    former children/_masked.html wrote them (with its closing new line)."""
    if not masked:
        return "—\n"
    field, url = conditional_escape(field), reverse("children:reveal", args=[child.pk])
    return (
        f'<span class="masked-value font-monospace" data-reveal-field="{field}"'
        f' data-reveal-url="{url}">{conditional_escape(masked)}</span>\n'
        '<button type="button" class="btn btn-link btn-sm p-0 ms-1 align-baseline reveal-btn"'
        f' data-reveal-target="{field}">' + _("查看完整") + "</button>\n"
    )


def _parents_html(child: Child, parents: Iterable[Parent]) -> str:
    """Return the father's and mother's lines (where they work, since when, the masked
    phone), or the note that none is filled in."""
    esc = conditional_escape
    phone = _("电话")
    lines = []
    for p in parents:
        away = ""
        if p.work_province:
            since = ""
            if p.away_since:
                month = f"{p.away_since.year:04d}-{p.away_since.month:02d}"
                since = "，" + _("%(d)s 起") % {"d": month}
            away = f"（{esc(p.work_province)}{esc(p.work_city)}{since}）"
        lines.append(
            f'\n        <div class="mb-2"><strong>{esc(choice_label(p, "relation"))}</strong>'
            f" {esc(p.name)} · {esc(choice_label(p, 'status'))}\n          {away}"
            f"\n          <div>{phone}："
            f"{_masked_html(child, f'{p.relation}_phone', p.phone_masked)}</div>"
            "\n        </div>\n      "
        )
    if not lines:
        lines.append('<p class="text-body-secondary mb-0">' + _("未填写父母情况。") + "</p>")
    return "".join(lines)


@register.simple_tag
def file_pairings(pairings: Iterable[Pairing], *, can_manage: bool) -> SafeString:
    """Return the current mentors and carers, with a link to end each for managers, or
    the warning that the child has none."""
    esc = conditional_escape
    end_url, end = pk_urls("care:pairing_end"), _("结束结对")
    items = []
    for p in pairings:
        since = _("%(d)s 起") % {"d": _day(p.started_on)}
        link = f' <a class="ms-1" href="{end_url(p.pk)}">{end}</a>' if can_manage else ""
        items.append(
            f'<li class="list-group-item">{esc(choice_label(p, "role"))}：{esc(p.carer.name)}'
            f' <span class="text-body-secondary">{esc(p.carer.unit)}（{since}）</span>{link}</li>'
            "\n        "
        )
    if not items:
        items.append('<li class="list-group-item text-danger">' + _("尚未结对帮扶教师") + "</li>")
    return mark_safe("".join(items))  # noqa: S308 - every value escaped above


def _field_html(form: BaseForm, name: str, width: str) -> str:
    """Return one field's column: its label and its widget (written by the form renderer)."""
    field = form[name]
    return (
        f'<div class="col-12 {width}"><label class="form-label"'
        f' for="{conditional_escape(field.id_for_label)}">{conditional_escape(field.label)}'
        f"</label>{field}</div>"
    )


# Forms' fields that draw the same for every child, by (form, language, day): drawn once
# per process (a few entries: the day's are kept, the others dropped).
_drawn: dict[tuple, str] = {}


def _drawn_once(key: tuple, draw: Callable[[], str]) -> str:
    """Return the HTML `draw()` writes, drawn once per process for `key` (whose last item
    is the day)."""
    html = _drawn.get(key)
    if html is None:
        for old in [k for k in list(_drawn) if k[-1] != key[-1]]:
            del _drawn[old]
        html = _drawn[key] = draw()
    return html


def _fields_html(form: BaseForm) -> str:
    return "".join(_field_html(form, name, "col-md-4") for name in form.fields)


@register.simple_tag
def form_fields(form: BaseForm) -> SafeString:
    """Return every field of a case-action form, a label above each widget, in columns.

    An unbound form drawn the same for every child (`drawn_once`) is drawn once per
    process, language and day; one whose drawing reads the county's data (`drawn_key`, the
    transfer form's schools) is kept in the shared cache under that key.
    """
    shared = form.drawn_key() if hasattr(form, "drawn_key") else None
    if shared is not None:
        html = cache.get(shared)
        if html is None:
            html = _fields_html(form)
            cache.set(shared, html, DRAWN_SCHOOLS_SECONDS)
    elif getattr(form, "drawn_once", False) and not form.is_bound and not form.initial:
        key = (type(form), form.prefix, get_language(), timezone.localdate())
        html = _drawn_once(key, lambda: _fields_html(form))
    else:
        html = _fields_html(form)
    return mark_safe(html)  # noqa: S308 - labels escaped, widgets written by the renderer


@register.simple_tag(takes_context=True)
def concern_raise_form(context: template.Context) -> SafeString:
    """Return the form that raises a mandatory report about the page's child, with the
    notice of each kind (shown as the kind is chosen)."""
    form, child = context["concern_form"], context["child"]
    if form.is_bound or form.initial:
        fields = _concern_fields_html(form)
    else:  # the same for every child: drawn once per process, language and day
        key = ("concern", get_language(), timezone.localdate())
        fields = _drawn_once(key, lambda: _concern_fields_html(form))
    action = reverse("concerns:raise", args=[child.pk])
    return mark_safe(  # noqa: S308 - every value escaped, widgets written by the renderer
        f'\n<form method="post" action="{action}" class="row g-2" data-testid="concern-form">'
        f"{_csrf_input(context)}{fields}"
    )


def _concern_fields_html(form: BaseForm) -> str:
    """Return the concern form after its CSRF input: the fields, each kind's notice (shown
    as the kind is chosen), the button and the note on the reporter's confidentiality."""
    esc = conditional_escape
    notices = []
    for n in form.notices():
        police = (
            '<strong class="d-block fs-6">'
            + _("须立即报警：拨打")
            + ' <a href="tel:110" class="alert-link">110</a></strong>'
            if n["needs_police"]
            else ""
        )
        kind = esc(n["kind"])
        notices.append(
            f'\n    <div class="alert {"alert-danger" if n["needs_police"] else "alert-warning"}'
            f' small mb-0 concern-notice" data-notice-kind="{kind}" hidden'
            f' data-testid="concern-notice-{kind}">\n      {police}\n      {esc(n["text"])}'
            "\n    </div>\n    "
        )
    return (
        f"\n  {_field_html(form, 'kind', 'col-md-4')}"
        f"\n  {_field_html(form, 'description', 'col-md-8')}"
        f'\n  <div class="col-12">\n    {"".join(notices)}\n  </div>'
        f'\n  <div class="col-12"><button class="btn btn-danger" type="submit">'
        f"" + _("提交强制报告") + "</button>"
        '\n    <span class="small text-body-secondary ms-2">'
        "" + _("报告人信息依法保密，学校其他人员和帮扶教师只看到“已报告”。") + "</span></div>"
        "\n</form>\n"
    )


def _dl(rows: Iterable[tuple[str, str]]) -> str:
    """Return a record's definition list: a translated label and its HTML per row."""
    items = "".join(
        f'\n        <dt class="col-4">{label}</dt><dd class="col-8">{html}</dd>'
        for label, html in rows
    )
    return f'\n      <dl class="row card-body mb-0 small record-dl">{items}\n      </dl>'


def _card(title: str, body: str) -> str:
    """Return a section of the record: its header and `body`."""
    return (
        f'\n    <section class="card mb-3"><div class="card-header fw-semibold">'
        f"{title}</div>{body}\n    </section>"
    )


_BODY = '\n      <div class="card-body small">'


@register.simple_tag
def file_record(child: Child, parents: Iterable[Parent]) -> SafeString:
    """Return the record's column: the child, schooling and health, the parents, the
    guardian and, when noted, study and mood. IDs and phones are shown masked."""
    esc, c = conditional_escape, child
    household = esc(choice_label(c, "household_type"))
    if not c.household_registered:
        household += "（" + _("未登记户口") + "）"
    household += " · " + (_("本县户籍") if c.household_in_county else _("外县户籍"))
    village = c.village.name if c.village_id else ""
    yes, no = _("是,否").split(",")[:2]
    basic = _dl(
        [
            (_("公民身份号码"), _masked_html(c, "id_number", c.id_masked)),
            (_("出生日期"), _day(c.birth_date) if c.birth_date else ""),
            (_("民族"), esc(c.ethnicity)),
            (_("户籍"), f"{household} {esc(c.household_place)}"),
            (
                _("现住址"),
                f"{esc(c.town.name)}{esc(village or '')}{esc(c.group)} {esc(c.address)}",
            ),
            (_("寄宿"), esc(yes if c.boarding else no)),
        ]
    )
    grade = _("%(g)s年级") % {"g": esc(c.grade)} if c.grade else ""
    school = (c.school.name if c.school_id else "") or "—"
    health = " ".join(
        esc(x)
        for x in (
            choice_label(c, "health"),
            choice_label(c, "disability_kind"),
            choice_label(c, "disability_grade"),
            c.illness,
        )
    )
    schooling = _dl(
        [
            (_("就学状况"), esc(choice_label(c, "schooling_status"))),
            (_("学校"), f"{esc(school)} {grade} {esc(c.class_name)}"),
            (_("健康状况"), health),
        ]
    )
    guardian = esc(c.guardian_name or "—") + " "
    if c.guardian_relation:
        label = choice_label(c, "guardian_relation")
        # The register's own word (姑姑, 外婆 …) beside the coded relation, as imported.
        word = c.guardian_relation_word.strip()
        shown = f"{esc(label)} · {esc(word)}" if word and word != str(label) else esc(label)
        guardian += f"（{shown}）"
    if c.guardian_age:
        guardian += " · " + _("%(a)s 岁") % {"a": esc(c.guardian_age)}
    guardian += " " + esc(choice_label(c, "guardian_health"))
    signed = (
        _("已签订委托监护责任确认书")
        if c.guardianship_agreement_signed
        else '<span class="text-danger">' + _("未签订委托监护责任确认书") + "</span>"
    )
    guardianship = _dl(
        [
            (_("委托监护人"), guardian),
            (_("监护人电话"), _masked_html(c, "guardian_phone", c.guardian_phone_masked)),
            (_("监护人身份证号"), _masked_html(c, "guardian_id_number", c.guardian_id_masked)),
            (_("监护情况"), f"{esc(choice_label(c, 'guardianship_grade') or '—')} · {signed}"),
            (_("贫困情况"), esc(choice_label(c, "poverty"))),
        ]
    )
    parts = [
        _card(_("基本信息"), basic),
        _card(_("就学与健康"), schooling),
        _card(_("父母情况"), f"{_BODY}\n      {_parents_html(c, parents)}\n      </div>"),
        _card(_("监护情况"), guardianship),
        "\n    ",
    ]
    if c.study_notes or c.mood_notes:
        notes = (
            f"{_BODY}<p>{linebreaksbr(c.study_notes, True)}</p>"
            f'<p class="mb-0">{linebreaksbr(c.mood_notes, True)}</p></div>'
        )
        parts.append(_card(_("学习与心理"), notes) + "\n    ")
    return mark_safe("".join(parts))  # noqa: S308 - every value of the record escaped above
