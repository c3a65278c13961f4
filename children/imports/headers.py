"""Finding a register's header as people build it: title rows, units, two-row groups.

A header is the first row (within the first 30) that names at least the child's name and
ID and one more known column. A merged group cell over a second header row (父亲情况 over
姓名 / 务工地点 / 电话) makes that second row's cells "父亲姓名", "父亲务工地点" ...; a group
cell is never a column of its own. Columns that mean nothing to the import are listed
(`Header.unimported`), never dropped silently.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext as _

from .cells import ColumnReader, text
from .columns import ALIASES, COLUMN_BY_KEY, header_key
from .files import FileRefused, Sheet

HEADER_SCAN_ROWS = 30
# A group cell's words, and the prefix its sub-columns take ("" = the sub-column alone).
GROUPS = {
    "父亲情况": "父亲",
    "父亲信息": "父亲",
    "父亲": "父亲",
    "母亲情况": "母亲",
    "母亲信息": "母亲",
    "母亲": "母亲",
    "监护人情况": "监护人",
    "监护人信息": "监护人",
    "委托监护人情况": "监护人",
    "委托监护人信息": "监护人",
    "监护人": "监护人",
    "委托监护人": "监护人",
    "儿童情况": "",
    "儿童基本情况": "",
    "儿童信息": "",
    "学生情况": "",
    "学生信息": "",
    "基本情况": "",
    "就学情况": "",
    "家庭情况": "",
    "帮扶情况": "",
}
# Headers known to hold nothing for the register: row numbers, and our error file's notes.
IGNORED_HEADERS = frozenset({"序号", "编号", "序", "No", "NO", "no", "错误说明"})


@dataclass
class Header:
    """Where the header is and which column of the file holds which register column."""

    row: int  # Excel row number of the header's last row; data follows it
    positions: dict[str, int]  # column key -> index in the row
    names: dict[str, str]  # column key -> header text as the file writes it
    labels: list[str] = field(default_factory=list)  # every column's header, as read
    unimported: list[str] = field(default_factory=list)

    def label(self, key: str) -> str:
        """Return the column's name as the user sees it in their file."""
        return self.names.get(key) or str(COLUMN_BY_KEY[key].header)

    @cached_property
    def child_keys(self) -> list[str]:
        """Return the keys of the file's columns that are the child's own fields, in order.

        Not the parents' columns, nor the places and mentor, which are matched by name.
        """
        return [
            key
            for key in self.positions
            if "." not in key and key not in ("town", "village", "school", "mentor")
        ]

    @cached_property
    def readers(self) -> list[tuple[str, int, ColumnReader]]:
        """Return (column key, index in the row, its reader) for each column, made once."""
        return [
            (key, index, ColumnReader(COLUMN_BY_KEY[key])) for key, index in self.positions.items()
        ]


def _recognise(labels: list[str]) -> tuple[dict[str, int], dict[str, str], list[str]]:
    """Return (positions, names, unimported labels) for one row of header labels."""
    positions: dict[str, int] = {}
    names: dict[str, str] = {}
    unimported: list[str] = []
    for index, label in enumerate(labels):
        if not label:
            continue
        column = ALIASES.get(header_key(label))
        if column is None or column.key in positions:
            if label not in IGNORED_HEADERS:
                unimported.append(label)
            continue
        positions[column.key] = index
        names[column.key] = label
    return positions, names, unimported


def _is_header(positions: dict[str, int]) -> bool:
    return "id_number" in positions and "name" in positions and len(positions) >= 3


def _combine(group: str, sub: str) -> str:
    """Return the column name a sub-header takes under its group (父亲情况 + 姓名 = 父亲姓名)."""
    if not sub:
        return group
    prefix = GROUPS.get(header_key(group))
    if prefix is not None:
        return sub if not prefix or sub.startswith(prefix) else prefix + sub
    # An unknown group: "务工地点" over 父亲 / 母亲 reads as 父亲务工地点.
    for candidate in (sub + group, group + sub):
        if header_key(candidate) in ALIASES:
            return candidate
    return group + sub


def _spans(sheet: Sheet, row: int) -> dict[int, tuple[int, int]]:
    """Return {column: (first, last)} of the horizontal merges that start in `row`."""
    spans = {}
    for (r1, c1), (_r2, c2) in sheet.merged:
        if r1 == row and c2 > c1:
            for column in range(c1, c2 + 1):
                spans[column] = (c1, c2)
    return spans


def _looks_like_data(cells: list) -> bool:
    """Return whether a row holds an ID-like value (then it is data, not a sub-header)."""
    return any(sum(ch.isdigit() for ch in text(v)) >= 15 for v in cells)


def _two_row_labels(sheet: Sheet, row: int) -> list[str] | None:
    """Return the labels of a two-row header starting at `row`, or None if it is not one."""
    if row + 1 >= len(sheet.rows) or _looks_like_data(sheet.rows[row + 1]):
        return None
    top = [text(v) for v in sheet.rows[row]]
    sub = [text(v) for v in sheet.rows[row + 1]]
    width = max(len(top), len(sub))
    top += [""] * (width - len(top))
    sub += [""] * (width - len(sub))
    spans = _spans(sheet, row)
    groups = [""] * width
    found = False
    for column in range(width):
        if column in spans:
            first, _last = spans[column]
            groups[column] = top[first]
        elif top[column] and header_key(top[column]) in GROUPS and sub[column]:
            groups[column] = top[column]
        elif not top[column] and column and groups[column - 1] and sub[column]:
            groups[column] = groups[column - 1]  # an unmerged group, as a CSV writes it
        found = found or bool(groups[column] and sub[column])
    if not found:
        return None
    return [
        _combine(groups[c], sub[c]) if groups[c] and sub[c] else top[c] or sub[c]
        for c in range(width)
    ]


def find_header(sheet: Sheet) -> Header:
    """Return the sheet's header (one row or two); raise FileRefused if there is none."""
    for row in range(min(len(sheet.rows), HEADER_SCAN_ROWS)):
        two = _two_row_labels(sheet, row)
        if two is not None:
            positions, names, unimported = _recognise(two)
            if _is_header(positions):
                return Header(row + 2, positions, names, two, unimported)
        one = [text(v) for v in sheet.rows[row]]
        positions, names, unimported = _recognise(one)
        if _is_header(positions):
            return Header(row + 1, positions, names, one, unimported)
    raise FileRefused(
        _(
            "在前 %(n)s 行中找不到表头：表头须包含“姓名”和“公民身份号码”（或“身份证号”）列。"
            "请使用导入模板。"
        )
        % {"n": HEADER_SCAN_ROWS}
    )
