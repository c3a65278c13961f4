"""三、 Schools as the front line: the survey, pairings, school activities, donations and aid.

Parent meetings and family-education lectures are written in 四 only, so they are never
counted twice.
"""

import datetime

from ..base import Chips, Paragraph, Section
from ..numerals import activity_named, date_wording, joined, month_day, plain_number

HEADING = "以学校为阵地，扎实开展关爱留守儿童活动"


def _survey(f: dict, c: Chips) -> Paragraph:
    """The survey paragraph: the closed term survey's frozen figures, or without one the
    register at the period's end."""
    ch, label = f["children"], f["period"]["label"]
    survey = f.get("survey")
    whole = "全镇" if f["overview"]["is_town"] else "全县"
    if survey:
        left_behind, migrant, new, when = (
            survey["left_behind"], survey["migrant"], survey["new"], survey["closed_on"],
        )  # fmt: skip
        label, source = survey["label"], "摸底登记"
    else:
        left_behind, migrant, new = ch["left_behind"], ch["migrant"], ch["new_in_period"]
        when, source = f["period"]["end"], "在册"
    found = []
    if left_behind:
        found.append(
            f"{c.count('survey_left_behind', f'{source}留守儿童数', left_behind)}名“留守儿童”"
        )
    if migrant:
        found.append(f"{c.count('survey_migrant', f'{source}随迁子女数', migrant)}名“随迁子女”")
    if not found:
        return Paragraph("survey", "", "摸清家底")
    end = date_wording(datetime.date.fromisoformat(when))
    children = "和".join(found)
    counted = f"对{whole}{children}进行了摸底登记" if survey else f"{whole}登记在册{children}"
    text = f"各校对留守学生进行摸底并登记造册，截至{end}，{counted}，并建立了台账"
    if new:
        text += f"，其中{label}新登记{c.count('new_children', '本期新登记儿童数', new)}名"
    return Paragraph("survey", text + "。", "摸清家底")


def _pairings(f: dict, c: Chips) -> Paragraph:
    care = f["care"]
    parts = []
    if care["mentors"]:
        mentors = c.count("mentors", "帮扶教师数", care["mentors"])
        mentored = c.count("mentored", "结对帮扶儿童数", care["mentored_children"])
        parts.append(f"现有帮扶教师{mentors}名，与{mentored}名留守儿童结成帮扶对子")
    if care["proxy_parents"]:
        who = joined(
            f"{label}{c.count(f'proxy_background_{i}', f'代理家长（{label}）人数', n)}名"
            for i, (label, n) in enumerate(care["proxy_backgrounds"], start=1)
        )
        proxies = c.count("proxies", "代理家长人数", care["proxy_parents"])
        proxied = c.count("proxied", "代理家长结对儿童数", care["proxied_children"])
        if len(care["proxy_backgrounds"]) == 1:
            hired = f"聘请{who}"
        else:
            hired = f"聘请{who}共{proxies}人" if who else f"聘请{proxies}人"
        parts.append(f"各校{hired}作为留守儿童的代理家长，与{proxied}名留守儿童结对")
    text = "；".join(parts) + "，关注学生的学习、生活情况。" if parts else ""
    return Paragraph("pairings", text, "建立队伍")


def _activities(f: dict, c: Chips) -> Paragraph:
    acts, label = f["school_activities"], f["period"]["label"]
    if not acts["count"]:
        return Paragraph("school_activities", "", "开展关爱活动")
    examples = []
    for i, a in enumerate(acts["examples"], start=1):
        when = month_day(a["on"])
        who = (
            f"{a['organiser']}于{when}到{a['school']}"
            if a["organiser"]
            else f"{a['school']}于{when}"
        )
        joined_by = f"（{a['children']}名留守学生参加）" if a["children"] else ""
        examples.append(
            c.text(
                f"example_{i}",
                f"活动实例{i}",
                f"{who}开展了{activity_named(a['title'])}{joined_by}",
            )
        )
    kinds = joined(
        f"{k['label']}{c.count('kind_' + k['kind'], k['label'] + '次数', k['n'])}次"
        for k in acts["by_kind"]
    )
    total = c.count("school_activities", "学校关爱活动次数", acts["count"])
    text = f"各基层学校积极开展关爱活动。{'、'.join(examples)}。{label}各校共开展关爱活动{total}次"
    if len(acts["by_kind"]) > 1:
        text += f"，其中{kinds}"
    if acts["children"]:
        kids = c.count("school_activity_children", "学校活动参加儿童人次", acts["children"])
        text += f"，参加留守儿童{kids}人次"
    return Paragraph("school_activities", text + "。", "开展关爱活动")


def _donations(f: dict, c: Chips) -> Paragraph:
    money, label = f["money"], f["period"]["label"]
    sentences = []
    if money["donation_count"]:
        n = c.count("donation_count", "本期接收捐赠笔数", money["donation_count"])
        amount = c.rounded(
            "donation_amount", "本期接收捐赠金额", money["donation_amount"], "元", money=True
        )
        donors = joined(
            c.text(
                f"donor_{i}",
                f"捐赠方{i}",
                f"{name}向{school}捐助{amount}元" if school else f"{name}捐助{amount}元",
            )
            for i, (name, school, amount) in enumerate(_plain_donors(money["donors"]), start=1)
        )
        text = f"{label}共接收社会捐赠{n}笔、计{amount}"
        if donors:
            text += f"，其中{donors}"
        sentences.append(text)
    if money["aided_children"]:
        aid = c.rounded("aid_amount", "本期发放资助金额", money["aid_amount"], "元", money=True)
        aided = c.rounded("aided", "本期资助儿童人数", money["aided_children"], "名")
        sentences.append(f"发放资助{aid}，资助困难留守儿童{aided}")
    text = "开展向贫困留守儿童捐资助学活动。" + "，".join(sentences) + "。" if sentences else ""
    prev = []
    if float(money["prev_year_federation_amount"]):
        prev.append(
            "县妇联接受社会捐助"
            + c.rounded(
                "prev_fed_amount",
                "上年县妇联接受捐助金额",
                money["prev_year_federation_amount"],
                "元",
                money=True,
            )
        )
    if money["prev_year_aided_children"]:
        prev.append(
            "资助贫困学生"
            + c.rounded("prev_aided", "上年资助学生人数", money["prev_year_aided_children"], "名")
        )
    if prev:
        text += f"{money['prev_year']}年，{'，'.join(prev)}。"
    return Paragraph("donations", text, "开展捐资助学")


def _plain_donors(donors: list) -> list:
    """Return the donors with their amounts written exactly (6000, not 6000.00)."""
    return [(name, school, plain_number(amount)) for name, school, amount in donors]


def section(f: dict, rounding: dict) -> Section:
    """Return section 三: survey, pairings, school activities by kind, donations and aid."""
    c = Chips(rounding)
    paragraphs = [_survey(f, c), _pairings(f, c), _activities(f, c), _donations(f, c)]
    return Section(heading=HEADING, paragraphs=paragraphs, chips=c.items)
