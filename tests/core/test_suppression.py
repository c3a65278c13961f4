"""Complementary suppression: no hidden count can be recovered from totals and neighbours."""

import itertools

from core.suppression import COMPLEMENT, SMALL, suppress_count, suppress_table


def _recoverable(table: list[list[int]], shown: list[list]) -> bool:
    """Return whether some hidden cell is the only hidden one of a row or column."""
    lines = [[(r, c) for c in range(len(table[0]))] for r in range(len(table))]
    lines += [[(r, c) for r in range(len(table))] for c in range(len(table[0]))]
    return any(sum(1 for r, c in line if shown[r][c] in (SMALL, COMPLEMENT)) == 1 for line in lines)


def test_a_small_count_is_shown_as_under_five():
    assert suppress_table([[120, 3], [80, 40]], by_rows=False) == [[120, SMALL], [80, COMPLEMENT]]


def test_the_smallest_other_cell_of_the_column_is_hidden_too():
    shown = suppress_table([[3], [50], [20], [90]], by_rows=False)
    assert [r[0] for r in shown] == [SMALL, 50, COMPLEMENT, 90]


def test_zeros_next_to_a_small_count_do_not_point_at_it():
    """Pending concerns: "<5" in one town and "0" in the others located them."""
    shown = suppress_table([[2], [0], [0], [0]], by_rows=False)
    assert [r[0] for r in shown] == [SMALL, SMALL, SMALL, SMALL]


def test_zeros_are_shown_where_nothing_small_is_near():
    assert suppress_table([[0, 12], [30, 0]]) == [[0, 12], [30, 0]]


def test_no_hidden_cell_is_ever_alone_in_its_row_or_column():
    for values in itertools.product([0, 1, 3, 7, 40], repeat=6):
        table = [list(values[0:3]), list(values[3:6])]
        shown = suppress_table(table)
        assert not _recoverable(table, shown), (table, shown)
        for r, c in itertools.product(range(2), range(3)):
            if 0 < table[r][c] < 5:
                assert shown[r][c] == SMALL


def test_text_and_missing_cells_are_left_alone():
    assert (
        suppress_table([["湾沚镇", 2, None], ["六郎镇", 9, None]], by_rows=False)[0][0] == "湾沚镇"
    )


def test_a_single_count():
    assert (suppress_count(3), suppress_count(0), suppress_count(12)) == (SMALL, 0, 12)
