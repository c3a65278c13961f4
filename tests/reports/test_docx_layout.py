"""The Word file's GB/T 9704-2012 details: title break, signature, properties, font table.

A page is also rendered to PNG with LibreOffice where it is installed (skipped if not),
so what a county office will see can be looked at.
"""

import datetime
import os
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reports.docx import report_docx, signature_indents, title_lines
from reports.selectors import report_figures
from reports.writing import report_blocks
from tests.reports.service_county import PERIOD, build_county

SIGNED = datetime.date(2026, 7, 3)
CHARACTER = Pt(15.75)


@pytest.fixture
def docx_bytes(county):
    build_county(county)
    figures = report_figures(county=county, period=PERIOD)
    blocks = report_blocks(figures=figures, signed_on=SIGNED)
    return report_docx(blocks, title=blocks[0]["text"])


@pytest.fixture
def document(docx_bytes):
    return Document(BytesIO(docx_bytes))


def test_a_long_title_breaks_before_a_phrase_and_never_leaves_two_characters_alone():
    assert title_lines("北岭县2026年上半年关爱留守儿童工作情况汇报") == [
        "北岭县2026年上半年",
        "关爱留守儿童工作情况汇报",
    ]
    for title in ("某某某某某某某某某某某某某某某某某某某某某汇报", "一" * 22, "一" * 41):
        lines = title_lines(title)
        assert "".join(lines) == title
        assert all(3 <= len(line) <= 20 for line in lines[1:])
    assert title_lines("北岭县关爱留守儿童工作情况汇报") == ["北岭县关爱留守儿童工作情况汇报"]


@pytest.mark.django_db
def test_the_title_paragraph_holds_its_two_lines_split_by_a_line_break(document):
    title = document.paragraphs[0]

    assert title.style.name == "Report Title"
    assert title.text == "北岭县2026年上半年\n关爱留守儿童工作情况汇报"
    assert len(title._p.xpath(".//w:br")) == 1


@pytest.mark.django_db
def test_the_unsealed_signature_follows_one_blank_line_issuer_two_in_date_two_right(document):
    paragraphs = document.paragraphs
    issuer, date = paragraphs[-2], paragraphs[-1]
    last_body = paragraphs[-4]

    assert paragraphs[-3].text == ""
    assert last_body.text.endswith("这些都需要我们在今后的工作中加以改进。")
    assert (issuer.text, date.text) == ("北岭县妇女联合会", "2026年7月3日")
    assert issuer.paragraph_format.alignment is None  # the style right-aligns
    assert issuer.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert issuer.paragraph_format.right_indent == Pt(2 * 15.75)
    # Issuer 8 characters; the date's 6 digits take half a character each: 6 wide.
    issuer_start = -(2 * 15.75 + 8 * 15.75)
    date_start = -(date.paragraph_format.right_indent.pt + 6 * 15.75)
    assert round(date_start - issuer_start, 2) == round(2 * 15.75, 2)


def test_a_date_longer_than_the_issuer_allows_stands_two_characters_in():
    issuer, date = signature_indents("县妇联", "2026年12月31日")

    assert date == Pt(2 * 15.75)
    issuer_start = issuer.pt + 3 * 15.75
    date_start = date.pt + 7 * 15.75
    assert round(issuer_start - date_start, 2) == round(2 * 15.75, 2)


@pytest.mark.django_db
def test_core_properties_carry_the_title_issuer_todays_dates_and_chinese(document):
    props = document.core_properties
    today = datetime.datetime.now(tz=datetime.UTC).date()

    assert props.title == "北岭县2026年上半年关爱留守儿童工作情况汇报"
    assert props.author == props.last_modified_by == "北岭县妇女联合会"
    assert props.created.date() == props.modified.date() == today
    assert props.language == "zh-CN"
    assert "python-docx" not in (props.comments + props.author + props.keywords)


@pytest.mark.django_db
def test_the_font_table_names_the_chinese_fonts_with_their_fallbacks(document):
    table = next(
        p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml"
    )
    from lxml import etree

    fonts = {
        f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
        for f in etree.fromstring(table.blob).findall(qn("w:font"))
        if f.find(qn("w:altName")) is not None
    }

    assert fonts["仿宋_GB2312"] == "仿宋"
    assert {"方正小标宋简体", "黑体", "楷体_GB2312", "宋体"} <= set(fonts)
    runs_east_asia = {
        s.element.rPr.rFonts.get(qn("w:eastAsia"))
        for s in document.styles
        if s.element.rPr is not None and s.element.rPr.rFonts is not None
    }
    assert runs_east_asia <= {"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"}
    assert round(document.sections[0].left_margin / Mm(1)) == 28


@pytest.mark.django_db
def test_the_first_page_renders_to_png_with_libreoffice(docx_bytes, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    program = Path(office).resolve().parent if office else None
    if not program or not list(program.glob("libswlo*")):
        pytest.skip("LibreOffice Writer is not installed")
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    source = tmp_path / "report.docx"
    source.write_bytes(docx_bytes)
    # Fixed local programs on a file the test wrote.
    subprocess.run(  # noqa: S603
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    subprocess.run(  # noqa: S603
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",  # noqa: S607
         str(tmp_path / "report.pdf"), str(tmp_path / "report")],
        check=True,
        timeout=60,
    )  # fmt: skip
    png = tmp_path / "report.png"
    # Set REPORT_PNG_DIR to keep the page and look at it.
    if os.environ.get("REPORT_PNG_DIR"):
        shutil.copy(png, Path(os.environ["REPORT_PNG_DIR"]) / "report-page-1.png")

    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 10_000
