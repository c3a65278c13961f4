"""Logging in through the real form in Chromium, and what each role's home page shows."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from tests.factories import (
    ChildFactory,
    CountyFactory,
    PairingFactory,
    SchoolFactory,
    TownFactory,
    UserFactory,
)

PASSWORD = "pass-word-123"  # UserFactory's password


@pytest.fixture
def demo_county():
    """A county with one school of two open children (one of them paired) and one closed."""
    county = CountyFactory(name="示范县", code="340299")
    town = TownFactory(county=county, name="湾沚镇")
    school = SchoolFactory(town=town, name="湾沚中心小学")
    paired = ChildFactory(school=school, name="张小明")
    ChildFactory(school=school, name="王小兰", sex="F", is_in_difficulty=True)
    ChildFactory(school=school, name="李已结", status="closed", close_reason="parents_back")
    PairingFactory(child=paired)
    staff = UserFactory(
        username="staff_a", full_name="陈老师", role=Role.SCHOOL_STAFF, county=county, school=school
    )
    coordination = UserFactory(
        username="coord", full_name="刘主任", role=Role.COORDINATION, county=county
    )
    return {"school": school, "staff": staff, "coordination": coordination}


@pytest.mark.django_db(transaction=True)
def test_school_staff_logs_in_and_sees_own_school_on_home(
    page: Page, live_server, login, demo_county, screenshot
):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="留守儿童关爱服务平台")).to_be_visible()
    screenshot(page, "login", full_page=True)

    login(page, live_server, "staff_a", PASSWORD)

    assert page.url == f"{live_server.url}/"
    expect(page.get_by_role("heading", level=1)).to_contain_text("陈老师")
    expect(page.get_by_test_id("role-label")).to_have_text("学校管理员")
    expect(page.get_by_test_id("scope-label")).to_have_text("湾沚中心小学")
    expect(page.get_by_test_id("figure-open_children")).to_contain_text("2")
    expect(page.get_by_test_id("figure-in_difficulty")).to_contain_text("1")
    expect(page.get_by_test_id("figure-without_mentor")).to_contain_text("1")
    screenshot(page, "home-school-staff", full_page=True)


@pytest.mark.django_db(transaction=True)
def test_wrong_password_shows_chinese_error(page: Page, live_server, login, demo_county):
    login(page, live_server, "staff_a", "not-the-password")

    expect(page.get_by_test_id("login-error")).to_contain_text("请输入一个正确的用户名和密码")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")


@pytest.mark.django_db(transaction=True)
def test_coordination_member_home_shows_county_aggregates_without_names(
    page: Page, live_server, login, demo_county
):
    login(page, live_server, "coord", PASSWORD)

    expect(page.get_by_role("heading", name="全县汇总")).to_be_visible()
    expect(page.get_by_test_id("role-label")).to_have_text("协调小组成员")
    # Two open children: a count under 5 is shown to the group as "<5", as on its dashboard.
    expect(page.get_by_test_id("figure-open_children")).to_contain_text("<5")
    body = page.locator("body").inner_text()
    for name in ("张小明", "王小兰", "李已结"):
        assert name not in body


@pytest.mark.django_db(transaction=True)
def test_phone_navbar_collapses_and_opens(phone_page: Page, live_server, login, demo_county):
    login(phone_page, live_server, "staff_a", PASSWORD)

    logout = phone_page.get_by_role("button", name="退出登录")
    expect(logout).to_be_hidden()
    phone_page.get_by_role("button", name="展开菜单").click()
    phone_page.get_by_test_id("current-user").click()
    expect(logout).to_be_visible()
