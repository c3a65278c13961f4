"""Numbers and dates as an official document writes them (GB/T 15835): no spaces.

Counts stay exact ("22个"). Large sums and audiences may be rounded, but only in the
truthful forms a writer would choose: "15万余元" / "15万多元" for 153,400 yuan, "3100余人"
/ "3000余人" / "3000多人" for 3,180 people. `rounding_options` lists them, exact last, and
the officer picks one per figure; a form that would not be true is never offered.
"""

import datetime
from decimal import Decimal

CN_DIGITS = "零一二三四五六七八九十"
EXACT = "exact"
WAN = Decimal(10000)


def cn_number(n: int) -> str:
    """Return 1-99 in Chinese numerals (一, 十二, 二十一), as section numbers use them."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")


def plain_number(value) -> str:
    """Return a number without spaces or needless decimals: 6000, 1234.5, 38."""
    value = Decimal(str(value)).normalize()
    if value == value.to_integral():
        return f"{value.to_integral():f}"
    return f"{value:f}"


def _floor_significant(whole: int, digits: int) -> int:
    """Return `whole` floored to `digits` significant figures (3180 -> 3100 for 2)."""
    step = 10 ** max(len(str(whole)) - digits, 0)
    return (whole // step) * step


def rounding_options(value, unit: str, *, money: bool = False) -> list[tuple[str, str]]:
    """Return the truthful wordings of `value` as (style, text), the exact one last.

    A rounded form is offered only when the value is above the rounded number, so 300
    is never "300多名". Money of 10,000 yuan or more is rounded in 万.
    """
    value = Decimal(str(value or 0))
    options: list[tuple[str, str]] = []
    if money and value >= WAN:
        wan = int(value // WAN)
        if value > wan * WAN:
            options += [("wan_over", f"{wan}万余{unit}"), ("wan_more", f"{wan}万多{unit}")]
        coarse = _floor_significant(wan, 1)
        if wan >= 10 and value > coarse * WAN:
            options += [("wan1_over", f"{coarse}余万{unit}"), ("wan1_more", f"{coarse}多万{unit}")]
    elif value >= 20:
        whole = int(value)
        forms = [
            ("r2_over", _floor_significant(whole, 2), "余"),
            ("r1_over", _floor_significant(whole, 1), "余"),
            ("r1_more", _floor_significant(whole, 1), "多"),
        ]
        seen = set()
        for style, floored, word in forms:
            text = f"{floored}{word}{unit}"
            if floored >= 10 and value > floored and text not in seen:
                seen.add(text)
                options.append((style, text))
    options.append((EXACT, f"{plain_number(value)}{unit}"))
    return options


def worded(value, unit: str, style: str = EXACT, *, money: bool = False) -> str:
    """Return `value` in the chosen style, or exactly if that style is not truthful for it."""
    options = dict(rounding_options(value, unit, money=money))
    return options.get(style, options[EXACT])


def date_wording(day: datetime.date) -> str:
    """Return a date as the signature block writes it: "2026年7月3日"."""
    return f"{day.year}年{day.month}月{day.day}日"


def month_day(iso: str) -> str:
    """Return an ISO date as "3月20日"."""
    day = datetime.date.fromisoformat(iso)
    return f"{day.month}月{day.day}日"


def joined(items, sep: str = "、") -> str:
    """Return the non-empty items joined by `sep` (the enumeration comma by default)."""
    return sep.join(str(i) for i in items if i)


# Endings of an activity's own name that already say what it was (…主题班会, …讲座).
ACTIVITY_KINDS = ("活动", "会", "赛", "讲座", "仪式", "课", "竞答", "家访", "参观", "演出")
QUOTES = ("“", "”", '"')


def quoted(title: str) -> str:
    """Return a name in quotation marks, unless it holds its own quotes.

    “留守儿童之家建设”党员奉献日活动 stays as written; 暑期读书 becomes “暑期读书”.
    """
    name = title.strip()
    return name if any(q in name for q in QUOTES) else f"“{name}”"


def activity_named(title: str) -> str:
    """Return an activity as the county report names it: “安全教育宣传片播放”活动,
    “感恩父母”主题班会 (its own quotes and kind kept), “防溺水安全教育讲座”."""
    name = title.strip()
    return quoted(name) if name.endswith(ACTIVITY_KINDS) else f"{quoted(name)}活动"


def quoted_titles(titles) -> str:
    """Return names in quotation marks one after another (GB/T 15834: no enumeration comma
    between quoted names), or with enumeration commas when one holds its own quotes."""
    names = [t.strip() for t in titles if t and t.strip()]
    if any(any(q in name for q in QUOTES) for name in names):
        return "、".join(quoted(name) for name in names)
    return "".join(quoted(name) for name in names)
