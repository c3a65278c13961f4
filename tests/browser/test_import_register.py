"""School staff import their own register in Chromium: good rows now, bad rows fixed later."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from accounts.models import Role
from children.models import Child
from tests.children.imports.registers import LABELS, county_register, pupil
from tests.factories import CountyFactory, SchoolFactory, TownFactory, UserFactory

PASSWORD = "pass-word-123"


@pytest.fixture
def staff():
    county = CountyFactory(name="示范县", code="340299")
    town = TownFactory(county=county, name="湾沚镇")
    school = SchoolFactory(town=town, name="湾沚中心小学")
    return UserFactory(
        username="staff_a", full_name="陈老师", role=Role.SCHOOL_STAFF, county=county, school=school
    )


def fixed_error_file(path: Path, right: dict[str, dict]) -> bytes:
    """Return the downloaded error file with each row set to its right values, as a user would."""
    book = load_workbook(io.BytesIO(path.read_bytes()))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    for line in sheet.iter_rows(min_row=2):
        name = line[header.index("序号")].value
        for cell in line[: len(LABELS)]:
            cell.value = right[str(name)][header[cell.column - 1]]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_staff_import_a_register_with_a_merged_title_fix_the_bad_rows_and_find_everyone(
    new_context, live_server, login, staff, tmp_path, screenshot
):
    page: Page = new_context(viewport={"width": 1366, "height": 900}).new_page()
    failed: list[str] = []
    page.on("pageerror", lambda exc: failed.append(str(exc)))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 500 else None)
    right = [
        pupil(1),
        pupil(2, 父亲务工地点="上海", 监护人与儿童关系="外婆"),
        pupil(3, 母亲务工地点="本县"),
        pupil(4),
        pupil(5, 父亲务工地点="广东东莞"),
    ]
    rows = [dict(p) for p in right]
    rows[1]["监护人电话"] = "1360000"
    rows[3]["父亲务工地点"] = "外省"
    register = tmp_path / "湾沚中心小学留守儿童登记表.xlsx"
    register.write_bytes(county_register(rows))

    login(page, live_server, "staff_a", PASSWORD)
    page.goto(f"{live_server.url}/children/import/")
    page.get_by_label("台账文件").set_input_files(str(register))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("[data-count=new]")).to_have_text("3")
    expect(page.locator("[data-count=error]")).to_have_text("2")
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("第 6 行")
    expect(errors).to_contain_text("监护人电话")
    expect(errors).to_contain_text("第 8 行")
    expect(errors).to_contain_text("外省")
    expect(page.get_by_test_id("unimported-columns")).to_contain_text(
        "以下列未导入：留守类型、备注"
    )
    screenshot(page, "import-register-preview")

    page.get_by_role("button", name="导入无误的 3 行").click()
    expect(page.get_by_test_id("import-done")).to_contain_text("新增 3 人")
    expect(page.get_by_test_id("import-done")).to_contain_text("2 行有错误待修改")
    assert sorted(Child.objects.values_list("name", flat=True)) == ["童01", "童03", "童05"]

    with page.expect_download() as download:
        page.get_by_test_id("error-file").click()
    fixed = tmp_path / "错误行（已改）.xlsx"
    fixed.write_bytes(
        fixed_error_file(Path(download.value.path()), {str(p["序号"]): p for p in right})
    )
    page.goto(f"{live_server.url}/children/import/")
    page.get_by_label("台账文件").set_input_files(str(fixed))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("[data-count=new]")).to_have_text("2")
    expect(page.locator("[data-count=error]")).to_have_text("0")
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_test_id("import-done")).to_contain_text("新增 2 人")

    page.get_by_role("link", name="查看台账").click()
    table = page.locator("table.register-table")
    for p in right:
        expect(table).to_contain_text(p["姓名"])
    screenshot(page, "import-register-list")
    assert failed == []
