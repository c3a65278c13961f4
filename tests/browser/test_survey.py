"""The term survey on a phone: school staff work through their checklist, one tap a child,
close one case with its reason; the town officer sees the school's progress move."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Role
from children.models import Child
from core.periods import term_containing
from survey.models import SurveyCheck
from survey.services import survey_open
from tests.factories import (
    ChildFactory,
    CountyFactory,
    SchoolFactory,
    TownFactory,
    UserFactory,
    VillageFactory,
    make_id_number,
)

PASSWORD = "pass-word-123"
NAMES = ["张小明", "王小兰", "李思远", "赵一鸣", "陈佳怡", "刘子涵", "杨浩然"]


@pytest.fixture
def county():
    """A town of two schools; seven children at the first, registered last term; an open
    survey; the school's staff and the town officer."""
    county = CountyFactory(name="示范县", code="340299")
    town = TownFactory(county=county, name="湾沚镇")
    village = VillageFactory(town=town, name="东河村")
    school = SchoolFactory(town=town, name="湾沚中心小学")
    other = SchoolFactory(town=town, name="湾沚二小")
    before = timezone.localdate() - datetime.timedelta(days=90)
    for i, name in enumerate(NAMES):
        birth = datetime.date(2014 + i % 3, 1 + i, 3)
        ChildFactory(
            school=school,
            village=village,
            name=name,
            birth_date=birth,
            id_number=make_id_number(birth),
            grade=3 + i % 3,
            registered_on=before,
        )
    ChildFactory(school=other, village=village, name="外校儿童", registered_on=before)
    officer = UserFactory(username="fed", role=Role.FEDERATION, county=county)
    year, semester = term_containing(timezone.localdate())
    survey = survey_open(
        by=officer,
        year=year,
        semester=semester,
        deadline=timezone.localdate() + datetime.timedelta(days=10),
    )
    staff = UserFactory(username="staff_a", role=Role.SCHOOL_STAFF, county=county, school=school)
    town_officer = UserFactory(username="town_a", role=Role.TOWN_OFFICER, county=county, town=town)
    return {"survey": survey, "staff": staff, "town": town_officer}


def _school_row(page: Page):
    return page.get_by_test_id("survey-progress").locator('tr[data-place="湾沚中心小学"]')


@pytest.mark.django_db(transaction=True)
def test_school_staff_confirm_five_close_one_and_the_town_sees_it(
    new_context, phone_viewport, live_server, login, county, screenshot
):
    town_page: Page = new_context(viewport=phone_viewport, is_mobile=True).new_page()
    login(town_page, live_server, "town_a", PASSWORD)
    expect(town_page.get_by_test_id("survey-reminders")).to_contain_text("已核查 0 / 8")
    town_page.get_by_test_id("survey-reminders").get_by_role("link").first.click()
    expect(_school_row(town_page).locator('[data-col="unchecked"]')).to_have_text("7")

    page: Page = new_context(viewport=phone_viewport, is_mobile=True, has_touch=True).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, live_server, "staff_a", PASSWORD)
    reminder = page.get_by_test_id("survey-reminders")
    expect(reminder).to_contain_text("您还有 7 名儿童待核查")
    reminder.get_by_role("link").first.click()
    cards = page.get_by_test_id("checklist-cards")
    expect(cards.locator("li.card")).to_have_count(7)
    screenshot(page, "survey-checklist-phone")

    for name in NAMES[:5]:
        cards.get_by_role("button", name=f"确认 {name}").tap()
        expect(page.locator(".alert-success")).to_contain_text(f"已确认 {name}")
    expect(cards.locator("li.card")).to_have_count(2)
    expect(page.get_by_test_id("checklist-summary")).to_contain_text("还有 2 名儿童待核查")

    cards.get_by_role("link", name=f"{NAMES[5]} 有变化").tap()
    expect(page.get_by_test_id("six-points")).to_be_visible()
    page.get_by_label("结案原因").select_option("parents_back")
    page.get_by_label("说明").fill("父母已返乡务农")
    page.get_by_role("button", name="确认结案").tap()
    expect(page.locator(".alert-success")).to_contain_text(f"{NAMES[5]} 已结案（父母返乡）")
    expect(cards.locator("li.card")).to_have_count(1)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the checklist scrolls sideways on a phone ({width}px)"

    town_page.reload()
    row = _school_row(town_page)
    expect(row.locator('[data-col="confirmed"]')).to_have_text("5")
    expect(row.locator('[data-col="closed"]')).to_have_text("1")
    expect(row.locator('[data-col="unchecked"]')).to_have_text("1")
    screenshot(town_page, "survey-progress-town-phone")
    closed = Child.objects.get(name=NAMES[5])
    assert closed.status == "closed" and closed.close_reason == "parents_back"
    assert SurveyCheck.objects.filter(outcome="confirmed").count() == 5
    assert errors == []
