"""The project's form renderer and the period filter every list shares."""

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .periods import CUSTOM, HALF, TERM, YEAR, Period, custom, parse_token, period_choices


class ProjectFormRenderer(TemplatesSetting):
    """Render every form field through templates/forms/field.html, styled for Bootstrap.

    Widgets get their Bootstrap class from the widget templates under
    templates/django/forms/widgets/, so no form sets CSS classes itself.
    """

    field_template_name = "forms/field.html"


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
