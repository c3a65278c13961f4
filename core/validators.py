"""The one set of validators for resident IDs, phones, dates and class names, shared by
forms and imports."""

import datetime
import operator
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
SPACES = re.compile(r"\s+")
PHONE_NOISE = re.compile(r"[\s\-()（）]")


@dataclass(frozen=True)
class ResidentId:
    """What an 18-digit resident ID number tells: birth date and sex."""

    number: str
    birth_date: datetime.date
    sex: str  # "M" or "F", as Child.Sex


def id_check_char(first17: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character for the first 17 digits of an ID."""
    if len(first17) != len(ID_WEIGHTS):
        raise ValueError("an ID's check character is computed from its first 17 digits")
    total = sum(map(operator.mul, map(int, first17), ID_WEIGHTS))
    return ID_CHECK_CHARS[total % 11]


def normalize_id_number(value: str) -> str:
    """Return the ID with spaces removed and a lower-case x made upper-case."""
    return SPACES.sub("", value or "").upper()


def parse_resident_id(value: str, *, today: datetime.date | None = None) -> ResidentId:
    """Return the ID's parts, or raise ValidationError saying in Chinese what is wrong.

    `today` (default: the local date now) bounds the birth date; a caller checking many
    IDs at once passes it, as reading the current time zone costs more than the rest.
    """
    number = normalize_id_number(value)
    if len(number) == 15 and number.isdigit():
        raise ValidationError(
            _("这是 15 位旧身份证号码，请填写 18 位公民身份号码。"), code="id_15_digit"
        )
    if len(number) != 18:
        raise ValidationError(
            _("身份证号码应为 18 位，当前为 %(n)s 位。"),
            code="id_length",
            params={"n": len(number)},
        )
    if not ID_PATTERN.match(number):
        raise ValidationError(
            _("身份证号码只能由 17 位数字加 1 位数字或 X 组成。"), code="id_chars"
        )
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("身份证号码中的出生日期 %(d)s 不存在。"), code="id_birth", params={"d": number[6:14]}
        ) from None
    if birth > (today or timezone.localdate()) or birth.year < 1900:
        raise ValidationError(
            _("身份证号码中的出生日期 %(d)s 不合理。"), code="id_birth", params={"d": number[6:14]}
        )
    expected = id_check_char(number[:17])
    if number[17] != expected:
        raise ValidationError(
            _("身份证号码校验位错误：最后一位应为 %(c)s，请核对号码。"),
            code="id_check_digit",
            params={"c": expected},
        )
    sex = "M" if int(number[16]) % 2 == 1 else "F"
    return ResidentId(number=number, birth_date=birth, sex=sex)


def validate_resident_id(value: str) -> None:
    """Raise ValidationError unless value is a valid 18-digit resident ID."""
    parse_resident_id(value)


def normalize_phone(value: str) -> str:
    """Return the phone with spaces, dashes and a +86 prefix removed."""
    digits = PHONE_NOISE.sub("", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    return digits


def validate_mobile(value: str) -> None:
    """Raise ValidationError unless value is an 11-digit mainland mobile number."""
    if not MOBILE_PATTERN.match(normalize_phone(value)):
        raise ValidationError(_("手机号码应为 11 位、以 1 开头的大陆手机号码。"), code="mobile")


def validate_not_future(value: datetime.date, *, today: datetime.date | None = None) -> None:
    """Raise ValidationError if the date lies after today (`today`: as parse_resident_id)."""
    if value and value > (today or timezone.localdate()):
        raise ValidationError(_("日期不能晚于今天。"), code="future_date")


# 班级 as schools write it: "2", "2班", "(2)班", "二班", "三年级二班", "一(2)班", "初一(3)班".
# A grade is read off the front only before 年级 or a bracket ("32班" is class 32).
_NUMERAL = r"\d{1,3}|[一二三四五六七八九十]{1,3}"
CLASS_PATTERN = re.compile(
    rf"^(?:(?P<grade>(?:初|高)?(?:{_NUMERAL}))(?:年级(?=.)|(?=\()))?"
    rf"\(?(?P<number>{_NUMERAL})\)?班?$"
)
_CHINESE_DIGITS = {ch: n for n, ch in enumerate("一二三四五六七八九", 1)}


def chinese_number(text: str) -> int | None:
    """Return the number 1-99 written in digits or Chinese numerals (二, 十一, 二十三)."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _CHINESE_DIGITS.get(text) if len(text) == 1 else None
    tens, _ten, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    value = (_CHINESE_DIGITS.get(tens) if tens else 1) or 0
    unit = _CHINESE_DIGITS.get(ones, 0) if ones else 0
    return value * 10 + unit if value and (unit or not ones) else None


def grade_number(text: str) -> int | None:
    """Return the grade 1-12 that "3", "三", "初一" (7) or "高二" (11) names, else None."""
    stage, rest = (text[0], text[1:]) if text[:1] in ("初", "高") else ("", text)
    number = chinese_number(rest)
    if number is None:
        return None
    number += {"初": 6, "高": 9}.get(stage, 0)
    return number if 1 <= number <= 12 else None


def split_class(text: str) -> tuple[int | None, str]:
    """Return (the grade the class names, if it does; the class as "N班") for a 班级 cell.

    "2", "2班", "（2）班", "二班" -> (None, "2班"); "三年级二班", "一(2)班" -> (3 or 1, "2班");
    "初一(3)班" -> (7, "3班"). Other names ("实验班", "火箭班") are kept as written, spaces
    removed. One spelling per class keeps the register's class filter and sort whole.
    """
    raw = SPACES.sub("", unicodedata.normalize("NFKC", str(text or "")))
    raw = raw.replace("[", "(").replace("]", ")").removesuffix(".0")
    match = CLASS_PATTERN.match(raw)
    if not match:
        return None, raw
    number = chinese_number(match["number"])
    if number is None or number == 0:
        return None, raw
    grade = grade_number(match["grade"]) if match["grade"] else None
    if match["grade"] and grade is None:
        return None, raw
    return grade, f"{number}班"


_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff·])\s+|\s+(?=[\u3400-\u9fff·])")


def normalize_name(value: str) -> str:
    """Return a person's name as the register keeps it: no spaces beside Chinese characters
    ("周 小 雨", "王  芳", typed to align two-character names, are 周小雨 and 王芳; a Latin
    name keeps one space between its words), full-width letters and spaces made plain."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    return SPACES.sub(" ", _CJK_GAP.sub("", text))
