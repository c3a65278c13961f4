"""The register's files: the import template (.xlsx) and exports (.xlsx and .csv)."""

import io
from collections.abc import Iterable
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.spreadsheets import csv_write, workbook_write

from .columns import BOOL, CHOICE, ID, PHONE, REGISTER_COLUMNS

TEMPLATE_ROWS = 2000
SHEET_TITLE = "儿童台账"


def headers() -> list[str]:
    """Return the register file's column headers, in order."""
    return [c.header for c in REGISTER_COLUMNS]


def template_bytes() -> bytes:
    """Return the import template: headers with notes, drop-downs, ID columns as text."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    lists = book.create_sheet("选项")
    lists.sheet_state = "hidden"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    list_column = 0
    for index, column in enumerate(REGISTER_COLUMNS, 1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        note = str(column.note) if column.note else ""
        if column.aliases:
            note = (note + "\n" if note else "") + _("也可写作：") + "、".join(column.aliases)
        if note:
            cell.comment = Comment(note, "台账模板", width=260, height=120)
        sheet.column_dimensions[letter].width = max(10, len(column.header) * 2 + 2)
        options = None
        if column.kind in (CHOICE,) and column.choices is not None:
            options = [str(label) for label in column.choices.labels]
        elif column.kind == BOOL:
            options = ["是", "否"]
        if options:
            list_column += 1
            list_letter = get_column_letter(list_column)
            for row, option in enumerate(options, 1):
                lists.cell(row=row, column=list_column, value=option)
            validation = DataValidation(
                type="list",
                formula1=f"'选项'!${list_letter}$1:${list_letter}${len(options)}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=_("请从下拉列表选择"),
                error=_("请从下拉列表中选择“%(h)s”的值。") % {"h": column.header},
            )
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(validation)
        if column.kind in (ID, PHONE):
            sheet.column_dimensions[letter].width = 22 if column.kind == ID else 14
            for row in range(2, TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "C2"
    guide = book.create_sheet("填写说明")
    guide.append([_("列名"), _("说明"), _("可选值")])
    for column in REGISTER_COLUMNS:
        options = "、".join(str(label) for label in column.choices.labels) if column.choices else ""
        guide.append([column.header, str(column.note), options])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 60
    guide.column_dimensions["C"].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_xlsx(rows: Iterable[list], out: IO[bytes]) -> int:
    """Write the register rows to `out` as an .xlsx in the template's columns, escaped
    against formulas; return how many rows were written."""
    return workbook_write([(SHEET_TITLE, headers(), rows)], out)


def export_csv(rows: Iterable[list], out: IO[bytes]) -> int:
    """Write the register rows to `out` as UTF-8 CSV with a BOM (Excel opens it), escaped
    like the .xlsx; return how many rows were written."""
    return csv_write(headers(), rows, out)
