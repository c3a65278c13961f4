"""二、 Homes in schools and the federation's activity rooms, volunteers, activities there.

Homes are counted in 个 and schools in 所, each as what it is: "9个留守儿童之家，分布在7所
学校". A home counts as built in the half its recorded month falls in.
"""

from ..base import Chips, Paragraph, Section
from ..chips import missing
from ..numerals import joined, quoted_titles

HEADING = "以留守儿童之家、留守儿童活动室为依托，着力开展关爱活动"
HOMES = "留守儿童之家建设"
ROOMS = "留守流动儿童活动室建设"
MODES = (("1", "模式一"), ("2", "模式二"))


def _built(f: dict, c: Chips) -> str:
    """Return "其中2025年建成3个、2026年上半年建成5个，累计建成8个，分布在6所学校"."""
    homes, period = f["homes"], f["period"]
    if not homes["built"]:
        return "目前尚未建成"
    parts = [
        f"{year}年建成{c.count(f'built_{year}', f'{year}年建成之家数', n)}个"
        for year, n in homes["built_in_earlier_years"]
    ]
    if homes["built_earlier_this_year"]:
        n = c.count("built_first_half", "本年上半年建成之家数", homes["built_earlier_this_year"])
        parts.append(f"{period['year']}年上半年建成{n}个")
    if homes["built_in_period"]:
        n = c.count("built_in_period", "本期建成之家数", homes["built_in_period"])
        parts.append(f"{period['label']}建成{n}个")
    total = c.count("homes_built", "累计建成之家数", homes["built"])
    schools = c.count("homes_built_schools", "建成之家的学校数", homes["built_schools"])
    lead = f"其中{'、'.join(parts)}，" if parts else ""
    return f"{lead}累计建成{total}个，分布在{schools}所学校"


def _modes(f: dict, c: Chips) -> str:
    """Return each mode's built homes, their schools and their equipment (or a marker)."""
    homes = f["homes"]
    parts = []
    for mode, label in MODES:
        n = homes[f"mode_{mode}"]
        if not n:
            continue
        count = c.count(f"mode_{mode}", f"{label}之家数", n)
        schools = c.count(
            f"mode_{mode}_schools", f"{label}之家的学校数", homes[f"mode_{mode}_schools"]
        )
        kit = homes["equipment_by_mode"].get(mode, [])
        equipment = (
            c.text(f"equipment_{mode}", f"{label}之家设备", joined(kit))
            if kit
            else missing(f"{label}之家配备的设备")
        )
        parts.append(f"{label}留守儿童之家{count}个（分布在{schools}所学校，配备{equipment}）")
    return f"建成{'、'.join(parts)}。" if parts else ""


def _homes(f: dict, c: Chips) -> list[Paragraph]:
    homes, whole = f["homes"], "全镇" if f["overview"]["is_town"] else "全县"
    if not homes["planned"]:
        return []
    first, last = homes["planned_first_year"], homes["planned_last_year"]
    span = f"（{first}—{last}年）" if last != first else f"（{first}年）"
    planned = c.count("homes_planned", "规划之家数", homes["planned"])
    schools = c.count("homes_planned_schools", "规划之家的学校数", homes["planned_schools"])
    text = (
        f"{whole}规划在{schools}所学校建设留守儿童之家{planned}个{span}，{_built(f, c)}。"
        + _modes(f, c)
    )
    records = ""
    if homes["keeps_records"]:
        n = c.count("keeps_records", "建立档案的之家数", homes["keeps_records"])
        records = (
            f"已建成的留守儿童之家中有{n}个建立了留守儿童成长记录册和档案袋，"
            "明确帮扶教师、责任到人。"
        )
    return [Paragraph("homes", text, HOMES), Paragraph("records", records, HOMES)]


def _rooms(f: dict, c: Chips) -> list[Paragraph]:
    rooms = f["rooms"]
    paragraphs = []
    if rooms["rooms"]:
        count = c.count("rooms", "活动室数", rooms["rooms"])
        kit = (
            c.text("room_equipment", "活动室器材", joined(rooms["equipment"]))
            if rooms["equipment"]
            else missing("活动室配备的器材")
        )
        text = f"县妇联牵头建成留守流动儿童活动室{count}个，配备了{kit}。"
        if rooms["rules"]:
            rules = c.text("room_rules", "活动室制度", joined(rooms["rules"]))
            text += f"活动室日常工作有专人负责，制定了{rules}。"
        if rooms["opening_hours"]:
            hours = c.text("opening_hours", "活动室开放时间", joined(rooms["opening_hours"], "；"))
            text += f"开放时间为{hours}。"
        paragraphs.append(Paragraph("rooms", text, ROOMS))
    sentences = []
    if rooms["caring_mother_teams"]:
        teams = c.count("teams", "爱心妈妈队伍数", rooms["caring_mother_teams"])
        members = c.count("caring_mothers", "爱心妈妈人数", rooms["caring_mothers"])
        sentences.append(f"建立了“爱心妈妈”队伍{teams}支、共{members}人。")
    if rooms["activities"]:
        titles = c.text(
            "room_activity_titles",
            "活动室活动名称",
            # GB/T 15834: no enumeration comma between titles in quotation marks.
            quoted_titles(rooms["activity_titles"]),
        )
        more = "等" if rooms["activities"] > len(rooms["activity_titles"]) else ""
        n = c.count("room_activities", "活动室活动次数", rooms["activities"])
        sentence = f"{f['period']['label']}依托活动室开展{titles}{more}主题活动{n}次"
        if rooms["activity_children"]:
            kids = c.count("room_children", "活动室活动参加儿童人次", rooms["activity_children"])
            sentence += f"，参加儿童{kids}人次"
        sentences.append(sentence + "。")
    paragraphs.append(Paragraph("volunteers", "".join(sentences), ROOMS))
    return paragraphs


def section(f: dict, rounding: dict) -> Section:
    """Return section 二: homes planned and built, by mode; rooms, teams, activities."""
    c = Chips(rounding)
    return Section(heading=HEADING, paragraphs=_homes(f, c) + _rooms(f, c), chips=c.items)
