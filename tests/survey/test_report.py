"""The half-year report's survey figures (摸底登记) read the closed term survey's snapshot."""

import datetime

import pytest
from django.utils import timezone

from children.models import Child
from core.periods import report_period
from reports.figures import report_figures
from reports.writing import report_blocks
from survey import services

pytestmark = pytest.mark.django_db


def _survey_paragraph(figures) -> str:
    blocks = report_blocks(figures=figures, signed_on=datetime.date(2030, 7, 10))
    return next(b["text"] for b in blocks if b["key"] == "survey")


def test_the_report_counts_the_survey_as_frozen_at_close(
    county, federation_officer, pupils_a, pupils_b
):

    survey = services.survey_open(
        by=federation_officer,
        year=2030,
        semester="spring",
        deadline=timezone.localdate() + datetime.timedelta(days=3),
    )
    services.survey_close(by=federation_officer, survey=survey)
    Child.objects.filter(pk=pupils_a[0].pk).update(is_left_behind=False, is_migrant=True)
    figures = report_figures(county=county, period=report_period(2030, "H1"))
    assert figures["survey"]["left_behind"] == 7 and figures["survey"]["migrant"] == 0
    text = _survey_paragraph(figures)
    assert "进行了摸底登记" in text and "7名“留守儿童”" in text and "随迁子女" not in text
    # H2 has no closed autumn survey: its paragraph counts the register instead.
    later = report_figures(county=county, period=report_period(2030, "H2"))
    assert later["survey"] is None
    text = _survey_paragraph(later)
    assert "登记在册6名“留守儿童”和1名“随迁子女”" in text
