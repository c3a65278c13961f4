"""四、 The school-family-society network: parent schools, lectures, meetings, visits."""

from ..base import Chips, Paragraph, Section
from ..numerals import joined

HEADING = "构建学校、家庭、社会“三位一体”的留守儿童保护网络，促进留守儿童健康成长"


def _parent_schools(f: dict, c: Chips) -> Paragraph:
    n = f["overview"]["schools"]["parent_schools"]
    if not n:
        return Paragraph("parent_schools", "")
    whole = "全镇" if f["overview"]["is_town"] else "全县"
    count = c.count("parent_schools", "办有家长学校的学校数", n)
    return Paragraph(
        "parent_schools",
        f"{whole}{count}所学校办有家长学校，努力形成学校主导、家长和社区主动参与、紧密配合的"
        "留守儿童保护网络，使留守儿童的保护工作由学校向家庭和社会延伸。",
    )


def _lectures(f: dict, c: Chips) -> Paragraph:
    net, label, prev_year = f["network"], f["period"]["label"], f["money"]["prev_year"]
    organisers = joined(net["lecture_organisers"], "和")
    who = c.text("lecture_organisers", "报告会主办单位", organisers) if organisers else ""
    parts = []
    if net["prev_lectures"]:
        n = c.count("prev_lectures", "上年家庭教育报告会场次", net["prev_lectures"])
        part = f"{prev_year}年{who}共举办家庭教育报告会{n}场"
        if net["prev_lecture_audience"]:
            part += "、受众人数" + c.rounded(
                "prev_audience", "上年家庭教育报告会受众", net["prev_lecture_audience"], "人"
            )
        parts.append(part)
    if net["lectures"]:
        n = c.count("lectures", "本期家庭教育报告会场次", net["lectures"])
        part = f"{label}{'' if parts else who}共举办家庭教育报告会{n}场"
        if net["lecture_audience"]:
            part += "、受众人数" + c.rounded(
                "audience", "本期家庭教育报告会受众", net["lecture_audience"], "人"
            )
        parts.append(part)
    return Paragraph("lectures", "，".join(parts) + "。" if parts else "")


def _home_school(f: dict, c: Chips) -> Paragraph:
    net, label = f["network"], f["period"]["label"]
    parts = []
    if net["parent_meetings"]:
        n = c.count("parent_meetings", "家长会次数", net["parent_meetings"])
        part = f"召开留守儿童家长会{n}次"
        if net["parent_meeting_parents"]:
            parents = c.count(
                "meeting_parents", "家长会参会家长人次", net["parent_meeting_parents"]
            )
            part += f"、参会家长{parents}人次"
        parts.append(part)
    if net["home_visits"]:
        visits = c.count("home_visits", "家访次数", net["home_visits"])
        visited = c.count("visited", "家访儿童数", net["visited_children"])
        parts.append(f"帮扶教师家访{visits}次、走访留守儿童{visited}名")
    if net["talks"]:
        parts.append(f"谈心{c.count('talks', '谈心次数', net['talks'])}次")
    if net["parent_calls"]:
        parts.append(
            f"组织亲情电话（视频）{c.count('calls', '亲情电话次数', net['parent_calls'])}次"
        )
    if not parts:
        return Paragraph("home_school", "")
    forms = joined(
        [("家长会" if net["parent_meetings"] else ""), ("家访" if net["home_visits"] else "")]
    )
    lead = f"积极开展家校共建活动，通过{forms}等形式，与学生家长建立经常性的联系。" if forms else ""
    return Paragraph("home_school", f"{lead}{label}，各校{'，'.join(parts)}。")


def section(f: dict, rounding: dict) -> Section:
    """Return section 四: parent schools, family-education lectures, home-school contact."""
    c = Chips(rounding)
    paragraphs = [_parent_schools(f, c), _lectures(f, c), _home_school(f, c)]
    return Section(heading=HEADING, paragraphs=paragraphs, chips=c.items)
