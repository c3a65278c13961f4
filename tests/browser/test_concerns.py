"""A mandatory report on a phone: a mentor raises it and records the calls; the town officer
sees it on the home page and closes it with an outcome."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from children.models import Concern
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

PASSWORD = "pass-word-123"
RECEIPT = "湾公（治）受字〔2026〕0317号"


@pytest.fixture
def paired():
    """A mentor paired with one child of 湾沚镇, and that town's child welfare officer."""
    county = CountyFactory(name="示范县", code="340298")
    town = TownFactory(county=county, name="湾沚镇")
    village = VillageFactory(town=town, name="东河村")
    school = SchoolFactory(town=town, name="湾沚中心小学")
    mentor = UserFactory(
        username="mentor_c", full_name="李老师", role=Role.MENTOR, county=county, school=school
    )
    child = ChildFactory(school=school, village=village, name="张小明", grade=4)
    PairingFactory(child=child, carer=CarerFactory(user=mentor, school=school, name="李老师"))
    UserFactory(
        username="town_c", full_name="周督导", role=Role.TOWN_OFFICER, county=county, town=town
    )
    return child


def watch(page: Page) -> list[str]:
    """Collect script errors and server errors on `page`."""
    failed: list[str] = []
    page.on("pageerror", lambda exc: failed.append(str(exc)))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 500 else None)
    return failed


def record_step(page: Page, kind: str, recipient: str, reference: str = "") -> None:
    """Fill the step form of a report's page and save it."""
    form = page.get_by_test_id("step-form")
    form.get_by_label("事项").select_option(label=kind)
    form.get_by_label("报告对象（单位、姓名）").fill(recipient)
    form.get_by_label("方式").select_option(label="电话")
    if reference:
        form.get_by_label("回执或案件编号").fill(reference)
    with page.expect_navigation():
        form.get_by_role("button", name="保存记录").tap()


@pytest.mark.django_db(transaction=True)
def test_a_mentor_reports_a_child_alone_and_the_town_officer_closes_it_on_a_phone(
    phone_page: Page, new_context, phone_viewport, live_server, login, paired, screenshot
):
    page = phone_page
    failed = watch(page)
    login(page, live_server, "mentor_c", PASSWORD)
    page.goto(f"{live_server.url}/children/{paired.pk}/")
    page.get_by_role("button", name="强制报告").tap()
    form = page.get_by_test_id("concern-form")
    form.get_by_label("类别").select_option(label="儿童独自居住")
    notice = page.get_by_test_id("concern-notice-living_alone")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("110")
    expect(notice).to_contain_text("回执或案件编号")
    expect(notice.get_by_role("link", name="110")).to_have_attribute("href", "tel:110")
    form.get_by_label("情况描述").fill("父母在外务工，奶奶住院，孩子已独自在家三天。")
    screenshot(page, "concern-raise-phone", full_page=False)
    with page.expect_navigation():
        form.get_by_role("button", name="提交强制报告").tap()

    expect(page.get_by_test_id("pending")).to_contain_text("公安机关")
    record_step(page, "已告知村儿童主任", "东河村儿童主任 王主任")
    record_step(page, "已报警（公安机关）", "湾沚派出所 陈警官", RECEIPT)
    steps = page.get_by_test_id("step")
    expect(steps).to_have_count(2)
    expect(page.get_by_test_id("reference")).to_have_text(RECEIPT)
    expect(page.get_by_test_id("pending")).not_to_contain_text("公安机关")
    screenshot(page, "concern-steps-phone")

    officer = new_context(viewport=phone_viewport, is_mobile=True, has_touch=True).new_page()
    failed += watch(officer)
    login(officer, live_server, "town_c", PASSWORD)
    listed = officer.get_by_test_id("open-concerns").get_by_test_id("concern-item")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("张小明")
    expect(listed).to_contain_text("已报告")
    expect(listed).not_to_contain_text("李老师")
    screenshot(officer, "concern-home-phone", full_page=False)
    with officer.expect_navigation():
        listed.get_by_role("link", name="儿童独自居住").tap()
    expect(officer.get_by_test_id("reference")).to_have_text(RECEIPT)
    close = officer.get_by_test_id("close-form")
    close.get_by_label("处理结果").fill("已送至外婆家照看，民政办已备案，帮扶教师每周家访。")
    with officer.expect_navigation():
        close.get_by_role("button", name="确认结案").tap()
    expect(officer.get_by_test_id("outcome")).to_contain_text("外婆家")
    expect(officer.get_by_role("heading", level=1)).to_contain_text("已结案")

    concern = Concern.objects.get(child=paired)
    assert concern.status == "closed" and concern.closed_by.username == "town_c"
    assert [s.kind for s in concern.steps.order_by("at", "pk")] == [
        "told_village_director",
        "told_police",
        "closed",
    ]
    assert failed == []
