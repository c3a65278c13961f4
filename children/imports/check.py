"""Checking a whole register file once: sheet, header, every row, duplicates, the register.

`check_file` returns a `CheckResult`: every data row checked (good rows with what they
do to the register, bad rows with all their problems at once), the columns not imported,
file-level notices and the mentors' names that match no carer. It writes nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import files
from .context import Context
from .headers import Header, find_header
from .register import match_rows
from .rows import CheckedRow, RowProblems, check_row


@dataclass
class CheckResult:
    """The outcome of checking a file."""

    header: Header
    rows: list[CheckedRow]
    notices: list[str] = field(default_factory=list)
    unmatched_mentors: list[str] = field(default_factory=list)

    @property
    def good(self) -> list[CheckedRow]:
        """Return the rows that can be written."""
        return [r for r in self.rows if r.ok]

    @property
    def bad(self) -> list[CheckedRow]:
        """Return the rows with problems, in sheet order."""
        return [r for r in self.rows if r.problems and not r.other_school]

    def count(self, action: str) -> int:
        """Return how many good rows do `action` (new, changed, unchanged, transfer)."""
        return sum(1 for r in self.good if r.match and r.match.action == action)

    def as_payload(self) -> dict[str, Iterable]:
        """Return what the batch stores: the header, good rows, bad rows, problems, quality.

        The lists are generators: ImportBatch.set_checked writes them item by item.
        """
        return {
            "header": self.header.labels,
            "rows": (_good_json(r) for r in self.good),
            "bad": ({"row": r.row, "cells": [_cell_json(c) for c in r.cells]} for r in self.bad),
            "problems": (
                {
                    "row": r.row,
                    "name": r.name,
                    "column": p.column,
                    "index": p.index,
                    "value": p.value,
                    "message": p.message,
                }
                for r in self.bad
                for p in r.problems
            ),
            "quality": (
                {"row": r.row, "name": r.name, "message": m} for r in self.good for m in r.quality
            ),
        }


def _cell_json(value):
    """Return a cell as the error file keeps it: text, a number, or a date as ISO text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str | int | float | bool):
        return value
    # Dates, times and durations (calamine reads a time-only cell as one).
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _good_json(row: CheckedRow) -> dict:
    match = row.match
    out = {
        "row": row.row,
        "action": match.action,
        "values": row.values,  # dates are written as ISO text (ImportBatch.set_checked)
        "parents": row.parents,
    }
    if match.child is not None:
        out.update(child=match.child, version=match.version)
    if match.changes:
        out["changes"] = match.changes
    if row.mentor_id:
        out["mentor"] = row.mentor_id
    return out


def read_sheets(name: str, content: bytes):
    """Return the file's sheets: one for a CSV, the visible ones of a workbook."""
    kind = files.file_kind(name, content)
    if kind == "csv":
        return [files.csv_sheet(content)]
    return files.workbook_sheets(content)


def _first_with_header(sheets) -> tuple[files.Sheet, Header]:
    """Return the first sheet with a header, and it; raise the first sheet's refusal."""
    refusal = None
    for sheet in sheets:
        try:
            return sheet, find_header(sheet)
        except files.FileRefused as exc:
            refusal = refusal or exc
    raise refusal or files.FileRefused(_("工作簿中没有可见的工作表。"))


def _mark_duplicates(rows: list[CheckedRow], header: Header) -> None:
    """Add a problem to each row repeating an earlier row's ID (whatever else it has)."""
    first_row_of: dict[str, int] = {}
    for row in rows:
        number = row.values.get("id_number")
        if not number:
            continue
        if number in first_row_of:
            RowProblems(row, header).add(
                "id_number", _("身份证号与第 %(r)s 行重复。") % {"r": first_row_of[number]}
            )
        else:
            first_row_of[number] = row.row


def _notices(rows: list[CheckedRow], header: Header, ctx: Context) -> list[str]:
    others = sorted({r.other_school for r in rows if r.other_school})
    if not others:
        return []
    own = ctx.places.school_names.get(ctx.scope.school_id, "")
    count = sum(1 for r in rows if r.other_school)
    return [
        _(
            "“%(col)s”列中有 %(n)s 行写的是其他学校（%(others)s），不是您的学校“%(own)s”；"
            "这些行未导入。请由该校自行导入，或删去这些行。"
        )
        % {"col": header.label("school"), "n": count, "others": "、".join(others), "own": own}
    ]


def check_file(
    *,
    user,
    name: str,
    content: bytes,
    max_rows: int,
    progress: Callable[[int], None] | None = None,
) -> CheckResult:
    """Return the checked file; raise FileRefused for a file-level problem."""
    sheet, header = _first_with_header(read_sheets(name, content))
    ctx = Context.load(user)
    rows: list[CheckedRow] = []
    for index in range(header.row, len(sheet.rows)):
        checked = check_row(index + 1, sheet.rows[index], header, ctx)
        if checked is None:
            continue
        rows.append(checked)
        if len(rows) > max_rows:
            raise files.FileRefused(
                _("文件超过 %(n)s 行数据，请分多个文件导入。") % {"n": max_rows}
            )
        if progress and len(rows) % 1000 == 0:
            progress(len(rows))
    _mark_duplicates(rows, header)
    match_rows(user, rows, header, ctx.today)
    unmatched = sorted({r.mentor for r in rows if r.ok and r.mentor and not r.mentor_id})
    return CheckResult(header, rows, _notices(rows, header, ctx), unmatched)
