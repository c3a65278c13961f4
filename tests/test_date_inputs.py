"""Every date input of every page of every role holds a value a browser accepts (ISO).

A browser's <input type="date"> shows nothing for "2026/12/01" (Django's zh-Hans format)
and logs a warning; the transfer, close and pairing forms used to open that way.
"""

import re

import pytest
from django.test import Client
from django.utils import translation

from tests.browser.county import ROLES, build_county
from tests.browser.pages import page_urls

DATE_INPUT = re.compile(r"<input\b[^>]*\btype=\"date\"[^>]*>")
VALUE = re.compile(r"\bvalue=\"([^\"]*)\"")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    return build_county()


def date_values(html: str) -> list[str]:
    """Return the value attribute of every date input in `html` ('' when it has none)."""
    values = []
    for tag in DATE_INPUT.findall(html):
        found = VALUE.search(tag)
        values.append(found.group(1) if found else "")
    return values


@pytest.mark.parametrize(
    "role,language", [(role, "zh-hans") for role in ROLES] + [("school", "en"), ("fed", "en")]
)
def test_no_page_renders_a_date_input_a_browser_would_reject(county, role, language):
    user = county.users[role]
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    client.cookies["django_language"] = language
    checked, bad = 0, []
    for url in page_urls(county, user):
        values = date_values(client.get(url).content.decode())
        checked += len(values)
        bad += [(url, v) for v in values if v and not ISO.match(v)]
    assert bad == []
    if role in ("school", "fed"):
        assert checked >= 5  # the walk reached the forms that have dates


def test_the_transfer_form_opens_with_today_in_iso(client, county):
    client.force_login(county.users["school"])
    with translation.override("zh-hans"):
        html = client.get(f"/children/{county.mentored[0].pk}/").content.decode()
    values = date_values(html)
    assert values and all(ISO.match(v) for v in values)
