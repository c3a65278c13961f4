"""The half-year figures of mandatory reports: raised, needing the police, in time, closed."""

import datetime

import pytest

from children.concerns import services
from children.concerns.selectors import concern_period_figures
from children.models import Concern, ConcernStep

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
H1 = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))


def test_half_year_figures_count_the_reports_raised_in_it(reporter, child_a, town_officer):
    def at(month, day, hour=2):
        return datetime.datetime(2026, month, day, hour, tzinfo=UTC)

    def raise_(kind, when):
        return services.concern_raise(
            by=reporter, child=child_a, kind=kind, description="情况", now=when
        )

    in_time = raise_(Concern.Kind.SUSPECTED_HARM, at(3, 2))
    services.concern_step_record(
        by=reporter,
        concern=in_time,
        kind=ConcernStep.Kind.TOLD_POLICE,
        recipient="派出所",
        channel=ConcernStep.Channel.PHONE,
        at=at(3, 2, 2),
        now=at(3, 2, 3),
    )
    services.concern_close(by=town_officer, concern=in_time, outcome="已立案", now=at(3, 9))
    late = raise_(Concern.Kind.LIVING_ALONE, at(4, 1))
    services.concern_step_record(
        by=reporter,
        concern=late,
        kind=ConcernStep.Kind.TOLD_POLICE,
        recipient="派出所",
        channel=ConcernStep.Channel.PHONE,
        at=at(4, 1, 6),
        now=at(4, 1, 6),
    )
    raise_(Concern.Kind.DROPOUT_RISK, at(5, 1))
    raise_(Concern.Kind.MISSING, at(7, 2))  # the second half
    figures = concern_period_figures(Concern.objects.all(), first=H1[0], last=H1[1])
    assert figures == {
        "raised": 3,
        "needs_police": 2,
        "police_in_time": 1,
        "closed": 1,
        "still_open": 2,
    }
