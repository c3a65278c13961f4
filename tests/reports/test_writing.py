"""The report's Chinese text: the 2011 report's figures in the right sections and wording."""

import datetime
from decimal import Decimal

import pytest

from reports.selectors import report_figures
from reports.writing import amount_wording, cn_number, report_blocks, section_of
from tests.reports.golden import DOCUMENTS, PERIOD, build_2011_county

ROUNDED = {"prev_fed_amount": "more", "prev_aided": "more", "prev_audience": "over"}


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

    assert "自 2008 年以来，成立了示范县关爱留守流动儿童工作协调小组，由县委副书记担任组长" in (
        leadership
    )
    documents = "、".join(f"《{title}》" for title, _issuer in DOCUMENTS)
    assert f"县教育局、县妇联分别印发了{documents}等系列文件" in leadership
    assert "2011 年上半年共召开联席会议 1 次。" in leadership

    assert "三年内规划完成全县 66 所学校的留守儿童之家建设任务" in homes
    assert "其中 2010 年建成 11 个、2011 年建成 11 个，累计建成校内留守儿童之家 22 个" in homes
    assert "建成模式一学校 6 所（配备电脑、图书、电话机）" in homes
    assert "模式二学校 16 所（配备电视机、图书、电话机）" in homes
    assert "县妇联负责牵头承建了两个留守流动儿童活动室" in homes
    assert "书柜、书刊、光盘、乒乓球拍、篮球等文体器材" in homes
    assert "“爱心妈妈”队伍 1 支、共 30 人" in homes

    assert "恒升集团向六郎中心学校捐助 6000 元" in schools
    assert "2010 年，县妇联接受社会捐助 20 多万元，资助贫困学生 300 多名。" in schools
    assert "湾沚二小于 3 月 7 日开展了“安全教育宣传片播放”活动（60 名留守学生参加）" in schools

    assert "2010 年县关工委共举办家庭教育报告会 13 场、受众人数 6500 余人" in network


@pytest.mark.django_db
def test_golden_report_keeps_exact_counts_exact_when_no_rounding_is_chosen(golden):
    schools, network = section_of(_blocks(golden), 3), section_of(_blocks(golden), 4)

    assert "县妇联接受社会捐助 203500 元，资助贫困学生 312 名。" in schools
    assert "受众人数 6530 人" in network


@pytest.mark.django_db
def test_golden_report_numbers_its_sections_one_to_five_and_signs_with_issuer_and_date(golden):
    blocks = _blocks(golden, ROUNDED)
    headings = [b["text"] for b in blocks if b["kind"] == "heading1"]
    signature = [b["text"] for b in blocks if b["kind"] == "signature"]

    assert [h[:2] for h in headings] == ["一、", "二、", "三、", "四、", "五、"]
    assert headings[4] == "五、存在的主要问题"
    assert blocks[0]["text"] == "示范县 2011 年上半年关爱留守儿童工作情况汇报"
    assert signature == ["示范县妇联儿童部", "2011 年 5 月 24 日"]


@pytest.mark.django_db
def test_golden_overview_paragraph_describes_the_county_from_its_profile(golden):
    overview = section_of(_blocks(golden), 0)

    assert overview.startswith("示范县位于某市东南部，长江中下游南岸。现辖 3 个镇，")
    assert "辖 6 个行政村、1 个居委会，总面积 676 平方公里，人口 38 万人。" in overview
    assert "全县有 5 所中学、60 所中心小学、3 所九年一贯制学校" in overview
    assert "在校学生 8000 人" in overview


@pytest.mark.django_db
def test_problems_section_offers_shared_rooms_and_drops_what_the_officer_unticks(golden):
    accepted = _blocks(golden)
    dropped = _blocks(golden, findings=["without_mentor"])

    assert "还有 2 个留守儿童之家存在多室合用的问题" in section_of(accepted, 5)
    assert "多室合用" not in section_of(dropped, 5)
    assert "尚未落实帮扶教师" in section_of(dropped, 5)


@pytest.mark.django_db
def test_edited_paragraph_keeps_its_figures_linked_to_the_data(golden):
    blocks = _blocks(golden, templates={"problems": "经研究，{homes_shared} 个之家需调整用房。"})

    assert "经研究，2 个之家需调整用房。" in section_of(blocks, 5)


@pytest.mark.parametrize(
    ("value", "unit", "style", "money", "expected"),
    [
        (203500, "元", "more", True, "20 多万元"),
        (312, "名", "more", False, "300 多名"),
        (6530, "人", "over", False, "6500 余人"),
        (6000, "元", "more", False, "6000 元"),
        (300, "名", "more", False, "300 名"),
        (56000, "元", "more", True, "5 万多元"),
        (Decimal("6000.00"), "元", "exact", True, "6000 元"),
        (8, "人", "over", False, "8 人"),
    ],
)
def test_amount_wording_rounds_only_when_the_rounded_words_are_true(
    value, unit, style, money, expected
):
    assert amount_wording(value, unit, style, money=money) == expected


def test_chinese_numerals_read_as_section_numbers():
    assert [cn_number(n) for n in (1, 5, 10, 12, 20, 21)] == [
        "一",
        "五",
        "十",
        "十二",
        "二十",
        "二十一",
    ]
