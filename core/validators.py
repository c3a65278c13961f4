"""The one set of validators for resident IDs, phones and dates, shared by forms and imports."""

import datetime
import operator
import re
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
