"""A county with little on record: no zero sentence, no invented fact, 【待补充】 to write.

No volunteer teams, no activity rooms, no equipment, no previous-year figures, no
coordination leader, no location text, no pupils recorded; filing is refused until the
officer writes or removes every 【待补充：…】.
"""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from reports.models import HalfYearReport
from reports.selectors import report_content, report_figures
from reports.services import report_draft_create, report_file, report_update
from reports.writing import editable_paragraphs, report_blocks
from reports.writing.chips import blocking_marks
from tests.factories import ActivityFactory, ChildFactory, HomeFactory, UserFactory
from tests.reports.service_county import PERIOD

INVENTED = [
    "电脑、图书、电话机",
    "图书、文体器材",
    "社会志愿者、村两委干部",
    "县领导",
    "业务水平不高",
]
ZERO_WITH_MEASURE = re.compile(r"(?<![0-9.])0(个|所|名|人|次|场|支|笔|元|万)")


@pytest.fixture
def sparse(county, school_a):
    county.location_text = ""
    county.coordination_leader = ""
    county.coordination_since = None
    county.report_issuer = "示范县妇联"
    county.save()
    ChildFactory(school=school_a, registered_on=datetime.date(2026, 2, 1))
    # A home built in the half but with no equipment recorded.
    HomeFactory(school=school_a, mode="1", planned_year=2026, built_year=2026, built_month=4)
    return county


@pytest.fixture
def officer(sparse):
    return UserFactory(role=Role.FEDERATION, county=sparse)


def _blocks(county):
    figures = report_figures(county=county, period=PERIOD)
    return report_blocks(figures=figures, signed_on=datetime.date(2026, 7, 3))


@pytest.mark.django_db
def test_a_sparse_county_gets_no_zero_sentence_and_no_empty_list(sparse):
    text = "\n".join(b["text"] for b in _blocks(sparse))

    assert not ZERO_WITH_MEASURE.findall(text)
    assert "开展等" not in text
    assert "爱心妈妈" not in text
    paragraphs = [b for b in _blocks(sparse) if b["kind"] == "para"]
    assert not [b for b in paragraphs if "活动室" in b["text"] and b["key"] != "problems_intro"]
    assert "受众" not in text
    assert "2025年" not in text


@pytest.mark.django_db
def test_a_sparse_county_gets_no_invented_fact_but_markers_where_the_officer_must_write(
    sparse,
):
    blocks = _blocks(sparse)
    text = "\n".join(b["text"] for b in blocks)
    marks = [m for b in blocks for m in blocking_marks(b["text"])]

    assert not [phrase for phrase in INVENTED if phrase in text]
    assert "【待补充：地理位置】" in marks
    assert "【待补充：协调小组组长】" in marks
    assert "【待补充：模式一之家配备的设备】" in marks
    assert "【待补充：在校学生人数】" in marks
    assert "2026年上半年尚未召开联席会议。" in text


@pytest.mark.django_db
def test_sections_left_empty_are_dropped_and_the_rest_renumbered(sparse):
    headings = [b["text"] for b in _blocks(sparse) if b["kind"] == "heading1"]

    assert [h[:2] for h in headings] == ["一、", "二、", "三、", "四、"][: len(headings)]
    assert headings[-1].endswith("存在的主要问题")


@pytest.mark.django_db
def test_filing_is_refused_until_every_marker_is_written_or_removed(sparse, officer):
    report = report_draft_create(by=officer, year=2026, half="H1")

    with pytest.raises(ValidationError, match="待补充"):
        report_file(by=officer, report=report)

    figures, _blocks = report_content(report, today=datetime.date(2026, 7, 3))
    edited = {}
    for key, _label, text in editable_paragraphs(figures, None, None):
        text = text.replace("【待补充：地理位置】", "位于省境东部")
        text = text.replace("【待补充：协调小组组长】", "县委副书记")
        text = text.replace("，配备【待补充：模式一之家配备的设备】", "")
        text = text.replace("在校学生【待补充：在校学生人数】人", "在校学生若干人")
        edited[key] = text
    report_update(by=officer, report=report, paragraphs=edited, rounding={})
    filed = report_file(by=officer, report=report)

    assert filed.status == HalfYearReport.Status.FILED
    assert not [m for b in filed.narrative["blocks"] for m in blocking_marks(b["text"])]
    assert "位于省境东部" in filed.narrative["blocks"][1]["text"]


@pytest.mark.django_db
def test_a_title_with_lenticular_brackets_stays_one_editable_chip(officer, sparse, school_a):
    ActivityFactory(
        county=sparse, school=school_a, title="【安全】讲座", on=datetime.date(2026, 3, 2)
    )
    report = report_draft_create(by=officer, year=2026, half="H1")
    figures, _blocks = report_content(report, today=datetime.date(2026, 7, 3))
    paragraphs = dict((k, t) for k, _label, t in editable_paragraphs(figures, None, None))

    report_update(by=officer, report=report, paragraphs=paragraphs, rounding={})

    assert "〔安全〕讲座" in paragraphs["school_activities"]
    assert report.narrative["templates"] == {}
