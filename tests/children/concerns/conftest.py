"""Fixtures for mandatory reports: a clock the test sets, and a second mentor and staff."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from tests.factories import UserFactory

# 09:00 in Beijing on a school Monday.
START = datetime.datetime(2026, 3, 2, 1, 0, tzinfo=datetime.UTC)


class Clock:
    """A settable "now" for django.utils.timezone.now: time moves only when told."""

    def __init__(self, start: datetime.datetime):
        self.now = start

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, **delta) -> datetime.datetime:
        """Move the clock forward by a timedelta's keywords; return the new now."""
        self.now += datetime.timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """Freeze django.utils.timezone.now at START; `clock.advance(hours=2)` moves it."""
    frozen = Clock(START)
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen


@pytest.fixture
def reporter(county, school_a):
    """A teacher named 王秀兰 who keeps school_a's register: the person who reports."""
    return UserFactory(
        username="reporter",
        full_name="王秀兰",
        role=Role.SCHOOL_STAFF,
        county=county,
        school=school_a,
    )
