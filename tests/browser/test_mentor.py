"""A mentor on a phone: open "my children", record a home visit in two taps and a note."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Role
from children.models import Contact
from tests.factories import (
    CarerFactory,
    ChildFactory,
    ContactFactory,
    CountyFactory,
    PairingFactory,
    SchoolFactory,
    TownFactory,
    UserFactory,
    VillageFactory,
)

PASSWORD = "pass-word-123"


@pytest.fixture
def mentor_with_children():
    """A mentor paired with three children: one never contacted, one overdue, one recent."""
    county = CountyFactory(name="示范县", code="340299")
    town = TownFactory(county=county, name="湾沚镇")
    village = VillageFactory(town=town, name="东河村")
    school = SchoolFactory(town=town, name="湾沚中心小学")
    user = UserFactory(
        username="mentor_a", full_name="李老师", role=Role.MENTOR, county=county, school=school
    )
    carer = CarerFactory(user=user, school=school, name="李老师")
    today = timezone.localdate()
    children = {}
    for name, days in (("张小明", 45), ("王小兰", None), ("李思远", 4)):
        child = ChildFactory(school=school, village=village, name=name, grade=4, class_name="2班")
        PairingFactory(child=child, carer=carer)
        if days is not None:
            ContactFactory(child=child, carer=carer, on=today - datetime.timedelta(days=days))
        children[name] = child
    return children


@pytest.mark.django_db(transaction=True)
def test_mentor_records_a_home_visit_on_a_phone_and_the_child_is_no_longer_overdue(
    phone_page: Page, live_server, login, mentor_with_children, screenshot
):
    page = phone_page
    failed: list[str] = []
    page.on("pageerror", lambda exc: failed.append(str(exc)))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 500 else None)
    login(page, live_server, "mentor_a", PASSWORD)

    page.goto(f"{live_server.url}/")
    page.get_by_test_id("my-children-card").click()
    expect(page.get_by_role("heading", name="我的结对儿童")).to_be_visible()
    cards = page.get_by_test_id("my-child")
    expect(cards).to_have_count(3)
    # Overdue first: never contacted, then 45 days ago; the recent one last.
    expect(cards.nth(0)).to_contain_text("王小兰")
    expect(cards.nth(1)).to_contain_text("张小明")
    expect(cards.nth(2)).to_contain_text("李思远")
    expect(page.get_by_test_id("overdue-badge")).to_have_count(2)
    child = mentor_with_children["张小明"]
    card = page.locator(f"[data-testid='my-child'][data-child='{child.pk}']")
    expect(card).to_have_attribute("data-overdue", "1")

    card.get_by_role("button", name="记录").tap()  # first tap
    note = card.get_by_label("情况记录（可不填）")
    expect(card.locator(".collapse.show")).to_have_count(1)
    expect(card.get_by_label("日期")).to_have_value(timezone.localdate().isoformat())
    note.fill("与奶奶交流了学习情况，作业按时完成。")
    screenshot(page, "mentor-record-contact-phone", full_page=False)
    with page.expect_navigation():
        card.get_by_role("button", name="家访").tap()  # second tap saves

    expect(page.get_by_role("status")).to_contain_text("已记录 张小明 的家访。")
    card = page.locator(f"[data-testid='my-child'][data-child='{child.pk}']")
    expect(card).to_have_attribute("data-overdue", "0")
    expect(card.get_by_test_id("overdue-badge")).to_have_count(0)
    expect(card.get_by_test_id("last-contact")).to_contain_text(
        timezone.localdate().strftime("%Y-%m-%d") + "（今天）"
    )
    expect(page.get_by_test_id("overdue-badge")).to_have_count(1)
    contact = Contact.objects.get(child=child, on=timezone.localdate())
    assert contact.kind == "home_visit" and contact.notes.startswith("与奶奶交流")
    assert contact.carer.name == "李老师"
    screenshot(page, "mentor-my-children-phone", full_page=True)
    assert failed == []
