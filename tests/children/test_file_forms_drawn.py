"""The child's file draws its forms' fields once: the transfer form's schools per county,
language and day in the shared cache (dropped when a school or a town changes), the close
and concern forms once per process, language and day."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from children.forms import CloseForm, TransferForm, forget_drawn_schools
from children.templatetags.file_tags import form_fields
from schools.models import School
from tests.factories import ChildFactory, SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese_afterwards():
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def page(client, federation_officer, school_a):
    child = ChildFactory(school=school_a, status="open")
    client.force_login(federation_officer)
    url = reverse("children:detail", args=[child.pk])

    def get(language: str = "zh-hans") -> str:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    return get


def _transfer_part(html: str) -> str:
    start = html.index('data-testid="transfer-form"')
    return html[start : html.index("</form>", start)]


def test_a_new_school_shows_in_the_transfer_form_at_once(page, town_a):
    assert "新开小学" not in _transfer_part(page())
    SchoolFactory(town=town_a, name="新开小学")
    assert "新开小学" in _transfer_part(page())


def test_a_closed_school_and_a_renamed_town_show_at_once(page, school_a2, town_a):
    assert school_a2.name in _transfer_part(page())
    school_a2.is_active = False
    school_a2.save()
    assert school_a2.name not in _transfer_part(page())
    town_a.name = "改名镇"
    town_a.save()
    assert "改名镇 · " in _transfer_part(page())


def test_a_school_of_another_county_is_not_listed_nor_drops_the_drawing(page, school_a):
    page()
    other = SchoolFactory(name="外县小学")  # its own town in another county
    assert other.town.county_id != school_a.town.county_id
    html = page()
    assert "外县小学" not in _transfer_part(html)


def test_the_second_visit_reads_no_schools(page):
    page()
    with CaptureQueriesContext(connection) as queries:
        page()
    assert not [q for q in queries if f'FROM "{School._meta.db_table}"' in q["sql"]]
    forget_drawn_schools(School.objects.first().town.county_id)
    with CaptureQueriesContext(connection) as queries:
        page()
    assert [q for q in queries if f'FROM "{School._meta.db_table}"' in q["sql"]]


def test_the_forms_drawn_once_follow_the_language(page):
    chinese = page("zh-hans")
    english = page("en")
    assert "结案原因" in chinese and "结案原因" not in english
    assert "转入学校" in chinese and "转入学校" not in english
    assert "提交强制报告" in chinese and "提交强制报告" not in english
    assert "结案原因" in page("zh-hans")


def test_the_forms_drawn_once_carry_todays_date(monkeypatch, federation_officer, school_a):
    today = timezone.localdate().isoformat()
    for form in (CloseForm(), TransferForm(user=federation_officer)):
        assert f'value="{today}"' in form_fields(form)
    later = datetime.datetime(2031, 5, 6, 3, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: later)
    for form in (CloseForm(), TransferForm(user=federation_officer)):
        assert 'value="2031-05-06"' in form_fields(form)
