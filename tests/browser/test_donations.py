"""A federation officer records a donation in Chromium, aids two children from it, and
watches the balance go down; the ledger then shows what is left."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from donations.models import Aid
from tests.factories import ChildFactory, CountyFactory, SchoolFactory, TownFactory, UserFactory

PASSWORD = "pass-word-123"


@pytest.fixture
def federation():
    """A federation officer of a county with two children at one school."""
    county = CountyFactory(name="示范县", code="340299")
    school = SchoolFactory(town=TownFactory(county=county, name="湾沚镇"), name="湾沚中心小学")
    ChildFactory(school=school, name="张小明")
    ChildFactory(school=school, name="王小兰", sex="F")
    return UserFactory(username="fed", full_name="刘主任", role=Role.FEDERATION, county=county)


@pytest.mark.django_db(transaction=True)
def pick_child(form, name: str) -> None:
    """Type part of the name into the child picker and pick the first match."""
    form.get_by_label("受助儿童").fill(name[1:])
    form.locator(".picker-result").filter(has_text=name).first.click()
    expect(form.locator(".picker-chip")).to_contain_text(name)


def test_federation_officer_records_a_donation_and_aids_two_children(
    desktop_page: Page, live_server, login, federation, screenshot
):
    page = desktop_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, live_server, "fed", PASSWORD)

    page.get_by_role("link", name="捐赠", exact=True).click()
    page.get_by_role("link", name="登记捐赠").click()
    page.locator("#id_donor_name").fill("恒升集团")
    page.get_by_label("捐赠方类型").select_option("enterprise")
    page.get_by_label("金额或折价（元）").fill("6000")
    page.get_by_label("接收单位类型").select_option("federation")
    page.get_by_label("接收日期").fill("2025-03-01")
    page.get_by_label("用途").fill("资助贫困留守儿童")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("donation-balance")).to_have_text("6000.00")

    for name, amount, balance in (("张小明", "500", "5500.00"), ("王小兰", "800", "4700.00")):
        form = page.get_by_test_id("aid-form")
        pick_child(form, name)
        form.get_by_label("资助类型").select_option("study")
        form.get_by_label("每人金额或折价（元）").fill(amount)
        form.get_by_label("发放日期").fill("2025-04-01")
        form.get_by_role("button", name="发放资助").click()
        expect(page.get_by_test_id("donation-balance")).to_have_text(balance)
        expect(page.get_by_test_id("aid-rows")).to_contain_text(name)

    # Asking for more than is left is refused, in Chinese, keeping what was typed.
    form = page.get_by_test_id("aid-form")
    pick_child(form, "张小明")
    form.get_by_label("资助类型").select_option("living")
    form.get_by_label("每人金额或折价（元）").fill("5000")
    form.get_by_label("发放日期").fill("2025-04-02")
    form.get_by_role("button", name="发放资助").click()
    expect(page.get_by_test_id("form-errors")).to_contain_text("超过该捐赠的余额 4700.00 元")
    expect(form.get_by_label("每人金额或折价（元）")).to_have_value("5000")

    page.get_by_role("link", name="捐赠台账").first.click()
    expect(page.get_by_test_id("ledger-rows")).to_contain_text("4700.00")
    expect(page.get_by_test_id("ledger-overall")).to_contain_text("1300.00")
    screenshot(page, "donation-ledger", full_page=True)
    assert Aid.objects.count() == 2
    assert errors == []
