"""An officer generates the half-year report, edits it, files it and downloads the .docx;
a coordination-group member then downloads the filed report."""

import datetime
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from accounts.models import Role
from tests.factories import (
    ChildFactory,
    CountyFactory,
    HomeFactory,
    SchoolFactory,
    TownFactory,
    UserFactory,
)

PASSWORD = "pass-word-123"
PROBLEMS = "个别学校专用教室不足，{homes_shared} 个留守儿童之家仍与图书室合用，需逐步解决。"


@pytest.fixture
def county_with_data():
    """A county with a school, a shared home and two registered children."""
    county = CountyFactory(name="示范县", code="340299", report_issuer="示范县妇联儿童部")
    town = TownFactory(county=county, name="湾沚镇")
    school = SchoolFactory(town=town, name="湾沚中心小学")
    HomeFactory(school=school, is_shared=True, built_year=2024, planned_year=2024)
    for _ in range(2):
        ChildFactory(school=school, registered_on=datetime.date(2025, 2, 1))
    UserFactory(username="fed", full_name="王主任", role=Role.FEDERATION, county=county)
    UserFactory(username="coord", full_name="刘组长", role=Role.COORDINATION, county=county)
    return county


def _download(page: Page, link_name: str, target: Path) -> Document:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).first.click()
    info.value.save_as(target)
    return Document(str(target))


@pytest.mark.django_db(transaction=True)
def test_officer_files_the_h1_report_and_the_coordination_group_downloads_it(
    new_context, live_server, login, county_with_data, tmp_path, screenshot
):
    page = new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, live_server, "fed", PASSWORD)

    page.get_by_role("link", name="半年报告").first.click()
    page.get_by_label("年份").fill("2025")
    page.get_by_label("期间").select_option("H1")
    page.get_by_role("button", name="生成草稿").click()
    expect(page.get_by_test_id("report-status")).to_have_text("草稿")
    expect(page.get_by_test_id("report-preview")).to_contain_text("五、存在的主要问题")

    page.get_by_label("五、存在的主要问题").fill(PROBLEMS)
    page.get_by_role("button", name="保存").click()
    expected = PROBLEMS.replace("{homes_shared}", "1")
    expect(page.locator('[data-key="problems"]')).to_have_text(expected)
    screenshot(page, "report-edit", full_page=False)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="报送").click()
    expect(page.get_by_test_id("report-status")).to_have_text("已报送")
    expect(page.get_by_test_id("filed-by")).to_contain_text("王主任")

    officer_copy = _download(page, "下载 Word", tmp_path / "officer.docx")
    assert expected in [p.text for p in officer_copy.paragraphs]

    other = new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True).new_page()
    login(other, live_server, "coord", PASSWORD)
    other.get_by_role("link", name="半年报告").first.click()
    expect(other.get_by_test_id("report-table")).to_contain_text("已报送")
    group_copy = _download(other, "下载 Word", tmp_path / "group.docx")

    assert [p.text for p in group_copy.paragraphs] == [p.text for p in officer_copy.paragraphs]
    assert errors == []
