"""Writing .xlsx downloads safely: every cell escaped against formula injection."""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from typing import IO
from urllib.parse import quote

from django.http import FileResponse, HttpResponse
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

# A spreadsheet program treats a cell starting with one of these as a formula (or DDE).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def escape_cell(value):
    """Return the value safe for a cell: text that could run as a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _plain(value):
    """Return a value openpyxl writes as is: dates, numbers and escaped text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, Decimal, datetime.date, datetime.datetime)):
        return value
    return escape_cell(str(value))


def workbook_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """Return an .xlsx file of the given (title, headers, rows) sheets, in write-only mode."""
    out = BytesIO()
    workbook_write(sheets, out)
    return out.getvalue()


def workbook_write(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]], out: IO[bytes]
) -> int:
    """Write an .xlsx of the (title, headers, rows) sheets to `out`; return the rows written.

    Write-only mode: openpyxl keeps each sheet's rows in a temporary file, not in memory,
    so with `out` a file on disk memory stays flat however many rows `rows` yields.
    """
    written = 0
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=escape_cell(header))
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([_plain(v) for v in row])
            written += 1
    book.save(out)
    return written


def csv_write(headers: Sequence[str], rows: Iterable[Sequence], out: IO[bytes]) -> int:
    """Write a UTF-8 CSV (with Excel's BOM) of the rows to `out`; return the rows written."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow([escape_cell(h) for h in headers])
    written = 0
    for row in rows:
        writer.writerow([_csv_text(v) for v in row])
        written += 1
    text.detach()  # leave `out` open for the caller
    return written


def _csv_text(value) -> str:
    """Return a value as CSV text: ISO dates, 是/否, escaped strings."""
    plain = _plain(value)
    return plain.isoformat() if isinstance(plain, datetime.date) else str(plain)


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    """Return an HTTP download of an .xlsx file with a UTF-8 file name."""
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = (
        f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def file_download(filename: str, file: IO[bytes], content_type: str) -> FileResponse:
    """Return an HTTP download streaming `file` from its start (closed once sent)."""
    file.seek(0)
    ascii_name = "export" + filename[filename.rfind(".") :]
    response = FileResponse(file, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def encrypt_xlsx_file(source: IO[bytes], password: str, out: IO[bytes]) -> None:
    """Write the .xlsx `source` encrypted with `password` to `out`.

    Office agile encryption (AES-256): Excel and WPS ask for the password when opening it;
    without it the file is unreadable.
    """
    source.seek(0)
    OOXMLFile(source).encrypt(password, out)
