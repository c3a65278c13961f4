"""五、 Main problems: the federation's own words, with the platform's findings offered.

Each finding is a sentence the data supports; with none, the officer must write the
problems (a 【待补充】 marker). Another kind of finding is one more function in FINDINGS.
"""

from ..base import Chips, Paragraph, Section
from ..chips import missing

HEADING = "存在的主要问题"
INTRO = (
    "虽然在县委、县政府的重视下、在各有关部门的支持下，依托留守儿童之家和留守儿童活动室"
    "开展了一些工作，取得了一些成效，但留守儿童的教育管理是一项长期性的工作，在实践中还存在"
    "一些困难和问题，主要表现在："
)


def _shared(f: dict, c: Chips) -> str:
    n = f["homes"]["shared"]
    return f"{c.count('homes_shared', '合用之家数', n)}个留守儿童之家与其他用途合用" if n else ""


def _without_mentor(f: dict, c: Chips) -> str:
    n = f["children"]["without_mentor"]
    return (
        f"还有{c.count('without_mentor', '未落实帮扶教师儿童数', n)}名在册儿童尚未落实帮扶教师"
        if n
        else ""
    )


def _overdue(f: dict, c: Chips) -> str:
    ch = f["children"]
    if not ch["overdue_contact"]:
        return ""
    n = c.count("overdue_contact", "超期未联系儿童数", ch["overdue_contact"])
    days = c.count("contact_days", "走访联系期限（天）", ch["contact_days"])
    return f"{n}名在册儿童超过{days}天未得到走访或联系"


def _overloaded(f: dict, c: Chips) -> str:
    n = f["care"]["overloaded_mentors"]
    if not n:
        return ""
    return f"{c.count('overloaded_mentors', '结对过多的帮扶教师数', n)}名帮扶教师结对儿童过多"


def _mood(f: dict, c: Chips) -> str:
    n = f["children"]["mood_notes"]
    return (
        f"{c.count('mood_notes', '有心理情绪记录的儿童数', n)}名儿童有心理与情绪方面的记录需要跟进"
        if n
        else ""
    )


FINDINGS = (_shared, _without_mentor, _overdue, _overloaded, _mood)


def _concerns(f: dict, c: Chips) -> str:
    """Return the paragraph on mandatory reports raised in the period ("" with none)."""
    n = f.get("concerns") or {}  # a report filed before reports were counted has none
    if not n.get("raised"):
        return ""
    text = f"强制报告方面，{f['period']['label']}共受理强制报告"
    text += f"{c.count('concerns_raised', '受理强制报告数', n['raised'])}件"
    police, in_time = n["needs_police"], n["police_in_time"]
    if police:
        text += f"，其中依规须向公安机关报案{c.count('concerns_police', '须报案数', police)}件"
        if in_time == police:
            text += "，均在规定时限内报案"
        elif in_time:
            on_time = c.count("concerns_in_time", "按时报案数", in_time)
            late = c.count("concerns_late", "超时限报案或未报案数", police - in_time)
            text += f"，{on_time}件在规定时限内报案、{late}件超过时限"
        else:
            text += "，均未在规定时限内报案"
    if n["closed"] == n["raised"]:
        return text + "，均已结案。"
    if n["closed"]:
        text += f"；已结案{c.count('concerns_closed', '已结案数', n['closed'])}件"
    return text + f"，仍在跟进{c.count('concerns_open', '跟进中报告数', n['still_open'])}件。"


def section(f: dict, rounding: dict) -> Section:
    """Return section 五: the introduction, the findings (or a marker when none), and the
    period's mandatory reports."""
    c = Chips(rounding)
    found = [text for finding in FINDINGS if (text := finding(f, c))]
    problems = "；".join(found) if found else missing("存在的主要问题")
    return Section(
        heading=HEADING,
        paragraphs=[
            Paragraph("problems_intro", INTRO),
            Paragraph("problems", f"{problems}，这些都需要我们在今后的工作中加以改进。"),
            Paragraph("concerns", _concerns(f, c)),
        ],
        chips=c.items,
    )
