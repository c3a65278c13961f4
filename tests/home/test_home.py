"""The home page: one per role, figures in scope, aggregates only for the coordination group."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from children.models import Concern
from tests.factories import ChildFactory, ConcernFactory, PairingFactory

ROLE_FIXTURES = [
    ("school_staff", "学校管理员"),
    ("mentor", "帮扶教师"),
    ("village_director", "村儿童主任"),
    ("town_officer", "乡镇儿童督导员"),
    ("federation_officer", "县妇联"),
    ("education_officer", "县教育局"),
    ("coordination_member", "协调小组成员"),
    ("administrator", "系统管理员"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("fixture", "role_label"), ROLE_FIXTURES)
def test_each_role_home_renders_with_its_role_label(client, request, fixture, role_label):
    user = request.getfixturevalue(fixture)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert role_label in response.content.decode()


@pytest.mark.django_db
def test_anonymous_visitor_is_redirected_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_school_staff_home_counts_only_own_school_children(
    client, school_staff, school_a, school_b
):
    children = ChildFactory.create_batch(3, school=school_a)
    ChildFactory(school=school_a, is_left_behind=False, is_migrant=True)
    ChildFactory(school=school_b)  # another school: not counted
    PairingFactory(child=children[0])
    ConcernFactory(child=children[1], raised_by=school_staff)
    client.force_login(school_staff)
    figures = client.get(reverse("home")).context["figures"]
    assert figures == {
        "open_children": 4,
        "left_behind": 3,
        "migrant": 1,
        "in_difficulty": 0,
        "open_concerns": 1,
        "without_mentor": 3,
    }


def test_coordination_member_home_shows_county_counts_and_no_child_name(
    client, coordination_member, school_a, school_b
):
    child = ChildFactory(school=school_a, name="张小明")
    ChildFactory(school=school_b, name="李小红")
    ConcernFactory(child=child, raised_by=coordination_member, status=Concern.Status.OPEN)
    client.force_login(coordination_member)
    response = client.get(reverse("home"))
    html = response.content.decode()
    # Small counts are hidden as on the coordination dashboard.
    assert response.context["figures"]["open_children"] == "<5"
    assert response.context["figures"]["open_concerns"] == "<5"
    assert "全县汇总" in html
    assert "张小明" not in html
    assert "李小红" not in html


def _queries_for_home(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(queries)


def test_school_staff_home_query_count_does_not_grow_with_children(client, school_staff, school_a):
    client.force_login(school_staff)
    ChildFactory.create_batch(2, school=school_a)
    _queries_for_home(client)  # the first request after login saves the session
    with_two = _queries_for_home(client)
    for child in ChildFactory.create_batch(18, school=school_a):
        PairingFactory(child=child)
    with_twenty = _queries_for_home(client)
    assert with_two == with_twenty


@pytest.mark.django_db
def test_login_page_shows_chinese_error_on_wrong_password(client, school_staff):
    response = client.post(
        reverse("accounts:login"), {"username": "staff_a", "password": "wrong-password"}
    )
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_login_page_points_to_demo_logins_only_in_debug(client, settings, debug):
    settings.DEBUG = debug
    html = client.get(reverse("accounts:login")).content.decode()
    assert "留守儿童关爱服务平台" in html
    assert ("演示账号见启动时的输出" in html) is debug


def test_navbar_offers_post_forms_for_logout_and_language(client, school_staff):
    client.force_login(school_staff)
    html = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("accounts:logout")}"' in html
    assert f'action="{reverse("set_language")}"' in html
    assert 'value="en"' in html
    assert "<script>" not in html  # all JS in static files, for a strict CSP


def test_open_concerns_are_listed_on_the_home_page_of_those_responsible(
    client, school_staff, school_staff_b, child_a
):
    ConcernFactory(child=child_a, description="周末独自在家")
    client.force_login(school_staff)
    html = client.get("/").content.decode()
    assert "待处理的强制报告" in html and child_a.name in html and "周末独自在家" in html
    client.force_login(school_staff_b)
    assert child_a.name not in client.get("/").content.decode()
