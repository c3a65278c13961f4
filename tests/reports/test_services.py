"""Drafting, editing, filing (freezing) and new versions of a report; each is audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from reports import services
from reports.models import HalfYearReport
from reports.selectors import report_content
from tests.factories import ChildFactory, HomeFactory
from tests.reports.profile import complete_profile

TODAY = datetime.date(2025, 7, 10)


@pytest.fixture
def draft(federation_officer, county, school_a):
    complete_profile(county, school_a)
    return services.report_draft_create(by=federation_officer, year=2025, half="H1")


def _text(report) -> str:
    _figures, blocks = report_content(report, today=TODAY)
    return "\n".join(b["text"] for b in blocks)


@pytest.mark.django_db
def test_filed_report_is_unchanged_after_the_data_changes(draft, federation_officer, school_a):
    ChildFactory(school=school_a, registered_on=datetime.date(2025, 3, 1))
    filed = services.report_file(by=federation_officer, report=draft)
    before_text, before_figures = _text(filed), dict(filed.figures)

    ChildFactory(school=school_a, registered_on=datetime.date(2025, 3, 2))
    HomeFactory(school=school_a, is_shared=True)
    school_a.town.county.report_issuer = "另一个单位"
    school_a.town.county.save()
    filed.refresh_from_db()

    assert filed.status == HalfYearReport.Status.FILED
    assert _text(filed) == before_text
    assert filed.figures == before_figures
    assert "登记在册的留守儿童1人" in before_text


@pytest.mark.django_db
def test_draft_follows_the_data_until_it_is_filed(draft, school_a):
    ChildFactory(school=school_a, registered_on=datetime.date(2025, 3, 1))
    first = _text(draft)
    ChildFactory(school=school_a, registered_on=datetime.date(2025, 3, 2))

    assert "登记在册的留守儿童1人" in first
    assert "登记在册的留守儿童2人" in _text(draft)


@pytest.mark.django_db
def test_filing_records_who_and_when_and_writes_an_audit_event(draft, federation_officer):
    filed = services.report_file(by=federation_officer, report=draft)

    assert filed.filed_by == federation_officer
    assert filed.filed_at is not None
    assert AuditEvent.objects.filter(object_id=str(filed.pk), summary__startswith="报送").exists()


@pytest.mark.django_db
def test_a_filed_report_cannot_be_edited_or_filed_again(draft, federation_officer):
    filed = services.report_file(by=federation_officer, report=draft)

    with pytest.raises(ValidationError):
        services.report_update(by=federation_officer, report=filed, paragraphs={}, rounding={})
    with pytest.raises(ValidationError):
        services.report_file(by=federation_officer, report=filed)


@pytest.mark.django_db
def test_new_version_starts_a_draft_with_the_filed_texts(draft, federation_officer):
    services.report_update(
        by=federation_officer,
        report=draft,
        paragraphs={"problems": "问题：【合用之家数：1】个。"},
        rounding={"aided": "r1_more", "bogus": "wan_over"},
    )
    filed = services.report_file(by=federation_officer, report=draft)

    version = services.report_new_version(by=federation_officer, report=filed)

    assert version.status == HalfYearReport.Status.DRAFT
    assert version.based_on == filed
    assert version.narrative["templates"] == {"problems": "问题：{homes_shared}个。"}
    assert version.rounding == {}
    assert "问题：1个。" in _text(version)


@pytest.mark.django_db
def test_town_officer_drafts_for_their_own_town_only(town_officer, town_a, town_b):
    report = services.report_draft_create(by=town_officer, year=2025, half="H2", town=town_b)

    assert report.town == town_a


@pytest.mark.django_db
def test_coordination_member_cannot_draft_or_file(coordination_member, draft):
    with pytest.raises(PermissionDenied):
        services.report_draft_create(by=coordination_member, year=2025, half="H1")
    with pytest.raises(PermissionDenied):
        services.report_file(by=coordination_member, report=draft)


@pytest.mark.django_db
def test_town_officer_cannot_file_another_towns_report(town_officer_b, town_officer):
    report = services.report_draft_create(by=town_officer, year=2025, half="H1")

    with pytest.raises(PermissionDenied):
        services.report_file(by=town_officer_b, report=report)
