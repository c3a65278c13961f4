"""Forms of the half-year report: choosing a period and scope, and editing a draft."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Kind, Level, scope_of
from core.periods import last_completed_half, report_period
from schools.models import Town

from .models import HalfYearReport
from .writing import Chip
from .writing.chips import MISSING_LABEL


class ReportCreateForm(forms.Form):
    """The period (a year and H1, H2 or the whole year) and, for county officers, a town.

    Defaults to the last completed half-year. A half that has not ended yet is generated
    only once the officer confirms it (`needs_confirmation` tells the template to ask).
    """

    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    half = forms.ChoiceField(label=_("期间"), choices=HalfYearReport.Period.choices)
    town = forms.ModelChoiceField(
        label=_("范围"),
        queryset=Town.objects.none(),
        required=False,
        empty_label=_("全县"),
    )
    confirm_unfinished = forms.BooleanField(
        label=_("该期间尚未结束，仍要生成草稿（数据截至今天）"), required=False
    )

    def __init__(self, *args, user, today: datetime.date | None = None, **kwargs):
        self.today = today or timezone.localdate()
        last = last_completed_half(self.today)
        kwargs.setdefault("initial", {"year": last.year, "half": last.half_code})
        super().__init__(*args, **kwargs)
        self.needs_confirmation = False
        if scope_of(user).level(Kind.REPORTS) == Level.TOWN:
            del self.fields["town"]
        else:
            self.fields["town"].queryset = Town.objects.filter(county_id=user.county_id)

    def clean(self) -> dict:
        """Ask for confirmation before drafting a half-year that has not ended."""
        data = super().clean()
        if data.get("year") and data.get("half"):
            period = report_period(data["year"], data["half"])
            if period.end >= self.today and not data.get("confirm_unfinished"):
                self.needs_confirmation = True
                raise forms.ValidationError(
                    _("%(period)s尚未结束（截至%(end)s），报告中的数据还会变化。请确认后再生成。")
                    % {"period": period.label, "end": f"{period.end:%Y-%m-%d}"}
                )
        return data


class ReportEditForm(forms.Form):
    """One text per paragraph (figures as locked chips), each figure's wording, 成文日期."""

    signed_on = forms.DateField(
        label=_("成文日期"),
        required=False,
        help_text=_("留空则为报送当天"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(
        self,
        *args,
        report: HalfYearReport,
        paragraphs: list[tuple[str, str, str]],
        chips: dict[str, Chip],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = report.signed_on
        self.paragraph_keys = [key for key, _label, _text in paragraphs]
        for key, label, text in paragraphs:
            self.fields[f"p_{key}"] = forms.CharField(
                label=label,
                initial=text,
                required=False,
                strip=False,
                widget=forms.Textarea(
                    attrs={
                        "rows": 4,
                        # The class is the editor script's hook, so it names form-control too.
                        "class": "form-control report-paragraph",
                        "data-key": key,
                        # The script shows a missing fact as a chip the officer may type over.
                        "data-missing": f"【{MISSING_LABEL}",
                    }
                ),
            )
        self.rounding_keys = [key for key, chip in chips.items() if len(chip.options) > 1]
        for key in self.rounding_keys:
            chip = chips[key]
            self.fields[f"r_{key}"] = forms.ChoiceField(
                label=chip.label,
                choices=list(chip.options),
                initial=(report.rounding or {}).get(key, "exact"),
            )

    def paragraph_fields(self):
        """Return the bound fields of the paragraphs, in the report's order."""
        return [self[f"p_{key}"] for key in self.paragraph_keys]

    def rounding_fields(self):
        """Return the bound fields of the wording choices."""
        return [self[f"r_{key}"] for key in self.rounding_keys]

    def paragraphs(self) -> dict[str, str]:
        """Return the edited paragraph texts (chips included) by key."""
        return {key: self.cleaned_data[f"p_{key}"] for key in self.paragraph_keys}

    def rounding(self) -> dict[str, str]:
        """Return the chosen wording style of each roundable figure."""
        return {key: self.cleaned_data[f"r_{key}"] for key in self.rounding_keys}
