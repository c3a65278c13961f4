"""Periods the lists filter by (a half-year, a school term, a custom range) and the filter form.

Homes, activities, donations, aid, joint meetings and documents all filter with
`ListFilterForm` so a period means the same thing on every page and in every export.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from children.forms import schools_for
from schools.calendar import half_containing, half_year_dates, term_dates
from schools.models import Town

CUSTOM = "custom"
YEARS_BACK = 6


@dataclass(frozen=True)
class Period:
    """A closed range of dates with the label the lists and exports show."""

    start: datetime.date
    end: datetime.date
    label: str


def half_year(year: int, half: int) -> Period:
    """Return H1 (Jan-Jun) or H2 (Jul-Dec) of `year`."""
    start, end = half_year_dates(year, half)
    if half == 1:
        return Period(start, end, _("%(year)s年上半年") % {"year": year})
    return Period(start, end, _("%(year)s年下半年") % {"year": year})


def term(year: int, semester: str) -> Period:
    """Return the spring term (Feb-Jul) or the autumn term (Aug-Jan of the next year)."""
    start, end = term_dates(year, semester)
    if semester == "spring":
        return Period(start, end, _("%(year)s年春季学期") % {"year": year})
    return Period(start, end, _("%(year)s年秋季学期") % {"year": year})


def half_of(day: datetime.date) -> Period:
    """Return the half-year that contains `day`."""
    return half_year(day.year, half_containing(day))


def period_choices(today: datetime.date) -> list[tuple[str, str]]:
    """Return the period select's choices: recent half-years and terms, then a custom range."""
    choices: list[tuple[str, str]] = [("", str(_("全部时间")))]
    for year in range(today.year, today.year - YEARS_BACK, -1):
        for half in (2, 1):
            if half == 2 and year == today.year and today.month <= 6:
                continue
            choices.append((f"{year}-H{half}", half_year(year, half).label))
        for semester in ("autumn", "spring"):
            if semester == "autumn" and year == today.year and today.month < 8:
                continue
            choices.append((f"{year}-{semester}", term(year, semester).label))
    choices.append((CUSTOM, str(_("自定义时间段"))))
    return choices


def parse_period(value: str) -> Period | None:
    """Return the Period a select value such as 2025-H1 or 2024-autumn names, else None."""
    year_text, _sep, part = value.partition("-")
    if not year_text.isdigit():
        return None
    year = int(year_text)
    if part in ("H1", "H2"):
        return half_year(year, int(part[1]))
    if part in ("spring", "autumn"):
        return term(year, part)
    return None


class ListFilterForm(forms.Form):
    """Period, town and school filters, limited to the towns and schools in the user's scope."""

    period = forms.ChoiceField(label=_("时间"), required=False)
    start = forms.DateField(
        label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    town = forms.ModelChoiceField(
        label=_("乡镇"), queryset=Town.objects.none(), required=False, empty_label=_("全部乡镇")
    )
    school = forms.ModelChoiceField(
        label=_("学校"), queryset=Town.objects.none(), required=False, empty_label=_("全部学校")
    )
    # Subclasses for county-level records (meetings, documents) drop town and school.
    place_filters = True

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices(timezone.localdate())
        if not self.place_filters:
            del self.fields["town"]
            del self.fields["school"]
        else:
            self.fields["town"].queryset = Town.objects.filter(county_id=user.county_id)
            self.fields["school"].queryset = schools_for(user)
            # A filter that cannot narrow the user's scope is not offered.
            if user.town_id or user.school_id:
                del self.fields["town"]
            if user.school_id:
                del self.fields["school"]
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field, forms.BooleanField) else "form-select"
            if isinstance(field, forms.DateField):
                css = "form-control"
            field.widget.attrs.setdefault("class", css + " form-control-sm")

    def clean(self):
        """Require both dates of a custom range, in order."""
        data = super().clean()
        if data.get("period") == CUSTOM:
            if not data.get("start"):
                self.add_error("start", _("自定义时间段请填写开始日期。"))
            if not data.get("end"):
                self.add_error("end", _("自定义时间段请填写结束日期。"))
            if data.get("start") and data.get("end") and data["start"] > data["end"]:
                self.add_error("end", _("结束日期不能早于开始日期。"))
        return data

    def chosen_period(self) -> Period | None:
        """Return the chosen period, or None for all time (or an invalid form)."""
        if not self.is_bound or not self.is_valid():
            return None
        value = self.cleaned_data.get("period") or ""
        if value == CUSTOM:
            start, end = self.cleaned_data["start"], self.cleaned_data["end"]
            label = _("%(start)s 至 %(end)s") % {
                "start": f"{start:%Y-%m-%d}",
                "end": f"{end:%Y-%m-%d}",
            }
            return Period(start, end, label)
        return parse_period(value)

    def filters(self) -> dict:
        """Return the cleaned filters for a selector, with the period resolved; {} if invalid."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {**self.cleaned_data, "period": self.chosen_period()}
