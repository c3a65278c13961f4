"""Homes, rooms and activities in the browser: scoping role by role, forms, signs, lists."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Activity, Home
from audit.models import AuditEvent
from tests.factories import (
    ActivityFactory,
    ChildFactory,
    EquipmentFactory,
    HomeFactory,
)

pytestmark = pytest.mark.django_db

ALL_ROLES = [
    "school_staff",
    "school_staff_b",
    "mentor",
    "village_director",
    "town_officer",
    "town_officer_b",
    "federation_officer",
    "education_officer",
    "coordination_member",
    "administrator",
]
# Who sees a home or activity of school_a (town_a); everyone else gets 404.
READERS_OF_SCHOOL_A = {
    "school_staff",
    "town_officer",
    "federation_officer",
    "education_officer",
    "coordination_member",
}
EDITORS_OF_SCHOOL_A = READERS_OF_SCHOOL_A - {"coordination_member"}


@pytest.fixture
def home_a(school_a):
    home = HomeFactory(school=school_a, name="湾沚中心小学留守儿童之家", rules="按时开放\n爱护图书")
    EquipmentFactory(home=home, name="电视机", quantity=1)
    return home


@pytest.fixture
def activity_a(school_a, county):
    return ActivityFactory(county=county, school=school_a, town=school_a.town, title="安全讲座")


def _user(request, role):
    return request.getfixturevalue(role)


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(
    "name", ["activities:home_detail", "activities:home_sign", "activities:home_edit"]
)
def test_home_urls_answer_404_outside_the_users_scope(request, client, home_a, role, name):
    client.force_login(_user(request, role))
    response = client.get(reverse(name, args=[home_a.pk]))
    allowed = EDITORS_OF_SCHOOL_A if name.endswith("edit") else READERS_OF_SCHOOL_A
    assert response.status_code == (200 if role in allowed else 404)


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", ["activities:detail", "activities:edit"])
def test_activity_urls_answer_404_outside_the_users_scope(request, client, activity_a, role, name):
    client.force_login(_user(request, role))
    response = client.get(reverse(name, args=[activity_a.pk]))
    allowed = EDITORS_OF_SCHOOL_A if name.endswith("edit") else READERS_OF_SCHOOL_A
    assert response.status_code == (200 if role in allowed else 404)


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(
    "name",
    [
        "activities:list",
        "activities:export",
        "activities:home_list",
        "activities:home_export",
        "activities:create",
        "activities:home_create",
    ],
)
def test_list_and_create_urls_serve_only_the_roles_that_use_them(request, client, role, name):
    client.force_login(_user(request, role))
    response = client.get(reverse(name))
    allowed = EDITORS_OF_SCHOOL_A if name.endswith("create") else READERS_OF_SCHOOL_A
    allowed = allowed | {"school_staff_b", "town_officer_b"}  # same roles, other places
    assert response.status_code == (200 if role in allowed else 404)


def test_lists_show_only_the_users_school(client, school_staff, home_a, activity_a, school_b):
    HomeFactory(school=school_b, name="六郎之家")
    ActivityFactory(county=school_b.town.county, school=school_b, title="六郎讲座")
    client.force_login(school_staff)
    homes = client.get(reverse("activities:home_list")).content.decode()
    activities = client.get(reverse("activities:list")).content.decode()
    assert "湾沚中心小学留守儿童之家" in homes and "六郎之家" not in homes
    assert "安全讲座" in activities and "六郎讲座" not in activities


def test_homes_list_shows_and_filters_the_shared_room_flag(client, education_officer, school_a):
    HomeFactory(school=school_a, name="合用之家", is_shared=True, shared_with="兼作图书室")
    HomeFactory(school=school_a, name="专用之家")
    client.force_login(education_officer)
    page = client.get(reverse("activities:home_list")).content.decode()
    shared_only = client.get(reverse("activities:home_list"), {"shared": "yes"}).content.decode()
    dedicated = client.get(reverse("activities:home_list"), {"shared": "no"}).content.decode()
    assert "兼作图书室" in page and "多室合用 1 个" in page
    assert "合用之家" in shared_only and "专用之家" not in shared_only
    assert "专用之家" in dedicated and "合用之家" not in dedicated


def test_sign_page_shows_name_hours_contact_and_rules_with_the_print_stylesheet(
    client, school_staff, school_a
):
    home = HomeFactory(
        school=school_a,
        name="湾沚二小留守儿童之家",
        opening_hours="周一至周五 12:00-13:30",
        contact_name="王老师",
        contact_phone="13900000000",
        rules="按时开放\n爱护图书",
    )
    client.force_login(school_staff)
    page = client.get(reverse("activities:home_sign", args=[home.pk])).content.decode()
    for text in ("湾沚二小留守儿童之家", "周一至周五 12:00-13:30", "王老师", "13900000000"):
        assert text in page
    assert "<li>爱护图书</li>" in page
    assert "css/print.css" in page and "onclick" not in page and "<script>" not in page


def test_school_staff_adds_a_home_with_its_equipment_and_it_is_audited(
    client, school_staff, school_a
):
    client.force_login(school_staff)
    data = {
        "kind": "school_home",
        "name": "新建之家",
        "school": school_a.pk,
        "town": school_a.town_id,
        "mode": "1",
        "planned_year": "2024",
        "built_year": "2024",
        "contact_phone": "13900000000",
        "equipment-TOTAL_FORMS": "3",
        "equipment-INITIAL_FORMS": "0",
        "equipment-0-name": "电脑",
        "equipment-0-quantity": "2",
        "equipment-1-name": "图书",
        "equipment-1-quantity": "300",
    }
    response = client.post(reverse("activities:home_create"), data)
    home = Home.objects.get(name="新建之家")
    assert response.status_code == 302
    assert {(e.name, e.quantity) for e in home.equipment.all()} == {("电脑", 2), ("图书", 300)}
    assert AuditEvent.objects.filter(object_type="activities.Home", object_id=str(home.pk)).exists()


def test_shared_home_without_what_it_is_shared_with_is_refused_in_chinese(
    client, school_staff, school_a
):
    client.force_login(school_staff)
    data = {
        "kind": "school_home",
        "name": "合用之家",
        "school": school_a.pk,
        "town": school_a.town_id,
        "planned_year": "2024",
        "is_shared": "on",
        "equipment-TOTAL_FORMS": "0",
        "equipment-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("activities:home_create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "合用情况" in page and "请填写合用情况" in page and 'value="合用之家"' in page
    assert not Home.objects.filter(name="合用之家").exists()


def test_school_staff_cannot_place_a_home_at_another_school(client, school_staff, school_b):
    client.force_login(school_staff)
    data = {
        "kind": "school_home",
        "name": "越权之家",
        "school": school_b.pk,
        "town": school_b.town_id,
        "planned_year": "2024",
        "equipment-TOTAL_FORMS": "0",
        "equipment-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("activities:home_create"), data)
    assert response.status_code == 200
    assert not Home.objects.filter(name="越权之家").exists()


def _activity_data(school, **extra):
    data = {
        "kind": "safety",
        "title": "防溺水安全教育",
        "on": "2025-05-20",
        "organiser_kind": "school",
        "organiser": "湾沚中心小学",
        "school": school.pk,
        "children_count": "30",
        "parents_count": "0",
        "audience_count": "30",
    }
    data.update(extra)
    return data


def test_school_staff_records_an_activity_with_participants_from_their_school(
    client, school_staff, school_a, child_a
):
    client.force_login(school_staff)
    response = client.post(
        reverse("activities:create"), _activity_data(school_a, participants=[child_a.pk])
    )
    activity = Activity.objects.get(title="防溺水安全教育")
    assert response.status_code == 302
    assert list(activity.participants.all()) == [child_a]
    assert activity.town_id == school_a.town_id and activity.created_by == school_staff


def test_a_participant_outside_the_users_scope_is_refused(client, school_staff, school_a, child_b):
    client.force_login(school_staff)
    response = client.post(
        reverse("activities:create"), _activity_data(school_a, participants=[child_b.pk])
    )
    assert response.status_code == 200
    assert "参加儿童" in response.content.decode()
    assert not Activity.objects.filter(title="防溺水安全教育").exists()


def test_coordination_member_sees_how_many_took_part_but_not_who(
    client, coordination_member, activity_a, child_a
):
    activity_a.participants.add(child_a)
    client.force_login(coordination_member)
    page = client.get(reverse("activities:detail", args=[activity_a.pk])).content.decode()
    assert "1 人" in page and "张小明" not in page


def test_activity_list_filters_by_half_year_term_custom_range_town_and_school(
    client, federation_officer, county, school_a, school_b
):
    ActivityFactory(county=county, school=school_a, title="上半年活动", on=date(2025, 3, 1))
    ActivityFactory(county=county, school=school_b, title="下半年活动", on=date(2024, 9, 1))
    client.force_login(federation_officer)
    url = reverse("activities:list")

    def titles(params):
        return client.get(url, params).content.decode()

    assert "上半年活动" in titles({"period": "2025-H1"})
    assert "下半年活动" not in titles({"period": "2025-H1"})
    assert "下半年活动" in titles({"period": "2024-autumn"})
    assert "上半年活动" not in titles({"period": "2024-autumn"})
    custom = titles({"period": "custom", "start": "2024-08-01", "end": "2025-12-31"})
    assert "上半年活动" in custom and "下半年活动" in custom
    assert "上半年活动" not in titles({"town": school_b.town_id})
    assert "下半年活动" not in titles({"school": school_a.pk})


def test_custom_range_without_dates_names_the_missing_field(client, federation_officer):
    client.force_login(federation_officer)
    page = client.get(reverse("activities:list"), {"period": "custom"}).content.decode()
    assert "开始日期" in page and "自定义时间段请填写开始日期" in page


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_activity_and_home_lists_take_the_same_queries_at_two_sizes(
    client, federation_officer, county, school_a
):
    client.force_login(federation_officer)

    def grow(n):
        for _ in range(n):
            home = HomeFactory(school=school_a)
            EquipmentFactory(home=home)
            activity = ActivityFactory(county=county, school=school_a, home=home)
            activity.participants.add(ChildFactory(school=school_a))

    grow(2)
    names = ("activities:list", "activities:home_list")
    small = [_count_queries(client, reverse(n)) for n in names]
    grow(8)
    large = [_count_queries(client, reverse(n)) for n in names]
    assert small == large


def test_export_is_escaped_and_audited_with_the_row_count(
    client, federation_officer, county, school_a
):
    ActivityFactory(county=county, school=school_a, title='=HYPERLINK("http://x")')
    client.force_login(federation_officer)
    response = client.get(reverse("activities:export"))
    sheet = load_workbook(BytesIO(response.content)).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert titles == ['\'=HYPERLINK("http://x")']
    assert event.changes["rows"] == 1 and event.user == federation_officer
