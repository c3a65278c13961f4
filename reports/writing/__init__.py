"""The report's Chinese text, in the structure and voice of the county's 2011 report.

Each section (reports.writing.sections) is a small function from the figures to its
paragraphs; a sentence whose figures are all zero, or whose list is empty, is left out,
and a fact the data does not hold is a visible 【待补充：…】. Section numbers (一、… and
（一）…) are counted here, never typed, so they stay in order when a section is empty.
"""

import datetime

from django.utils.translation import gettext_lazy as _

from .base import Paragraph, Section
from .chips import Chip, blocking_marks, for_editor, index, missing, render
from .numerals import cn_number, date_wording
from .sections import WRITERS

PARAGRAPH_LABELS = {
    "overview": _("县情概况"),
    "leadership": _("工作机制与联席会议"),
    "documents": _("印发文件"),
    "homes": _("留守儿童之家"),
    "records": _("成长记录"),
    "rooms": _("活动室"),
    "volunteers": _("爱心妈妈与活动室活动"),
    "survey": _("摸清家底"),
    "pairings": _("建立队伍"),
    "school_activities": _("学校关爱活动"),
    "donations": _("捐资助学"),
    "parent_schools": _("家长学校"),
    "lectures": _("家庭教育报告会"),
    "home_school": _("家校联系"),
    "problems_intro": _("问题引言"),
    "problems": _("存在的主要问题"),
    "concerns": _("强制报告"),
}

__all__ = [
    "Chip",
    "Paragraph",
    "Section",
    "PARAGRAPH_LABELS",
    "blocking_marks",
    "cn_number",
    "date_wording",
    "editable_paragraphs",
    "report_blocks",
    "report_chips",
    "report_sections",
    "section_of",
]


def report_sections(figures: dict, rounding: dict | None = None) -> list[Section]:
    """Return the report's sections with their default paragraphs and chips, in order."""
    return [write(figures, rounding or {}) for write in WRITERS]


def report_chips(sections: list[Section]) -> dict[str, Chip]:
    """Return every chip of the report by key (labels are unique across sections)."""
    return index([chip for section in sections for chip in section.chips])


def _template(paragraph: Paragraph, templates: dict) -> str:
    """Return the officer's text of a paragraph if edited ("" = removed), else the default."""
    return templates.get(paragraph.key, paragraph.template)


def editable_paragraphs(
    figures: dict, templates: dict | None, rounding: dict | None
) -> list[tuple[str, str, str]]:
    """Return (key, label, text with chips) of every paragraph the report has or the
    officer wrote, in order, as the editor shows them."""
    sections = report_sections(figures, rounding)
    chips, templates = report_chips(sections), templates or {}
    return [
        (p.key, str(PARAGRAPH_LABELS.get(p.key, p.key)), for_editor(_template(p, templates), chips))
        for section in sections
        for p in section.paragraphs
        if p.template or p.key in templates
    ]


def _title(figures: dict) -> str:
    return f"{figures['overview']['scope']}{figures['period']['label']}关爱留守儿童工作情况汇报"


def report_blocks(
    *,
    figures: dict,
    templates: dict | None = None,
    rounding: dict | None = None,
    signed_on: datetime.date,
) -> list[dict[str, str]]:
    """Return the report as ordered blocks {kind, key, text}: title, heading1, heading2,
    para and signature. Empty paragraphs are left out, and so is a section left empty."""
    sections = report_sections(figures, rounding)
    chips, templates = report_chips(sections), templates or {}
    blocks = [{"kind": "title", "key": "title", "text": _title(figures)}]
    number = 0
    for section in sections:
        body, sub_number, last_sub = [], 0, ""
        for paragraph in section.paragraphs:
            text = render(_template(paragraph, templates), chips).strip()
            if not text:
                continue
            if paragraph.sub and paragraph.sub != last_sub:
                sub_number += 1
                last_sub = paragraph.sub
                label = f"（{cn_number(sub_number)}）{paragraph.sub}"
                body.append({"kind": "heading2", "key": "", "text": label})
            body.append({"kind": "para", "key": paragraph.key, "text": text})
        if not body:
            continue
        if section.heading:
            number += 1
            heading = f"{cn_number(number)}、{section.heading}"
            blocks.append({"kind": "heading1", "key": f"s{number}", "text": heading})
        blocks.extend(body)
    issuer = figures["overview"]["issuer"] or missing("发文机关署名")
    blocks.append({"kind": "signature", "key": "issuer", "text": issuer})
    blocks.append({"kind": "signature", "key": "date", "text": date_wording(signed_on)})
    return blocks


def section_of(blocks: list[dict[str, str]], number: int) -> str:
    """Return the text of section `number` (0 = before 一、) as one string, for tests."""
    current, parts = 0, []
    for block in blocks:
        if block["kind"] == "heading1":
            current += 1
            continue
        if current == number and block["kind"] in ("para", "heading2"):
            parts.append(block["text"])
    return "\n".join(parts)
