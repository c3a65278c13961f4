"""The edit form shows the ID masked; "查看完整" fills it in, and the read is audited."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from tests.factories import ChildFactory, SchoolFactory, UserFactory

PASSWORD = "pass-word-123"


@pytest.fixture
def child():
    return ChildFactory(school=SchoolFactory(name="湾沚中心小学"), name="张小明")


@pytest.mark.django_db(transaction=True)
def test_edit_form_reveals_the_full_id_only_on_a_click(page: Page, live_server, login, child):
    UserFactory(
        username="staff_a", role=Role.SCHOOL_STAFF, county=child.county, school=child.school
    )
    login(page, live_server, "staff_a", PASSWORD)
    page.goto(f"{live_server.url}/children/{child.pk}/edit/")
    id_input = page.locator("#id_id_number")
    expect(id_input).to_have_value("")
    expect(id_input).to_have_attribute("placeholder", child.id_masked)
    assert child.id_number not in page.content()
    assert child.audit_events.filter(action="read_sensitive").count() == 0
    page.locator('.masked-reveal[data-input="id_id_number"]').click()
    expect(id_input).to_have_value(child.id_number)
    assert child.audit_events.filter(action="read_sensitive").count() == 1
