"""The report pages: who may open, edit, file and download which report."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from audit.models import AuditEvent
from reports import services
from reports.models import HalfYearReport
from tests.factories import ChildFactory
from tests.reports.profile import complete_profile


@pytest.fixture
def draft(federation_officer, county, school_a):
    complete_profile(county, school_a)
    return services.report_draft_create(by=federation_officer, year=2025, half="H1")


@pytest.fixture
def filed(draft, federation_officer):
    return services.report_file(by=federation_officer, report=draft)


@pytest.mark.django_db
def test_officer_generates_a_draft_for_a_chosen_half_year(client, federation_officer):
    client.force_login(federation_officer)

    response = client.post(reverse("reports:list"), {"year": 2025, "half": "H2", "town": ""})

    report = HalfYearReport.objects.get()
    assert response.status_code == 302
    assert (report.year, report.period, report.town) == (2025, "H2", None)


@pytest.mark.django_db
def test_officer_edits_the_problems_paragraph_and_rounding(client, federation_officer, draft):
    client.force_login(federation_officer)
    page = client.get(reverse("reports:detail", args=[draft.pk]))
    data = {f.html_name: f.value() for f in page.context["form"]}
    data = {k: v for k, v in data.items() if v is not None}
    data["p_problems"] = "帮扶教师培训不足，【合用之家数：1】个之家合用教室。"
    data["signed_on"] = "2026-07-08"

    response = client.post(reverse("reports:edit", args=[draft.pk]), data)
    preview = client.get(reverse("reports:detail", args=[draft.pk]))

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.signed_on == datetime.date(2026, 7, 8)
    assert "帮扶教师培训不足，1个之家合用教室。" in preview.content.decode()
    assert "2026年7月8日" in preview.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    [
        "共【联席会议数：1】次。",
        "共{meeting_sentence}次。",
        "合用【合用之家数：5】个。",
        "共【合用之家数",
    ],
)
def test_a_broken_or_hand_changed_figure_is_refused_and_nothing_is_saved(
    client, federation_officer, draft, typed
):
    client.force_login(federation_officer)
    page = client.get(reverse("reports:detail", args=[draft.pk]))
    data = {f.html_name: f.value() for f in page.context["form"] if f.value() is not None}
    data["p_problems"] = typed

    response = client.post(reverse("reports:edit", args=[draft.pk]), data)

    draft.refresh_from_db()
    assert response.status_code == 400
    assert response.context["form"].errors["p_problems"]
    assert draft.narrative.get("templates", {}) == {}


@pytest.mark.django_db
def test_coordination_member_sees_and_downloads_filed_reports_only(
    client, coordination_member, filed, federation_officer
):
    other = services.report_draft_create(by=federation_officer, year=2025, half="H2")
    client.force_login(coordination_member)

    listing = client.get(reverse("reports:list")).content.decode()
    download = client.get(reverse("reports:docx", args=[filed.pk]))

    assert download.status_code == 200
    assert Document(BytesIO(download.content)).paragraphs[0].text.startswith("示范县")
    assert client.get(reverse("reports:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("reports:docx", args=[other.pk])).status_code == 404
    assert reverse("reports:detail", args=[other.pk]) not in listing
    assert AuditEvent.objects.filter(
        user=coordination_member, action=AuditEvent.Action.EXPORT, object_id=str(filed.pk)
    ).exists()


@pytest.mark.django_db
def test_coordination_member_cannot_file_or_edit(client, coordination_member, draft):
    client.force_login(coordination_member)

    assert client.post(reverse("reports:file", args=[draft.pk])).status_code == 404
    assert client.post(reverse("reports:edit", args=[draft.pk]), {}).status_code == 404


@pytest.mark.django_db
def test_town_officer_cannot_open_another_towns_report(client, town_officer, town_officer_b):
    report = services.report_draft_create(by=town_officer_b, year=2025, half="H1")
    client.force_login(town_officer)

    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:xlsx", args=[report.pk])).status_code == 404


@pytest.mark.django_db
def test_school_staff_and_mentors_have_no_report_pages(client, school_staff, filed):
    client.force_login(school_staff)

    assert client.get(reverse("reports:list")).status_code == 404
    assert client.get(reverse("reports:docx", args=[filed.pk])).status_code == 404


@pytest.mark.django_db
def test_filing_in_the_browser_freezes_and_offers_a_new_version(
    client, federation_officer, draft, school_a
):
    client.force_login(federation_officer)
    client.post(reverse("reports:file", args=[draft.pk]))
    ChildFactory(school=school_a, registered_on=datetime.date(2025, 3, 1))

    page = client.get(reverse("reports:detail", args=[draft.pk])).content.decode()
    response = client.post(reverse("reports:new_version", args=[draft.pk]))

    assert "登记在册的留守儿童" not in page
    assert "另起新版本" in page
    assert HalfYearReport.objects.filter(based_on=draft).count() == 1
    assert response.status_code == 302


@pytest.mark.django_db
def test_annex_downloads_as_xlsx_and_is_audited(client, federation_officer, draft):
    client.force_login(federation_officer)

    response = client.get(reverse("reports:xlsx", args=[draft.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(summary__contains="xlsx").exists()


@pytest.mark.django_db
def test_report_page_has_no_inline_script(client, federation_officer, draft):
    client.force_login(federation_officer)

    html = client.get(reverse("reports:detail", args=[draft.pk])).content.decode()

    assert "<script>" not in html
    assert " onclick=" not in html
    assert "js/report.js" in html


@pytest.mark.django_db
def test_editing_a_filed_report_is_refused_with_a_message(client, federation_officer, filed):
    client.force_login(federation_officer)

    response = client.post(reverse("reports:edit", args=[filed.pk]), {"signed_on": ""})

    assert response.status_code == 400
    assert "已报送的报告不能修改" in response.content.decode()
