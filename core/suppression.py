"""Small-cell suppression for tables of counts that may be read by aggregates-only users.

The rule, applied to a table of counts of people (one list per row):

1. A count from 1 to 4 is shown as "<5" (primary suppression).
2. In a row or column that holds a "<5", a 0 is shown as "<5" too: otherwise the zeros
   around a small count would point at it ("<5" in one town, "0" in all the others).
3. A row or column left with exactly one hidden cell (of either kind) also hides its
   smallest other count, shown as "*" (complementary suppression), so that its total
   minus the visible cells never gives the hidden one.

Steps 2 and 3 repeat until nothing changes, since a cell hidden for its column may leave
its row with one hidden cell.

Cells that are not counts (None, text, percentages) are left as they are and never used.
"""

from collections.abc import Sequence

SMALL_CELL = 5
SMALL = "<5"
COMPLEMENT = "*"


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _lines(rows: list[list], *, by_rows: bool, by_columns: bool) -> list[list[tuple[int, int]]]:
    """Return the positions of each row and/or column, as lists of (row, column)."""
    lines = []
    if by_rows:
        lines += [[(r, c) for c in range(len(row))] for r, row in enumerate(rows)]
    if by_columns:
        width = max((len(row) for row in rows), default=0)
        lines += [[(r, c) for r, row in enumerate(rows) if c < len(row)] for c in range(width)]
    return lines


def hidden_cells(
    rows: Sequence[Sequence], *, by_rows: bool = True, by_columns: bool = True
) -> dict[tuple[int, int], str]:
    """Return {(row, column): "<5" or "*"} for the cells of `rows` that must not be shown."""
    table = [list(row) for row in rows]
    hidden: dict[tuple[int, int], str] = {
        (r, c): SMALL
        for r, row in enumerate(table)
        for c, value in enumerate(row)
        if _is_count(value) and 0 < value < SMALL_CELL
    }
    lines = _lines(table, by_rows=by_rows, by_columns=by_columns)
    changed = bool(hidden)
    while changed:
        changed = False
        for line in lines:
            counts = [p for p in line if _is_count(table[p[0]][p[1]])]
            if not any(p in hidden for p in counts):
                continue
            if any(hidden.get(p) == SMALL for p in counts):
                for p in counts:
                    if table[p[0]][p[1]] == 0 and p not in hidden:
                        hidden[p], changed = SMALL, True
            shown = [p for p in counts if p not in hidden]
            if sum(1 for p in counts if p in hidden) == 1 and shown:
                smallest = min(shown, key=lambda p: table[p[0]][p[1]])
                hidden[smallest], changed = COMPLEMENT, True
    return hidden


def suppress_table(
    rows: Sequence[Sequence], *, by_rows: bool = True, by_columns: bool = True
) -> list[list]:
    """Return a copy of `rows` with the hidden cells replaced by "<5" or "*"."""
    hidden = hidden_cells(rows, by_rows=by_rows, by_columns=by_columns)
    return [
        [hidden.get((r, c), value) for c, value in enumerate(row)] for r, row in enumerate(rows)
    ]


def suppress_count(value: int | None) -> int | str | None:
    """Return a single count as an aggregates-only reader may see it."""
    return SMALL if _is_count(value) and 0 < value < SMALL_CELL else value
