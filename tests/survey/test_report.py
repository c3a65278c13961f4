"""The half-year report's survey figures (摸底登记) read the closed term survey's snapshot."""

import datetime

import pytest
from django.utils import timezone

from children.models import Child
from core.periods import report_period
from reports.selectors import report_figures
from reports.writing import token_values
from survey import services

pytestmark = pytest.mark.django_db


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
    values = token_values(figures, {}, None)
    assert values["survey_left_behind"] == "7" and values["survey_period"] == survey.label
    # H2 has no closed autumn survey: its paragraph counts the register instead.
    later = token_values(report_figures(county=county, period=report_period(2030, "H2")), {}, None)
    assert later["survey_left_behind"] == "6" and later["survey_migrant"] == "1"
