"""Forms of the register import: the upload and the confirmation."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    """One register file, .xlsx or .csv, under the size cap."""

    file = forms.FileField(
        label=_("台账文件"),
        help_text=_("支持 .xlsx 和 .csv（UTF-8 或 GBK 编码）。"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}),
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
    with_transfers = forms.BooleanField(
        label=_("同时办理文件中的转学（将这些儿童转入本校）"), required=False
    )
