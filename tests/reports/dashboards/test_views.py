"""The dashboard pages: who may open which, what they show, and how many queries they cost."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from children.models import Child, Pairing
from core.periods import term_of
from reports.dashboards import selectors
from schools.models import School
from tests.factories import CarerFactory, UserFactory, make_id_number

pytestmark = pytest.mark.django_db

DASHBOARDS = {
    "dashboards:county": ["federation_officer", "education_officer", "administrator"],
    "dashboards:town": ["town_officer"],
    "dashboards:school": ["school_staff"],
    "dashboards:coordination": ["coordination_member"],
}
ALL_ROLES = [
    "school_staff", "mentor", "village_director", "town_officer", "federation_officer",
    "education_officer", "coordination_member", "administrator",
]  # fmt: skip


def get(client, user, name, **params):
    client.force_login(user)
    return client.get(reverse(name), params)


@pytest.mark.parametrize("name", DASHBOARDS)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_dashboard_opens_for_its_roles_and_is_404_for_the_others(
    client, request, dataset, name, role
):
    user = request.getfixturevalue(role)
    response = get(client, user, name)
    assert response.status_code == (200 if role in DASHBOARDS[name] else 404)


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("dashboards:county"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(
    "role,target",
    [
        ("federation_officer", "dashboards:county"),
        ("town_officer", "dashboards:town"),
        ("school_staff", "dashboards:school"),
        ("coordination_member", "dashboards:coordination"),
    ],
)
def test_dashboard_index_sends_each_role_to_its_dashboard_keeping_the_period(
    client, request, county, role, target
):
    user = request.getfixturevalue(role)
    response = get(client, user, "dashboards:index", period="2025")
    assert response.status_code == 302
    assert response["Location"] == reverse(target) + "?period=2025"


def test_mentor_has_no_dashboard(client, mentor):
    assert get(client, mentor, "dashboards:index").status_code == 404


def figure(html: str, key: str) -> str:
    """Return the text of the figure card `key` without tags and spaces."""
    match = re.search(rf'data-testid="figure-{key}".*?stat-value">(.*?)</div>', html, re.S)
    assert match, key
    return re.sub(r"<[^>]+>|\s", "", match.group(1))


def test_county_dashboard_links_each_figure_to_the_register_in_scope(
    client, dataset, federation_officer, period
):
    html = get(client, federation_officer, "dashboards:county", **period.params()).text
    assert figure(html, "registered") == "7"
    assert figure(html, "left_behind") == "6"
    assert 'href="/children/?category=left_behind"' in html
    assert 'href="/children/?no_mentor=on"' in html
    assert 'href="/children/?overdue=on"' in html
    assert 'href="/children/?concern=on"' in html
    assert 'href="/children/?due_to_close=on"' in html
    assert f'href="/children/?town={dataset["c1"].town_id}"' in html
    assert f'href="/children/{dataset["c4"].pk}/"' in html  # the open concern, linked
    assert "章小明" in html  # the possible duplicate, for an officer who may see both


def test_town_dashboard_rows_are_its_schools_linked_to_the_register(
    client, dataset, town_officer, school_a, period
):
    html = get(client, town_officer, "dashboards:town", **period.params()).text
    assert figure(html, "registered") == "5"
    assert f'href="/children/?school={school_a.pk}"' in html
    assert "六郎中心小学" not in html.split('data-testid="breakdown-table"')[1].split("</table>")[0]


def test_school_dashboard_rows_are_classes_and_sort_by_a_column(
    client, dataset, school_staff, period
):
    response = get(client, school_staff, "dashboards:school", **period.params(), sort="-registered")
    table = response.text.split('data-testid="breakdown-table"')[1].split("</table>")[0]
    labels = re.findall(r'<th scope="row">(?:<a [^>]*>)?([^<]+)', table)
    assert labels[0].strip() == "3 年级 1班"  # two children, the most
    assert 'aria-sort="descending"' in table


def test_administrator_sees_county_figures_but_no_child_name_or_link(
    client, dataset, administrator, period
):
    html = get(client, administrator, "dashboards:county", **period.params()).text
    assert figure(html, "registered") == "7"
    assert "/children/" not in html
    assert dataset["c1"].name not in html


def test_coordination_page_has_no_name_id_phone_or_child_link(
    client, dataset, coordination_member, period
):
    html = get(client, coordination_member, "dashboards:coordination", **period.params()).text
    for child in Child.objects.all():
        assert child.name not in html
        assert child.id_number not in html
        assert child.id_number[:6] + child.id_number[6:14] not in html
    assert "13600000028" not in html  # the guardians' phone
    assert "/children/" not in html
    assert not re.search(r"\b1[3-9]\d{9}\b", html)
    assert not re.search(r"\b\d{17}[\dX]\b", html)


def test_coordination_page_shows_counts_below_five_as_less_than_five(
    client, dataset, coordination_member, period
):
    html = get(client, coordination_member, "dashboards:coordination", **period.params()).text
    assert figure(html, "registered") == "7"  # five or more: exact
    assert figure(html, "left_behind") == "6"
    assert figure(html, "migrant") == "&lt;5"  # one child
    assert figure(html, "q_no_phone") == "&lt;5"
    assert figure(html, "overdue") == "5"
    table = html.split('data-testid="breakdown-table"')[1].split("</table>")[0]
    assert ">&lt;5<" in table  # town_b's two children
    chart = html.split('data-testid="chart-categories"')[1].split("</figure>")[0]
    assert "&lt;5" in chart and ">1<" not in chart


def test_period_in_the_url_changes_the_figures(client, dataset, federation_officer):
    long_ago = {"period": "custom", "start": "2001-01-01", "end": "2001-12-31"}
    html = get(client, federation_officer, "dashboards:county", **long_ago).text
    assert figure(html, "registered") == "0"
    assert figure(html, "activities") == "0"
    assert "2001-01-01 至 2001-12-31" in html


def test_page_says_as_of_when_and_draws_its_charts_as_svg(client, dataset, federation_officer):
    html = get(client, federation_officer, "dashboards:county").text
    assert "数据截至" in html
    assert html.count("<svg") == 10  # each chart drawn for a desktop and for a phone
    assert "<script>" not in html.split("</footer>")[0]
    assert "chart-table" in html


def add_children(county, school, count: int, *, start: int) -> None:
    """Bulk-create `count` open children at `school`, a third paired with a mentor."""
    carer = CarerFactory(school=school)
    first = datetime.date(2010, 1, 1)
    children = [
        Child(
            county=county,
            town=school.town,
            school=school,
            name=f"批量{n}",
            sex="M",
            birth_date=first + datetime.timedelta(days=n % 3000),
            id_number=make_id_number(first + datetime.timedelta(days=n % 3000), serial=n),
            schooling_status="primary",
            grade=1 + n % 6,
            class_name=f"{1 + n % 4}班",
            is_left_behind=True,
        )
        for n in range(start, start + count)
    ]
    created = Child.objects.bulk_create(children, batch_size=2000)
    pairings = [
        Pairing(child=c, carer=carer, role="mentor", started_on=datetime.date(2024, 9, 1))
        for c in created[::3]
    ]
    Pairing.objects.bulk_create(pairings, batch_size=2000)


def count_queries(client, name) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name)).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name,role",
    [
        ("dashboards:county", "federation_officer"),
        ("dashboards:town", "town_officer"),
        ("dashboards:school", "school_staff"),
        ("dashboards:coordination", "coordination_member"),
    ],
)
def test_query_count_is_the_same_for_100_and_10000_children(
    client, request, dataset, county, school_a, name, role
):
    client.force_login(request.getfixturevalue(role))
    add_children(county, school_a, 92, start=100_000)
    small = count_queries(client, name)
    add_children(county, school_a, 9_900, start=200_000)
    assert Child.objects.count() == 10_000
    assert count_queries(client, name) == small
    assert small <= 25
    cache_hit = CaptureQueriesContext(connection)
    with cache_hit:
        client.get(reverse(name))
    assert len(cache_hit) < small


def test_other_county_users_see_none_of_this_county(client, dataset, period):
    from tests.factories import CountyFactory

    other = CountyFactory(name="邻县", code="340300")
    user = UserFactory(role=Role.FEDERATION, county=other)
    html = get(client, user, "dashboards:county", **period.params()).text
    assert figure(html, "registered") == "0"
    assert "湾沚镇" not in html


def _drawn(response) -> set[str]:
    return {t.name for t in response.templates}


def _page(response) -> str:
    """Return the page without what changes on every request (the CSP nonce, the token)."""
    return re.sub(r'(nonce|value)="[^"]*"', "", response.content.decode())


def test_cached_figures_are_shown_with_their_cached_drawing_until_new_figures_come(
    client, dataset, federation_officer
):
    first = get(client, federation_officer, "dashboards:county")
    again = get(client, federation_officer, "dashboards:county")
    assert "dashboards/_work.html" in _drawn(first)
    assert "dashboards/_work.html" not in _drawn(again)
    assert _page(again) == _page(first)

    # Another sort is another drawing; figures computed anew (a new "as of") are drawn anew.
    by_count = get(client, federation_officer, "dashboards:county", sort="-registered")
    assert "dashboards/_work.html" in _drawn(by_count)
    Child.objects.filter(pk=dataset["c1"].pk).update(is_left_behind=False)
    today = timezone.localdate()  # the worker's refresh
    selectors.dashboard_figures(
        federation_officer, period=term_of(today), today=today, recompute=True
    )
    anew = get(client, federation_officer, "dashboards:county")
    assert "dashboards/_work.html" in _drawn(anew)
    assert _page(anew) != _page(first)


def test_duplicate_list_links_the_children_the_reader_sees_and_names_no_other(
    client, dataset, county, school_a
):
    staff_a = UserFactory(role=Role.SCHOOL_STAFF, county=county, school=school_a)
    html = get(client, staff_a, "dashboards:school").content.decode()

    items = re.search(r'data-testid="duplicate-list">(.*?)</ul>', html, re.S).group(1)
    c1 = dataset["c1"]
    assert f'<a href="{c1.get_absolute_url()}">张小明</a>（{school_a.name}）' in items
    assert "外校登记的儿童" in items  # c7, at school_b
    assert "章小明" not in items and dataset["c7"].get_absolute_url() not in items


def test_duplicate_list_escapes_what_it_shows(client, dataset, federation_officer, school_b):
    School.objects.filter(pk=school_b.pk).update(name="<b>二小</b>")
    html = get(client, federation_officer, "dashboards:county").content.decode()

    items = re.search(r'data-testid="duplicate-list">(.*?)</ul>', html, re.S).group(1)
    assert "章小明</a>（&lt;b&gt;二小&lt;/b&gt;）" in items and "<b>" not in items
