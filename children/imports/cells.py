"""Reading one spreadsheet cell as the register's value, forgiving the ways people type.

Each reader takes the raw cell value (str, int, float, datetime or None) and returns the
clean value, or raises CellError with a Chinese message for the user.
"""

import datetime
import re
import unicodedata
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.validators import (
    grade_number,
    normalize_id_number,
    normalize_name,
    normalize_phone,
    split_class,
    validate_mobile,
)

from .columns import CHOICE_LOOKUPS, Column, header_key
from .relations import relation_code

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SPACES = re.compile(r"\s+")
SCIENTIFIC = re.compile(r"\d(\.\d+)?E\+?\d+")  # an ID that Excel showed as 3.40201E+17
ODD_SPACING = re.compile(r"\S\s\s|[\u3000\t\r\n\xa0]")
# Separators of multi-choice cells: 、，,；; and spaces.
MULTI_SPLIT = re.compile(r"[、，,；;/\s]+")
DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
# "2013-03-05 00:00:00", "2018/1/17 0:00": a date that a spreadsheet gave a time.
TIME_PART = re.compile(r"(?<=\d)[ T]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
YEAR_MONTH_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
)
# Yes and no as registers write them (寄宿: 住校 / 走读; 户籍在本县: 本县 / 外县 ...).
TRUE_WORDS = {
    "是",
    "有",
    "√",
    "✓",
    "Y",
    "YES",
    "TRUE",
    "1",
    "寄宿",
    "住校",
    "住宿",
    "已签订",
    "已签",
    "本县",
}
FALSE_WORDS = {
    "否",
    "无",
    "×",
    "N",
    "NO",
    "FALSE",
    "0",
    "走读",
    "不寄宿",
    "非寄宿",
    "不住校",
    "未签订",
    "未签",
    "外县",
    "县外",
}
EXCEL_EPOCH = datetime.date(1899, 12, 30)


class CellError(Exception):
    """A cell that cannot be read; the message is shown to the user with row and column."""


class YearMonth(NamedTuple):
    """A birth date written as year and month only ("2014.3"); the ID gives the day."""

    year: int
    month: int


def text(value) -> str:
    """Return a cell as text: full-width spaces and runs of spaces collapsed, trimmed.

    A leading ' before a formula character is dropped: our exports add it against formula
    injection, and a re-import must read the value back unchanged.
    """
    if value is None:
        return ""
    if type(value) is str and not ODD_SPACING.search(value):
        out = value.strip()  # the common case: no inner runs of spaces to collapse
    else:
        out = _collapse(value)
    if out.startswith("'") and out[1:2] in FORMULA_PREFIXES and len(out) > 1:
        out = out[1:]
    return out


def _collapse(value) -> str:
    """Return any cell value as text with full-width spaces and runs of spaces collapsed."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return SPACES.sub(" ", str(value).replace("\u3000", " ")).strip()


def narrow(value) -> str:
    """Return the text with full-width digits, letters and spaces made half-width (NFKC)."""
    out = text(value)
    return out if out.isascii() else unicodedata.normalize("NFKC", out)  # ASCII: unchanged


def read_text(value, column: Column) -> str:
    out = text(value)
    if column.max_length and len(out) > column.max_length:
        raise CellError(
            _("不能超过 %(n)s 个字，当前 %(m)s 个字。") % {"n": column.max_length, "m": len(out)}
        )
    return out


def read_name(value, column: Column) -> str:
    # Chinese names carry no spaces; Excel users add them to align two-character names.
    return read_text(normalize_name(text(value)), column)


# Marks typed before a number to keep Excel from reading it as one ('3402…): Excel keeps
# them out of the cell, but a CSV, WPS or a pasted value may hold them as text.
TEXT_MARKS = "'‘’`"
# A mobile number within a longer cell ("136 0000 0028/139…"): 11 digits, spaces or dashes.
MOBILE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d(?:[\s-]?\d){8}(?!\d)")


def read_id(value, column: Column) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(
            _(
                "身份证号被 Excel 存成了数字，后几位已经丢失。请把该列设为“文本”格式，"
                "重新填写号码后再导入。"
            )
        )
    raw = narrow(value)
    if SCIENTIFIC.fullmatch(raw.upper()):
        raise CellError(
            _(
                "身份证号显示为科学计数法（%(v)s），后几位已经丢失。请把该列设为“文本”格式，"
                "重新填写号码后再导入。"
            )
            % {"v": raw}
        )
    if "*" in raw:
        raise CellError(_("身份证号已打码，无法导入；请使用含完整号码的文件。"))
    return normalize_id_number(raw.lstrip(TEXT_MARKS))


def read_phone(value, column: Column) -> str:
    raw = narrow(value)
    if not raw:
        return ""
    if "*" in raw:
        raise CellError(_("电话号码已打码，无法导入；请使用含完整号码的文件。"))
    found = MOBILE_IN_TEXT.findall(raw)
    if len(found) > 1:
        raise CellError(
            _("一格只能填一个手机号码，这里填了 %(n)s 个（%(v)s）。请只保留一个。")
            % {"n": len(found), "v": "、".join(normalize_phone(f) for f in found)}
        )
    number = normalize_phone(raw.lstrip(TEXT_MARKS))
    try:
        validate_mobile(number)
    except ValidationError as exc:
        raise CellError(exc.messages[0]) from None
    return number


def read_date(value, column: Column) -> datetime.date | YearMonth | None:
    """Return a date, or a YearMonth for "2014.3" / "2014年3月" (the ID gives the day)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            value = f"{value:.2f}".rstrip("0")  # 2014.3 typed into a number cell
        elif 19000101 <= int(value) <= 21001231 or 190001 <= int(value) <= 210012:
            value = str(int(value))
        elif 1 <= value < 80000:  # an Excel serial date in a cell formatted as a number
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    raw = TIME_PART.sub("", narrow(value).strip())
    raw = raw.replace(" ", "").rstrip(".。")  # "2014.3.9." ends as a sentence does
    if not raw:
        return None
    found = _match_date(four_digit_year(raw))
    if found is not None:
        return found
    raise CellError(
        _("日期“%(v)s”无法识别，请写成 2014-03-05、2014/3/5 或 2014年3月5日。") % {"v": raw}
    )


TWO_DIGIT_YEAR = re.compile(r"^(\d{2})(?=年)")


def four_digit_year(raw: str) -> str:
    """Return "14年3月7日" as "2014年3月7日": a two-digit year before 年 is of this century
    (the children's, their parents' leaving, the visits), or of the last when it would lie
    in the future ("98年" is 1998)."""
    match = TWO_DIGIT_YEAR.match(raw)
    if not match:
        return raw
    year = 2000 + int(match.group(1))
    if year > timezone.localdate().year:
        year -= 100
    return f"{year}{raw[2:]}"


def _match_date(raw: str) -> datetime.date | YearMonth | None:
    for pattern in DATE_PATTERNS:
        match = pattern.match(raw)
        if match:
            try:
                return datetime.date(*(int(g) for g in match.groups()))
            except ValueError:
                return None
    for pattern in YEAR_MONTH_PATTERNS:
        match = pattern.match(raw)
        if match and 1 <= int(match.group(2)) <= 12:
            return YearMonth(int(match.group(1)), int(match.group(2)))
    return None


def read_choice(value, column: Column) -> str:
    raw = narrow(value)
    if not raw:
        return ""
    lookup = CHOICE_LOOKUPS[column.choices]
    code = lookup.get(raw)
    if code is None:
        code = lookup.get(header_key(raw))
    if code is None:
        labels = "、".join(str(label) for label in column.choices.labels)
        raise CellError(_("“%(v)s”不是可选的值，可选：%(labels)s。") % {"v": raw, "labels": labels})
    return code


def read_multi(value, column: Column) -> list[str]:
    raw = narrow(value)
    codes = []
    for part in MULTI_SPLIT.split(raw):
        if part:
            code = read_choice(part, column)
            if code and code not in codes:
                codes.append(code)
    return codes


def read_bool(value, column: Column) -> bool | None:
    if isinstance(value, bool):
        return value
    raw = narrow(value).upper()
    if not raw:
        return None
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise CellError(_("“%(v)s”应填“是”或“否”。") % {"v": raw})


def read_int(value, column: Column) -> int | None:
    raw = narrow(value).removesuffix("岁")
    if not raw:
        return None
    try:
        number = int(float(raw))
    except (ValueError, OverflowError):  # "abc", or "inf" typed into an age
        raise CellError(_("“%(v)s”应为整数。") % {"v": raw}) from None
    if not 0 <= number <= 120:
        raise CellError(_("应在 0 到 120 之间。"))
    return number


def read_grade(value, column: Column) -> int | None:
    raw = narrow(value).replace(" ", "")
    if not raw:
        return None
    grade = grade_number(raw.removesuffix("年级"))  # 3, 三年级, 初一 (7), 高二 (11)
    if grade is not None:
        return grade
    raise CellError(_("年级“%(v)s”无法识别，请填 1-12 或“三年级”“初一”。") % {"v": raw})


def read_relation(value, column: Column) -> tuple[str, str]:
    """Return (coded relation, the word as written) for 与儿童关系 ("外婆" -> maternal_gp)."""
    word = narrow(value).replace(" ", "")
    if not word:
        return "", ""
    code = relation_code(word)
    if code is None:
        raise CellError(
            _("“%(v)s”无法对应到监护人关系，请写爷爷、外婆、叔叔、邻居等。") % {"v": word}
        )
    return code, word


def read_class(value, column: Column) -> tuple[int | None, str]:
    """Return (the grade it names or None, the class as "N班") for a 班级 cell:
    "（2）班", "二班", 2 -> (None, "2班"); "三年级二班", "一(2)班" -> (3 or 1, "2班")."""
    grade, class_name = split_class(text(value))
    return grade, read_text(class_name, column)


def read_place(value, column: Column) -> str:
    """Return a work place as written, spaces removed (read by children.places later)."""
    return read_text(narrow(value).replace(" ", ""), column)


READERS = {
    "text": read_text,
    "name": read_name,
    "id": read_id,
    "phone": read_phone,
    "date": read_date,
    "choice": read_choice,
    "multi": read_multi,
    "bool": read_bool,
    "int": read_int,
    "grade": read_grade,
    "relation": read_relation,
    "place": read_place,
    "class": read_class,
    "mentor": read_name,
    # Places are matched by name against the county's lists in children.imports.rows.
    "town": lambda value, column: narrow(value).replace(" ", ""),
    "village": lambda value, column: narrow(value).replace(" ", ""),
    "school": lambda value, column: narrow(value).replace(" ", ""),
}


# Kinds whose values are personal and nearly unique (not worth remembering), or mutable.
NOT_REMEMBERED = frozenset({"name", "id", "phone", "mentor", "multi"})
REMEMBERED_VALUES = 256  # per column of one file: sexes, towns, statuses, provinces repeat
UNSEEN = object()


class ColumnReader:
    """Reads the cells of one column of one file, remembering what repeated values read as.

    The readers above are pure functions of the cell and its column, so a value already
    read (the same 男, 东河村 or 省外务工 on thousands of rows) is looked up, not read again.
    A value that raises CellError is read again each time (its message is the reader's).
    """

    __slots__ = ("column", "empty", "read", "seen")

    def __init__(self, column: Column):
        self.column = column
        self.read = READERS[column.kind]
        self.empty = self.read(None, column)  # what an empty cell reads as
        self.seen: dict | None = None if column.kind in NOT_REMEMBERED else {}

    def __call__(self, value):
        """Return the cell read by its column's reader; raise CellError for a bad value."""
        if value is None or value == "":
            return self.empty
        seen = self.seen
        if seen is None:
            return self.read(value, self.column)
        key = (type(value), value)  # 1, 1.0 and True are equal, yet read differently
        out = seen.get(key, UNSEEN)
        if out is not UNSEEN:
            return out
        out = self.read(value, self.column)
        if len(seen) < REMEMBERED_VALUES:
            seen[key] = out
        return out
