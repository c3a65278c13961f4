"""The report's Chinese text, in the structure and voice of the county's 2011 report.

Each paragraph is a template with {tokens}; the tokens are filled from the figures, so an
officer who edits a paragraph keeps its figures linked to the data. Section numbers
(一、…五、 and （一）…) are counted here, never typed, so they are always in order.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.utils.translation import gettext_lazy as _

CN_DIGITS = "零一二三四五六七八九十"
TOKEN = re.compile(r"\{([a-z0-9_]+)\}")

# Rounding styles an officer may choose for a large sum or audience.
EXACT, MORE, OVER = "exact", "more", "over"
# The labels are the edit form's (the interface language); the report text stays Chinese.
ROUNDING_STYLES = {
    EXACT: _("精确数"),
    MORE: _("“多”（如 20 多万元）"),
    OVER: _("“余”（如 6500 余人）"),
}
# Figures that may be rounded: token -> (label in the form, unit, is money).
ROUNDABLE = {
    "donation_amount": (_("本期接收捐赠金额"), "元", True),
    "aid_amount": (_("本期发放资助金额"), "元", True),
    "aided": (_("本期资助儿童人数"), "名", False),
    "prev_fed_amount": (_("上年县妇联接受捐助金额"), "元", True),
    "prev_aided": (_("上年资助学生人数"), "名", False),
    "prev_audience": (_("上年家庭教育报告会受众"), "人", False),
    "audience": (_("本期家庭教育报告会受众"), "人", False),
}


def cn_number(n: int) -> str:
    """Return 1-99 in Chinese numerals (一, 十二, 二十一); other numbers as digits."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")


def cn_quantity(n: int) -> str:
    """Return a small count as the example writes it before a measure word: 两, 三, 12."""
    if n == 2:
        return "两"
    return cn_number(n) if 0 < n < 10 else f" {n} "


def _floor_significant(value: Decimal, digits: int) -> Decimal:
    """Return `value` floored to `digits` significant figures (6530 -> 6500 for 2)."""
    whole = int(value)
    if whole < 10:
        return Decimal(whole)
    step = 10 ** max(len(str(whole)) - digits, 0)
    return Decimal((whole // step) * step)


def _plain_number(value: Decimal) -> str:
    """Return a number without needless decimals: 6000, 1234.5."""
    value = value.normalize()
    return f"{value:f}" if value == value.to_integral() else f"{value:.2f}".rstrip("0")


def amount_wording(value, unit: str, style: str = EXACT, *, money: bool = False) -> str:
    """Return a figure as the report writes it: "6000 元", "20 多万元", "6500 余人".

    Exact counts stay exact; a rounded wording is used only when it is truthful, i.e. the
    value is above the rounded number (300 exactly stays "300 名", never "300 多名").
    """
    value = Decimal(str(value or 0))
    if style not in (MORE, OVER):
        return f"{_plain_number(value)} {unit}"
    digits = 1 if style == MORE else 2
    word = "多" if style == MORE else "余"
    if money and value >= 10000:
        wan = value / 10000
        floored = _floor_significant(wan, digits)
        if floored == wan:
            return f"{_plain_number(wan)} 万{unit}"
        if floored < 10:
            return f"{_plain_number(floored)} 万{word}{unit}"
        return f"{_plain_number(floored)} {word}万{unit}"
    floored = _floor_significant(value.to_integral_value(rounding=ROUND_FLOOR), digits)
    if floored == value or floored < 10:
        return f"{_plain_number(value)} {unit}"
    return f"{_plain_number(floored)} {word}{unit}"


def _survey_values(survey: dict | None, children: dict, period: dict) -> dict[str, str]:
    """Return the survey paragraph's values: the closed term survey's frozen figures, or,
    without one, the register at the period's end."""
    if survey is None:
        return {
            "survey_end": date_wording(datetime.date.fromisoformat(period["end"])),
            "survey_left_behind": str(children["left_behind"]),
            "survey_migrant": str(children["migrant"]),
            "survey_period": period["label"],
            "survey_new": str(children["new_in_period"]),
        }
    return {
        "survey_end": date_wording(datetime.date.fromisoformat(survey["closed_on"])),
        "survey_left_behind": str(survey["left_behind"]),
        "survey_migrant": str(survey["migrant"]),
        "survey_period": survey["label"],
        "survey_new": str(survey["new"]),
    }


def date_wording(day: datetime.date) -> str:
    """Return a date as the signature block writes it: "2011 年 5 月 24 日"."""
    return f"{day.year} 年 {day.month} 月 {day.day} 日"


def _month_day(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f" {day.month} 月 {day.day} 日"


def _joined(items: list[str], sep: str = "、") -> str:
    return sep.join(i for i in items if i)


@dataclass(frozen=True)
class Finding:
    """A problem the platform found in the data, offered for section 五."""

    key: str
    text: str


def findings_offered(figures: dict) -> list[Finding]:
    """Return the platform's own findings for the problems section, from the figures."""
    homes, children, care = figures["homes"], figures["children"], figures["care"]
    found = []
    if homes["shared"]:
        found.append(
            Finding(
                "shared_rooms",
                f"个别学校由于专用教室不够，还有 {homes['shared']} 个留守儿童之家"
                "存在多室合用的问题",
            )
        )
    if children["without_mentor"]:
        found.append(
            Finding(
                "without_mentor",
                f"还有 {children['without_mentor']} 名在册儿童尚未落实帮扶教师",
            )
        )
    if children["overdue_contact"]:
        found.append(
            Finding(
                "overdue_contacts",
                f"{children['overdue_contact']} 名在册儿童超过规定期限未得到走访或联系",
            )
        )
    if care["overloaded_mentors"]:
        found.append(
            Finding(
                "overloaded_mentors",
                f"{care['overloaded_mentors']} 名帮扶教师结对儿童过多，帮扶力量不足",
            )
        )
    mood = children["mood_notes"]
    found.append(
        Finding(
            "counselling",
            "心理咨询专兼职教师业务水平不高"
            + (f"，{mood} 名儿童有心理与情绪方面的记录需要跟进" if mood else ""),
        )
    )
    return found


def token_values(figures: dict, rounding: dict, findings: list[str] | None) -> dict[str, str]:
    """Return every token's text for `figures`, with the officer's rounding and findings.

    `findings` lists the accepted finding keys; None accepts all that are offered.
    """
    ov, ch, lead = figures["overview"], figures["children"], figures["leadership"]
    homes, rooms, care = figures["homes"], figures["rooms"], figures["care"]
    acts, money, net = figures["school_activities"], figures["money"], figures["network"]
    period = figures["period"]
    county, scope = ov["county"], ov["scope"]
    whole = "全镇" if ov["is_town"] else "全县"

    def rounded(token: str, value) -> str:
        _label, unit, is_money = ROUNDABLE[token]
        return amount_wording(value, unit, rounding.get(token, EXACT), money=is_money)

    location = ov["location"] or scope
    if not location.startswith(scope):
        location = scope + location
    if location and not location.endswith(("。", "，", ",")):
        location += "。"
    kinds = ov["schools"]
    school_kinds = _joined(
        [
            f"{kinds[k]} 所{label}" if kinds[k] else ""
            for k, label in (
                ("middle", "中学"),
                ("central_primary", "中心小学"),
                ("nine_year", "九年一贯制学校"),
                ("other", "其他学校"),
            )
        ]
    )
    places = []
    if not ov["is_town"]:
        places.append(f"现辖 {ov['towns']} 个镇，")
    places.append(
        f"辖 {ov['villages']} 个行政村、{ov['communities']} 个居委会，"
        if not ov["is_town"]
        else f"全镇辖 {ov['villages']} 个行政村、{ov['communities']} 个居委会。"
    )
    meetings = (
        f"{period['label']}共召开联席会议 {lead['meetings']} 次。"
        if lead["meetings"]
        else f"{period['label']}尚未召开联席会议。"
    )
    issuers = lead["document_issuers"]
    documents = _joined([f"《{t}》" for t in lead["documents"]])
    documents_sentence = (
        f"{_joined(issuers)}{'分别' if len(issuers) > 1 else ''}印发了{documents}"
        "等系列文件，并按照管理制度和工作计划有序开展工作。"
        if documents
        else ""
    )
    first, last = homes["planned_first_year"], homes["planned_last_year"]
    span = "" if not first else (f"{cn_number(last - first + 1)}年内" if last > first else "")
    built_years = _joined([f"{y} 年建成 {n} 个" for y, n in homes["built_by_year"]])
    equipment = homes["equipment_by_mode"]
    offered = findings_offered(figures)
    accepted = [f.text for f in offered if findings is None or f.key in findings]
    proxy = _joined([f"{label} {n} 名" for label, n in care["proxy_backgrounds"]])
    listed = []
    for a in acts["listed"]:
        who = (
            f"{a['organiser']}于{_month_day(a['on'])}到{a['school']}"
            if a["organiser"]
            else (f"{a['school']}于{_month_day(a['on'])}")
        )
        joined_by = f"（{a['children']} 名留守学生参加）" if a["children"] else ""
        listed.append(f"{who}开展了“{a['title']}”活动{joined_by}")
    donors = _joined(
        [
            f"{name}向{school}捐助 {amount_wording(amount, '元', money=True)}"
            if school
            else f"{name}捐助 {amount_wording(amount, '元', money=True)}"
            for name, school, amount in money["donors"]
        ]
    )
    hours = _joined(rooms["opening_hours"], "；")
    return {
        "title": f"{scope} {period['label']}关爱留守儿童工作情况汇报",
        "county": county,
        "scope": scope,
        "whole": whole,
        "period": period["label"],
        "period_end": date_wording(datetime.date.fromisoformat(period["end"])),
        "location": location,
        "places": "".join(places),
        "area": ov["area_km2"],
        "population": ov["population_wan"],
        "school_kinds": school_kinds or "0 所学校",
        "schools": str(kinds["total"]),
        "pupils": str(ov["pupils"]),
        "registered": str(ch["registered"]),
        "left_behind": str(ch["left_behind"]),
        "migrant": str(ch["migrant"]),
        "in_difficulty": str(ch["in_difficulty"]),
        "new_children": str(ch["new_in_period"]),
        **_survey_values(figures.get("survey"), ch, period),
        "since": f"自 {lead['since_year']} 年以来，" if lead["since_year"] else "",
        "leader": lead["leader"] or "县领导",
        "meetings": str(lead["meetings"]),
        "meetings_sentence": meetings,
        "documents": documents,
        "documents_sentence": documents_sentence,
        "planned_span": span,
        "homes_planned": str(homes["planned"]),
        "homes_built": str(homes["built"]),
        "homes_built_by_year": f"其中 {built_years}，" if built_years else "",
        "homes_built_this_year": str(homes["built_this_year"]),
        "mode_1": str(homes["mode_1"]),
        "mode_2": str(homes["mode_2"]),
        "equipment_1": _joined(equipment.get("1", [])) or "电脑、图书、电话机",
        "equipment_2": _joined(equipment.get("2", [])) or "电视机、图书、电话机",
        "keeps_records": str(homes["keeps_records"]),
        "homes_shared": str(homes["shared"]),
        "rooms": cn_quantity(rooms["rooms"]),
        "room_equipment": _joined(rooms["equipment"]) or "图书、文体器材",
        "room_rules": _joined(rooms["rules"]) or "活动室管理制度",
        "opening_hours": f"开放时间为{hours}，" if hours else "",
        "teams": str(rooms["caring_mother_teams"]),
        "caring_mothers": str(rooms["caring_mothers"]),
        "room_activity_titles": _joined([f"“{t}”" for t in rooms["activity_titles"]]),
        "room_activities": str(rooms["activities"]),
        "room_children": str(rooms["activity_children"]),
        "mentors": str(care["mentors"]),
        "mentored": str(care["mentored_children"]),
        "proxies": str(care["proxy_parents"]),
        "proxy_backgrounds": f"{proxy}等" if proxy else "社会志愿者、村两委干部等",
        "proxied": str(care["proxied_children"]),
        "school_activity_list": (_joined(listed) + "。") if listed else "",
        "school_activities": str(acts["count"]),
        "school_activity_children": str(acts["children"]),
        "donors": (donors + "等。") if donors else "",
        "donation_count": str(money["donation_count"]),
        "donation_amount": rounded("donation_amount", money["donation_amount"]),
        "aid_amount": rounded("aid_amount", money["aid_amount"]),
        "aided": rounded("aided", money["aided_children"]),
        "prev_year": str(money["prev_year"]),
        "prev_fed_amount": rounded("prev_fed_amount", money["prev_year_federation_amount"]),
        "prev_aided": rounded("prev_aided", money["prev_year_aided_children"]),
        "parent_schools": str(kinds["parent_schools"]),
        "lecture_organisers": _joined(net["lecture_organisers"], "和") or "各单位",
        "prev_lectures": str(net["prev_lectures"]),
        "prev_audience": rounded("prev_audience", net["prev_lecture_audience"]),
        "lectures": str(net["lectures"]),
        "audience": rounded("audience", net["lecture_audience"]),
        "parent_meetings": str(net["parent_meetings"]),
        "meeting_parents": str(net["parent_meeting_parents"]),
        "home_visits": str(net["home_visits"]),
        "visited": str(net["visited_children"]),
        "talks": str(net["talks"]),
        "calls": str(net["parent_calls"]),
        "findings": _joined(accepted, "；") or "留守儿童之家和留守儿童活动室的内涵建设尚需加强",
        "issuer": ov["issuer"],
    }


# The report's outline: sections with their headings and paragraph templates, in order.
# A section's number (一、…) and a sub-heading's number (（一）…) are added when written.
OUTLINE: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "",
        [
            (
                "overview",
                "{location}{places}总面积 {area} 平方公里，人口 {population} 万人。"
                "{whole}有 {school_kinds}，在校学生 {pupils} 人，其中登记在册的留守儿童 "
                "{left_behind} 人、流动儿童 {migrant} 人。",
            ),
        ],
    ),
    (
        "切实加强领导，健全关爱留守儿童工作机制",
        [
            (
                "leadership",
                "{since}成立了{county}关爱留守流动儿童工作协调小组，由{leader}担任组长，"
                "建立了{county}留守流动儿童联席会议制度，每半年召开一次县关爱留守儿童"
                "联席会议，研究、部署相关工作。{meetings_sentence}",
            ),
            ("documents", "{documents_sentence}"),
        ],
    ),
    (
        "以留守儿童之家、留守儿童活动室为依托，着力开展关爱活动",
        [
            ("#", "留守儿童之家建设"),
            (
                "homes",
                "县教育部门{planned_span}规划完成{whole} {homes_planned} 所学校的留守儿童之家"
                "建设任务，{homes_built_by_year}累计建成校内留守儿童之家 {homes_built} 个。"
                "各校严格按建设和管理办法进行内部建设，建成模式一学校 {mode_1} 所（配备"
                "{equipment_1}），模式二学校 {mode_2} 所（配备{equipment_2}），并实行"
                "“五统一”，即统一名称、统一标志、统一功能、统一制度、统一考评。",
            ),
            (
                "records",
                "县教育局统一印制了留守儿童成长记录册，已建成的留守儿童之家中有 "
                "{keeps_records} 个建立了留守儿童档案袋，明确帮扶教师、责任到人。",
            ),
            ("#", "留守流动儿童活动室建设"),
            (
                "rooms",
                "按照省、市农村留守流动儿童活动室建设要求，县妇联负责牵头承建了{rooms}个"
                "留守流动儿童活动室，配备了{room_equipment}等文体器材。在管理上，活动室"
                "日常工作有专人负责，制定了{room_rules}等制度，{opening_hours}并标明活动室"
                "地点、开放日和开放时间以及联系人、联系电话。",
            ),
            (
                "volunteers",
                "建立了“爱心妈妈”队伍 {teams} 支、共 {caring_mothers} 人，动员爱心志愿者与"
                "留守儿童结对开展关爱活动。{period}依托活动室开展{room_activity_titles}等"
                "主题活动 {room_activities} 次，参加儿童 {room_children} 人次，促进留守儿童"
                "形成健康的心理、健全的人格。",
            ),
        ],
    ),
    (
        "以学校为阵地，扎实开展关爱留守儿童活动",
        [
            ("#", "摸清家底"),
            (
                "survey",
                "县教育部门要求各校对留守学生进行认真摸底并登记造册，截至 {survey_end}，对"
                "{whole} {survey_left_behind} 名“留守儿童”和 {survey_migrant} 名“随迁子女”进行了"
                "摸底登记，并建立了台账，其中 {survey_period}新登记 {survey_new} 名。",
            ),
            ("#", "建立队伍"),
            (
                "pairings",
                "年级教师和留守儿童实行一对一结对帮扶，现有帮扶教师 {mentors} 名，与 "
                "{mentored} 名留守儿童结成帮扶对子；充分发挥社会力量，各校聘请"
                "{proxy_backgrounds} {proxies} 人作为留守儿童的代理家长，为 {proxied} 名"
                "留守儿童定期走访，关注学生的学习、生活情况。",
            ),
            ("#", "开展关爱活动"),
            (
                "school_activities",
                "各基层学校积极开展关爱活动。{school_activity_list}{period}各校共开展关爱"
                "活动 {school_activities} 次，参加留守儿童 {school_activity_children} 人次。",
            ),
            ("#", "开展捐资助学"),
            (
                "donations",
                "开展向贫困留守儿童捐资助学活动。{donors}{period}共接收社会捐赠 "
                "{donation_amount}，发放资助 {aid_amount}，资助困难留守儿童 {aided}。"
                "{prev_year} 年，县妇联接受社会捐助 {prev_fed_amount}，资助贫困学生 "
                "{prev_aided}。",
            ),
        ],
    ),
    (
        "构建学校、家庭、社会“三位一体”的留守儿童保护网络，促进留守儿童健康成长",
        [
            (
                "parent_schools",
                "{whole} {parent_schools} 所学校办有家长学校，明确家长学校工作目标，完善家长"
                "学校机构建设，加强家长学校师资培训工作，提高家长学校教学水平。努力形成"
                "学校主导、家长和社区主动参与、紧密配合的留守儿童保护网络，使留守儿童的"
                "保护工作由学校向家庭和社会延伸。",
            ),
            (
                "lectures",
                "{prev_year} 年{lecture_organisers}共举办家庭教育报告会 {prev_lectures} 场、"
                "受众人数 {prev_audience}，{period}共举办家庭教育报告会 {lectures} 场、"
                "受众人数 {audience}。",
            ),
            (
                "home_school",
                "积极开展家校共建活动，通过家长会、家访等形式，与学生家长建立经常性的联系。"
                "{period}各校召开留守儿童家长会 {parent_meetings} 次、参会家长 "
                "{meeting_parents} 人次，帮扶教师家访 {home_visits} 次、走访留守儿童 "
                "{visited} 名，谈心 {talks} 次，组织亲情电话（视频） {calls} 次。",
            ),
        ],
    ),
    (
        "存在的主要问题",
        [
            (
                "problems_intro",
                "虽然在县委、县政府的重视下、在各有关部门的支持下，依托留守儿童之家和留守"
                "儿童活动室开展了一些工作，取得了一些成效，但留守儿童的教育管理是一项"
                "长期性的工作，在实践中还存在一些困难和问题，主要表现在：",
            ),
            ("problems", "{findings}，这些都需要我们在今后的工作中加以改进。"),
        ],
    ),
]

DEFAULT_TEMPLATES = {key: text for _h, paras in OUTLINE for key, text in paras if key != "#"}
PARAGRAPH_LABELS = {
    "overview": _("县情概况"),
    "leadership": _("一、工作机制"),
    "documents": _("一、印发文件"),
    "homes": _("二、留守儿童之家"),
    "records": _("二、成长记录"),
    "rooms": _("二、活动室"),
    "volunteers": _("二、爱心妈妈与活动"),
    "survey": _("三、摸清家底"),
    "pairings": _("三、建立队伍"),
    "school_activities": _("三、学校活动"),
    "donations": _("三、捐资助学"),
    "parent_schools": _("四、家长学校"),
    "lectures": _("四、家庭教育报告会"),
    "home_school": _("四、家校联系"),
    "problems_intro": _("五、问题引言"),
    "problems": _("五、存在的主要问题"),
}


def fill(template: str, values: dict[str, str]) -> str:
    """Return `template` with each known {token} replaced; unknown braces stay as typed."""
    return TOKEN.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def report_blocks(
    *,
    figures: dict,
    templates: dict | None = None,
    rounding: dict | None = None,
    findings: list[str] | None = None,
    signed_on: datetime.date,
) -> list[dict[str, str]]:
    """Return the report as ordered blocks {kind, key, text}: title, heading1, heading2,
    para and signature; paragraphs that come out empty are left out."""
    values = token_values(figures, rounding or {}, findings)
    templates = {**DEFAULT_TEMPLATES, **(templates or {})}
    blocks = [{"kind": "title", "key": "title", "text": values["title"]}]
    number = 0
    for heading, paragraphs in OUTLINE:
        if heading:
            number += 1
            blocks.append(
                {"kind": "heading1", "key": f"s{number}", "text": f"{cn_number(number)}、{heading}"}
            )
        sub = 0
        for key, text in paragraphs:
            if key == "#":
                sub += 1
                label = f"（{cn_number(sub)}）{text}"
                blocks.append({"kind": "heading2", "key": "", "text": label})
                continue
            body = fill(templates[key], values).strip()
            if body:
                blocks.append({"kind": "para", "key": key, "text": body})
    blocks.append({"kind": "signature", "key": "issuer", "text": values["issuer"]})
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
