"""The gazetteer reads work places as registers write them."""

import pytest

from children.imports.relations import relation_code
from children.places import locate, province_of_county


@pytest.mark.parametrize(
    ("written", "province", "city"),
    [
        ("浙江杭州", "浙江省", "杭州市"),
        ("浙江省杭州市萧山区", "浙江省", "杭州市"),
        ("江苏苏州", "江苏省", "苏州市"),
        ("苏州", "江苏省", "苏州市"),
        ("上海", "上海市", "上海市"),
        ("沪", "上海市", "上海市"),
        ("粤", "广东省", ""),
        ("广东东莞", "广东省", "东莞市"),
        ("宁波", "浙江省", "宁波市"),  # 宁 alone is 宁夏; 宁波 is a city
        ("宁", "宁夏回族自治区", ""),
        ("义乌", "浙江省", "金华市"),
        ("吉林长春", "吉林省", "长春市"),
        ("新疆乌鲁木齐", "新疆维吾尔自治区", "乌鲁木齐市"),
        ("北京市朝阳区", "北京市", "北京市"),
        ("湖北 武汉", "湖北省", "武汉市"),
    ],
)
def test_a_place_gives_its_province_and_city(written, province, city):
    place = locate(written)
    assert (place.province, place.city, place.home) == (province, city, False)


@pytest.mark.parametrize("written", ["", "本县", "在家", "本地"])
def test_home_words_mean_at_home(written):
    assert locate(written).home


def test_abroad_is_its_own_place_and_nonsense_is_none():
    assert locate("日本").abroad and locate("日本").province == "日本"
    assert locate("外省") is None and locate("火星") is None


def test_a_county_code_gives_its_province():
    assert province_of_county("340299") == "34"


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("爷爷", "paternal_gp"),
        ("奶奶", "paternal_gp"),
        ("祖母", "paternal_gp"),
        ("外公", "maternal_gp"),
        ("姥姥", "maternal_gp"),
        ("外祖父", "maternal_gp"),
        ("叔叔", "relative"),
        ("伯父", "relative"),
        ("婶婶", "relative"),
        ("姑父", "relative"),
        ("舅妈", "relative"),
        ("小姨", "relative"),
        ("亲戚", "relative"),
        ("哥哥", "sibling"),
        ("姐 姐", "sibling"),
        ("邻居", "friend"),
        ("老师", "other"),
        ("祖父母", "paternal_gp"),
        ("其他亲属", "relative"),
    ],
)
def test_everyday_relation_words_map_to_the_coded_relation(word, code):
    assert relation_code(word) == code


def test_an_unknown_relation_word_is_none():
    assert relation_code("干爹") is None
