"""一、 Leadership and mechanism: the coordination group, joint meetings, documents."""

from ..base import Chips, Paragraph, Section
from ..chips import missing
from ..numerals import joined, month_day

HEADING = "切实加强领导，健全关爱留守儿童工作机制"


def _meetings(f: dict, c: Chips) -> str:
    """Return the sentence on the period's joint meetings, with each one's date and chair."""
    meetings, label = f["leadership"]["meetings"], f["period"]["label"]
    if not meetings:
        return f"{label}尚未召开联席会议。"
    count = c.count("meetings", "联席会议次数", len(meetings))
    held = []
    for i, meeting in enumerate(meetings, start=1):
        day = c.text(f"meeting_{i}_date", f"第{i}次联席会议日期", month_day(meeting["on"]))
        chair = c.text(f"meeting_{i}_chair", f"第{i}次联席会议主持人", meeting["chair"])
        held.append(f"{day}，由{chair}主持")
    return f"{label}共召开联席会议{count}次（{'；'.join(held)}），研究、部署相关工作。"


def section(f: dict, rounding: dict) -> Section:
    """Return section 一: the group (since, led by), the period's meetings, the documents."""
    lead, ov = f["leadership"], f["overview"]
    c = Chips(rounding)
    since = ""
    if lead["since_year"]:
        since = f"自{c.count('since_year', '协调小组成立年份', lead['since_year'])}年以来，"
    leader = (
        c.text("leader", "协调小组组长", lead["leader"])
        if lead["leader"]
        else missing("协调小组组长")
    )
    county = ov["county"]
    group = (
        f"{since}成立了{county}关爱留守流动儿童工作协调小组，由{leader}担任组长，"
        f"建立了{county}留守流动儿童联席会议制度。"
    )
    documents = ""
    if lead["documents"]:
        issuers = lead["document_issuers"]
        who = c.text("document_issuers", "发文单位", joined(issuers))
        titles = c.text("documents", "印发文件", "".join(f"《{t}》" for t in lead["documents"]))
        documents = f"{who}{'分别' if len(issuers) > 1 else ''}印发了{titles}。"
    return Section(
        heading=HEADING,
        paragraphs=[
            Paragraph("leadership", group + _meetings(f, c)),
            Paragraph("documents", documents),
        ],
        chips=c.items,
    )
