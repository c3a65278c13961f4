"""Fixtures of the survey tests: children registered before the survey, and an open survey."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from survey.services import survey_open
from tests.factories import ChildFactory, ParentFactory


@pytest.fixture
def before():
    """Return a day well before any survey the tests open (children registered then)."""
    return timezone.localdate() - datetime.timedelta(days=60)


def registered_child(school, before, **kwargs):
    """Return an open child of `school`, registered before the survey, with both parents away."""
    child = ChildFactory(school=school, registered_on=before, **kwargs)
    ParentFactory(child=child, relation="father", name="父" + child.name, phone="13900000001")
    ParentFactory(child=child, relation="mother", name="母" + child.name, phone="13900000002")
    return child


@pytest.fixture
def pupils_a(school_a, village_a, before):
    """Return four children of school_a (town_a), registered before the survey."""
    return [registered_child(school_a, before, village=village_a, name=f"甲{i}") for i in range(4)]


@pytest.fixture
def pupils_b(school_b, village_b, before):
    """Return three children of school_b (town_b), registered before the survey."""
    return [registered_child(school_b, before, village=village_b, name=f"乙{i}") for i in range(3)]


@pytest.fixture
def survey(federation_officer):
    """Return the county's survey of the current term, open for two weeks."""
    from core.periods import term_containing

    year, semester = term_containing(timezone.localdate())
    return survey_open(
        by=federation_officer,
        year=year,
        semester=semester,
        deadline=timezone.localdate() + datetime.timedelta(days=14),
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Start every test with an empty cache: dashboard figures are cached by scope and ids
    repeat between tests on SQLite."""
    cache.clear()
    yield
    cache.clear()
