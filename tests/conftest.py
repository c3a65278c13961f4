"""Shared fixtures: a small county of two towns and three schools, and one user per role.

Layout: town_a has school_a and school_a2 and village_a; town_b has school_b and village_b.
Every role fixture works inside town_a / school_a / village_a unless its name says otherwise.
"""

import pytest
from django.conf import settings
from django.utils import translation

from accounts.models import Role
from tests.factories import (
    CarerFactory,
    ChildFactory,
    CountyFactory,
    PairingFactory,
    SchoolFactory,
    TownFactory,
    UserFactory,
    VillageFactory,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Start every test with an empty cache: cached dashboard figures of one test (in one
    language, for one county) must never answer another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def county(db):
    return CountyFactory(name="示范县", code="340299")


@pytest.fixture
def town_a(county):
    return TownFactory(county=county, name="湾沚镇")


@pytest.fixture
def town_b(county):
    return TownFactory(county=county, name="六郎镇")


@pytest.fixture
def village_a(town_a):
    return VillageFactory(town=town_a, name="东河村")


@pytest.fixture
def village_b(town_b):
    return VillageFactory(town=town_b, name="西山村")


@pytest.fixture
def school_a(town_a):
    return SchoolFactory(town=town_a, name="湾沚中心小学")


@pytest.fixture
def school_a2(town_a):
    return SchoolFactory(town=town_a, name="湾沚二小")


@pytest.fixture
def school_b(town_b):
    return SchoolFactory(town=town_b, name="六郎中心小学")


@pytest.fixture
def school_staff(county, school_a):
    return UserFactory(username="staff_a", role=Role.SCHOOL_STAFF, county=county, school=school_a)


@pytest.fixture
def school_staff_b(county, school_b):
    return UserFactory(username="staff_b", role=Role.SCHOOL_STAFF, county=county, school=school_b)


@pytest.fixture
def mentor(county, school_a):
    user = UserFactory(username="mentor_a", role=Role.MENTOR, county=county, school=school_a)
    CarerFactory(user=user, school=school_a, name="李老师")
    return user


@pytest.fixture
def village_director(county, village_a):
    return UserFactory(
        username="village_a", role=Role.VILLAGE_DIRECTOR, county=county, village=village_a
    )


@pytest.fixture
def town_officer(county, town_a):
    return UserFactory(username="town_a", role=Role.TOWN_OFFICER, county=county, town=town_a)


@pytest.fixture
def town_officer_b(county, town_b):
    return UserFactory(username="town_b", role=Role.TOWN_OFFICER, county=county, town=town_b)


@pytest.fixture
def federation_officer(county):
    return UserFactory(username="fed", role=Role.FEDERATION, county=county)


@pytest.fixture
def education_officer(county):
    return UserFactory(username="edu", role=Role.EDUCATION, county=county)


@pytest.fixture
def coordination_member(county):
    return UserFactory(username="coord", role=Role.COORDINATION, county=county)


@pytest.fixture
def administrator(county):
    return UserFactory(username="admin1", role=Role.ADMIN, county=county, is_staff=True)


@pytest.fixture
def child_a(school_a, village_a):
    """A child at school_a living in village_a, paired with the `mentor` fixture's carer."""
    return ChildFactory(school=school_a, village=village_a, name="张小明")


@pytest.fixture
def child_b(school_b, village_b):
    """A child at school_b living in village_b: outside every town_a user's scope."""
    return ChildFactory(school=school_b, village=village_b, name="李小红", sex="F")


@pytest.fixture
def paired_child(child_a, mentor):
    PairingFactory(child=child_a, carer=mentor.carer)
    return child_a


@pytest.fixture
def run_worker():
    """Return a function that runs the background task worker until its queue is empty.

    It is the real `db_worker` loop of django-tasks-db (batch mode, no signal handlers),
    run in the test's thread; use it in `django_db(transaction=True)` tests.
    """
    from django.utils.crypto import get_random_string
    from django_tasks_db.management.commands.db_worker import Worker

    def run() -> int:
        worker = Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        worker.run()
        return worker._run_tasks

    return run


@pytest.fixture
def chinese_afterwards():
    """Leave the site's language active after a test whose requests switched it."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
