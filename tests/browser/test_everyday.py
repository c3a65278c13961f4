"""The everyday journeys of issue 17 in Chromium, each on a phone (390 px) and a desktop.

School staff find a child from the navbar, print the file and transfer the child with the
default date after a confirmation; a mentor corrects a contact recorded this morning; a
federation officer aids three children picked on the register in one step; the
coordination member's home has no dead link. The conftest's watcher fails any of them on a
console error, a CSP violation or a dead link.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from children.models import Child, Contact, Transfer
from donations.models import Aid
from tests.browser.county import PASSWORD, build_county

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}


@pytest.fixture
def county():
    return build_county()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request) -> str:
    return request.param


@pytest.fixture
def page(new_context, viewport) -> Page:
    """Return a page of the parametrised size; window.print only counts its calls."""
    phone = viewport == "phone"
    context = new_context(viewport=VIEWPORTS[viewport], is_mobile=phone, has_touch=phone)
    context.add_init_script("window.__printed = 0; window.print = () => { window.__printed++; };")
    return context.new_page()


def open_menu(page: Page) -> None:
    """Open the collapsed navbar on a phone (a no-op on a desktop)."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        expect(page.locator("#main-nav")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_staff_find_print_and_transfer_a_child(page: Page, live_server, login, county, viewport):
    child = county.children[0]  # 欧阳明轩, the only one of that name at this school
    target = county.schools[2]
    login(page, live_server, "school_user", PASSWORD)

    open_menu(page)
    page.get_by_test_id("nav-search").fill(child.id_number[-4:])
    page.get_by_test_id("nav-search").press("Enter")
    if "/search/" in page.url:  # another child shares the last four: pick from the list
        page.get_by_role("link", name=child.name).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(child.name)

    page.get_by_test_id("print-button").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    expect(page.get_by_test_id("print-header")).to_contain_text(f"成长记录册 · {child.name}")
    expect(page.get_by_test_id("print-header")).to_contain_text("数据截至")
    expect(page.locator(".app-navbar")).to_be_hidden()
    page.emulate_media(media="screen")

    page.get_by_role("button", name="转学", exact=True).click()
    day = page.locator("#id_transfer-on")
    expect(day).to_have_value(timezone.localdate().isoformat())
    page.locator("#id_transfer-to_school").select_option(label=f"六郎镇 · {target.name}")
    asked: list[str] = []

    def decline(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", decline)
    page.get_by_role("button", name="确认转学").click()
    assert asked and target.name in asked[0] and timezone.localdate().isoformat() in asked[0]
    assert not Transfer.objects.filter(child=child).exists()  # declined: nothing sent

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="确认转学").click()
    expect(page.get_by_text(f"{child.name} 已转入")).to_be_visible()
    moved = Child.objects.get(pk=child.pk)
    assert moved.school == target
    assert Transfer.objects.get(child=child).on == timezone.localdate()


@pytest.mark.django_db(transaction=True)
def test_mentor_corrects_a_contact_recorded_this_morning(
    page: Page, live_server, login, county, viewport, screenshot
):
    child = county.mentored[0]
    contact = Contact.objects.get(child=child, recorded_by=county.users["mentor"])
    login(page, live_server, "mentor_user", PASSWORD)
    page.goto(f"{live_server.url}/children/{child.pk}/")

    care = page.get_by_test_id("care-column").bounding_box()
    details = page.get_by_text("基本信息").bounding_box()
    assert care and details and care["y"] <= details["y"]  # the timeline comes first
    expect(page.get_by_test_id("record-buttons")).to_be_visible()
    screenshot(page, f"mentor-child-file{'-phone' if viewport == 'phone' else ''}")

    page.get_by_test_id("correct-contact").first.click()
    page.get_by_label("方式").select_option(label="家访")
    page.get_by_label("情况记录（可不填）").fill("其实是家访：与奶奶谈了作业。")
    page.get_by_role("button", name="保存更正").click()
    expect(page.get_by_text("已更正联系记录。")).to_be_visible()
    expect(page.get_by_test_id("timeline")).to_contain_text("其实是家访")
    contact.refresh_from_db()
    assert contact.kind == Contact.Kind.HOME_VISIT
    assert child.audit_events.filter(summary__startswith="更正联系记录").count() == 1

    page.get_by_test_id("call-guardian").click()
    tel = page.get_by_test_id("guardian-tel")
    expect(tel).to_have_attribute("href", f"tel:{child.guardian_phone}")
    assert child.audit_events.filter(action="read_sensitive").count() == 1


@pytest.mark.django_db(transaction=True)
def test_officer_aids_three_children_picked_on_the_register(
    page: Page, live_server, login, county, viewport, screenshot
):
    three = county.children[3:6]
    login(page, live_server, "fed_user", PASSWORD)
    page.goto(f"{live_server.url}/children/")
    scope = "[data-testid=child-card]" if viewport == "phone" else "table.register-table tbody tr"
    for child in three:
        row = (
            page.locator(scope)
            .filter(has=page.get_by_role("link", name=child.name))
            .filter(has_text=child.school.name)
        )
        row.first.get_by_role("checkbox").check()
    screenshot(page, f"register-list{'-phone' if viewport == 'phone' else '-selection'}")
    page.get_by_role("button", name="资助所选儿童").click()
    picker = page.get_by_test_id("child-picker-children")
    expect(picker.locator(".picker-chip")).to_have_count(3)

    page.get_by_label("捐赠").select_option(index=1)
    page.get_by_label("资助类型").select_option(index=1)
    page.get_by_label("每人金额或折价（元）").fill("800")
    page.get_by_role("button", name="发放资助").click()
    expect(page.get_by_text("共 3 人")).to_be_visible()
    given = Aid.objects.filter(donation=county.donation, amount=800)
    assert sorted(given.values_list("child_id", flat=True)) == sorted(c.pk for c in three)


@pytest.mark.django_db(transaction=True)
def test_the_aid_picker_finds_children_by_part_of_a_name(
    page: Page, live_server, login, county, viewport, screenshot
):
    login(page, live_server, "fed_user", PASSWORD)
    page.goto(f"{live_server.url}/donations/{county.donation.pk}/")
    page.get_by_label("受助儿童").fill("明轩")
    results = page.locator(".picker-result")
    expect(results.first).to_contain_text("欧阳明轩")
    expect(results.first).to_contain_text("*")  # the masked ID, never the full one
    results.first.click()
    expect(page.get_by_test_id("child-picker-children").locator(".picker-chip")).to_have_count(1)
    page.get_by_label("受助儿童").fill("明轩")
    expect(results.first).to_be_visible()
    screenshot(page, f"aid-picker{'-phone' if viewport == 'phone' else ''}", full_page=False)


@pytest.mark.django_db(transaction=True)
def test_the_coordination_home_has_no_dead_link(page: Page, live_server, login, county, viewport):
    login(page, live_server, "coord_user", PASSWORD)
    home = f"{live_server.url}/"
    links = page.locator("main a[href]")
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert hrefs
    for href in sorted(hrefs):
        page.goto(home)
        page.locator(f'main a[href="{href}"]').first.click()
        page.wait_for_load_state()
        expect(page.locator("main")).to_be_visible()  # the watcher fails a 404 here


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["简体中文", "English"])
def test_the_navbar_keeps_to_one_line_at_1366(
    new_context, desktop_viewport, live_server, login, county, language
):
    page = new_context(viewport=desktop_viewport).new_page()
    login(page, live_server, "fed_user", PASSWORD)  # the longest menu of all roles
    open_menu(page)
    with page.expect_navigation():
        page.get_by_role("button", name=language, exact=True).click()
    bar = page.locator(".app-navbar").bounding_box()
    assert bar and bar["height"] < 80  # one line: no wrapped menu, no second row
    if page.locator(".navbar-toggler").is_visible():
        page.locator(".navbar-toggler").click()
    expect(page.get_by_test_id("help-link")).to_be_visible()
    expect(page.get_by_test_id("nav-search")).to_be_visible()
