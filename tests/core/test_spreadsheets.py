"""The .xlsx downloads' writer: what Excel, WPS and the import read back from its files."""

import datetime
import io
import tempfile
import zipfile
from decimal import Decimal

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from core.spreadsheets import workbook_bytes, workbook_write

# Excel's times have no zone: a download writes local times, naive.
LOCAL_TIME = datetime.datetime(2026, 6, 30, 9, 5, 0)  # noqa: DTZ001
DATES = [datetime.date(2015, 4, 1), LOCAL_TIME]


def _book(rows, headers=("姓名", "出生日期", "金额")):
    return load_workbook(io.BytesIO(workbook_bytes([("儿童台账", headers, rows)])))


def test_each_value_keeps_its_type_and_excels_formats():
    sheet = _book([["王小兰", DATES[0], 12], ["李明", DATES[1], Decimal("300.50")]])["儿童台账"]
    assert [c.value for c in sheet[1]] == ["姓名", "出生日期", "金额"]
    assert all(c.font.b for c in sheet[1])
    assert sheet["B2"].value == datetime.datetime(2015, 4, 1)  # noqa: DTZ001 - as Excel reads it
    assert sheet["B2"].number_format == "yyyy-mm-dd"
    assert sheet["B3"].value == DATES[1]
    assert sheet["B3"].number_format == "yyyy-mm-dd h:mm:ss"
    assert sheet["C2"].value == 12
    assert sheet["C3"].value == 300.5


def test_yes_no_blanks_and_text_that_looks_like_something_else():
    rows = [[True, None, "0123"], [False, "", "=1+1"], ["https://x.cn", 0, "110101201504011234"]]
    sheet = _book(rows, headers=("是否", "空", "文字"))["儿童台账"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    # Text stays text: a leading zero, an ID of 18 digits and a link are not turned into
    # numbers or hyperlinks; a formula is escaped, never run; nothing written for a blank.
    assert values == [
        ["是", None, "0123"],
        ["否", None, "'=1+1"],
        ["https://x.cn", 0, "110101201504011234"],
    ]
    assert not sheet._hyperlinks


def test_control_characters_come_back_as_excel_reads_them():
    content = workbook_bytes([("s", ["a"], [["\r第一行\n第二行"]])])
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert rows[1] == ["'\r第一行\n第二行"]


def test_several_sheets_and_the_count_of_rows_written():
    out = io.BytesIO()
    written = workbook_write([("甲", ["x"], [[1], [2]]), ("乙" * 40, ["y"], iter([[3]]))], out)
    assert written == 3
    book = load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames == ["甲", "乙" * 31]  # Excel's limit of 31 characters
    assert book["乙" * 31]["A2"].value == 3


def test_rows_are_written_as_they_come_not_kept():
    """A generator's rows go to the sheet's temporary file one by one: the book holds no
    table of them (constant memory), and the strings are inline, not a shared table."""
    seen = []

    def rows():
        for n in range(5000):
            seen.append(n)
            yield [f"儿童{n}", n]

    with tempfile.TemporaryFile() as out:
        assert workbook_write([("s", ["姓名", "序号"], rows())], out) == 5000
        out.seek(0)
        with zipfile.ZipFile(out) as archive:
            names = archive.namelist()
            sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert seen == list(range(5000))
    assert "xl/sharedStrings.xml" not in names
    assert 'r="A5001" t="inlineStr"' in sheet_xml


def test_columns_are_as_wide_as_their_text_and_the_header_stays_in_view():
    """Opened in Excel or WPS, the labels are not cut: a column fits its header and values
    (Chinese characters twice as wide as digits), within a limit; the header row is frozen."""
    rows = [["登记在册儿童（人）", 2713, DATES[0], "x" * 300]]
    sheet = _book(rows, headers=("项目", "数值", "日期", "备注"))["儿童台账"]
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCD"}
    assert widths["A"] >= 2 * len("登记在册儿童（人）")
    assert widths["B"] >= 2 * len("数值") and widths["B"] < widths["A"]
    assert widths["C"] >= len("2015-04-01")
    assert widths["D"] <= 52
    assert sheet.freeze_panes == "A2"
