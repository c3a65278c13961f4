"""Joint meetings and documents: who reads and writes them, period filter, export."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from reports.models import JointMeeting, PolicyDocument
from tests.factories import CountyFactory, JointMeetingFactory, PolicyDocumentFactory

pytestmark = pytest.mark.django_db

ALL_ROLES = [
    "school_staff",
    "mentor",
    "village_director",
    "town_officer",
    "federation_officer",
    "education_officer",
    "coordination_member",
    "administrator",
]
EDITORS = {"federation_officer", "education_officer"}
READERS = EDITORS | {"coordination_member"}


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(
    "name,editing",
    [
        ("reports:records:meeting_list", False),
        ("reports:records:meeting_export", False),
        ("reports:records:meeting_create", True),
        ("reports:records:document_list", False),
        ("reports:records:document_export", False),
        ("reports:records:document_create", True),
    ],
)
def test_records_serve_federation_and_education_and_coordination_reads(
    request, client, role, name, editing
):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse(name))
    assert response.status_code == (200 if role in (EDITORS if editing else READERS) else 404)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_editing_a_meeting_answers_404_to_everyone_but_its_countys_editors(
    request, client, county, role
):
    meeting = JointMeetingFactory(county=county)
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("reports:records:meeting_edit", args=[meeting.pk]))
    assert response.status_code == (200 if role in EDITORS else 404)


def test_a_meeting_of_another_county_answers_404(client, federation_officer):
    other = JointMeetingFactory(county=CountyFactory())
    document = PolicyDocumentFactory(county=other.county)
    client.force_login(federation_officer)
    assert client.get(reverse("reports:records:meeting_edit", args=[other.pk])).status_code == 404
    url = reverse("reports:records:document_edit", args=[document.pk])
    assert client.get(url).status_code == 404


def test_federation_officer_records_a_meeting_and_it_is_audited(client, federation_officer):
    client.force_login(federation_officer)
    response = client.post(
        reverse("reports:records:meeting_create"),
        {"held_on": "2025-03-20", "chaired_by": "县委副书记", "decisions": "部署春季摸底"},
    )
    meeting = JointMeeting.objects.get()
    assert response.status_code == 302 and meeting.county == federation_officer.county
    assert AuditEvent.objects.filter(object_type="reports.JointMeeting").count() == 1


def test_a_title_with_its_own_book_marks_is_refused_keeping_the_input(client, education_officer):
    client.force_login(education_officer)
    response = client.post(
        reverse("reports:records:document_create"),
        {"title": "《细则》", "issuer": "县教育局", "issued_on": "2025-02-01"},
    )
    page = response.content.decode()
    assert "文件标题" in page and "请勿包含书名号" in page and "《细则》" in page
    assert not PolicyDocument.objects.exists()


def test_coordination_member_reads_but_gets_no_edit_links(client, coordination_member, county):
    JointMeetingFactory(county=county, decisions="研究部署关爱工作")
    client.force_login(coordination_member)
    page = client.get(reverse("reports:records:meeting_list")).content.decode()
    assert "研究部署关爱工作" in page and "/edit/" not in page


def test_lists_filter_by_period_and_export_escaped_and_audited(client, federation_officer, county):
    PolicyDocumentFactory(county=county, title="=cmd 文件", issued_on=date(2025, 2, 1))
    PolicyDocumentFactory(county=county, title="旧文件", issued_on=date(2023, 2, 1))
    client.force_login(federation_officer)
    page = client.get(reverse("reports:records:document_list"), {"period": "2025-H1"})
    export = client.get(reverse("reports:records:document_export"), {"period": "2025-H1"})
    rows = list(
        load_workbook(BytesIO(export.content)).active.iter_rows(min_row=2, values_only=True)
    )
    assert "旧文件" not in page.content.decode()
    assert [r[0] for r in rows] == ["《=cmd 文件》"]
    assert AuditEvent.objects.get(action=AuditEvent.Action.EXPORT).changes["rows"] == 1
