"""The break-the-glass form."""

from django import forms
from django.utils.translation import gettext_lazy as _


class EmergencyAccessForm(forms.Form):
    """Which child (by full resident ID) and why a user must see them now."""

    id_number = forms.CharField(
        label=_("儿童公民身份号码"),
        max_length=24,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    reason = forms.CharField(
        label=_("事由"),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
        help_text=_("例如：接到强制报告，需要核实该儿童监护情况。该记录将由系统管理员审核。"),
    )
