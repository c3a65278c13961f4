"""The register's rows and cards, written in Python (children.templatetags.register_tags),
and the grade drop-down read from the register's counts."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from tests.factories import ChildFactory, ContactFactory


def _cards(html: str) -> list[str]:
    return re.findall(r'<li class="card mb-2 child-card[^"]*".*?</li>', html, re.S)


def _table_rows(html: str) -> list[str]:
    body = html.split('<table class="table table-sm table-hover align-middle register-table">')[1]
    return re.findall(r"<tr[^>]*>.*?</tr>", body.split("<tbody>")[1].split("</tbody>")[0], re.S)


def test_rows_and_cards_show_the_last_contact_and_mark_the_overdue(client, school_staff, school_a):
    today = timezone.localdate()
    seen = ChildFactory(school=school_a, name="甲", grade=3)
    ContactFactory(child=seen, on=today - datetime.timedelta(days=2))
    ChildFactory(school=school_a, name="乙", grade=3)
    client.force_login(school_staff)
    html = client.get(reverse("children:list"), {"sort": "name"}).content.decode()
    recent = f"{today - datetime.timedelta(days=2):%Y-%m-%d}"
    second, first = _cards(html)  # by name: 乙 (U+4E59) before 甲 (U+7532)
    assert "甲" in first and f"最近联系：{recent}" in first and "text-danger" not in first
    assert "乙" in second and '<div class="small text-danger">最近联系：从未联系' in second
    never, recently = _table_rows(html)
    assert f'<td class="small">{recent}</td>' in recently
    assert '<td class="small text-danger">从未联系</td>' in never
    assert f'href="{reverse("children:detail", args=[seen.pk])}"' in recently


def test_rows_and_cards_escape_what_the_record_holds(client, school_staff, school_a):
    ChildFactory(school=school_a, name="<b>小明</b>", class_name='2班"><i>')
    client.force_login(school_staff)
    html = client.get(reverse("children:list")).content.decode()
    assert "<b>小明</b>" not in html and '"><i>' not in html
    assert html.count("&lt;b&gt;小明&lt;/b&gt;") >= 2  # the table's row and the card
    assert "2班&quot;&gt;&lt;i&gt;" in html


def test_badges_of_a_closed_case_an_aged_out_child_and_no_mentor(client, school_staff, school_a):
    today = timezone.localdate()
    ChildFactory(school=school_a, name="满十六", birth_date=datetime.date(today.year - 17, 1, 2))
    client.force_login(school_staff)
    html = client.get(reverse("children:list")).content.decode()
    (row,) = _table_rows(html)
    assert "满16周岁待结案" in row and "无帮扶教师" in row and "留守" in row
    (card,) = _cards(html)
    assert "满16周岁待结案" in card and 'name="children"' in card  # aid check box for staff


def test_grade_drop_down_offers_the_grades_in_view_and_the_chosen_one(
    client, school_staff, school_a
):
    ChildFactory(school=school_a, grade=2)
    ChildFactory(school=school_a, grade=4)
    client.force_login(school_staff)
    url = reverse("children:list")
    html = client.get(url).content.decode()
    select = re.search(r'<select name="grade".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="(\d*)"', select) == ["", "2", "3", "4"]
    # A grade nobody is in (chosen from an old link) still validates, shows, and lists none.
    response = client.get(url, {"grade": "9"})
    select = re.search(r'<select name="grade".*?</select>', response.content.decode(), re.S)
    assert '<option value="9" selected>9</option>' in select.group(0)
    assert list(response.context["page"]) == []
    assert client.get(url, {"grade": "13"}).context["form"].errors["grade"]


def test_search_page_shows_the_last_contact(client, school_staff, school_a):
    day = timezone.localdate() - datetime.timedelta(days=3)
    for name in ("王一", "王二"):
        child = ChildFactory(school=school_a, name=name)
        ContactFactory(child=child, on=day)
    client.force_login(school_staff)
    html = client.get(reverse("children:search"), {"q": "王"}).content.decode()
    assert html.count(f"{day:%Y-%m-%d}") == 4  # two cards and two table rows


def test_last_contact_sort_puts_never_contacted_with_the_oldest(client, school_staff, school_a):
    today = timezone.localdate()
    never = ChildFactory(school=school_a, name="从未")
    old, recent = ChildFactory(school=school_a, name="早"), ChildFactory(school=school_a, name="近")
    ContactFactory(child=old, on=today - datetime.timedelta(days=90))
    ContactFactory(child=recent, on=today - datetime.timedelta(days=1))
    client.force_login(school_staff)
    url = reverse("children:list")
    newest_first = [c.pk for c in client.get(url, {"sort": "-last_contact"}).context["page"]]
    assert newest_first == [recent.pk, old.pk, never.pk]
    oldest_first = [c.pk for c in client.get(url, {"sort": "last_contact"}).context["page"]]
    assert oldest_first == [never.pk, old.pk, recent.pk]
    overdue = client.get(url, {"overdue": "on", "sort": "-last_contact"}).context["page"]
    assert [c.pk for c in overdue] == [old.pk, never.pk]
