"""Turning a filtered list into an audited .xlsx download through reports.spreadsheets."""

from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone

from reports.spreadsheets import workbook_bytes, xlsx_response

from .services import export_audit


def export_response(
    *, by, what: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """Return the rows as a formula-escaped .xlsx download, audited with the row count."""
    rows = [list(row) for row in rows]
    export_audit(by=by, what=what, rows=len(rows))
    content = workbook_bytes([(what, headers, rows)])
    return xlsx_response(f"{what}-{timezone.localdate():%Y%m%d}.xlsx", content)
