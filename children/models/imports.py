"""Imports of register spreadsheets: the uploaded file, its checked preview, and the result."""

import datetime
import json
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from children.protection import decrypt_bytes, encrypt_bytes

CHECKED_SECTIONS = ("header", "rows", "bad", "problems", "quality")


def _iso(value: object) -> str:
    """Return a date as ISO text for the preview's JSON (json.dumps calls it for others)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not stored in an import preview")


class CheckedWriter:
    """Writes an import preview one JSON line at a time into one compressed stream.

    `ImportBatch.set_checked` writes a whole preview with it; the confirmation writes the
    good rows again (given their children) and copies the other sections unparsed.
    """

    def __init__(self) -> None:
        self._compressor = zlib.compressobj(1)
        self._parts: list[bytes] = []

    def write(self, section: str, item: object) -> None:
        """Append one item of a section."""
        line = json.dumps([section, item], ensure_ascii=False, separators=(",", ":"), default=_iso)
        self._parts.append(self._compressor.compress(line.encode() + b"\n"))

    def copy(self, lines: Iterable[bytes]) -> None:
        """Append lines as ImportBatch.checked_lines yields them."""
        for line in lines:
            self._parts.append(self._compressor.compress(line + b"\n"))

    def copy_with(self, line: bytes, key: str, value: int | str) -> None:
        """Append a stored line whose item, an object without `key`, is given `key`: value.

        The object is not parsed and written again: the pair goes in front of its keys
        (a confirmed new row is given its child's pk so).
        """
        start = line.index(b"{") + 1  # the item's object: a section name holds no brace
        pair = json.dumps({key: value}, ensure_ascii=False, separators=(",", ":"))[1:-1]
        comma = b"" if line[start : start + 1] == b"}" else b","
        self.copy([line[:start] + pair.encode() + comma + line[start:]])

    def payload(self) -> bytes:
        """Return the stream written, compressed and encrypted (for ImportBatch.payload)."""
        self._parts.append(self._compressor.flush())
        return encrypt_bytes(b"".join(self._parts))


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
        EXPIRED = "expired", _("已过期清除")

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
    # The file, encrypted like the IDs it holds (see set_content); erased once done with.
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
    transfers_done = models.PositiveIntegerField(_("已申请转学"), default=0)
    problem_count = models.PositiveIntegerField(_("问题数"), default=0)
    quality_count = models.PositiveIntegerField(_("待核实项"), default=0)
    # Names of the file's columns the import does not read ("以下列未导入").
    unimported_columns = models.JSONField(_("未导入的列"), default=list, blank=True)
    # File-level messages (another school's name in the 学校 column ...), in Chinese.
    notices = models.JSONField(_("文件提示"), default=list, blank=True)
    # 帮扶教师 names that match no carer of the school, offered to be added as mentors.
    unmatched_mentors = models.JSONField(_("未匹配的帮扶教师"), default=list, blank=True)
    # Encrypted, compressed JSON of the checked file: header, good rows, bad rows and their
    # problems (see children.imports.rows); it holds IDs, so it is protected like them.
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

    def file_content(self) -> bytes:
        """Return the uploaded file's bytes (empty once erased)."""
        return zlib.decompress(decrypt_bytes(bytes(self.content))) if self.content else b""

    def set_content(self, content: bytes) -> None:
        """Keep the uploaded file encrypted at rest (compressed first: CSVs shrink a lot)."""
        self.content = encrypt_bytes(zlib.compress(content, 1)) if content else b""

    def checked_lines(self, *sections: str) -> Iterator[bytes]:
        """Yield the stored preview's JSON lines of these sections (all if none), as stored.

        Decompresses as it goes; CheckedWriter.copy writes such lines again unparsed.
        """
        if not self.payload:
            return
        data = decrypt_bytes(bytes(self.payload))
        prefixes = tuple(f'["{s}",'.encode() for s in sections) or (b"[",)
        stream, rest = zlib.decompressobj(), b""
        for start in range(0, len(data), 1 << 16):
            *lines, rest = (rest + stream.decompress(data[start : start + (1 << 16)])).split(b"\n")
            yield from (line for line in lines if line.startswith(prefixes))
        yield from (
            line for line in (rest + stream.flush()).split(b"\n") if line.startswith(prefixes)
        )

    def _lines(self, section: str | None = None) -> Iterator[tuple[str, object]]:
        """Yield (section, item) from the stored preview, decompressing as it goes."""
        for line in self.checked_lines(*([section] if section else [])):
            yield tuple(json.loads(line))

    def iter_checked(self, section: str) -> Iterator:
        """Yield the items of one section of the preview, one at a time (little memory)."""
        return (item for _section, item in self._lines(section))

    def iter_checked_lines(self, section: str) -> Iterator[tuple[bytes, Any]]:
        """Yield (stored line, item) of one section: the line to write again unparsed."""
        for line in self.checked_lines(section):
            yield line, json.loads(line)[1]

    def checked(self) -> dict[str, list]:
        """Return what the preview stored: {"header", "rows", "bad", "problems", "quality"}."""
        out: dict[str, list] = {section: [] for section in CHECKED_SECTIONS}
        for section, item in self._lines():
            out[section].append(item)
        return out

    def set_checked(self, checked: dict[str, Iterable]) -> None:
        """Store the preview's result, compressed and encrypted (20,000 rows: a few MB).

        One JSON line per item ([section, item]), dates as ISO text, written into the
        compressor as it comes: neither writing nor reading (iter_checked) holds the whole
        text in memory.
        """
        writer = CheckedWriter()
        for section, items in checked.items():
            for item in items:
                writer.write(section, item)
        self.payload = writer.payload()

    def problems(self) -> list[dict]:
        """Return the preview's problems: row, name, column, index, value, message."""
        return list(self.iter_checked("problems"))

    def rows(self) -> list[dict]:
        """Return the good rows the preview stored (empty before the preview)."""
        return list(self.iter_checked("rows"))

    @property
    def good_count(self) -> int:
        """Return the rows that can be written (new, changed, unchanged, transfer)."""
        return self.new_count + self.changed_count + self.unchanged_count + self.transfer_count

    @property
    def outcome(self) -> str:
        """Return what happened to the file, as the import history says it."""
        written = self.new_count + self.changed_count
        if self.status == self.Status.DONE:
            if not written and not self.transfers_done:
                return str(_("无变化"))
            text = _("已导入 %(n)s 行") % {"n": written}
            if self.transfers_done:
                text += _("，%(n)s 行已申请转学") % {"n": self.transfers_done}
            if self.error_count:
                text += _("，%(m)s 行有错误待修改") % {"m": self.error_count}
            return text
        if self.status == self.Status.PREVIEW and not self.can_confirm:
            if not self.error_count:
                return str(_("无变化"))
            if not self.good_count:
                return str(_("有错误，未导入"))
            return _("无变化，%(m)s 行有错误待修改") % {"m": self.error_count}
        return str(self.get_status_display())

    @property
    def is_working(self) -> bool:
        """Return whether a worker still has to check or write this batch."""
        return self.status in (self.Status.QUEUED, self.Status.CHECKING, self.Status.CONFIRMING)

    @property
    def can_confirm(self) -> bool:
        """Return whether the preview found good rows that would change the register."""
        return (
            self.status == self.Status.PREVIEW
            and (self.new_count + self.changed_count + self.transfer_count) > 0
        )
