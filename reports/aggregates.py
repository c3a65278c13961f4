"""A report's figures as the coordination group may download them: small counts hidden.

The annex's tables of children (by town, by school) and the summary's counts of children
go through core.suppression, the rule the coordination dashboard uses, so that no cell
of 1-4 children is shown and none can be recovered from a total and its neighbours.
"""

import copy

from core.suppression import suppress_count, suppress_table

# The columns of each annex table that count children (after the label columns).
CHILD_COLUMNS = {"by_town": (1, 2, 3, 4), "by_school": (4, 5)}
SUMMARY_COUNTS = (("children", "registered"), ("children", "left_behind"), ("children", "migrant"))
SUMMARY_COUNTS += (("money", "aided_children"),)


def _suppress_columns(rows: list[list], columns: tuple[int, ...]) -> list[list]:
    """Return `rows` with the children-count `columns` suppressed by rows and columns."""
    counts = [[row[c] for c in columns] for row in rows]
    shown = suppress_table(counts)
    out = []
    for row, hidden in zip(rows, shown, strict=True):
        row = list(row)
        for c, value in zip(columns, hidden, strict=True):
            row[c] = value
        out.append(row)
    return out


def figures_for_aggregates(figures: dict) -> dict:
    """Return a copy of a report's figures with its counts of children suppressed."""
    shown = copy.deepcopy(figures)
    for table, columns in CHILD_COLUMNS.items():
        if table in shown.get("tables", {}):
            shown["tables"][table] = _suppress_columns(shown["tables"][table], columns)
    for section, key in SUMMARY_COUNTS:
        if key in shown.get(section, {}):
            shown[section][key] = suppress_count(shown[section][key])
    return shown
