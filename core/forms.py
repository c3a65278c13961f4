"""The project's form renderer and the period filter every list shares."""

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .periods import CUSTOM, HALF, TERM, YEAR, Period, custom, parse_token, period_choices

# The Bootstrap class of each kind of widget, by the template Django renders it with.
WIDGET_CLASSES = {
    "django/forms/widgets/select.html": "form-select",
    "django/forms/widgets/checkbox.html": "form-check-input",
    "django/forms/widgets/checkbox_option.html": "form-check-input",
    "django/forms/widgets/radio_option.html": "form-check-input",
    "django/forms/widgets/hidden.html": "",
    "django/forms/widgets/multiple_hidden.html": "",
    "django/forms/widgets/checkbox_select.html": "",
    "django/forms/widgets/radio.html": "",
}


# Widgets that render a list of checkboxes or radio buttons, each of which gets the class.
OPTION_LISTS = ("django/forms/widgets/checkbox_select.html", "django/forms/widgets/radio.html")


INPUTS = {
    f"django/forms/widgets/{kind}.html"
    for kind in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "search",
        "tel",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "color",
        "checkbox",
    )
}
TEXTAREA = "django/forms/widgets/textarea.html"
SELECT = "django/forms/widgets/select.html"
SELECT_OPTION = "django/forms/widgets/select_option.html"


def _attrs_html(attrs: dict) -> str:
    """Return `attrs` written as Django's widgets/attrs.html writes them."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _text(value) -> str:
    """Return `value` as `{{ value }}` writes it: localized unless text, then escaped."""
    return conditional_escape(value if isinstance(value, str | Promise) else localize(value))


def _option_html(option: dict) -> str:
    """Return one <option> as templates/django/forms/widgets/select_option.html writes it."""
    label = option["label"]
    label = escape(gettext("请选择")) if label == "---------" else _text(label)
    value = escape(str(option["value"]))
    return f'<option value="{value}"{_attrs_html(option["attrs"])}>{label}</option>'


def widget_html(template_name: str, widget: dict) -> str | None:
    """Return the HTML Django's template `template_name` would give `widget`, written in
    Python; None for a widget this does not write (it then goes through its template).

    Inputs, text areas and drop-downs are most of every form: through the template engine,
    each costs about a millisecond, which the child's file (four forms) pays dozens of times.
    The markup is Django's own widget templates' and our select_option.html's, character for
    character (tests/core/test_widget_html.py compares the two).
    """
    name = conditional_escape(widget["name"])
    if template_name in INPUTS:
        value = widget["value"]
        value = f' value="{escape(str(value))}"' if value is not None else ""
        kind = conditional_escape(widget["type"])
        return f'<input type="{kind}" name="{name}"{value}{_attrs_html(widget["attrs"])}>'
    if template_name == TEXTAREA:
        text = _text(widget["value"]) if widget["value"] else ""
        return f'<textarea name="{name}"{_attrs_html(widget["attrs"])}>\n{text}</textarea>'
    if template_name == SELECT:
        parts = [f'<select name="{name}"{_attrs_html(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if any(option["template_name"] != SELECT_OPTION for option in options):
                return None
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            parts.extend(f"\n  {_option_html(option)}" for option in options)
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)
    return None


class ProjectFormRenderer(TemplatesSetting):
    """Render every widget with its Bootstrap class, so no form styles its own widgets.

    A widget whose attrs already name a class keeps it (a small filter field, say); the
    widget of a field with errors also gets Bootstrap's `is-invalid`. The common widgets
    are written in Python (`widget_html`); `write_in_python = False` renders them all
    through their templates.
    """

    write_in_python = True

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None and isinstance(widget.get("attrs"), dict):
            css = WIDGET_CLASSES.get(template_name, "form-control")
            attrs = widget["attrs"]
            if css and "class" not in attrs:
                attrs = {**attrs, "class": css}
            # Django marks the widget of a field with errors aria-invalid; Bootstrap wants a class.
            if attrs.get("aria-invalid") in (True, "true") and "is-invalid" not in attrs.get(
                "class", ""
            ):
                attrs = {**attrs, "class": f"{attrs.get('class', '')} is-invalid".strip()}
            widget["attrs"] = attrs
            if template_name in OPTION_LISTS:
                for _group, options, _index in widget.get("optgroups", ()):
                    for option in options:
                        option["attrs"].setdefault("class", "form-check-input")
            if self.write_in_python:
                html = widget_html(template_name, widget)
                if html is not None:
                    return mark_safe(html)  # noqa: S308 - every value escaped by widget_html
        return super().render(template_name, context, request=request)


class DateInput(forms.DateInput):
    """A browser date picker whose value is always ISO (YYYY-MM-DD), as the browser needs."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PeriodFilterForm(forms.Form):
    """A list's period filter: a half-year or term, all time, or a custom range of days.

    Subclasses add the place filters; `filters()` returns the chosen period with the rest.
    """

    period = forms.ChoiceField(label=_("时间"), required=False)
    start = forms.DateField(label=_("开始日期"), required=False, widget=DateInput())
    end = forms.DateField(label=_("结束日期"), required=False, widget=DateInput())
    period_kinds: tuple[str, ...] = (HALF, TERM, YEAR)

    def __init__(self, *args: Any, user=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        choices = [("", str(_("全部时间")))]
        choices += [
            (p.token, p.label)
            for p in period_choices(timezone.localdate(), kinds=self.period_kinds)
        ]
        self.fields["period"].choices = [*choices, (CUSTOM, str(_("自定义时间段")))]

    def clean(self) -> dict[str, Any]:
        """Require both dates of a custom range, in order."""
        data = super().clean()
        if data.get("period") == CUSTOM:
            start, end = data.get("start"), data.get("end")
            if not start:
                self.add_error("start", _("自定义时间段请填写开始日期。"))
            if not end:
                self.add_error("end", _("自定义时间段请填写结束日期。"))
            if start and end and start > end:
                self.add_error("end", _("结束日期不能早于开始日期。"))
        return data

    def chosen_period(self) -> Period | None:
        """Return the chosen period, or None for all time (or an invalid form)."""
        if not self.is_bound or not self.is_valid():
            return None
        value = self.cleaned_data.get("period") or ""
        if value == CUSTOM:
            return custom(self.cleaned_data["start"], self.cleaned_data["end"])
        return parse_token(value)

    def filters(self) -> dict[str, Any]:
        """Return the cleaned filters for a selector, the period resolved; {} if invalid."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("start", "end")}
        return {**data, "period": self.chosen_period()}


class QuickSelect(forms.Select):
    """A drop-down written out in Python rather than one template per option.

    The register's filters and the child's transfer form list every school of the county
    on every request; Django's option dictionaries and templates cost more than the SQL.
    """

    def render(self, name, value, attrs=None, renderer=None) -> str:
        """Return the <select> with its options, the current value selected."""
        chosen = {str(v) for v in self.format_value(value)}
        options = []
        for code, label in self.choices:  # escaped here: format_html per option costs more
            code = str(code)
            option = {"value": code, "label": label, "attrs": {"selected": code in chosen}}
            options.append(_option_html(option))  # "请选择" for Django's blank choice too
        final = self.build_attrs(self.attrs, attrs)
        if final.get("aria-invalid") in (True, "true"):  # as core.forms.ProjectFormRenderer
            final["class"] = f"{final.get('class', '')} is-invalid".strip()
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(final),
            mark_safe("".join(options)),  # noqa: S308 - every code and label escaped above
        )
