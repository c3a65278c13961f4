"""Finding children who may be registered twice: same birth date, a name alike in sound or form."""

import datetime
import functools
from collections import defaultdict

from django.db.models import QuerySet
from pypinyin import lazy_pinyin

from .models import Child


def _one_edit_apart(a: str, b: str) -> bool:
    """Return whether b is a with one character replaced, added or removed."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


@functools.lru_cache(maxsize=65536)
def name_pinyin(name: str) -> tuple[str, ...]:
    """Return a name's pinyin without tones, remembered (names repeat, pypinyin is slow)."""
    return tuple(lazy_pinyin(name.strip()))


def names_alike(a: str, b: str) -> bool:
    """Return whether two Chinese names sound the same in pinyin or differ by one character."""
    a, b = a.strip(), b.strip()
    if not a or not b:
        return False
    return name_pinyin(a) == name_pinyin(b) or _one_edit_apart(a, b)


def alike_pairs(named: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """Return the (a, b) pairs of `named` (id, name) whose names are alike, a before b.

    The same pairs as `names_alike` over every combination, in the order of `named`, but
    found through keys that alike names share, in time linear in the names: the same
    pinyin; the same length with one position blanked; and, for one character more, the
    longer name with one character dropped equal to the shorter one.
    """
    order: dict[int, int] = {}
    buckets: dict[tuple, list[int]] = defaultdict(list)
    by_name: dict[str, list[int]] = defaultdict(list)
    cleaned = []
    for index, (pk, raw) in enumerate(named):
        name = raw.strip()
        if not name:
            continue
        order[pk] = index
        cleaned.append((pk, name))
        by_name[name].append(pk)
        buckets[("pinyin", name_pinyin(name))].append(pk)
        for i in range(len(name)):
            buckets[(i, name[:i] + name[i + 1 :])].append(pk)
    found: set[tuple[int, int]] = set()
    for members in buckets.values():
        for i, a in enumerate(members):
            found.update((a, b) for b in members[i + 1 :])
    for pk, name in cleaned:
        for i in range(len(name)):
            found.update((pk, other) for other in by_name.get(name[:i] + name[i + 1 :], ()))
    ordered = {(a, b) if order[a] < order[b] else (b, a) for a, b in found if a != b}
    return sorted(ordered, key=lambda pair: (order[pair[0]], order[pair[1]]))


def similar_children(
    *, county_id: int, name: str, birth_date: datetime.date, exclude_pk: int | None = None
) -> list[Child]:
    """Return the county's children born on `birth_date` whose names are alike to `name`.

    Searches the whole county (not the caller's scope): callers must show out-of-scope
    matches only as "a similar child is registered at another school".
    """
    qs: QuerySet[Child] = Child.objects.filter(county_id=county_id, birth_date=birth_date)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    candidates = qs.select_related("school").only("id", "name", "school__name", "status")
    return [c for c in candidates if names_alike(name, c.name)]
