"""The project's form renderer and the period filter every list shares."""

from html import escape
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
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


class ProjectFormRenderer(TemplatesSetting):
    """Render every widget with its Bootstrap class, so no form styles its own widgets.

    A widget whose attrs already name a class keeps it (a small filter field, say); the
    widget of a field with errors also gets Bootstrap's `is-invalid`.
    """

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
    on every request; Django's template-per-option rendering cost more than the SQL.
    """

    def render(self, name, value, attrs=None, renderer=None) -> str:
        """Return the <select> with its options, the current value selected."""
        chosen = {str(v) for v in self.format_value(value)}
        options = []
        for code, label in self.choices:  # escaped here: format_html per option costs more
            code = str(code)
            selected = " selected" if code in chosen else ""
            options.append(
                f'<option value="{escape(code)}"{selected}>{escape(str(label))}</option>'
            )
        final = self.build_attrs(self.attrs, attrs)
        if final.get("aria-invalid") in (True, "true"):  # as core.forms.ProjectFormRenderer
            final["class"] = f"{final.get('class', '')} is-invalid".strip()
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(final),
            mark_safe("".join(options)),  # noqa: S308 - every code and label escaped above
        )
