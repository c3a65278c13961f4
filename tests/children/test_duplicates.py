"""The duplicate check's pairs: found by shared keys, the same as comparing every pair."""

import itertools
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from children import duplicates
from children.duplicates import alike_pairs, alike_pairs_by_day, names_alike

# Few characters, some sounding alike (张/章, 明/鸣), so that alike names are common.
CHARACTERS = "张章王小明鸣雨语子涵"
names = st.text(alphabet=CHARACTERS + " ", min_size=0, max_size=4)


@settings(max_examples=300, deadline=None)
@given(st.lists(names, max_size=9))
def test_alike_pairs_are_the_pairs_names_alike_accepts_in_order(group):
    named = list(enumerate(group, start=100))

    expected = [
        (a, b)
        for (a, name_a), (b, name_b) in itertools.combinations(named, 2)
        if names_alike(name_a, name_b)
    ]

    assert alike_pairs(named) == expected


def test_homophones_and_one_character_more_pair_up_and_strangers_do_not():
    named = [(1, "张小明"), (2, "章小明"), (3, "张小明明"), (4, "王雨")]

    assert alike_pairs(named) == [(1, 2), (1, 3)]


@settings(max_examples=200, deadline=None)
@given(st.lists(names, max_size=12))
def test_large_days_pair_up_through_buckets_like_small_ones(group):
    named = list(enumerate(group, start=100))
    expected = alike_pairs(named)

    # Each day's pairs are remembered by its names: forget them, or the buckets are never used.
    duplicates._day_pairs_remembered.cache_clear()
    with mock.patch.object(duplicates, "PAIRWISE_MAX", 0):
        assert alike_pairs(named) == expected
    duplicates._day_pairs_remembered.cache_clear()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), names), max_size=20))
def test_pairs_by_day_are_each_days_pairs_in_day_order(rows):
    rows = [(pk, name, day) for pk, (day, name) in enumerate(sorted(rows), start=1)]

    expected = []
    for _day, group in itertools.groupby(rows, key=lambda row: row[2]):
        expected += alike_pairs([(pk, name) for pk, name, _ in group])

    assert alike_pairs_by_day(rows) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), names), max_size=20))
def test_remembered_days_give_the_pairs_of_comparing_every_pair(rows):
    rows = [(pk, name, day) for pk, (day, name) in enumerate(sorted(rows), start=1)]
    expected = [
        (a, b)
        for (a, name_a, day_a), (b, name_b, day_b) in itertools.combinations(rows, 2)
        if day_a == day_b and names_alike(name_a, name_b)
    ]

    duplicates._day_pairs_remembered.cache_clear()
    assert alike_pairs_by_day(rows) == expected  # computed
    assert alike_pairs_by_day(rows) == expected  # read back


def test_a_day_whose_names_changed_is_paired_anew():
    day = [(1, "张小明", 7), (2, "章小明", 7)]
    assert alike_pairs_by_day(day) == [(1, 2)]

    assert alike_pairs_by_day([(1, "张小明", 7), (2, "王大力", 7)]) == []
    assert alike_pairs_by_day([(5, "张小明", 9), (6, "章小明", 9)]) == [(5, 6)]
