"""A half-year report of a county built through the services, sentence by sentence.

The county (tests/reports/service_county.py) holds second-half and voided records the
report must ignore; every sentence that carries a figure is checked as it reads, in the
official numeral style (no spaces, GB/T 15835).
"""

import datetime

import pytest

from core.periods import report_period as period_for
from reports.selectors import report_figures
from reports.writing import report_blocks, section_of
from tests.reports.service_county import PERIOD, build_county

SIGNED = datetime.date(2026, 7, 3)


@pytest.fixture
def beiling(county):
    build_county(county)
    return report_figures(county=county, period=PERIOD)


def _text(figures, rounding=None):
    return report_blocks(figures=figures, rounding=rounding, signed_on=SIGNED)


@pytest.mark.django_db
def test_title_overview_and_signature_read_from_the_profile_and_the_register(beiling):
    blocks = _text(beiling)
    overview = section_of(blocks, 0)

    assert blocks[0]["text"] == "北岭县2026年上半年关爱留守儿童工作情况汇报"
    assert overview == (
        "北岭县位于省境西北部，汉江上游北岸。现辖2个乡镇，辖2个行政村、1个居委会，"
        "总面积1342.5平方公里，人口42.7万人。全县有1所中学、2所中心小学、1所九年一贯制学校，"
        "在校学生2267人，其中登记在册的留守儿童7人、流动儿童1人。"
    )
    assert [b["text"] for b in blocks if b["kind"] == "signature"] == [
        "北岭县妇女联合会",
        "2026年7月3日",
    ]


@pytest.mark.django_db
def test_section_one_names_the_meeting_of_the_half_with_its_date_and_chair(beiling):
    one = section_of(_text(beiling), 1)

    assert (
        "自2019年以来，成立了北岭县关爱留守流动儿童工作协调小组，由县委常委、宣传部部长担任组长"
        in one
    )
    assert (
        "2026年上半年共召开联席会议1次（3月20日，由县委常委、宣传部部长王建国主持），"
        "研究、部署相关工作。"
    ) in one
    assert "刘芳" not in one  # the September meeting belongs to the second half
    assert "县政府办公室印发了《北岭县农村留守儿童关爱保护工作实施方案》。" in one


@pytest.mark.django_db
def test_section_two_counts_homes_in_ge_and_their_schools_in_suo(beiling):
    two = section_of(_text(beiling), 2)

    assert (
        "全县规划在3所学校建设留守儿童之家4个（2025年），其中2025年建成1个、"
        "2026年上半年建成2个，累计建成3个，分布在2所学校。"
    ) in two
    assert (
        "建成模式一留守儿童之家2个（分布在1所学校，配备电脑、图书、亲情电话）、"
        "模式二留守儿童之家1个（分布在1所学校，配备电视机、图书）。"
    ) in two
    assert "已建成的留守儿童之家中有3个建立了留守儿童成长记录册和档案袋" in two
    assert "县妇联牵头建成留守流动儿童活动室1个，配备了书柜、乒乓球台。" in two
    assert "建立了“爱心妈妈”队伍1支、共14人。" in two
    assert "2026年上半年依托活动室开展“读书分享会”主题活动1次，参加儿童18人次。" in two


@pytest.mark.django_db
def test_section_three_lists_each_kind_of_activity_donations_and_valid_aid(beiling):
    three = section_of(_text(beiling), 3)

    assert "截至2026年6月30日，全县登记在册7名“留守儿童”和1名“随迁子女”" in three
    assert "其中2026年上半年新登记8名。" in three
    assert "现有帮扶教师1名，与5名留守儿童结成帮扶对子" in three
    assert "各校聘请村（居）干部1名作为留守儿童的代理家长，与2名留守儿童结对" in three
    assert (
        "青石镇中心小学于3月12日开展了“防溺水安全讲座”（45名留守学生参加）、"
        "白河镇中心小学于4月5日开展了“清明节假日小队”活动（30名留守学生参加）、"
        "白河九年制学校于5月20日开展了“感恩父母主题队会”（25名留守学生参加）。"
    ) in three
    assert (
        "2026年上半年各校共开展关爱活动4次，其中安全教育讲座2次、假日活动1次、"
        "主题班（队）会1次，参加留守儿童140人次。"
    ) in three
    assert "家长会" not in three  # counted once, in section 四
    assert (
        "2026年上半年共接收社会捐赠2笔、计161400元，其中汉江实业有限公司捐助153400元、"
        "爱心人士周女士向白河镇中心小学捐助8000元，发放资助2100元，资助困难留守儿童3名。"
    ) in three
    assert "2025年，县妇联接受社会捐助56000元。" in three


@pytest.mark.django_db
def test_section_three_writes_the_rounding_the_officer_chose(beiling):
    three = section_of(_text(beiling, {"donation_amount": "wan_over"}), 3)

    assert "共接收社会捐赠2笔、计16万余元" in three


@pytest.mark.django_db
def test_section_four_counts_parent_meetings_lectures_and_visits_once(beiling):
    four = section_of(_text(beiling, {"audience": "r2_over"}), 4)

    assert four.startswith("全县2所学校办有家长学校")
    assert "2026年上半年共举办家庭教育报告会1场、受众人数3100余人。" in four
    assert (
        "2026年上半年，各校召开留守儿童家长会1次、参会家长63人次，"
        "帮扶教师家访4次、走访留守儿童4名。"
    ) in four


@pytest.mark.django_db
def test_section_five_offers_the_platforms_findings_from_the_data(beiling):
    five = section_of(_text(beiling), 5)

    assert (
        "还有3名在册儿童尚未落实帮扶教师；4名在册儿童超过30天未得到走访或联系，"
        "这些都需要我们在今后的工作中加以改进。"
    ) in five
    assert "业务水平不高" not in five


@pytest.mark.django_db
def test_the_second_half_report_counts_what_the_first_half_left_out(county):
    build_county(county)
    figures = report_figures(county=county, period=period_for(2026, "H2"))
    two = section_of(_text(figures), 2)

    assert "其中2025年建成1个、2026年上半年建成2个、2026年下半年建成1个，累计建成4个" in two
    assert figures["leadership"]["meetings"] == [{"on": "2026-09-08", "chair": "副县长刘芳"}]


@pytest.mark.django_db
def test_a_towns_report_says_whose_town_it_is_and_counts_only_its_own_records(county):
    beiling = build_county(county)
    town = beiling["towns"][1]
    figures = report_figures(county=county, period=PERIOD, town=town)
    blocks = _text(figures)

    assert blocks[0]["text"] == "白河镇2026年上半年关爱留守儿童工作情况汇报"
    assert section_of(blocks, 0).startswith("白河镇隶属北岭县。辖1个行政村。全镇有1所中心小学")
    assert "平方公里" not in section_of(blocks, 0)
    assert "全镇规划在2所学校建设留守儿童之家2个（2025年）" in section_of(blocks, 2)
