"""Checking a whole register file once: sheets, header, every row, duplicates, the register.

A workbook may keep its register on several sheets (一年级, 二年级 … one per grade or
class, copied from one layout): every visible sheet whose header matches the first one's
is read, and its rows are named by sheet and row. A sheet whose header differs is named in
a notice as not read (nothing is left out unsaid).

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
            "bad": ({**_where(r), "cells": [_cell_json(c) for c in r.cells]} for r in self.bad),
            "problems": (
                {
                    **_where(r),
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
                {**_where(r), "name": r.name, "message": m} for r in self.good for m in r.quality
            ),
        }


def _where(row: CheckedRow) -> dict:
    """Return where a row is in the file: its row, and its sheet when there are several."""
    return {"row": row.row, "sheet": row.sheet} if row.sheet else {"row": row.row}


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
        **_where(row),
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


def _sheets_with_header(sheets) -> tuple[list[tuple[files.Sheet, Header]], list[str]]:
    """Return the sheets to read with their headers, and notices of the sheets left out.

    The first sheet with a header decides the layout; a later one is read when its header
    names the same columns in the same places (one register on several sheets), and named
    in a notice otherwise. A sheet with no header at all (instructions, options) is not a
    register and passes unsaid. Raises the first sheet's refusal when none has a header.
    """
    found: list[tuple[files.Sheet, Header]] = []
    notices: list[str] = []
    refusal = None
    for sheet in sheets:
        try:
            header = find_header(sheet)
        except files.FileRefused as exc:
            refusal = refusal or exc
            continue
        if not found or header.labels == found[0][1].labels:
            found.append((sheet, header))
        else:
            notices.append(
                _(
                    "工作表“%(sheet)s”的表头与“%(first)s”不同，未读取。"
                    "请把它另存为一个文件，单独导入。"
                )
                % {"sheet": sheet.name, "first": found[0][0].name}
            )
    if not found:
        raise refusal or files.FileRefused(_("工作簿中没有可见的工作表。"))
    return found, notices


def _mark_duplicates(rows: list[CheckedRow], header: Header) -> None:
    """Add a problem to each row repeating an earlier row's ID (whatever else it has)."""
    first_row_of: dict[str, CheckedRow] = {}
    for row in rows:
        number = row.values.get("id_number")
        if not number:
            continue
        first = first_row_of.get(number)
        if first is None:
            first_row_of[number] = row
        elif first.sheet != row.sheet:
            RowProblems(row, header).add(
                "id_number",
                _("身份证号与工作表“%(s)s”第 %(r)s 行重复。") % {"s": first.sheet, "r": first.row},
            )
        else:
            RowProblems(row, header).add(
                "id_number", _("身份证号与第 %(r)s 行重复。") % {"r": first.row}
            )


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
    sheets, left_out = _sheets_with_header(read_sheets(name, content))
    header = sheets[0][1]
    several = len(sheets) > 1
    ctx = Context.load(user)
    rows: list[CheckedRow] = []
    for sheet, sheet_header in sheets:
        for index in range(sheet_header.row, len(sheet.rows)):
            checked = check_row(index + 1, sheet.rows[index], sheet_header, ctx)
            if checked is None:
                continue
            if several:
                checked.sheet = sheet.name
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
    notices = [*_notices(rows, header, ctx), *left_out]
    return CheckResult(header, rows, notices, unmatched)
