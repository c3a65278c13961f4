"""Switching the interface language from the navbar in Chromium: English, then back."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from tests.factories import ChildFactory, CountyFactory, SchoolFactory, TownFactory, UserFactory

PASSWORD = "pass-word-123"  # UserFactory's password


@pytest.fixture
def staff_with_register():
    """A school staff member whose school registers one left-behind child."""
    county = CountyFactory(name="示范县", code="340299")
    school = SchoolFactory(town=TownFactory(county=county, name="湾沚镇"), name="湾沚中心小学")
    ChildFactory(school=school, name="张小明", is_left_behind=True)
    return UserFactory(
        username="staff_a", full_name="陈老师", role=Role.SCHOOL_STAFF, county=county, school=school
    )


@pytest.mark.django_db(transaction=True)
def test_navbar_switches_the_register_to_english_and_back(
    desktop_page: Page, live_server, login, staff_with_register, screenshot
):
    page = desktop_page
    login(page, live_server, "staff_a", PASSWORD)
    page.goto(f"{live_server.url}/children/")
    nav = page.get_by_role("navigation", name="主导航")
    expect(nav.get_by_role("link", name="台账", exact=True)).to_be_visible()

    with page.expect_navigation():
        nav.get_by_role("button", name="English", exact=True).click()

    assert page.url == f"{live_server.url}/children/"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    nav = page.get_by_role("navigation", name="Main navigation")
    # The longer English menu folds into the menu button below 1400 px instead of wrapping.
    nav.get_by_role("button", name="Open menu").click()
    expect(nav.get_by_role("link", name="Register", exact=True)).to_be_visible()
    expect(nav.get_by_role("button", name="English", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Children's register")
    expect(page.get_by_text("Left-behind").first).to_be_visible()
    expect(page.get_by_role("cell", name="张小明")).to_be_visible()  # data stays as entered
    screenshot(page, "register-english", full_page=False)

    with page.expect_navigation():
        nav.get_by_role("button", name="简体中文", exact=True).click()

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    nav = page.get_by_role("navigation", name="主导航")
    expect(nav.get_by_role("link", name="台账", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Register", exact=True)).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_contain_text("儿童台账")
