"""Turning a list into an audited, formula-escaped .xlsx download."""

from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone

from core.spreadsheets import workbook_bytes, xlsx_response

from .services import export_audit


def export_response(
    *,
    by,
    what: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    filters: dict | None = None,
) -> HttpResponse:
    """Return the rows as an .xlsx download named after `what`, audited with the row count."""
    rows = [list(row) for row in rows]
    export_audit(by=by, what=what, rows=len(rows), filters=filters)
    content = workbook_bytes([(what, headers, rows)])
    return xlsx_response(f"{what}-{timezone.localdate():%Y%m%d}.xlsx", content)
