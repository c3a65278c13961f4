"""Forms of a mandatory report: raising it, recording a step, closing, reopening."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Concern, ConcernStep
from ..models.concerns import RECORDABLE_STEPS, kind_rule


def _hours(delta) -> int:
    """Return a time limit in whole hours."""
    return int(delta.total_seconds() // 3600)


def kind_notice(kind: str) -> str:
    """Return what the reporter must do for a kind of concern: whom to tell, how soon,
    and what to note down from the call (the form shows it as the kind is chosen)."""
    rule = kind_rule(kind)
    parts = []
    if rule.needs_police:
        parts.append(
            _(
                "此类情形须立即拨打 110 向公安机关报案（%(h)s 小时内未记录报警即列为逾期）。"
                "请记录：接警单位或民警姓名、报警时间、报警方式、回执或案件编号。"
            )
            % {"h": _hours(rule.police_within)}
        )
    if rule.needs_civil_affairs:
        parts.append(
            _("并须在 %(h)s 小时内报告民政部门（乡镇民政办或县民政局），安排临时照料。")
            % {"h": _hours(rule.civil_affairs_within)}
        )
    if not parts:
        parts.append(_("此类情形无须报警：请报告学校负责人或村儿童主任，并持续跟进。"))
    parts.append(_("依据：%(source)s") % {"source": rule.source})
    return "".join(parts)


class ConcernForm(forms.ModelForm):
    """A mandatory report: what kind, and what was seen."""

    class Meta:
        model = Concern
        fields = ["kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["data-concern-kind"] = ""

    @staticmethod
    def notices() -> list[dict[str, Any]]:
        """Return each kind's notice, and whether it needs the police, for the form."""
        return [
            {"kind": k, "needs_police": kind_rule(k).needs_police, "text": kind_notice(k)}
            for k in Concern.Kind.values
        ]


class StepForm(forms.Form):
    """One hand-over or follow-up step: what, when, to whom, how, receipt number."""

    kind = forms.ChoiceField(label=gettext_lazy("事项"), choices=RECORDABLE_STEPS)
    at = forms.DateTimeField(
        label=gettext_lazy("时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=gettext_lazy("不填则为现在。"),
    )
    recipient = forms.CharField(
        label=gettext_lazy("报告对象（单位、姓名）"), max_length=100, required=False
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("方式"),
        choices=[("", "—")] + list(ConcernStep.Channel.choices),
        required=False,
    )
    reference = forms.CharField(label=gettext_lazy("回执或案件编号"), max_length=60, required=False)
    notes = forms.CharField(
        label=gettext_lazy("情况记录"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_at(self):
        """Refuse a time in the future."""
        at = self.cleaned_data.get("at")
        if at and at > timezone.now():
            raise forms.ValidationError(_("时间不能晚于现在。"))
        return at


class CloseForm(forms.Form):
    """Closing a concern: the outcome is required."""

    outcome = forms.CharField(
        label=gettext_lazy("处理结果"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("儿童现状、采取的措施、由谁负责后续。"),
    )


class ReopenForm(forms.Form):
    """Reopening a closed concern: the reason is required."""

    reason = forms.CharField(label=gettext_lazy("重新开启原因"), max_length=200)
