"""The bad rows of a batch as an .xlsx to fix in Excel and upload again.

The file has the uploaded file's own columns (a two-row header written as one row,
"父亲姓名" ...), a 错误说明 column, and every cell with a problem filled red. Uploaded again,
it is read like any register: the fixed rows come in.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from children.models import ImportBatch
from core.spreadsheets import escape_cell

BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def error_file_bytes(batch: ImportBatch) -> bytes:
    """Return the .xlsx of the batch's bad rows, problems explained and highlighted."""
    checked = batch.checked()
    header = list(checked["header"])
    problems: dict[tuple[str, int], list[dict]] = {}
    for problem in checked["problems"]:
        problems.setdefault((problem.get("sheet", ""), problem["row"]), []).append(problem)
    book = Workbook()
    sheet = book.active
    sheet.title = _("错误行")
    explain = len(header) + 1
    for index, label in enumerate([*header, _("错误说明")], 1):
        cell = sheet.cell(row=1, column=index, value=label)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for out_row, bad in enumerate(checked["bad"], 2):
        cells = bad["cells"] + [""] * (len(header) - len(bad["cells"]))
        for index, value in enumerate(cells[: len(header)], 1):
            cell = sheet.cell(row=out_row, column=index, value=escape_cell(value))
            if isinstance(value, str):
                cell.number_format = "@"  # IDs and phones stay text when edited
        row_problems = problems.get((bad.get("sheet", ""), bad["row"]), [])
        # One sentence per row: "列：问题；列：问题。" (each message's own full stop dropped).
        notes = [f"{p['column']}：{p['message'].rstrip('。')}" for p in row_problems]
        note = "；".join(notes) + "。" if notes else ""
        if bad.get("sheet"):  # a register on several sheets: say where the row came from
            where = {"sheet": bad["sheet"], "row": bad["row"]}
            note = _("原工作表“%(sheet)s”第 %(row)s 行") % where + "：" + note
        sheet.cell(row=out_row, column=explain, value=escape_cell(note)).fill = BAD_FILL
        for problem in row_problems:
            if problem["index"] is not None and problem["index"] < len(header):
                cell = sheet.cell(row=out_row, column=problem["index"] + 1)
                cell.fill = BAD_FILL
                cell.comment = Comment(problem["message"], _("导入检查"))
    sheet.column_dimensions["A"].width = 12
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
