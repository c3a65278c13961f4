"""A row's school, town and village: names matched against the county's lists, in scope."""

from typing import Any

from django.utils.translation import gettext as _

from accounts.roles import Kind, Level

from .context import Context, child_places_allowed


def _school_level(ctx: Context) -> bool:
    """Return whether the user registers children of one school (a school's staff)."""
    return ctx.scope.level(Kind.CHILDREN) == Level.SCHOOL


def _village(ctx: Context, name: str, town_id: int | None, school_town: int | None):
    """Return (village id, its town) for a village name, preferring the row's town."""
    found = ctx.places.villages.get((town_id, name)) if town_id else None
    if found:
        return found
    candidates = ctx.places.villages_by_name.get(name, [])
    if town_id is None and len(candidates) == 1:
        return candidates[0]
    if town_id is None and school_town:
        for village_id, village_town in candidates:
            if village_town == school_town:
                return village_id, village_town
    if town_id is not None and candidates:
        return candidates[0][0], -1  # exists, but in another town: the rule reports it
    return None, None


def _school(cells: dict[str, Any], ctx: Context, problems) -> tuple[int | None, int | None]:
    """Return (school id, its town) named by the row, or the user's own school."""
    places, scope = ctx.places, ctx.scope
    name = cells.get("school", "")
    if name:
        found = places.schools.get(name)
        if _school_level(ctx) and (found is None or found[0] != scope.school_id):
            return -1, None  # another school's name: one file-level notice, see check.py
        if found is not None:
            return found
        problems.add("school", _("本县没有名为“%(v)s”的学校。") % {"v": name})
        return None, None
    if scope.school_id:
        return scope.school_id, places.school_town.get(scope.school_id)
    return None, None


def resolve_places(cells: dict[str, Any], values: dict[str, Any], ctx: Context, problems) -> None:
    """Set school_id, town_id and village_id from the row's names; check the scope."""
    places, scope = ctx.places, ctx.scope
    school_id, school_town = _school(cells, ctx, problems)
    town_id = None
    town_name = cells.get("town", "")
    if town_name:
        town_id = places.towns.get(town_name)
        if town_id is None:
            problems.add("town", _("本县没有名为“%(v)s”的乡镇。") % {"v": town_name})
    village_id = None
    village_name = cells.get("village", "")
    if village_name:
        village_id, village_town = _village(ctx, village_name, town_id, school_town)
        if village_id is None:
            problems.add("village", _("找不到村（居）“%(v)s”。") % {"v": village_name})
        elif town_id is None and not town_name:
            town_id = village_town
    elif scope.level(Kind.CHILDREN) == Level.VILLAGE:
        village_id = scope.village_id
    if town_id is None and not town_name:
        town_id = school_town
        if town_id is None and village_id is not None:
            town_id = places.village_town.get(village_id)
        if town_id is None and school_id != -1:
            problems.add("town", _("请填写现住乡镇。"))
    values.update(school_id=school_id, town_id=town_id, village_id=village_id)
    if problems.row.problems or school_id == -1:
        return
    if not child_places_allowed(scope, school_id, school_town, town_id, village_id):
        key = "village" if scope.level(Kind.CHILDREN) == Level.VILLAGE else "school"
        problems.add(key, _("该儿童不在您的管辖范围内，不能由您导入。"))
