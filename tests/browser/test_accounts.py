"""An administrator opens an account for a teacher in Chromium; the first login asks for a
new password. At 390 px and 1366 px."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.browser.county import PASSWORD, build_county

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_admin_creates_a_school_staff_account_whose_first_login_changes_the_password(
    new_context, live_server, login, viewport, screenshot
):
    county = build_county()
    school = county.schools[1]
    phone = viewport == "phone"
    page: Page = new_context(viewport=VIEWPORTS[viewport], is_mobile=phone).new_page()
    login(page, live_server, "admin_user", PASSWORD)
    if page.locator(".navbar-toggler").is_visible():
        page.locator(".navbar-toggler").click()
    page.get_by_role("link", name="账号管理").click()
    expect(page.get_by_test_id("user-table")).to_contain_text("school_user")
    screenshot(page, f"account-list{'-phone' if phone else ''}")

    page.get_by_role("link", name="新建账号").click()
    page.get_by_label("登录账号").fill("erzhong_wang")
    page.get_by_label("姓名").fill("王老师")
    page.get_by_label("角色").select_option(label="学校管理员")
    expect(page.get_by_label("学校")).to_be_visible()
    expect(page.get_by_label("乡镇")).to_be_hidden()
    expect(page.get_by_label("下次登录须修改密码")).to_be_checked()
    page.get_by_label("学校").select_option(label=f"湾沚镇 · {school.name}")
    screenshot(page, f"account-new{'-phone' if phone else ''}")
    page.get_by_role("button", name="创建账号").click()
    password = page.get_by_test_id("new-password").inner_text().strip()
    account = User.objects.get(username="erzhong_wang")
    assert account.school == school and account.must_change_password

    fresh = new_context(viewport=VIEWPORTS[viewport], is_mobile=phone).new_page()
    login(fresh, live_server, "erzhong_wang", password)
    expect(fresh.get_by_role("heading", level=1)).to_contain_text("修改密码")
    fresh.get_by_label("旧密码").fill(password)
    fresh.get_by_label("新密码", exact=True).fill("Qingxi-2026-wang")
    fresh.get_by_label("新密码确认").fill("Qingxi-2026-wang")
    fresh.get_by_role("button", name="保存新密码").click()
    expect(fresh.get_by_text("密码已修改。")).to_be_visible()
    account.refresh_from_db()
    assert not account.must_change_password
