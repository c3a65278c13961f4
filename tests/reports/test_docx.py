"""The Word download follows GB/T 9704; the Excel annex's totals equal the report's figures."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import load_workbook

from reports.annex import report_annex
from reports.docx import report_docx
from reports.selectors import report_figures
from reports.writing import report_blocks
from tests.reports.golden import PERIOD, build_2011_county


@pytest.fixture
def golden(county):
    build_2011_county(county)
    figures = report_figures(county=county, period=PERIOD)
    blocks = report_blocks(figures=figures, signed_on=datetime.date(2011, 5, 24))
    return figures, blocks


@pytest.fixture
def document(golden):
    _figures, blocks = golden
    return Document(BytesIO(report_docx(blocks, title=blocks[0]["text"])))


def _east_asia(style) -> str | None:
    fonts = style.element.rPr.rFonts
    return fonts.get(qn("w:eastAsia"))


def _mm(length) -> float:
    return round(length / Mm(1), 1)


@pytest.mark.django_db
def test_docx_page_is_a4_with_the_official_document_margins(document):
    section = document.sections[0]

    assert (_mm(section.page_width), _mm(section.page_height)) == (210.0, 297.0)
    assert _mm(section.top_margin) == 37.0
    assert _mm(section.bottom_margin) == 35.0
    assert _mm(section.left_margin) == 28.0
    assert _mm(section.right_margin) == 26.0


@pytest.mark.django_db
def test_docx_has_22_lines_of_28_characters_a_page(document):
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    normal = document.styles["Normal"]
    spacing = normal.element.rPr.find(qn("w:spacing"))
    type_area_pt = Mm(297 - 37 - 35).pt
    char_pitch = 16 + int(spacing.get(qn("w:val"))) / 20

    assert grid.get(qn("w:type")) == "lines"
    assert 22 * int(grid.get(qn("w:linePitch"))) / 20 <= type_area_pt < 23 * 28.9
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert abs(normal.paragraph_format.line_spacing.pt - 28.9) < 0.1
    assert 22 * 28.9 <= type_area_pt
    assert 28 * char_pitch <= Mm(210 - 28 - 26).pt < 29 * char_pitch


@pytest.mark.django_db
def test_docx_fonts_set_the_east_asian_font_on_every_style(document):
    styles = document.styles

    assert _east_asia(styles["Normal"]) == "仿宋_GB2312"
    assert styles["Normal"].font.size == Pt(16)
    assert _east_asia(styles["Report Title"]) == "方正小标宋简体"
    assert styles["Report Title"].font.size == Pt(22)
    assert _east_asia(styles["Heading 1"]) == "黑体"
    assert _east_asia(styles["Heading 2"]) == "楷体_GB2312"
    assert _east_asia(styles["Footer"]) == "宋体"
    assert styles["Footer"].font.size == Pt(14)
    with_fonts = [
        s for s in styles if s.element.rPr is not None and s.element.rPr.rFonts is not None
    ]
    assert with_fonts
    assert all(_east_asia(s) for s in with_fonts)
    assert styles["Heading 1"].element.rPr.rFonts.get(qn("w:asciiTheme")) is None


@pytest.mark.django_db
def test_docx_headings_are_the_five_sections_in_order(document):
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    subheadings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]

    assert [h[:2] for h in headings] == ["一、", "二、", "三、", "四、", "五、"]
    assert subheadings[0] == "（一）留守儿童之家建设"
    assert document.paragraphs[0].style.name == "Report Title"
    assert document.paragraphs[-1].text == "2011年5月24日"


@pytest.mark.django_db
def test_docx_footer_numbers_pages_with_dashes(document):
    section = document.sections[0]
    odd = section.footer.paragraphs[0]
    instr = odd._p.xpath(".//w:instrText")

    assert document.settings.odd_and_even_pages_header_footer
    assert odd.text.startswith("— ") and odd.text.endswith(" —")
    assert instr[0].text.strip() == "PAGE"
    assert section.even_page_footer.paragraphs[0].text.endswith(" —")


@pytest.mark.django_db
def test_docx_contains_no_child_name_or_id(golden, document):
    text = "\n".join(p.text for p in document.paragraphs)
    from children.models import Child

    child = Child.objects.first()

    assert child.name not in text
    assert child.id_number not in text


@pytest.mark.django_db
def test_annex_totals_equal_the_reports_figures(golden):
    figures, _blocks = golden
    book = load_workbook(BytesIO(report_annex(figures)))
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(min_row=2, values_only=True)}
    by_town = list(book["按乡镇"].iter_rows(min_row=2, values_only=True))
    donations = list(book["捐赠"].iter_rows(min_row=2, values_only=True))
    homes = list(book["留守儿童之家"].iter_rows(min_row=2, values_only=True))
    activities = list(book["活动"].iter_rows(min_row=2, values_only=True))

    assert book.sheetnames == ["汇总", "按乡镇", "按学校", "留守儿童之家", "活动", "捐赠"]
    assert by_town[-1][0] == "合计"
    assert by_town[-1][1] == figures["children"]["registered"] == summary["登记在册儿童（人）"]
    assert by_town[-1][2] == figures["children"]["left_behind"]
    assert Decimal(str(donations[-1][-1])) == Decimal(figures["money"]["donation_amount"])
    assert Decimal(figures["money"]["donation_amount"]) == Decimal("6000")
    school_homes = [h for h in homes if h[0] == "留守儿童之家"]
    assert len(school_homes) == figures["homes"]["planned"] == 66
    assert sum(1 for h in school_homes if h[6]) == figures["homes"]["built"] == 22
    assert sum(1 for h in homes if h[0] != "留守儿童之家") == figures["rooms"]["rooms"] == 2
    school_rows = [a for a in activities[:-1] if a[4]]
    assert len(school_rows) == figures["school_activities"]["count"]


def test_each_file_is_written_afresh_from_the_shared_template():
    # The styled empty document is built once per process; a second file must hold
    # only its own paragraphs and title, not the first file's.
    def blocks(title: str, text: str) -> list[dict[str, str]]:
        return [
            {"kind": "title", "text": title},
            {"kind": "heading1", "text": "一、基本情况"},
            {"kind": "para", "text": text},
            {"kind": "signature", "text": "某县妇联"},
            {"kind": "signature", "text": "2026年7月10日"},
        ]

    report_docx(blocks("甲县工作汇报", "甲县的段落。"), title="甲县工作汇报")
    content = report_docx(blocks("乙县工作汇报", "乙县的段落。"), title="乙县工作汇报")
    second = Document(BytesIO(content))

    texts = [p.text for p in second.paragraphs]
    assert "乙县的段落。" in texts and "甲县的段落。" not in texts
    assert texts[0] == "乙县工作汇报" and second.core_properties.title == "乙县工作汇报"
    assert [p.style.name for p in second.paragraphs][:3] == ["Report Title", "Normal", "Heading 1"]
