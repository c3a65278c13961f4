"""Starting a report: the last completed half by default, a warning for an unfinished
half, and a new version (not a second draft) when the period has a filed report."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.periods import last_completed_half
from reports import services
from reports.forms import ReportCreateForm
from reports.models import HalfYearReport
from tests.reports.profile import complete_profile


def test_the_form_defaults_to_the_last_completed_half_year(federation_officer):
    summer = ReportCreateForm(user=federation_officer, today=datetime.date(2026, 12, 1))
    winter = ReportCreateForm(user=federation_officer, today=datetime.date(2027, 1, 2))

    assert (summer.initial["year"], summer.initial["half"]) == (2026, "H1")
    assert (winter.initial["year"], winter.initial["half"]) == (2026, "H2")


@pytest.mark.django_db
def test_an_unfinished_half_is_drafted_only_once_the_officer_confirms(client, federation_officer):
    today = timezone.localdate()
    half = "H1" if today.month <= 6 else "H2"
    client.force_login(federation_officer)

    warned = client.post(reverse("reports:list"), {"year": today.year, "half": half})
    confirmed = client.post(
        reverse("reports:list"), {"year": today.year, "half": half, "confirm_unfinished": "on"}
    )

    assert warned.status_code == 200
    assert "尚未结束" in warned.content.decode()
    assert 'name="confirm_unfinished"' in warned.content.decode()
    assert confirmed.status_code == 302
    assert HalfYearReport.objects.count() == 1


@pytest.mark.django_db
def test_a_period_with_a_filed_report_offers_a_new_version_instead_of_a_second_draft(
    client, federation_officer, county, school_a
):
    complete_profile(county, school_a)
    last = last_completed_half(timezone.localdate())
    draft = services.report_draft_create(by=federation_officer, year=last.year, half=last.part)
    filed = services.report_file(by=federation_officer, report=draft)
    client.force_login(federation_officer)

    page = client.post(reverse("reports:list"), {"year": last.year, "half": last.part})
    body = page.content.decode()

    assert page.status_code == 200
    assert HalfYearReport.objects.count() == 1
    assert 'data-testid="filed-exists"' in body
    assert reverse("reports:new_version", args=[filed.pk]) in body


@pytest.mark.django_db
def test_filing_sets_the_signature_date_to_the_day_of_filing_unless_the_officer_chose_one(
    federation_officer, county, school_a
):
    complete_profile(county, school_a)
    first = services.report_draft_create(by=federation_officer, year=2025, half="H1")
    second = services.report_draft_create(by=federation_officer, year=2025, half="H2")
    services.report_update(
        by=federation_officer,
        report=second,
        paragraphs={},
        rounding={},
        signed_on=datetime.date(2026, 1, 20),
    )

    first = services.report_file(by=federation_officer, report=first)
    second = services.report_file(by=federation_officer, report=second)

    assert first.signed_on == timezone.localdate()
    assert (
        first.narrative["blocks"][-1]["text"]
        == f"{first.signed_on:%Y}年{first.signed_on.month}月{first.signed_on.day}日"
    )
    assert second.narrative["blocks"][-1]["text"] == "2026年1月20日"
