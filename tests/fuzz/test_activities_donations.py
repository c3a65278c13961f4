"""Bad input sweep of homes, activities, photos, donations and aid."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from tests.factories import ActivityFactory, DonationFactory, HomeFactory

from .payloads import (
    FUZZ,
    SCRIPT,
    assert_escaped,
    assert_handled,
    hostile_value,
    page_fields,
    post_mutated,
)

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@FUZZ
@given(data=st.data())
def test_the_home_and_activity_forms_never_fail_on_hostile_input(school_staff, school_a, data):
    staff = _client(school_staff)
    for url in ("/activities/homes/new/", "/activities/new/"):
        post_mutated(staff, url, data, page_fields(staff, url))
    home = HomeFactory(school=school_a)
    activity = ActivityFactory(county=school_a.town.county, school=school_a, town=school_a.town)
    for url in (f"/activities/homes/{home.pk}/edit/", f"/activities/{activity.pk}/edit/"):
        post_mutated(staff, url, data, page_fields(staff, url))


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue()


@FUZZ
@given(
    content=st.one_of(st.binary(max_size=2000), st.just(_png()), st.just(b"GIF89a" + b"\0" * 50)),
    name=st.one_of(st.sampled_from(["a.jpg", "a.png", "a.webp", "../../x.png", "a.svg"]),
                   hostile_value.map(lambda s: s.replace("\x00", "")[:80] or "x")),
    caption=hostile_value,
)  # fmt: skip
def test_a_photo_upload_never_fails_on_random_bytes_or_names(
    school_staff, school_a, content, name, caption
):
    staff = _client(school_staff)
    activity = ActivityFactory(county=school_a.town.county, school=school_a, town=school_a.town)
    url = f"/activities/{activity.pk}/photos/"
    upload = SimpleUploadedFile(name, content)
    assert_handled(staff, staff.post(url, {"image": upload, "caption": caption}), url)


@FUZZ
@given(data=st.data())
def test_the_donation_and_aid_forms_never_fail_on_hostile_input(
    federation_officer, child_a, school_a, data
):
    fed = _client(federation_officer)
    post_mutated(fed, "/donations/new/", data, page_fields(fed, "/donations/new/"))
    donation = DonationFactory(donor__county=federation_officer.county, amount=1000)
    url = f"/donations/{donation.pk}/edit/"
    post_mutated(fed, url, data, page_fields(fed, url))
    aid = f"/donations/{donation.pk}/aid/"
    fields = page_fields(fed, f"/donations/{donation.pk}/", action=aid)
    fields = [(k, v) for k, v in fields if k != "children"] + [("children", str(child_a.pk))]
    post_mutated(fed, aid, data, fields)


def test_a_script_in_a_donor_s_name_and_an_activity_title_is_shown_escaped(
    federation_officer, school_a
):
    fed = _client(federation_officer)
    donation = DonationFactory(donor__county=federation_officer.county, donor__name=SCRIPT)
    activity = ActivityFactory(
        county=school_a.town.county, school=school_a, town=school_a.town, title=SCRIPT
    )
    for url in ("/donations/", f"/donations/{donation.pk}/", "/activities/",
                f"/activities/{activity.pk}/"):  # fmt: skip
        body = fed.get(url).content.decode()
        assert_escaped(body, url)
        assert "&lt;script&gt;xss()" in body, url
