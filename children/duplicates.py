"""Finding children who may be registered twice: same birth date, a name alike in sound or form."""

import datetime
import functools

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
