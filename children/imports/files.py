"""Opening an uploaded register file safely and reading its rows with Excel's row numbers.

Refuses, with a Chinese message, files that are not what their name says, encrypted or
corrupt workbooks, zip bombs, and files over the size or row caps; nothing is written then.
"""

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator

from django.conf import settings
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and encrypted .xlsx
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
# An .xlsx of real data compresses 5-20 times; a zip bomb compresses thousands of times.
MAX_UNZIPPED_BYTES = 400 * 1024 * 1024
MAX_RATIO = 100


class FileRefused(Exception):  # noqa: N818 - reads as the condition it reports
    """The file cannot be imported at all; the message says why, in Chinese."""


def file_kind(name: str, content: bytes) -> str:
    """Return "xlsx" or "csv" for an acceptable file, or raise FileRefused."""
    limit = settings.REGISTER_IMPORT_MAX_BYTES
    if len(content) > limit:
        raise FileRefused(
            _("文件过大（%(size)s MB），上限为 %(limit)s MB。请分多个文件导入。")
            % {"size": round(len(content) / 1048576, 1), "limit": limit // 1048576}
        )
    if not content:
        raise FileRefused(_("文件是空的。"))
    lower = name.lower()
    if content.startswith(OLE_MAGIC):
        if ENCRYPTED_MARK in content[:200_000] or ENCRYPTED_MARK in content:
            raise FileRefused(
                _("工作簿设置了打开密码，无法读取。请取消密码后另存为 .xlsx 再导入。")
            )
        raise FileRefused(_("这是旧版 Excel（.xls）文件。请在 Excel 中另存为 .xlsx 后再导入。"))
    if lower.endswith(".xlsx"):
        if not content.startswith(ZIP_MAGIC):
            raise FileRefused(_("文件扩展名是 .xlsx，但内容不是 Excel 工作簿。"))
        _check_zip(content)
        return "xlsx"
    if lower.endswith(".csv"):
        if content.startswith(ZIP_MAGIC):
            raise FileRefused(
                _("文件扩展名是 .csv，但内容是 Excel 工作簿。请把扩展名改为 .xlsx 再上传。")
            )
        # Anywhere in the file, not only its start: PostgreSQL cannot store a NUL character.
        if b"\x00" in content:
            raise FileRefused(_("文件扩展名是 .csv，但内容不是文本。"))
        return "csv"
    raise FileRefused(_("只能导入 .xlsx 或 .csv 文件。"))


def _check_zip(content: bytes) -> None:
    """Raise FileRefused for a corrupt workbook or one that would unpack to too much data."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise FileRefused(_("工作簿已损坏，无法打开。请在 Excel 中重新保存后再导入。")) from None
    if "xl/workbook.xml" not in names:
        raise FileRefused(_("文件扩展名是 .xlsx，但内容不是 Excel 工作簿。"))
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if len(infos) > 1000 or unpacked > MAX_UNZIPPED_BYTES or unpacked / packed > MAX_RATIO:
        raise FileRefused(_("工作簿解压后异常巨大，疑似恶意文件，已拒绝。"))


def decode_csv(content: bytes) -> str:
    """Return the text of a CSV file in UTF-8 (with or without BOM) or GB18030/GBK."""
    if content.startswith(codecs.BOM_UTF8):
        return content[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("gb18030")
    except UnicodeDecodeError:
        raise FileRefused(_("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV。")) from None


def csv_rows(content: bytes) -> Iterator[tuple[int, tuple]]:
    """Yield (row number as Excel shows it, cell values) for each record of a CSV file."""
    text = decode_csv(content)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        for number, record in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
            yield number, tuple(record)
    except csv.Error:
        raise FileRefused(_("CSV 文件格式有误，无法读取。")) from None


def xlsx_sheets(content: bytes) -> list:
    """Return the workbook's visible worksheets, opened read-only with cached values."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, XML errors) for a bad file
        raise FileRefused(_("工作簿已损坏，无法打开。请在 Excel 中重新保存后再导入。")) from None
    return [ws for ws in book.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]


def xlsx_rows(sheet) -> Iterator[tuple[int, tuple]]:
    """Yield (row number as Excel shows it, cell values) for each row of a sheet."""
    sheet.reset_dimensions()  # a wrong <dimension> tag would cut rows short
    try:
        yield from enumerate(sheet.iter_rows(values_only=True), 1)
    except Exception:  # openpyxl raises XML and value errors for a damaged sheet
        raise FileRefused(
            _("工作表内容已损坏，无法读取。请在 Excel 中重新保存后再导入。")
        ) from None
