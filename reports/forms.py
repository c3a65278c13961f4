"""Forms of the half-year report: choosing a period and scope, and editing a draft."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Kind, Level, scope_of
from schools.models import Town

from .models import HalfYearReport
from .writing import DEFAULT_TEMPLATES, PARAGRAPH_LABELS, ROUNDABLE, ROUNDING_STYLES, Finding


class ReportCreateForm(forms.Form):
    """The period (a year and H1, H2 or the whole year) and, for county officers, a town."""

    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    half = forms.ChoiceField(label=_("期间"), choices=HalfYearReport.Period.choices)
    town = forms.ModelChoiceField(
        label=_("范围"),
        queryset=Town.objects.none(),
        required=False,
        empty_label=_("全县"),
    )

    def __init__(self, *args, user, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault(
            "initial", {"year": today.year, "half": "H1" if today.month <= 6 else "H2"}
        )
        super().__init__(*args, **kwargs)
        if scope_of(user).level(Kind.REPORTS) == Level.TOWN:
            del self.fields["town"]
        else:
            self.fields["town"].queryset = Town.objects.filter(county_id=user.county_id)


class ReportEditForm(forms.Form):
    """One textarea per paragraph, the offered findings to keep, and each rounding choice."""

    def __init__(self, *args, report: HalfYearReport, offered: list[Finding], **kwargs):
        super().__init__(*args, **kwargs)
        narrative = report.narrative or {}
        templates = {**DEFAULT_TEMPLATES, **narrative.get("templates", {})}
        for key in DEFAULT_TEMPLATES:
            self.fields[f"p_{key}"] = forms.CharField(
                label=PARAGRAPH_LABELS.get(key, key),
                initial=templates[key],
                required=False,
                widget=forms.Textarea(attrs={"rows": 4, "class": "form-control report-paragraph"}),
            )
        accepted = narrative.get("findings")
        self.fields["findings"] = forms.MultipleChoiceField(
            label=_("平台发现的问题（勾选后写入“存在的主要问题”）"),
            choices=[(f.key, f.text) for f in offered],
            initial=[f.key for f in offered if accepted is None or f.key in accepted],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        for key, (label, _unit, _money) in ROUNDABLE.items():
            self.fields[f"r_{key}"] = forms.ChoiceField(
                label=label,
                choices=list(ROUNDING_STYLES.items()),
                initial=(report.rounding or {}).get(key, "exact"),
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def paragraph_fields(self):
        """Return the bound fields of the paragraphs, in the report's order."""
        return [self[f"p_{key}"] for key in DEFAULT_TEMPLATES]

    def rounding_fields(self):
        """Return the bound fields of the rounding choices."""
        return [self[f"r_{key}"] for key in ROUNDABLE]

    def templates(self) -> dict[str, str]:
        """Return the edited paragraph templates by key."""
        return {key: self.cleaned_data[f"p_{key}"] for key in DEFAULT_TEMPLATES}

    def rounding(self) -> dict[str, str]:
        """Return the chosen rounding style of each roundable figure."""
        return {key: self.cleaned_data[f"r_{key}"] for key in ROUNDABLE}
