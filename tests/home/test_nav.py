"""The navigation bar written in Python (home.templatetags.nav_tags) gives what its former
templates gave, for every role, page and language, and escapes what is not ours.

tests/home/reference/partials/ holds nav.html and language_switcher.html as they were. Each
test takes the bar out of a real page and compares it with the former template rendered
for the same request; whitespace between tags is not compared (the Python bar writes one
new line where the template left its indentation), nor the CSRF token's mask.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.reference_templates import former_templates

REFERENCE = Path(__file__).parent / "reference"

ROLES = [
    "school_staff",
    "mentor",
    "village_director",
    "town_officer",
    "federation_officer",
    "education_officer",
    "coordination_member",
    "administrator",
]
PAGES = [
    "home",
    "help",
    "children:list",
    "care:mine",
    "care:carer_list",
    "survey:index",
    "children:create",
    "activities:home_list",
    "donations:list",
    "reports:list",
    "dashboards:index",
    "accounts:user_list",
]


@pytest.fixture(autouse=True)
def _chinese_afterwards(chinese_afterwards):
    """Leave the site's language active after a test whose requests switched it."""


@pytest.fixture
def former_nav():
    """Return the former navigation template, its partials found before today's."""
    backend = former_templates(REFERENCE, "reference-nav")
    template = backend.from_string('{% include "partials/nav.html" %}')
    assert Path(backend.get_template("partials/nav.html").origin.name).is_relative_to(REFERENCE)
    return template


def _markup(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def _nav(html: str) -> str:
    (nav,) = re.findall(r"<nav class=\"navbar.*?</nav>", html, re.S)
    return nav


def _compare(client, former_nav, url: str) -> str | None:
    """Return the page's bar after checking it against the former one; None if no page."""
    response = client.get(url)
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        return None
    new = _nav(response.content.decode())
    old = _nav(former_nav.render({}, response.wsgi_request))
    assert _markup(new) == _markup(old), url
    return new


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("who", ROLES)
def test_the_bar_of_every_page_is_the_markup_of_the_former_template(
    client, request, former_nav, who, language
):
    client.force_login(request.getfixturevalue(who))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    shown = [_compare(client, former_nav, reverse(name)) for name in PAGES]
    pages = [nav for nav in shown if nav]
    assert len(pages) >= 3  # home, help and the role's own pages were compared
    assert all('aria-current="page"' in nav or " active" in nav for nav in pages[:2])


def test_the_bar_of_a_signed_out_visitor_is_the_former_one(client, former_nav):
    nav = _compare(client, former_nav, reverse("accounts:login"))
    assert nav and "current-user" not in nav and "nav-search" not in nav


def test_the_bar_escapes_the_name_the_scope_and_the_path(client, former_nav, school_staff):
    school_staff.full_name = "<script>x</script>"
    school_staff.save()
    school_staff.school.name = '湾沚"><i>'
    school_staff.school.save()
    client.force_login(school_staff)
    nav = _compare(client, former_nav, reverse("children:list") + '?q="><b>')
    assert "<script>x" not in nav and '"><i>' not in nav and '"><b>' not in nav
    assert "&lt;script&gt;x&lt;/script&gt;" in nav and "湾沚&quot;&gt;&lt;i&gt;" in nav
    assert "q=%22%3E%3Cb%3E" in nav or "&quot;&gt;&lt;b&gt;" in nav
