"""A parent as a register describes them: name, status or work place, province, city, phone.

The status column, when the file has one, wins. Otherwise the work place gives it: the
county's own province -> 省内务工, another -> 省外务工, 本县 / 在家 / blank -> 在家. A status
that says only "works away" (外出务工, 打工 ...: columns.AWAY_SOMEWHERE) takes 省内 or 省外
from the place or the province given beside it, and is 省外务工 when none is (the rule
then asks for the province). A name with neither status nor place is kept as 情况不详
and reported as a data-quality item.
"""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from children.models.choices import ParentStatus
from children.models.record import parent_rule_errors
from children.places import PROVINCES, Place, locate

from .cells import YearMonth
from .columns import AWAY_SOMEWHERE

RELATIONS = (("father", _("父亲")), ("mother", _("母亲")))
STATUS_WORDS_AS_PLACE = frozenset({"在家", "本县", "本地"})


def _status_from_place(place: Place, home_province: str) -> str:
    if place.home:
        return ParentStatus.AT_HOME
    if place.in_province or (place.province_code and place.province_code == home_province):
        return ParentStatus.AWAY_IN_PROVINCE
    return ParentStatus.AWAY_OUT_OF_PROVINCE


def _where(place: Place, home_province: str) -> dict[str, str]:
    """Return work_province / work_city for a located place (empty for home)."""
    if place.home:
        return {"work_province": "", "work_city": ""}
    if place.in_province and home_province in PROVINCES:
        return {"work_province": PROVINCES[home_province][0], "work_city": ""}
    return {"work_province": place.province, "work_city": place.city}


def parent_values(
    given: dict[str, Any], *, home_province: str, add_problem, add_quality, label: str
) -> dict[str, Any] | None:
    """Return one parent's values from the row's cells, or None if the row gives nothing.

    `given` holds the parent's cells read by column ("name", "status", "place" ...);
    `add_problem(field, message)` reports a refused value, `add_quality(message)` a
    value accepted but worth checking.
    """
    place_text = given.pop("place", "")
    if not any(given.values()) and not place_text:
        return None
    values = {k: v for k, v in given.items() if k != "status"}
    status = given.get("status", "")
    away_somewhere = status == AWAY_SOMEWHERE
    if away_somewhere:
        status = ""  # the place or province below decides, as if no status were given
    if place_text:
        place = locate(place_text)
        if place is None:
            if not status:
                add_problem(
                    "place",
                    _("无法从“%(v)s”识别出务工省份，请写成“浙江杭州”“上海”“本县”等。")
                    % {"v": place_text},
                )
                return None
            values.setdefault("work_city", place_text[:30])
        else:
            for key, value in _where(place, home_province).items():
                if not values.get(key):
                    values[key] = value
            status = status or _status_from_place(place, home_province)
    elif not status and values.get("work_province"):
        place = locate(values["work_province"] + values.get("work_city", ""))
        if place is not None:
            status = _status_from_place(place, home_province)
    if not status and away_somewhere:
        status = ParentStatus.AWAY_OUT_OF_PROVINCE
    if not status:
        status = ParentStatus.UNKNOWN
        add_quality(
            _("%(who)s“%(name)s”未填状况和务工地点，已记为“情况不详”，请核实。")
            % {"who": label, "name": values.get("name", "")}
        )
    values["status"] = status
    away_since = values.get("away_since")
    if isinstance(away_since, YearMonth):  # "2023.5": the month is what registers know
        values["away_since"] = away_since = datetime.date(away_since.year, away_since.month, 1)
    if away_since and away_since > timezone.localdate():
        add_problem("away_since", _("外出时间不能晚于今天。"))
    for key, message in parent_rule_errors(
        status=status, work_province=values.get("work_province", "")
    ).items():
        add_problem(key if key in given else "place" if place_text else "status", str(message))
    return values
