"""Bad input sweep of the register's forms: the child's record, concerns, transfer, close."""

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import ConcernFactory

from .payloads import FUZZ, SCRIPT, assert_escaped, page_fields, post_mutated

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(school_staff) -> Client:
    client = Client()
    client.force_login(school_staff)
    return client


@FUZZ
@given(data=st.data())
def test_the_new_child_form_never_fails_on_hostile_input(staff, school_a, village_a, data):
    fields = page_fields(staff, "/children/new/", form_id="child-form")
    post_mutated(staff, "/children/new/", data, fields, extra=("version", "confirm_duplicate"))


@FUZZ
@given(data=st.data())
def test_the_child_edit_form_never_fails_on_hostile_input(staff, child_a, data):
    url = f"/children/{child_a.pk}/edit/"
    post_mutated(staff, url, data, page_fields(staff, url, form_id="child-form"))


@FUZZ
@given(data=st.data())
def test_the_case_action_forms_never_fail_on_hostile_input(staff, child_a, school_a2, data):
    page = f"/children/{child_a.pk}/"
    concern = ConcernFactory(child=child_a)
    report = f"/concerns/{concern.pk}/"
    targets = [
        (page, f"/concerns/child/{child_a.pk}/new/"),
        (page, f"{page}transfer/"),
        (page, f"{page}close/"),
        (report, f"{report}steps/"),
        (report, f"{report}close/"),
    ]
    for source, url in targets:
        fields = page_fields(staff, source, action=url) if url != f"{page}close/" else []
        fields = fields or [("close-reason", "parents_back"), ("close-on", "2025-01-01")]
        post_mutated(staff, url, data, fields)
        staff.post(f"{page}reopen/")  # a closed case reopens, so the next example can act
        staff.post(f"{report}reopen/", {"reason": "再次跟进"})  # and so does the report


def test_a_script_in_a_child_s_name_is_shown_escaped_on_the_register_and_the_file(staff, child_a):
    child_a.name = SCRIPT
    child_a.study_notes = SCRIPT
    child_a.save()
    for url in ("/children/", f"/children/{child_a.pk}/", f"/children/{child_a.pk}/edit/"):
        body = staff.get(url).content.decode()
        assert_escaped(body, url)
        assert "&lt;script&gt;xss()&lt;/script&gt;" in body, url
