"""Forms of the register import: the upload and the confirmation."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    """One register file, .xlsx, .xls, .ods or .csv, under the size cap."""

    file = forms.FileField(
        label=_("台账文件"),
        help_text=_("支持 .xlsx、.xls、.ods（Excel 或 WPS）和 .csv（UTF-8 或 GBK 编码）。"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".xlsx,.xls,.ods,.csv"}
        ),
    )

    password = forms.CharField(
        label=_("文件密码"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "off"}),
        help_text=_("仅当工作簿设置了打开密码时填写，例如本平台导出的完整台账。"),
    )

    def clean_file(self):
        """Refuse an empty or oversized upload before reading it into memory."""
        upload = self.cleaned_data["file"]
        limit = settings.REGISTER_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("文件过大，上限为 %(limit)s MB。请分多个文件导入。"),
                params={"limit": limit // 1048576},
                code="too_big",
            )
        return upload


class ConfirmForm(forms.Form):
    """The user's confirmation of a preview, naming the file hash they saw."""

    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)


class ExportPasswordForm(forms.Form):
    """The password that protects a register export holding full IDs and phones."""

    password = forms.CharField(
        label=_("文件密码"),
        min_length=8,
        strip=False,
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
        help_text=_(
            "至少 8 位。打开文件时需要输入；请通过电话等其他途径告知接收人，不要与文件一起发送。"
        ),
    )
    password2 = forms.CharField(
        label=_("再次输入密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
    )

    def clean(self):
        """Require the two passwords to match."""
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data
