"""The report's Chinese text: the 2011 report's figures in their sections, official numerals."""

import datetime

import pytest

from reports.selectors import report_figures
from reports.writing import cn_number, report_blocks, section_of
from reports.writing.numerals import activity_named, quoted_titles, rounding_options, worded
from tests.reports.golden import DOCUMENTS, PERIOD, build_2011_county

ROUNDED = {"prev_fed_amount": "wan1_more", "prev_aided": "r1_more", "prev_audience": "r2_over"}


@pytest.fixture
def golden(county):
    build_2011_county(county)
    return report_figures(county=county, period=PERIOD)


def _blocks(figures, rounding=None, **kwargs):
    return report_blocks(
        figures=figures, rounding=rounding, signed_on=datetime.date(2011, 5, 24), **kwargs
    )


@pytest.mark.django_db
def test_golden_report_states_the_2011_figures_in_their_sections(golden):
    blocks = _blocks(golden, ROUNDED)
    leadership, homes, schools, network = (section_of(blocks, n) for n in (1, 2, 3, 4))

    assert "自2008年以来，成立了示范县关爱留守流动儿童工作协调小组，由县委副书记担任组长" in (
        leadership
    )
    documents = "".join(f"《{title}》" for title, _issuer in DOCUMENTS)
    assert f"县教育局、县妇联分别印发了{documents}。" in leadership
    assert "2011年上半年共召开联席会议1次（3月20日，由县委副书记主持）" in leadership

    assert "全县规划在66所学校建设留守儿童之家66个（2010—2012年）" in homes
    assert "其中2010年建成11个、2011年上半年建成11个，累计建成22个，分布在22所学校" in homes
    assert "模式一留守儿童之家6个（分布在6所学校，配备电脑、图书、电话机）" in homes
    assert "模式二留守儿童之家16个（分布在16所学校，配备电视机、图书、电话机）" in homes
    assert "县妇联牵头建成留守流动儿童活动室2个，配备了书柜、书刊、光盘、乒乓球拍、篮球。" in homes
    assert "建立了“爱心妈妈”队伍1支、共30人。" in homes

    assert "恒升集团向六郎中心学校捐助6000元" in schools
    assert "2010年，县妇联接受社会捐助20多万元，资助贫困学生300多名。" in schools
    assert "湾沚二小于3月7日开展了“安全教育宣传片播放”活动（60名留守学生参加）" in schools

    assert "2010年县关工委共举办家庭教育报告会13场、受众人数6500余人" in network


@pytest.mark.django_db
def test_golden_report_keeps_exact_counts_exact_when_no_rounding_is_chosen(golden):
    schools, network = section_of(_blocks(golden), 3), section_of(_blocks(golden), 4)

    assert "县妇联接受社会捐助203500元，资助贫困学生312名。" in schools
    assert "受众人数6530人" in network


@pytest.mark.django_db
def test_golden_report_numbers_its_sections_one_to_five_and_signs_with_issuer_and_date(golden):
    blocks = _blocks(golden, ROUNDED)
    headings = [b["text"] for b in blocks if b["kind"] == "heading1"]
    signature = [b["text"] for b in blocks if b["kind"] == "signature"]

    assert [h[:2] for h in headings] == ["一、", "二、", "三、", "四、", "五、"]
    assert headings[4] == "五、存在的主要问题"
    assert blocks[0]["text"] == "示范县2011年上半年关爱留守儿童工作情况汇报"
    assert signature == ["示范县妇联儿童部", "2011年5月24日"]


@pytest.mark.django_db
def test_golden_overview_paragraph_describes_the_county_from_its_profile(golden):
    overview = section_of(_blocks(golden), 0)

    assert overview.startswith("示范县位于某市东南部，长江中下游南岸。现辖3个乡镇，")
    assert "辖6个行政村、1个居委会，总面积676平方公里，人口38万人。" in overview
    assert "全县有5所中学、60所中心小学、3所九年一贯制学校" in overview
    assert "在校学生8000人" in overview


@pytest.mark.django_db
def test_no_text_of_the_report_has_a_space_around_a_number(golden):
    blocks = _blocks(golden, ROUNDED)
    texts = [b["text"] for b in blocks if b["kind"] != "para" or "9:00" not in b["text"]]

    assert not [t for t in texts if any(f" {d}" in t or f"{d} " in t for d in "0123456789")]


@pytest.mark.parametrize(
    ("value", "unit", "money", "offered"),
    [
        (153400, "元", True, ["15万余元", "15万多元", "153400元"]),
        (3180, "人", False, ["3100余人", "3000余人", "3000多人", "3180人"]),
        (217, "名", False, ["200多名", "210余名", "217名"]),
        (203500, "元", True, ["20多万元"]),
    ],
)
def test_each_figure_is_offered_in_the_truthful_forms_a_writer_would_choose(
    value, unit, money, offered
):
    texts = [text for _style, text in rounding_options(value, unit, money=money)]

    assert set(offered) <= set(texts)
    assert texts[-1] == f"{value}{unit}"


@pytest.mark.parametrize(
    ("value", "unit", "money"),
    [(300, "名", False), (200000, "元", True), (8, "人", False), (100000, "元", True)],
)
def test_a_round_or_small_figure_is_only_offered_exactly(value, unit, money):
    texts = [text for _style, text in rounding_options(value, unit, money=money)]

    assert not [t for t in texts if "多" in t or "余" in t]
    assert worded(value, unit, "r1_more", money=money) == texts[-1]


def test_chinese_numerals_read_as_section_numbers():
    assert [cn_number(n) for n in (1, 5, 10, 12, 20, 21)] == [
        "一",
        "五",
        "十",
        "十二",
        "二十",
        "二十一",
    ]


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("安全教育宣传片播放", "“安全教育宣传片播放”活动"),
        ("“感恩父母”主题班会", "“感恩父母”主题班会"),
        ("“留守儿童之家建设”党员奉献日活动", "“留守儿童之家建设”党员奉献日活动"),
        ("防溺水安全教育讲座", "“防溺水安全教育讲座”"),
        (" 留守假日小队活动 ", "“留守假日小队活动”"),
    ],
)
def test_an_activity_is_named_once_with_its_own_quotes_and_kind(title, written):
    assert activity_named(title) == written


def test_room_activity_titles_are_quoted_once_and_run_on_unless_one_holds_quotes():
    assert quoted_titles(["寒假手工制作", "暑期读书"]) == "“寒假手工制作”“暑期读书”"
    assert (
        quoted_titles(["寒假手工制作", "“留守儿童之家建设”党员奉献日活动"])
        == "“寒假手工制作”、“留守儿童之家建设”党员奉献日活动"
    )
