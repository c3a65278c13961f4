"""The four dashboards in Chromium: charts drawn, no console error; screenshots for the docs."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Role
from tests.factories import (
    ActivityFactory,
    ChildFactory,
    ConcernFactory,
    ContactFactory,
    CountyFactory,
    DonationFactory,
    DonorFactory,
    HomeFactory,
    PairingFactory,
    SchoolFactory,
    TownFactory,
    UserFactory,
    VillageFactory,
    make_id_number,
)

PASSWORD = "pass-word-123"
NAMES = ["张小明", "王小兰", "李思远", "赵一鸣", "陈佳怡", "刘子涵", "杨浩然", "黄雨桐", "周梓萱"]


@pytest.fixture
def county_users():
    """A county of two towns and four schools with children, care work and one user per role."""
    cache.clear()
    today = timezone.localdate()
    county = CountyFactory(name="示范县", code="340299")
    schools = []
    for town_name, school_names in (("湾沚镇", ["湾沚中心小学", "湾沚二小"]),
                                    ("六郎镇", ["六郎中心小学", "六郎初级中学"])):  # fmt: skip
        town = TownFactory(county=county, name=town_name)
        VillageFactory(town=town, name=f"{town_name[:2]}村")
        schools += [SchoolFactory(town=town, name=name) for name in school_names]
    for i in range(36):
        school = schools[i % 4]
        birth = datetime.date(2012 + i % 5, 1 + i % 12, 1 + i % 27)
        child = ChildFactory(
            school=school,
            name=NAMES[i % len(NAMES)] + ("" if i < 9 else str(i)),
            birth_date=birth,
            id_number=make_id_number(birth),
            grade=1 + i % 6,
            class_name=f"{1 + i % 2}班",
            is_migrant=i % 7 == 0,
            is_left_behind=i % 7 != 0,
            is_in_difficulty=i % 5 == 0,
            registered_on=today - datetime.timedelta(days=300 if i % 3 else 10),
        )
        if i % 3:
            PairingFactory(child=child)
            ContactFactory(child=child, on=today - datetime.timedelta(days=i))
        if i % 11 == 0:
            ConcernFactory(child=child)
    for i, school in enumerate(schools):
        HomeFactory(school=school, mode="1" if i % 2 else "2", built_year=2018 if i < 3 else None)
        ActivityFactory(county=county, school=school, on=today - datetime.timedelta(days=3 + i))
    DonationFactory(
        donor=DonorFactory(county=county), received_on=today - datetime.timedelta(days=9)
    )
    users = {
        "fed": UserFactory(username="fed", role=Role.FEDERATION, county=county),
        "town": UserFactory(username="town_a", role=Role.TOWN_OFFICER, county=county,
                            town=schools[0].town),
        "school": UserFactory(username="staff_a", role=Role.SCHOOL_STAFF, county=county,
                              school=schools[0]),
        "coord": UserFactory(username="coord", role=Role.COORDINATION, county=county),
    }  # fmt: skip
    yield users
    cache.clear()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "who,path,shot",
    [
        ("fed", "/dashboard/county/", "dashboard-county.png"),
        ("town", "/dashboard/town/", "dashboard-town.png"),
        ("school", "/dashboard/school/", "dashboard-school.png"),
        ("coord", "/dashboard/coordination/", "dashboard-coordination.png"),
    ],
)
def test_dashboard_draws_its_charts_without_errors(
    new_context, live_server, login, county_users, desktop_viewport, who, path, shot, screenshot
):
    page: Page = new_context(viewport=desktop_viewport).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    login(page, live_server, county_users[who].username, PASSWORD)

    page.get_by_role("link", name="数据看板").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(path)
    charts = page.locator(".chart-wide svg.dashboard-chart")
    expect(charts).to_have_count(5)
    for i in range(5):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 200 and box["height"] > 40
    expect(page.locator("svg.dashboard-chart rect").first).to_be_attached()
    expect(page.get_by_test_id("as-of")).to_contain_text("数据截至")
    previous_term = page.locator(".dashboard-period a").nth(1)
    label = previous_term.inner_text()
    previous_term.click()
    expect(page.get_by_test_id("period-label")).to_contain_text(label)
    assert re.search(r"period=20\d\d-(spring|autumn)", page.url)
    page.go_back()
    screenshot(page, shot.removesuffix(".png"))
    assert errors == []
