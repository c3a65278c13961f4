"""Opening an uploaded register file safely and reading its sheets with Excel's row numbers.

.xlsx, .xls and .ods are read with python-calamine (fast, and it keeps merged ranges);
.csv in UTF-8 (with or without BOM) or GB18030/GBK, with any line end. Refuses, with a
Chinese message, files that are not what their name says, corrupt workbooks, zip bombs,
and files over the size cap; nothing is written then. A workbook with an opening password
(Excel, WPS, or this platform's full export) is opened with the password the user gives
(`decrypted`), and refused with a message asking for it when none is given.
"""

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import msoffcrypto
from django.conf import settings
from django.utils.translation import gettext as _
from msoffcrypto.exceptions import DecryptionError, FileFormatError, InvalidKeyError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and encrypted .xlsx
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
# An .xlsx of real data compresses 5-20 times; a zip bomb compresses thousands of times.
MAX_UNZIPPED_BYTES = 400 * 1024 * 1024
MAX_RATIO = 100
KINDS = ("xlsx", "xls", "ods", "csv")
# What olefile and msoffcrypto raise on a damaged container, by where it breaks.
DAMAGED_CONTAINER = (FileFormatError, ValueError, KeyError, OSError, EOFError, IndexError)


class FileRefused(Exception):  # noqa: N818 - reads as the condition it reports
    """The file cannot be imported at all; the message says why, in Chinese."""


@dataclass
class Sheet:
    """One sheet's cells: rows[i] is Excel's row i + 1; merged ranges 0-based, inclusive."""

    name: str
    rows: list[list]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


def is_encrypted(content: bytes) -> bool:
    """Return whether `content` is a workbook with an opening password.

    An encrypted .xlsx is an OLE container holding an EncryptionInfo stream (Excel's, WPS's
    and msoffcrypto's encryption); an encrypted .xls keeps its usual Workbook stream and
    marks it with a FILEPASS record (msoffcrypto reads it). A damaged container is not
    called encrypted: the reader reports it as damaged.
    """
    if not content.startswith(OLE_MAGIC):
        return False
    if ENCRYPTED_MARK in content:
        return True
    try:
        return msoffcrypto.OfficeFile(io.BytesIO(content)).is_encrypted()
    except (*DAMAGED_CONTAINER, AssertionError):
        return False


def decrypted(content: bytes, password: str) -> bytes:
    """Return the plain workbook inside the password-protected `content`.

    Raises FileRefused, in Chinese, when no password is given or it is not the file's.
    """
    if not password:
        raise _refuse_encrypted()
    out = io.BytesIO()
    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(content))
        office.load_key(password=password)
        office.decrypt(out)
    except (InvalidKeyError, DecryptionError):
        raise FileRefused(_("文件密码不正确，无法打开工作簿。请核对密码后重新上传。")) from None
    except DAMAGED_CONTAINER:
        raise _refuse_corrupt() from None
    return out.getvalue()


def _refuse_encrypted() -> FileRefused:
    return FileRefused(
        _(
            "工作簿设置了打开密码（例如本平台导出的完整台账）。"
            "请在“文件密码”中填写该密码，再选择文件上传。"
        )
    )


def _refuse_corrupt() -> FileRefused:
    return FileRefused(_("工作簿已损坏，无法打开。请在 Excel 中重新保存后再导入。"))


def file_kind(name: str, content: bytes) -> str:
    """Return "xlsx", "xls", "ods" or "csv" for an acceptable file, or raise FileRefused."""
    limit = settings.REGISTER_IMPORT_MAX_BYTES
    if len(content) > limit:
        raise FileRefused(
            _("文件过大（%(size)s MB），上限为 %(limit)s MB。请分多个文件导入。")
            % {"size": round(len(content) / 1048576, 1), "limit": limit // 1048576}
        )
    if not content:
        raise FileRefused(_("文件是空的。"))
    extension = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if content.startswith(OLE_MAGIC):
        if is_encrypted(content):
            raise _refuse_encrypted()
        if extension not in ("xls", "xlsx"):
            raise FileRefused(_("文件内容是旧版 Excel 工作簿，请把扩展名改为 .xls 再上传。"))
        return "xls"
    if content.startswith(ZIP_MAGIC):
        return _zip_kind(extension, content)
    if extension == "csv":
        # Anywhere in the file, not only its start: PostgreSQL cannot store a NUL character.
        if b"\x00" in content:
            raise FileRefused(_("文件扩展名是 .csv，但内容不是文本。"))
        return "csv"
    if extension in ("xlsx", "xls", "ods"):
        raise FileRefused(
            _("文件扩展名是 .%(ext)s，但内容不是 Excel 工作簿（或 WPS 表格）。")
            % {"ext": extension}
        )
    raise FileRefused(_("只能导入 .xlsx、.xls、.ods 或 .csv 文件。"))


def _zip_kind(extension: str, content: bytes) -> str:
    """Return "xlsx" or "ods" for a zipped workbook; raise FileRefused for a bad one."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            is_ods = "mimetype" in names and archive.read("mimetype").strip() == ODS_MIME
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise _refuse_corrupt() from None
    if extension == "csv":
        raise FileRefused(
            _("文件扩展名是 .csv，但内容是 Excel 工作簿。请把扩展名改为 .xlsx 再上传。")
        )
    kind = "ods" if is_ods else "xlsx" if "xl/workbook.xml" in names else ""
    if not kind:
        raise FileRefused(_("文件内容不是 Excel 或 WPS 工作簿。"))
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if len(infos) > 1000 or unpacked > MAX_UNZIPPED_BYTES or unpacked / packed > MAX_RATIO:
        raise FileRefused(_("工作簿解压后异常巨大，疑似恶意文件，已拒绝。"))
    return kind


def decode_csv(content: bytes) -> str:
    """Return the text of a CSV file in UTF-8 (with or without BOM) or GB18030/GBK.

    A UTF-8 BOM is dropped before guessing: some tools put one in front of a GBK body.
    """
    body = content.removeprefix(codecs.BOM_UTF8)
    for encoding in ("utf-8", "gb18030"):
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused(_("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV。"))


def csv_sheet(content: bytes) -> Sheet:
    """Return a CSV file's records as one sheet; CR, LF and CRLF line ends alike."""
    text = decode_csv(content)
    first_line = text.splitlines()[0] if text else ""
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        # newline="" lets the csv module see every kind of line end, and quoted ones.
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise FileRefused(_("CSV 文件格式有误，无法读取。")) from None
    return Sheet("csv", rows)


def workbook_sheets(content: bytes) -> Iterator[Sheet]:
    """Yield the workbook's visible worksheets (.xlsx, .xls, .ods), read by calamine."""
    from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        visible = [m.name for m in book.sheets_metadata if m.visible == SheetVisibleEnum.Visible]
    except (CalamineError, ValueError, OSError):
        raise _refuse_corrupt() from None
    for name in visible:
        try:
            sheet = book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = sheet.merged_cell_ranges or []
        except (CalamineError, ValueError, OSError):
            raise FileRefused(
                _("工作表内容已损坏，无法读取。请在 Excel 中重新保存后再导入。")
            ) from None
        yield Sheet(name, rows, list(merged))
