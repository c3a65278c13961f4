"""The one set of validators: resident ID (GB 11643), mobile phone, dates not in the future."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.validators import (
    id_check_char,
    normalize_id_number,
    normalize_name,
    normalize_phone,
    parse_resident_id,
    split_class,
    validate_mobile,
    validate_not_future,
    validate_resident_id,
)

# Worked by hand: the digits of 11010519491231002 times the weights 7 9 10 5 8 4 2 1 6 3 7 9
# 10 5 8 4 2 sum to 167; 167 mod 11 = 2, and position 2 of "10X98765432" is X.
BEIJING_1949 = "11010519491231002X"
# 34022120100612101: the weighted sum is 181; 181 mod 11 = 5, and position 5 is 7.
BOY_2010 = "340221201006121017"
# The same birth date with an even 17th digit (2): weighted sum 183, 183 mod 11 = 7 -> 5.
GIRL_2010 = "340221201006121025"


def _message(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def test_check_char_of_the_worked_example_is_x():
    assert id_check_char(BEIJING_1949[:17]) == "X"


@pytest.mark.parametrize("number", [BEIJING_1949, BOY_2010, GIRL_2010])
def test_valid_ids_pass_the_validator(number):
    assert validate_resident_id(number) is None


def test_parsed_id_gives_birth_date_and_sex_from_the_number():
    boy = parse_resident_id(BOY_2010)
    girl = parse_resident_id(GIRL_2010)
    assert boy.birth_date == datetime.date(2010, 6, 12)
    assert boy.sex == "M"
    assert girl.sex == "F"
    assert parse_resident_id(BEIJING_1949).birth_date == datetime.date(1949, 12, 31)


def test_wrong_check_digit_is_refused_naming_the_expected_digit_in_chinese():
    wrong = BOY_2010[:17] + "3"
    with pytest.raises(ValidationError) as excinfo:
        validate_resident_id(wrong)
    assert excinfo.value.code == "id_check_digit"
    assert "校验位错误" in _message(excinfo.value)
    assert "最后一位应为 7" in _message(excinfo.value)


def test_lower_case_x_is_accepted_and_normalized_to_upper_case():
    lower = BEIJING_1949.lower()
    assert validate_resident_id(lower) is None
    assert parse_resident_id(lower).number == BEIJING_1949
    assert normalize_id_number(lower) == BEIJING_1949


def test_spaces_inside_an_id_are_removed_by_normalization():
    assert normalize_id_number(" 340221 20100612 1017 ") == BOY_2010


def test_fifteen_digit_old_id_is_refused_with_the_fifteen_digit_message():
    with pytest.raises(ValidationError) as excinfo:
        validate_resident_id("340221100612101")
    assert excinfo.value.code == "id_15_digit"
    assert "15 位旧身份证号码" in _message(excinfo.value)


@pytest.mark.parametrize("number", ["3402212010061210", "3402212010061210171", "1234"])
def test_id_of_wrong_length_is_refused_saying_how_many_digits_it_has(number):
    with pytest.raises(ValidationError) as excinfo:
        validate_resident_id(number)
    assert excinfo.value.code == "id_length"
    assert f"当前为 {len(number)} 位" in _message(excinfo.value)


@pytest.mark.parametrize(
    "number", ["34022120100612A017", "X40221201006121017", "3402212010061210Y7"]
)
def test_id_with_letters_other_than_a_final_x_is_refused(number):
    with pytest.raises(ValidationError) as excinfo:
        validate_resident_id(number)
    assert excinfo.value.code == "id_chars"


def test_id_with_an_impossible_date_is_refused():
    first17 = "34022120150230001"  # 30 February 2015
    with pytest.raises(ValidationError) as excinfo:
        validate_resident_id(first17 + id_check_char(first17))
    assert excinfo.value.code == "id_birth"
    assert "20150230" in _message(excinfo.value)
    assert "不存在" in _message(excinfo.value)


def test_id_with_a_future_birth_date_is_refused():
    future = timezone.localdate() + datetime.timedelta(days=400)
    first17 = f"340221{future:%Y%m%d}001"
    with pytest.raises(ValidationError) as excinfo:
        validate_resident_id(first17 + id_check_char(first17))
    assert excinfo.value.code == "id_birth"
    assert "不合理" in _message(excinfo.value)


def test_id_born_before_1900_is_refused():
    first17 = "34022118991231001"
    with pytest.raises(ValidationError) as excinfo:
        validate_resident_id(first17 + id_check_char(first17))
    assert excinfo.value.code == "id_birth"


@pytest.mark.parametrize("phone", ["13800138000", "19912345678", "15000000001"])
def test_eleven_digit_mobile_numbers_are_valid(phone):
    assert validate_mobile(phone) is None


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("138-0013-8000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("(138)00138000", "13800138000"),
    ],
)
def test_dashes_spaces_and_country_code_are_removed_from_a_phone(raw, normalized):
    assert normalize_phone(raw) == normalized
    assert validate_mobile(raw) is None


@pytest.mark.parametrize("phone", ["0553-5881234", "05535881234", "5881234", "12800138000"])
def test_landlines_and_malformed_numbers_are_refused_as_mobiles(phone):
    with pytest.raises(ValidationError) as excinfo:
        validate_mobile(phone)
    assert excinfo.value.code == "mobile"
    assert "11 位" in _message(excinfo.value)


def test_today_and_past_dates_are_not_future():
    today = timezone.localdate()
    assert validate_not_future(today) is None
    assert validate_not_future(today - datetime.timedelta(days=1)) is None


def test_tomorrow_is_refused_as_a_future_date():
    with pytest.raises(ValidationError) as excinfo:
        validate_not_future(timezone.localdate() + datetime.timedelta(days=1))
    assert excinfo.value.code == "future_date"
    assert "不能晚于今天" in _message(excinfo.value)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("2", (None, "2班")),
        ("2班", (None, "2班")),
        ("02班", (None, "2班")),
        ("（2）班", (None, "2班")),
        ("[2]班", (None, "2班")),
        ("二班", (None, "2班")),
        ("十一班", (None, "11班")),
        ("1 班", (None, "1班")),
        ("三年级二班", (3, "2班")),
        ("3年级2班", (3, "2班")),
        ("一(2)班", (1, "2班")),
        ("初一(3)班", (7, "3班")),
        ("七年级(3)班", (7, "3班")),
        ("高二（1）班", (11, "1班")),
        # A number with no 年级 or bracket is one class number, not grade and class.
        ("32班", (None, "32班")),
        ("302班", (None, "302班")),
        # Names that are not numbered classes stay as written.
        ("实验班", (None, "实验班")),
        ("火箭 班", (None, "火箭班")),
        ("一年级", (None, "一年级")),
        ("十三年级1班", (None, "十三年级1班")),
        ("0班", (None, "0班")),
        ("", (None, "")),
    ],
)
def test_a_class_is_read_in_one_spelling_with_the_grade_it_names(typed, read):
    assert split_class(typed) == read


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("周 小 雨", "周小雨"),
        ("王  芳", "王芳"),
        ("周\u3000小雨", "周小雨"),
        (" 李明 ", "李明"),
        ("阿依古丽 · 买买提", "阿依古丽·买买提"),
        ("John  Smith", "John Smith"),
        ("ＬＩ Ｍｉｎｇ", "LI Ming"),
    ],
)
def test_a_name_keeps_no_spaces_between_chinese_characters(typed, kept):
    assert normalize_name(typed) == kept
