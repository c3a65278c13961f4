"""The opening paragraph: where the county lies, its places, schools and children."""

from ..base import Chips, Paragraph, Section
from ..chips import missing
from ..numerals import joined

SCHOOL_KINDS = (
    ("middle", "中学"),
    ("central_primary", "中心小学"),
    ("nine_year", "九年一贯制学校"),
    ("other", "其他学校"),
)


def _where(ov: dict, c: Chips) -> str:
    """Return where the county lies (its profile text), or, for a town, whose town it is."""
    if ov["is_town"]:
        return f"隶属{ov['county']}"
    location = ov["location"].rstrip("。，,")
    if location.startswith(ov["scope"]):
        location = location[len(ov["scope"]) :]
    return c.text("location", "地理位置", location) if location else missing("地理位置")


def _places(ov: dict, c: Chips) -> list[str]:
    """Return the towns, villages and communities, and the county's area and population.

    A town's report leaves out area and population: the profile holds the county's only.
    """
    places = []
    if not ov["is_town"] and ov["towns"]:
        places.append(f"现辖{c.count('towns', '乡镇数', ov['towns'])}个乡镇")
    village_parts = []
    if ov["villages"]:
        village_parts.append(f"{c.count('villages', '行政村数', ov['villages'])}个行政村")
    if ov["communities"]:
        village_parts.append(f"{c.count('communities', '居委会数', ov['communities'])}个居委会")
    if village_parts:
        places.append("辖" + "、".join(village_parts))
    if ov["is_town"]:
        return places
    area = c.text("area", "总面积", ov["area_km2"]) if ov["area_km2"] else missing("总面积")
    people = ov["population_wan"]
    population = c.text("population", "人口（万人）", people) if people else missing("人口")
    places.append(f"总面积{area}平方公里，人口{population}万人")
    return places


def section(f: dict, rounding: dict) -> Section:
    """Return the overview: the profile's location, places, area, population, schools and
    the children on the register; a missing profile fact is a 【待补充】 marker."""
    ov, ch = f["overview"], f["children"]
    c = Chips(rounding)
    whole = "全镇" if ov["is_town"] else "全县"
    where, places = _where(ov, c), _places(ov, c)
    kinds = joined(
        f"{c.count('schools_' + key, label + '数', ov['schools'][key])}所{label}"
        for key, label in SCHOOL_KINDS
        if ov["schools"][key]
    )
    pupils = (
        c.count("pupils", "在校学生数", ov["pupils"]) if ov["pupils"] else missing("在校学生人数")
    )
    children = []
    if ch["left_behind"]:
        children.append(f"留守儿童{c.count('left_behind', '留守儿童数', ch['left_behind'])}人")
    if ch["migrant"]:
        children.append(f"流动儿童{c.count('migrant', '流动儿童数', ch['migrant'])}人")
    school_sentence = ""
    if kinds:
        school_sentence = f"{whole}有{kinds}，在校学生{pupils}人"
        if children:
            school_sentence += "，其中登记在册的" + "、".join(children)
        school_sentence += "。"
    place_sentence = f"{'，'.join(places)}。" if places else ""
    text = f"{ov['scope']}{where}。{place_sentence}{school_sentence}"
    return Section(heading="", paragraphs=[Paragraph("overview", text)], chips=c.items)
