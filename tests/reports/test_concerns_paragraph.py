"""Section 五 states the half-year's mandatory reports: raised, to the police in time, closed."""

import datetime

import pytest

from children.concerns import services
from children.models import Concern, ConcernStep
from core.periods import half_year
from reports.selectors import report_figures
from reports.writing import report_blocks
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

H1 = half_year(2026, 1)
UTC = datetime.UTC


def _problems(blocks) -> str:
    """Return the text of the problems section (五 in a full report; a sparse county's
    report numbers its sections without the empty ones)."""
    heading, parts = "", []
    for block in blocks:
        if block["kind"] == "heading1":
            heading = block["text"]
        elif block["kind"] == "para" and heading.endswith("存在的主要问题"):
            parts.append(block["text"])
    return "\n".join(parts)


def _section_5(county):
    figures = report_figures(county=county, period=H1)
    blocks = report_blocks(figures=figures, signed_on=datetime.date(2026, 7, 10))
    return _problems(blocks), figures


def _at(month, day, hour=2):
    return datetime.datetime(2026, month, day, hour, tzinfo=UTC)


@pytest.fixture
def reported(county, school_a, village_a, federation_officer, town_officer):
    """Three reports in H1 (one to the police in time, one late, one needing no police;
    one closed) and one in H2 that the half-year leaves out."""
    children = [ChildFactory(school=school_a, village=village_a) for _ in range(4)]

    def raise_(child, kind, when):
        return services.concern_raise(
            by=federation_officer, child=child, kind=kind, description="情况", now=when
        )

    def police(concern, when):
        services.concern_step_record(
            by=federation_officer,
            concern=concern,
            kind=ConcernStep.Kind.TOLD_POLICE,
            recipient="派出所",
            channel=ConcernStep.Channel.PHONE,
            at=when,
            now=when,
        )

    harm = raise_(children[0], Concern.Kind.SUSPECTED_HARM, _at(3, 2))
    police(harm, _at(3, 2, 2))
    services.concern_close(by=town_officer, concern=harm, outcome="已立案侦查", now=_at(3, 20))
    alone = raise_(children[1], Concern.Kind.LIVING_ALONE, _at(4, 8))
    police(alone, _at(4, 8, 9))
    raise_(children[2], Concern.Kind.DROPOUT_RISK, _at(5, 6))
    raise_(children[3], Concern.Kind.MISSING, _at(8, 1))


def test_section_5_states_the_half_years_reports_in_official_numerals(county, reported):
    text, figures = _section_5(county)
    assert figures["concerns"] == {
        "raised": 3, "needs_police": 2, "police_in_time": 1, "closed": 1, "still_open": 2
    }  # fmt: skip
    assert (
        "强制报告方面，2026年上半年共受理强制报告3件，其中依规须向公安机关报案2件，"
        "1件在规定时限内报案、1件超过时限；已结案1件，仍在跟进2件。"
    ) in text


def test_a_half_year_without_reports_says_nothing_about_them(county, school_a):
    text, _figures = _section_5(county)
    assert text and "强制报告" not in text


def test_a_report_filed_before_reports_were_counted_still_renders(county, reported):
    figures = report_figures(county=county, period=H1)
    del figures["concerns"]
    blocks = report_blocks(figures=figures, signed_on=datetime.date(2026, 7, 10))
    assert _problems(blocks) and "强制报告" not in _problems(blocks)


def test_all_handed_over_in_time_and_closed_reads_as_such(
    county, school_a, village_a, federation_officer
):
    concern = services.concern_raise(
        by=federation_officer,
        child=ChildFactory(school=school_a, village=village_a),
        kind=Concern.Kind.SELF_HARM,
        description="自伤",
        now=_at(2, 3),
    )
    services.concern_step_record(
        by=federation_officer,
        concern=concern,
        kind=ConcernStep.Kind.TOLD_POLICE,
        recipient="110",
        channel=ConcernStep.Channel.PHONE,
        at=_at(2, 3, 2),
        now=_at(2, 3, 2),
    )
    services.concern_close(by=federation_officer, concern=concern, outcome="已就医", now=_at(2, 9))
    text, _figures = _section_5(county)
    assert "共受理强制报告1件，其中依规须向公安机关报案1件，均在规定时限内报案，均已结案。" in text
