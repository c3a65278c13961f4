"""Writing .xlsx downloads safely: every cell escaped against formula injection."""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
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
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """Return a UTF-8 CSV (with the BOM Excel needs) of the rows, escaped like the .xlsx."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([escape_cell(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_text(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_text(value) -> str:
    """Return a value as CSV text: ISO dates, 是/否, escaped strings."""
    plain = _plain(value)
    return plain.isoformat() if isinstance(plain, datetime.date) else str(plain)


def csv_response(filename: str, content: bytes) -> HttpResponse:
    """Return an HTTP download of a CSV file with a UTF-8 file name."""
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f"attachment; filename=\"export.csv\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    """Return an HTTP download of an .xlsx file with a UTF-8 file name."""
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = (
        f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def encrypt_xlsx(content: bytes, password: str) -> bytes:
    """Return the .xlsx encrypted with `password` (Office agile encryption, AES-256).

    Excel and WPS ask for the password when opening it; without it the file is unreadable.
    """
    out = BytesIO()
    OOXMLFile(BytesIO(content)).encrypt(password, out)
    return out.getvalue()
