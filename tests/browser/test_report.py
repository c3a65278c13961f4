"""An officer generates the last completed half-year, edits a sentence around a figure chip,
is refused a broken figure reference, files the report and downloads the .docx; a
coordination-group member then downloads the filed report."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import Page, expect

from accounts.models import Role
from core.periods import last_completed_half
from reports.writing import date_wording
from schools.models import Semester
from tests.factories import (
    ChildFactory,
    CountyFactory,
    EnrollmentFactory,
    EquipmentFactory,
    HomeFactory,
    JointMeetingFactory,
    SchoolFactory,
    TownFactory,
    UserFactory,
)

PASSWORD = "pass-word-123"


@pytest.fixture
def county_with_data():
    """A county with a complete profile, a shared home, two children and a joint meeting
    in the last completed half-year."""
    last = last_completed_half(timezone.localdate())
    year, half = last.year, last.half_code
    month = 3 if half == "H1" else 9
    county = CountyFactory(
        name="示范县",
        code="340299",
        report_issuer="示范县妇联儿童部",
        location_text="位于省境南部",
        coordination_leader="县委副书记",
    )
    town = TownFactory(county=county, name="湾沚镇")
    school = SchoolFactory(town=town, name="湾沚中心小学")
    semester = Semester.SPRING if half == "H1" else Semester.AUTUMN
    EnrollmentFactory(school=school, year=year, semester=semester, pupils=730)
    home = HomeFactory(school=school, is_shared=True, built_year=year - 1, planned_year=year - 1)
    EquipmentFactory(home=home, name="图书")
    for _ in range(2):
        ChildFactory(school=school, registered_on=datetime.date(year, month, 1))
    JointMeetingFactory(county=county, held_on=datetime.date(year, month, 20))
    UserFactory(username="fed", full_name="王主任", role=Role.FEDERATION, county=county)
    UserFactory(username="coord", full_name="刘组长", role=Role.COORDINATION, county=county)
    return county


def _download(page: Page, link_name: str, target: Path) -> Document:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).first.click()
    info.value.save_as(target)
    return Document(str(target))


def _save(page: Page) -> None:
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_officer_edits_around_a_chip_is_refused_a_broken_one_files_and_downloads(
    new_context, live_server, login, county_with_data, tmp_path, screenshot
):
    last = last_completed_half(timezone.localdate())
    year, half = last.year, last.half_code
    page = new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, live_server, "fed", PASSWORD)

    page.get_by_role("link", name="半年报告").first.click()
    expect(page.get_by_label("年份")).to_have_value(str(year))
    expect(page.get_by_label("期间")).to_have_value(half)
    page.get_by_role("button", name="生成草稿").click()
    expect(page.get_by_test_id("report-status")).to_have_text("草稿")
    expect(page.get_by_test_id("report-preview")).to_contain_text("共召开联席会议1次")

    problems = page.locator('.report-editor[data-key="problems"]')
    expect(problems.locator(".report-chip").first).to_have_text("【合用之家数：1】")
    problems.click()
    # Select the words right after the chip, as a mouse drag would, and type over them.
    problems.evaluate(
        """(editor) => {
          const after = editor.querySelector(".report-chip").nextSibling;
          const start = after.textContent.indexOf("与其他用途合用");
          const range = document.createRange();
          range.setStart(after, start);
          range.setEnd(after, start + "与其他用途合用".length);
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        }"""
    )
    page.keyboard.type("仍与图书室合用")
    _save(page)
    expect(page.locator('[data-key="problems"]').first).to_contain_text(
        "1个留守儿童之家仍与图书室合用；"
    )
    screenshot(page, "report-edit", full_page=False)

    leadership = page.locator('.report-editor[data-key="leadership"]')
    leadership.click()
    leadership.evaluate(
        """(editor) => {
          const last = editor.lastChild;
          window.getSelection().collapse(last, last.textContent.length);
        }"""
    )
    page.keyboard.type("另召开【会议次数：3】次专题会。")
    _save(page)
    expect(page.get_by_test_id("paragraph-error")).to_contain_text("未知的数据引用")
    page.goto(page.url.replace("edit/", ""))
    expect(page.get_by_test_id("report-preview")).not_to_contain_text("专题会")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="报送").click()
    expect(page.get_by_test_id("report-status")).to_have_text("已报送")
    expect(page.get_by_test_id("filed-by")).to_contain_text("王主任")

    officer_copy = _download(page, "下载 Word", tmp_path / "officer.docx")
    texts = [p.text for p in officer_copy.paragraphs]
    assert any(t.startswith("1个留守儿童之家仍与图书室合用；") for t in texts)
    assert texts[-1] == date_wording(timezone.localdate())

    other = new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True).new_page()
    login(other, live_server, "coord", PASSWORD)
    other.get_by_role("link", name="半年报告").first.click()
    expect(other.get_by_test_id("report-table")).to_contain_text("已报送")
    group_copy = _download(other, "下载 Word", tmp_path / "group.docx")

    assert [p.text for p in group_copy.paragraphs] == texts
    assert errors == []
