"""Imports of register spreadsheets: the uploaded file, its checked preview, and the result."""

import json
import zlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """One uploaded register file: who sent it, what the preview found, and what it wrote.

    The preview parses and validates the file once and keeps the validated rows (compressed
    JSON in `payload`); confirming writes exactly those rows after checking the file's hash.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队等待检查")
        CHECKING = "checking", _("正在检查")
        PREVIEW = "preview", _("待确认")
        CONFIRMING = "confirming", _("正在导入")
        DONE = "done", _("已导入")
        FAILED = "failed", _("无法读取")
        DISCARDED = "discarded", _("已放弃")

    county = models.ForeignKey(
        "schools.County", verbose_name=_("县"), on_delete=models.PROTECT, related_name="+"
    )
    # The importer's scope when uploading, so officers above them can find the batch.
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("学校"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    town = models.ForeignKey(
        "schools.Town",
        verbose_name=_("乡镇"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    file_name = models.CharField(_("文件名"), max_length=200)
    file_size = models.PositiveIntegerField(_("文件大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content = models.BinaryField(_("文件内容"), blank=True, editable=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    failure = models.CharField(_("无法读取的原因"), max_length=300, blank=True)
    total_rows = models.PositiveIntegerField(_("数据行数"), default=0)
    new_count = models.PositiveIntegerField(_("新增"), default=0)
    changed_count = models.PositiveIntegerField(_("修改"), default=0)
    unchanged_count = models.PositiveIntegerField(_("无变化"), default=0)
    transfer_count = models.PositiveIntegerField(_("转学待确认"), default=0)
    error_count = models.PositiveIntegerField(_("错误行数"), default=0)
    transfers_done = models.PositiveIntegerField(_("已办理转学"), default=0)
    # [{"row": 7, "column": "公民身份号码", "message": "..."}], in sheet order.
    errors = models.JSONField(_("错误"), default=list, blank=True)
    # Compressed JSON list of the validated rows (see children.imports.rows.check_rows).
    payload = models.BinaryField(_("预览结果"), blank=True, editable=False)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["county", "-created_at"], name="import_county_created"),
            models.Index(fields=["school", "-created_at"], name="import_school_created"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("imports:detail", kwargs={"pk": self.pk})

    def rows(self) -> list[dict]:
        """Return the validated rows the preview stored (empty before the preview)."""
        if not self.payload:
            return []
        return json.loads(zlib.decompress(bytes(self.payload)))

    def set_rows(self, rows: list[dict]) -> None:
        """Store the validated rows, compressed (20,000 rows take a few megabytes)."""
        self.payload = zlib.compress(
            json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode(), 1
        )

    @property
    def is_working(self) -> bool:
        """Return whether a worker still has to check or write this batch."""
        return self.status in (self.Status.QUEUED, self.Status.CHECKING, self.Status.CONFIRMING)

    @property
    def can_confirm(self) -> bool:
        """Return whether the preview found rows to write and no errors."""
        return (
            self.status == self.Status.PREVIEW
            and self.error_count == 0
            and (self.new_count + self.changed_count + self.transfer_count) > 0
        )
