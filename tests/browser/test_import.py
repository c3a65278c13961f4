"""School staff import a register file in Chromium: template, a bad row, fix, confirm, find."""

import datetime
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from accounts.models import Role
from children.models import Child
from tests.factories import (
    CountyFactory,
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
    county = CountyFactory(name="示范县", code="340299")
    town = TownFactory(county=county, name="湾沚镇")
    VillageFactory(town=town, name="东河村")
    school = SchoolFactory(town=town, name="湾沚中心小学")
    return UserFactory(
        username="staff_a", full_name="陈老师", role=Role.SCHOOL_STAFF, county=county, school=school
    )


def filled_template(template: bytes, bad_row: bool) -> bytes:
    """Return the downloaded template with three pupils; the second's ID has a wrong check digit."""
    book = load_workbook(io.BytesIO(template))
    sheet = book["儿童台账"]
    headers = [c.value for c in sheet[1]]
    for i, name in enumerate(["刘一", "陈二", "张三"]):
        number = make_id_number(datetime.date(2015, 5, 1 + i), "M")
        if bad_row and i == 1:
            number = with_wrong_check(number)
        values = {
            "姓名": name,
            "公民身份号码": number,
            "年级": "三年级",
            "现住村（居）": "东河村",
            "监护人电话": "136 0000 0028",
            "父亲状况": "省外务工",
            "父亲务工省份": "江苏省",
            "母亲状况": "省外务工",
            "母亲务工省份": "浙江省",
        }
        for key, value in values.items():
            sheet.cell(row=2 + i, column=headers.index(key) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_staff_import_a_register_fix_a_bad_row_and_find_the_children(
    new_context, live_server, login, staff, settings, run_worker, tmp_path, screenshot
):
    page: Page = new_context(viewport={"width": 1366, "height": 900}).new_page()
    failed: list[str] = []
    page.on("pageerror", lambda exc: failed.append(str(exc)))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 500 else None)
    login(page, live_server, "staff_a", PASSWORD)
    page.goto(f"{live_server.url}/children/")

    with page.expect_download() as download:
        page.get_by_role("link", name="下载模板").click()
    template = Path(download.value.path()).read_bytes()

    page.get_by_role("link", name="导入", exact=True).click()
    bad = tmp_path / "摸底登记表.xlsx"
    bad.write_bytes(filled_template(template, bad_row=True))
    page.get_by_label("台账文件").set_input_files(str(bad))
    page.get_by_role("button", name="上传并预览").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("第 3 行")
    expect(errors).to_contain_text("公民身份号码")
    expect(errors).to_contain_text("校验位")
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    screenshot(page, "import-errors")

    # The fixed file goes through the background worker, with the progress bar polling.
    settings.REGISTER_IMPORT_INLINE_MAX_BYTES = 0
    page.get_by_role("link", name="导入台账").click()
    fixed = tmp_path / "摸底登记表（修改后）.xlsx"
    fixed.write_bytes(filled_template(template, bad_row=False))
    page.get_by_label("台账文件").set_input_files(str(fixed))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("#import-progress")).to_be_visible()
    assert run_worker() == 1
    expect(page.locator("[data-count=new]")).to_have_text("3", timeout=15_000)
    expect(page.locator("[data-count=error]")).to_have_text("0")
    screenshot(page, "import-preview")
    assert Child.objects.count() == 0

    page.get_by_role("button", name="确认导入").click()
    expect(page.locator("#import-progress")).to_be_visible()
    assert run_worker() == 1
    expect(page.get_by_test_id("import-done")).to_contain_text("新增 3 人", timeout=15_000)

    page.get_by_role("link", name="查看台账").click()
    table = page.locator("table.register-table")
    for name in ("刘一", "陈二", "张三"):
        expect(table).to_contain_text(name)
    assert failed == []
