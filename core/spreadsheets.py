"""Writing .xlsx downloads safely: every cell escaped against formula injection."""

import csv
import datetime
import io
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from typing import IO
from urllib.parse import quote

import xlsxwriter
from django.http import FileResponse, HttpResponse
from msoffcrypto.format.ooxml import OOXMLFile

# A spreadsheet program treats a cell starting with one of these as a formula (or DDE).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel's number formats for the dates and times a download holds (openpyxl's defaults).
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd h:mm:ss"
# XlsxWriter's options: every text stays text (never a formula, number or link), and each
# row goes to the sheet's temporary file as soon as the next begins (inline strings, no
# shared-string table kept in memory).
_BOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


def escape_cell(value):
    """Return the value safe for a cell: text that could run as a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def cell_value(value):
    """Return a value a cell holds as is: dates, numbers and escaped text."""
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

    XlsxWriter in constant-memory mode: each row is written to the sheet's temporary file
    once the next one starts, so with `out` a file on disk memory stays flat however many
    rows `rows` yields. Headers are bold and stay in view when scrolling; each column is
    as wide as its header and the first WIDTH_ROWS values need (Chinese characters count
    double, as Excel draws them); values as `cell_value` gives them (text escaped against
    formulas, 是/否, dates in Excel's date format; blanks left empty).
    """
    written = 0
    book = xlsxwriter.Workbook(out, _BOOK_OPTIONS)
    formats = {
        "bold": book.add_format({"bold": True}),
        "date": book.add_format({"num_format": DATE_FORMAT}),
        "datetime": book.add_format({"num_format": DATETIME_FORMAT}),
    }
    for title, headers, rows in sheets:
        sheet = book.add_worksheet(title[:31])
        widths = [_width(header) for header in headers]
        for column, header in enumerate(headers):
            sheet.write_string(0, column, str(escape_cell(header)), formats["bold"])
        sheet.freeze_panes(1, 0)
        for number, row in enumerate(rows, 1):
            values = [cell_value(raw) for raw in row]
            if number <= WIDTH_ROWS:
                _widen(widths, values)
            _write_row(sheet, number, values, formats)
            written += 1
        for column, width in enumerate(widths):
            sheet.set_column(column, column, min(width + 2, MAX_WIDTH))
    book.close()
    return written


# Column widths come from the header and the first rows (a register's columns hold
# values of like lengths); no column wider than MAX_WIDTH characters.
WIDTH_ROWS = 200
MAX_WIDTH = 50
DATE_WIDTH = len("2026-01-01")


def _width(value) -> int:
    """Return how many character widths Excel needs to show `value` (CJK count double)."""
    if isinstance(value, datetime.datetime):
        return len("2026-01-01 00:00:00")
    if isinstance(value, datetime.date):
        return DATE_WIDTH
    text = value if isinstance(value, str) else str(value)
    return len(text) + sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")


def _widen(widths: list[int], values: list) -> None:
    """Widen `widths` in place to fit one row's `values`."""
    for column, value in enumerate(values[: len(widths)]):
        if value != "":
            widths[column] = max(widths[column], _width(value))


def _write_row(sheet, number: int, values: Sequence, formats: dict) -> None:
    """Write one row's values (as cell_value gives them) to `sheet`, each by its type."""
    write_string = sheet.write_string
    for column, value in enumerate(values):
        if isinstance(value, str):
            if value:
                write_string(number, column, value)
        elif isinstance(value, datetime.datetime):
            sheet.write_datetime(number, column, value, formats["datetime"])
        elif isinstance(value, datetime.date):
            sheet.write_datetime(number, column, value, formats["date"])
        else:  # int, float or Decimal: what cell_value leaves besides text and dates
            sheet.write_number(number, column, value)


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
    plain = cell_value(value)
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
