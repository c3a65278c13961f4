"""Finding children who may be registered twice: same birth date, a name alike in sound or form."""

import datetime
import functools
import itertools
from collections import defaultdict
from collections.abc import Iterable
from operator import itemgetter

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


@functools.lru_cache(maxsize=65536)
def _shorter(name: str) -> tuple[str, ...]:
    """Return a stripped name with each of its characters dropped in turn (remembered)."""
    return tuple(name[:i] + name[i + 1 :] for i in range(len(name)))


@functools.lru_cache(maxsize=65536)
def _keys(name: str) -> tuple[str, ...]:
    """Return the keys a stripped name shares with the names alike to it (remembered): its
    pinyin, and each position with the name blanked there. Strings, whose hash Python
    keeps, each naming one key only (a tuple's repr, a position's digits before ":")."""
    blanked = (f"{i}:{short}" for i, short in enumerate(_shorter(name)))
    return (f"p{name_pinyin(name)!r}", *blanked)


@functools.lru_cache(maxsize=65536)
def _key_set(name: str) -> frozenset[str]:
    """Return `_keys(name)` as a set (remembered)."""
    return frozenset(_keys(name))


@functools.lru_cache(maxsize=65536)
def _screen(name: str) -> tuple[str, ...]:
    """Return strings that a stripped name shares with every name alike to it (remembered):
    its pinyin key, itself and its shorter forms (a character dropped), each once.

    Names one character apart share a shorter form, or one is a shorter form of the
    other; homophones share the pinyin key. Names that share one may still not be alike
    (two characters swapped): the screen only says where to look.
    """
    return tuple(dict.fromkeys((_keys(name)[0], name, *_shorter(name))))


# Up to this many names a day, alike pairs are looked for pair by pair (set operations
# done in C); beyond, through buckets of shared keys, in time linear in the names.
PAIRWISE_MAX = 24


def _day_pairs(names: list[str]) -> list[tuple[int, int]]:
    """Return the (i, j) index pairs, i < j, of the alike ones among stripped `names`."""
    if len(names) <= PAIRWISE_MAX:
        key_sets = list(map(_key_set, names))
        forms = list(map(_shorter, names))
        return [
            (i, j)
            for i, j in itertools.combinations(range(len(names)), 2)
            if not key_sets[i].isdisjoint(key_sets[j])
            or names[j] in forms[i]
            or names[i] in forms[j]
        ]
    buckets: dict[str, list[int]] = defaultdict(list)
    whole: dict[str, list[int]] = defaultdict(list)
    for i, name in enumerate(names):
        for key in _keys(name):
            buckets[key].append(i)
        whole[name].append(i)
    found: set[tuple[int, int]] = set()
    for members in buckets.values():
        found.update(itertools.combinations(members, 2))
    for i, name in enumerate(names):
        for short in _shorter(name):
            found.update((min(i, j), max(i, j)) for j in whole.get(short, ()))
    return sorted(found)


# A county's register spans some 6,000 birth dates: a few counties' days (a few MB).
DAYS_REMEMBERED = 16384


@functools.lru_cache(maxsize=DAYS_REMEMBERED)
def _day_pairs_remembered(day: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """Return `_day_pairs` of one day's stripped names, or () when the day's screen
    strings hold no repeat (most days); remembered, as a county's days change little
    from one check to the next (the worker's refresh, the next day's first visit)."""
    shared = list(itertools.chain.from_iterable(map(_screen, day)))
    if len(set(shared)) == len(shared):
        return ()
    return tuple(_day_pairs(list(day)))


def alike_pairs_by_day(rows: Iterable[tuple[int, str, object]]) -> list[tuple[int, int]]:
    """Return the (a, b) pairs of `rows` (id, name, day) with the same day and names alike,
    a before b: for each run of one day, `alike_pairs` of its (id, name), in row order.

    The rows are taken apart into columns, and most days are passed over by one set of
    their names' screen strings without a repeat (work done in C, as a county's register
    holds thousands of days); the others are compared name by name. Each day's answer is
    remembered by its names, so a check of an unchanged county reads them back.
    """
    rows = list(rows)
    ids = list(map(itemgetter(0), rows))
    names = list(map(str.strip, map(itemgetter(1), rows)))
    days = list(map(itemgetter(2), rows))
    if not all(names):
        kept = list(map(bool, names))
        ids, names, days = (list(itertools.compress(column, kept)) for column in (ids, names, days))
    pairs: list[tuple[int, int]] = []
    start = 0
    for _day, run in itertools.groupby(days):
        end = start + len(list(run))
        if end - start > 1:
            found = _day_pairs_remembered(tuple(names[start:end]))
            if found:
                pairs += [(ids[start + i], ids[start + j]) for i, j in found]
        start = end
    return pairs


def alike_pairs(named: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """Return the (a, b) pairs of `named` (id, name) whose names are alike, a before b.

    The same pairs as `names_alike` over every combination, in the order of `named`, but
    found through keys that alike names share, in time linear in the names: the same
    pinyin; the same length with one position blanked; and, for one character more, the
    longer name with one character dropped equal to the shorter one.
    """
    return alike_pairs_by_day((pk, name, None) for pk, name in named)


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
