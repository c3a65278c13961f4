"""Bad input sweep of the joint-meeting and document records and the report's narrative."""

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from reports import services
from tests.factories import JointMeetingFactory, PolicyDocumentFactory

from .payloads import FUZZ, SCRIPT, assert_escaped, page_fields, post_mutated

pytestmark = pytest.mark.django_db


@pytest.fixture
def fed(federation_officer) -> Client:
    client = Client()
    client.force_login(federation_officer)
    return client


@FUZZ
@given(data=st.data())
def test_the_meeting_and_document_forms_never_fail_on_hostile_input(fed, county, data):
    for url in ("/reports/records/meetings/new/", "/reports/records/documents/new/"):
        post_mutated(fed, url, data, page_fields(fed, url))
    meeting = JointMeetingFactory(county=county)
    document = PolicyDocumentFactory(county=county)
    for url in (f"/reports/records/meetings/{meeting.pk}/edit/",
                f"/reports/records/documents/{document.pk}/edit/"):  # fmt: skip
        post_mutated(fed, url, data, page_fields(fed, url))


@pytest.fixture
def draft(federation_officer):
    return services.report_draft_create(by=federation_officer, year=2025, half="H1")


@FUZZ
@given(data=st.data())
def test_the_report_narrative_and_generate_forms_never_fail_on_hostile_input(fed, draft, data):
    url = f"/reports/{draft.pk}/edit/"
    post_mutated(fed, url, data, page_fields(fed, f"/reports/{draft.pk}/", action=url))
    post_mutated(fed, "/reports/", data, page_fields(fed, "/reports/"))


def test_a_script_in_a_meeting_s_topic_and_the_report_narrative_is_shown_escaped(
    fed, county, draft
):
    JointMeetingFactory(county=county, chaired_by=SCRIPT)
    PolicyDocumentFactory(county=county, title=SCRIPT)
    url = f"/reports/{draft.pk}/edit/"
    fields = page_fields(fed, f"/reports/{draft.pk}/", action=url)
    data = dict(fields)
    for name, value in data.items():
        if name != "csrfmiddlewaretoken" and not value.replace(".", "").isdigit():
            data[name] = SCRIPT  # every text of the narrative; numbers stay valid
    assert fed.post(url, data).status_code < 500
    pages = ("/reports/records/meetings/", "/reports/records/documents/", f"/reports/{draft.pk}/")
    for page in pages:
        body = fed.get(page).content.decode()
        assert_escaped(body, page)
        assert "&lt;script&gt;xss()" in body, page
