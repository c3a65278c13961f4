"""School staff keep the register in Chromium: add a child by ID, fix an error, find, edit."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from children.models import Child
from tests.factories import (
    ChildFactory,
    ContactFactory,
    CountyFactory,
    PairingFactory,
    SchoolFactory,
    TownFactory,
    UserFactory,
    VillageFactory,
    make_id_number,
    with_wrong_check,
)

PASSWORD = "pass-word-123"


@pytest.fixture
def staff():
    """A school staff user of a school that already has a few children on its register."""
    county = CountyFactory(name="示范县", code="340299")
    town = TownFactory(county=county, name="湾沚镇")
    VillageFactory(town=town, name="东河村")
    school = SchoolFactory(town=town, name="湾沚中心小学")
    for i, name in enumerate(["张小明", "王小兰", "李思远", "赵一鸣"]):
        child = ChildFactory(school=school, name=name, grade=3 + i, sex="M" if i % 2 == 0 else "F")
        if i < 3:
            PairingFactory(child=child)
            ContactFactory(child=child, on=datetime.date.today() - datetime.timedelta(days=5 + i))  # noqa: DTZ011
    return UserFactory(
        username="staff_a", full_name="陈老师", role=Role.SCHOOL_STAFF, county=county, school=school
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_staff_add_find_and_edit_a_child(
    new_context, live_server, login, staff, viewport, screenshot
):
    size = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
    page: Page = new_context(viewport=size[viewport], is_mobile=viewport == "phone").new_page()
    failed: list[str] = []
    page.on("pageerror", lambda exc: failed.append(str(exc)))
    page.on(
        "console",
        lambda m: failed.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on(
        "response",
        lambda r: (
            failed.append(r.url)
            if r.status >= 500 or r.status == 404 and "favicon" not in r.url
            else None
        ),
    )
    login(page, live_server, "staff_a", PASSWORD)

    page.goto(f"{live_server.url}/children/")
    page.get_by_role("link", name="新增儿童").last.click()
    expect(page.get_by_role("heading", name="新增儿童")).to_be_visible()
    expect(page.locator("#child-form[data-ready='1']")).to_have_count(1)

    good = make_id_number(datetime.date(2014, 3, 5), "F")
    bad = with_wrong_check(good)
    id_box = page.get_by_label("公民身份号码")
    id_box.fill(bad)
    expect(page.locator("#id-check-result")).to_contain_text("校验位错误")
    id_box.fill(good.lower())
    expect(page.locator("#id-check-result")).to_contain_text("号码有效")
    expect(page.get_by_label("出生日期")).to_have_value("2014-03-05")
    expect(page.get_by_label("性别")).to_have_value("F")

    page.locator("#id_name").fill("欧阳小雨")
    page.get_by_label("就学状况").select_option("primary")
    page.get_by_label("年级").fill("5")
    page.get_by_label("班级").fill("2班")
    page.locator("#id_father-status").select_option("away_out")
    page.locator("#id_father-work_province").fill("江苏省")
    page.locator("#id_mother-status").select_option("away_in")
    page.locator("#id_mother-work_province").fill("安徽省")
    page.get_by_label("监护人电话").fill("136 0000 0028")
    expect(page.locator("#category-proposal")).to_contain_text("留守儿童")
    if viewport == "desktop":
        screenshot(page, "register-form")
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_role("heading", name="欧阳小雨")).to_be_visible()
    expect(page.get_by_text("已登记 欧阳小雨。")).to_be_visible()
    child = Child.objects.get(name="欧阳小雨")
    assert child.id_number == good and child.is_left_behind and child.sex == "F"

    page.goto(f"{live_server.url}/children/")
    page.get_by_placeholder("姓名、身份证号或监护人电话").fill("小雨")
    page.get_by_role("button", name="查询").click()
    if viewport == "desktop":
        rows = page.locator("table.register-table tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text(f"{good[:6]}********{good[-4:]}")
        expect(rows.first).to_contain_text("136****0028")
    else:  # a phone shows cards: name, class, categories, last contact, flags
        rows = page.get_by_test_id("child-card")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("从未联系")
    expect(rows.first).to_contain_text("欧阳小雨")
    rows.first.get_by_role("link", name="欧阳小雨").click()

    page.get_by_role("link", name="编辑").click()
    expect(page.locator("#child-form[data-ready='1']")).to_have_count(1)
    page.get_by_label("班级").fill("3班")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存 欧阳小雨 的修改。")).to_be_visible()
    expect(page.get_by_test_id("timeline")).to_contain_text("班级：2班 → 3班")
    if viewport == "desktop":
        screenshot(page, "register-file")
        page.goto(f"{live_server.url}/children/")
        screenshot(page, "register-list")
    else:
        screenshot(page, "register-file-phone")
    assert failed == []


@pytest.mark.django_db(transaction=True)
def test_full_id_is_shown_only_after_an_explicit_click(page: Page, live_server, login, staff):
    child = Child.objects.get(name="张小明")
    login(page, live_server, "staff_a", PASSWORD)
    page.goto(f"{live_server.url}/children/{child.pk}/")
    expect(page.locator("body")).not_to_contain_text(child.id_number)
    page.locator('[data-reveal-target="id_number"]').click()
    expect(page.locator('[data-reveal-field="id_number"]')).to_have_text(child.id_number)
    assert child.audit_events.filter(action="read_sensitive").count() == 1
