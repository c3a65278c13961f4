"""The report as a Word file laid out as a Chinese official document (GB/T 9704-2012).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title in 小标宋 二号 (22 pt);
body in 仿宋_GB2312 三号 (16 pt); 一、 headings in 黑体 and （一） headings in 楷体, both
三号; 22 lines of 28 characters a page (a fixed 28.9 pt line on a line grid, characters
condensed by 0.25 pt); page
numbers "— 1 —" in 宋体 四号, odd pages on the right and even pages on the left.
A long title breaks at a phrase; the unsealed signature follows 7.3.5.2; the core
properties and the font table describe this document, not python-docx's template.

python-docx has no API for the East Asian font: it is written on every style's
`w:rFonts` (`w:eastAsia`), or Word falls back to another font for the Chinese text.
"""

import datetime
import functools
from io import BytesIO

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

WESTERN = "Times New Roman"
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINE = Pt(28.9)  # 225 mm of type area / 22 lines
INDENT = Pt(32)  # two characters of 三号
# The document grid: 22 lines of 579 twips. 28 characters of 16 pt (448 pt) do not fit
# the 156 mm (442.2 pt) line, so characters are condensed by 0.25 pt (15.75 pt each).
# Word's own way, a "linesAndChars" grid with a negative charSpace, is laid out wrongly
# by LibreOffice and WPS (16 characters a line), so condensed spacing is used instead.
LINE_PITCH = "579"
CONDENSE_TWIPS = "-5"  # twentieths of a point

# The Chinese fonts the document uses, with the fallback a system without them should use
# (fontTable.xml's altName) and the GB2312 character set (charset 86).
CHINESE_FONTS = {
    BODY_FONT: "仿宋",
    TITLE_FONT: "华文中宋",
    HEADING1_FONT: "SimHei",
    HEADING2_FONT: "楷体",
    PAGE_NUMBER_FONT: "SimSun",
}
# Character widths on the 28-character line: a Chinese character, and an ASCII digit.
CHARACTER_PT = 15.75
TITLE_CHARACTERS = 20  # 二号 characters on the 156 mm line
# A title breaks before one of these, so each line reads as a phrase.
TITLE_BREAKS = ("关爱留守儿童", "工作情况")

STYLE_TITLE = "Report Title"
STYLE_HEADING1 = "Heading 1"
STYLE_HEADING2 = "Heading 2"
STYLE_SIGNATURE = "Report Signature"


def set_fonts(element, *, east_asia: str, western: str = WESTERN) -> None:
    """Set the fonts of a style's or run's rPr, East Asian included; drop theme fonts."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), western)
    fonts.set(qn("w:hAnsi"), western)
    fonts.set(qn("w:cs"), western)
    fonts.set(qn("w:eastAsia"), east_asia)


def _style(document, name: str, *, font: str, size, base: str | None = "Normal"):
    styles = document.styles
    style = (
        styles[name]
        if name in [s.name for s in styles]
        else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    )
    if base and style.name != base:
        style.base_style = styles[base]
    style.font.size = size
    style.font.bold = False
    style.font.italic = False
    style.font.color.rgb = None
    style.font.name = WESTERN
    set_fonts(style.element, east_asia=font)
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    return style


def _set_up_styles(document) -> None:
    normal = _style(document, "Normal", font=BODY_FONT, size=BODY_SIZE, base=None)
    normal.paragraph_format.first_line_indent = INDENT
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.widow_control = False
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), CONDENSE_TWIPS)
    normal.element.get_or_add_rPr().append(spacing)
    title = _style(document, STYLE_TITLE, font=TITLE_FONT, size=TITLE_SIZE)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.line_spacing = Pt(36)
    for name, font in ((STYLE_HEADING1, HEADING1_FONT), (STYLE_HEADING2, HEADING2_FONT)):
        heading = _style(document, name, font=font, size=BODY_SIZE)
        heading.paragraph_format.first_line_indent = INDENT
        heading.paragraph_format.keep_with_next = True
    signature = _style(document, STYLE_SIGNATURE, font=BODY_FONT, size=BODY_SIZE)
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signature.paragraph_format.first_line_indent = Pt(0)
    signature.paragraph_format.right_indent = INDENT
    footer = _style(document, "Footer", font=PAGE_NUMBER_FONT, size=PAGE_NUMBER_SIZE)
    footer.paragraph_format.first_line_indent = Pt(0)
    footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # Every other style (tables, lists, Word's built-ins) gets the East Asian font too.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        rpr = rpr_default.find(qn("w:rPr")) if rpr_default is not None else None
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if fonts is None and rpr is not None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        if fonts is not None:
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attr), None)
            for attr, font in (
                ("w:ascii", WESTERN),
                ("w:hAnsi", WESTERN),
                ("w:eastAsia", BODY_FONT),
            ):
                fonts.set(qn(attr), font)
        # The grid's character pitch counts from the default font size: make it 三号 too.
        if rpr is not None:
            for tag in ("w:sz", "w:szCs"):
                size = rpr.find(qn(tag))
                if size is None:
                    size = OxmlElement(tag)
                    rpr.append(size)
                size.set(qn("w:val"), "32")
    for style in document.styles:
        if style.type != WD_STYLE_TYPE.LIST:
            fonts = style.element.rPr.rFonts if style.element.rPr is not None else None
            if fonts is None or fonts.get(qn("w:eastAsia")) is None:
                set_fonts(style.element, east_asia=BODY_FONT)


def _set_up_page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(22)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), LINE_PITCH)
    grid.attrib.pop(qn("w:charSpace"), None)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)


def _field_run(paragraph, instruction: str) -> None:
    """Append a Word field (e.g. PAGE) to `paragraph`, showing "1" until Word updates it."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1")):
        run = paragraph.add_run()
        set_fonts(run._r, east_asia=PAGE_NUMBER_FONT)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        else:
            run.text = text
    end = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._r.append(char)


def _page_number(paragraph, *, odd: bool) -> None:
    """Write "— n —" in the footer: odd pages right, even pages left, one character in."""
    paragraph.style = "Footer"
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    if odd:
        fmt.right_indent = PAGE_NUMBER_SIZE
    else:
        fmt.left_indent = PAGE_NUMBER_SIZE
    paragraph.add_run("— ")
    _field_run(paragraph, "PAGE")
    paragraph.add_run(" —")


def title_lines(title: str, per_line: int = TITLE_CHARACTERS) -> list[str]:
    """Return the title's lines: broken at a natural point (before a phrase of
    TITLE_BREAKS) where one fits, and never with one or two characters alone on a line."""
    if len(title) <= per_line:
        return [title]
    for phrase in TITLE_BREAKS:
        at = title.find(phrase)
        if 0 < at <= per_line and len(title) - at >= 3:
            return [title[:at], *title_lines(title[at:], per_line)]
    at = min(per_line, len(title) - 3)
    return [title[:at], *title_lines(title[at:], per_line)]


def _width(text: str) -> float:
    """Return the width of `text` in points: ASCII characters take half a character."""
    return sum(CHARACTER_PT / 2 if ord(ch) < 128 else CHARACTER_PT for ch in text)


def signature_indents(issuer: str, date: str) -> tuple:
    """Return the right indents of the issuer and the date, per GB/T 9704-2012 7.3.5.2.

    The issuer stands two characters in from the right; the date, on the next line,
    starts two characters right of the issuer's first character. A date longer than
    that allows stands two characters in from the right and pushes the issuer left.
    """
    two = 2 * CHARACTER_PT
    issuer_w, date_w = _width(issuer), _width(date)
    if date_w + two <= issuer_w:
        return Pt(two), Pt(issuer_w - date_w)
    return Pt(2 * two + date_w - issuer_w), Pt(two)


def _set_properties(document, *, title: str, author: str) -> None:
    """Set the core properties: title, author, today's dates, zh-CN; no template values."""
    props = document.core_properties
    now = datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0, tzinfo=None)
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.created = now
    props.modified = now
    props.last_printed = now
    props.language = "zh-CN"
    props.revision = 1
    for name in ("comments", "subject", "keywords", "category", "content_status"):
        setattr(props, name, "")


def _name_fonts(document) -> None:
    """Add the Chinese fonts to the font table, so Word knows and can substitute them."""
    part = next(
        p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml"
    )
    table = etree.fromstring(part.blob)
    known = {f.get(qn("w:name")) for f in table.findall(qn("w:font"))}
    for name, alternative in CHINESE_FONTS.items():
        if name in known:
            continue
        font = etree.SubElement(table, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, value in (
            ("w:altName", alternative),
            ("w:charset", "86"),
            ("w:family", "modern" if name in (BODY_FONT, HEADING2_FONT) else "auto"),
            ("w:pitch", "variable"),
        ):
            etree.SubElement(font, qn(tag)).set(qn("w:val"), value)
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


@functools.cache
def _template() -> tuple[bytes, dict[str, str | None]]:
    """Return the report's empty document, its styles, page, footers and font table set up,
    and the id of each paragraph style it uses (None for Normal, the default).

    Built once per process: setting up python-docx's template styles costs more than
    writing a report into it, and none of it depends on the report.
    """
    document = Document()
    _set_up_styles(document)
    _set_up_page(document)
    _name_fonts(document)
    body = document._body._body
    # Drop the template's empty first paragraph so the title opens the page.
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    names = ("Normal", STYLE_TITLE, STYLE_HEADING1, STYLE_HEADING2, STYLE_SIGNATURE)
    ids = {name: document.part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH) for name in names}
    out = BytesIO()
    document.save(out)
    return out.getvalue(), ids


def _add(document, text: str, style_id: str | None):
    """Add and return a paragraph of `text` in the style of `style_id` (as add_paragraph)."""
    paragraph = document.add_paragraph(text)
    paragraph._p.style = style_id
    return paragraph


def _add_title(document, text: str, styles: dict[str, str | None]) -> None:
    """Add the title, its two lines (if two) in one paragraph split by a line break."""
    paragraph = _add(document, "", styles[STYLE_TITLE])
    lines = title_lines(text)
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        if i < len(lines) - 1:
            run.add_break()
    _add(document, "", styles["Normal"])


def report_docx(blocks: list[dict[str, str]], *, title: str) -> bytes:
    """Return the .docx bytes of the report's blocks (title, headings, paragraphs, signature)."""
    template, styles = _template()
    document = Document(BytesIO(template))
    signature = [b["text"] for b in blocks if b["kind"] == "signature"]
    _set_properties(document, title=title, author=signature[0] if signature else "")
    paragraph_styles = {
        "heading1": styles[STYLE_HEADING1],
        "heading2": styles[STYLE_HEADING2],
        "para": styles["Normal"],
    }
    for block in blocks:
        kind, text = block["kind"], block["text"]
        if kind == "title":
            _add_title(document, text, styles)
        elif kind in paragraph_styles:
            _add(document, text, paragraph_styles[kind])
    if len(signature) == 2:
        issuer_indent, date_indent = signature_indents(*signature)
        _add(document, "", styles["Normal"])  # 7.3.5.2: one blank line after the text
        for text, indent in zip(signature, (issuer_indent, date_indent), strict=True):
            paragraph = _add(document, text, styles[STYLE_SIGNATURE])
            paragraph.paragraph_format.right_indent = indent
    out = BytesIO()
    document.save(out)
    return out.getvalue()
