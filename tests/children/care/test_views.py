"""The care pages: every URL scoped role by role, forms, warnings, exports, query counts."""

import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEvent
from children.models import Contact, Pairing
from tests.factories import CarerFactory, ChildFactory, ContactFactory, PairingFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "school_staff",
    "school_staff_b",
    "mentor",
    "village_director",
    "town_officer",
    "town_officer_b",
    "federation",
    "education",
    "coordination",
    "admin",
]
IN_TOWN_A = {"school_staff", "village_director", "town_officer", "federation", "education"}
MANAGERS_A = {"school_staff", "town_officer", "federation", "education"}


@pytest.fixture
def users(
    school_staff,
    school_staff_b,
    mentor,
    village_director,
    town_officer,
    town_officer_b,
    federation_officer,
    education_officer,
    coordination_member,
    administrator,
):
    return dict(
        zip(
            ROLES,
            [
                school_staff,
                school_staff_b,
                mentor,
                village_director,
                town_officer,
                town_officer_b,
                federation_officer,
                education_officer,
                coordination_member,
                administrator,
            ],
            strict=True,
        )
    )


# Scoping: every URL, role by role


@pytest.mark.parametrize("who", ROLES)
def test_recording_a_contact_for_child_a_is_open_in_scope_and_404_outside(
    client, users, paired_child, who
):
    client.force_login(users[who])
    url = reverse("care:contact_create", args=[paired_child.pk])
    expected = 200 if who in IN_TOWN_A | {"mentor"} else 404
    assert client.get(url).status_code == expected
    response = client.post(url, {"kind": "talk", "on": timezone.localdate().isoformat()})
    assert response.status_code == (302 if expected == 200 else 404)
    assert Contact.objects.filter(child=paired_child).count() == (1 if expected == 200 else 0)


@pytest.mark.parametrize("who", ROLES)
def test_a_carer_of_school_a_is_visible_in_town_a_and_404_elsewhere(client, users, school_a, who):
    carer = CarerFactory(school=school_a, name="孙老师")
    client.force_login(users[who])
    detail = client.get(reverse("care:carer_detail", args=[carer.pk]))
    assert detail.status_code == (200 if who in IN_TOWN_A else 404)
    edit = client.get(reverse("care:carer_edit", args=[carer.pk]))
    assert edit.status_code == (200 if who in MANAGERS_A else 404)
    toggle = client.post(reverse("care:carer_active", args=[carer.pk]), {"active": "0"})
    assert toggle.status_code == (302 if who in MANAGERS_A else 404)
    carer.refresh_from_db()
    assert carer.is_active is (who not in MANAGERS_A)


@pytest.mark.parametrize("who", ROLES)
def test_ending_a_pairing_of_child_a_is_for_managers_in_scope_only(
    client, users, paired_child, who
):
    pairing = paired_child.pairings.get()
    client.force_login(users[who])
    url = reverse("care:pairing_end", args=[pairing.pk])
    assert client.get(url).status_code == (200 if who in MANAGERS_A else 404)
    today = timezone.localdate().isoformat()
    response = client.post(url, {"ended_on": today, "end_reason": "调离"})
    assert response.status_code == (302 if who in MANAGERS_A else 404)
    pairing.refresh_from_db()
    assert (pairing.ended_on is not None) is (who in MANAGERS_A)


@pytest.mark.parametrize("who", ROLES)
def test_pairing_child_a_from_its_file_is_404_outside_scope(client, users, child_a, who):
    client.force_login(users[who])
    url = reverse("care:pairing_create") + f"?child={child_a.pk}"
    assert client.get(url).status_code == (200 if who in MANAGERS_A else 404)


@pytest.mark.parametrize("who", ROLES)
def test_list_pages_answer_by_role(client, users, who):
    client.force_login(users[who])
    sees = who not in ("coordination", "admin")
    expected = {
        "care:mine": sees,
        "care:contact_list": sees,
        "care:carer_list": who in IN_TOWN_A | {"school_staff_b", "town_officer_b"},
        "care:pairing_list": who in IN_TOWN_A | {"school_staff_b", "town_officer_b"},
        "care:carer_create": who in MANAGERS_A | {"school_staff_b", "town_officer_b"},
        "care:pairing_create": who in MANAGERS_A | {"school_staff_b", "town_officer_b"},
        "care:pairing_bulk": who in MANAGERS_A | {"school_staff_b", "town_officer_b"},
    }
    for name, allowed in expected.items():
        assert client.get(reverse(name)).status_code == (200 if allowed else 404), name


def test_missing_records_are_404_like_forbidden_ones(client, school_staff):
    client.force_login(school_staff)
    for name in ("care:carer_detail", "care:pairing_end", "care:contact_create"):
        assert client.get(reverse(name, args=[999999])).status_code == 404, name


def test_lists_show_only_records_in_scope(client, school_staff_b, paired_child, child_b):
    ContactFactory(child=paired_child, notes="A校的家访")
    PairingFactory(child=child_b, carer=CarerFactory(school=child_b.school, name="六郎老师"))
    client.force_login(school_staff_b)
    carers = client.get(reverse("care:carer_list")).content.decode()
    pairings = client.get(reverse("care:pairing_list")).content.decode()
    contacts = client.get(reverse("care:contact_list")).content.decode()
    assert "李老师" not in carers and "六郎老师" in carers
    assert "张小明" not in pairings and "李小红" in pairings
    assert "A校的家访" not in contacts


def test_outsiders_cannot_pair_a_child_by_posting_its_id(client, school_staff_b, child_a, school_b):
    carer = CarerFactory(school=school_b)
    client.force_login(school_staff_b)
    response = client.post(
        reverse("care:pairing_create"),
        {"child": child_a.pk, "carer": carer.pk, "role": "mentor", "started_on": "2025-03-01"},
    )
    assert response.status_code == 400
    assert "child" in response.context["form"].errors
    assert not child_a.pairings.exists()


# Pairing forms


def test_pairing_form_shows_each_carers_workload(client, school_staff, paired_child, mentor):
    client.force_login(school_staff)
    response = client.get(reverse("care:pairing_create") + f"?child={paired_child.pk}")
    assert "李老师 · 湾沚中心小学 · 已结对 1/5" in response.content.decode()


def test_pairing_over_the_limit_warns_then_saves_when_confirmed(
    client, school_staff, school_a, county
):
    county.max_children_per_carer = 1
    county.save()
    carer = CarerFactory(school=school_a, name="忙老师")
    PairingFactory(carer=carer, child=ChildFactory(school=school_a))
    child = ChildFactory(school=school_a)
    client.force_login(school_staff)
    url = reverse("care:pairing_create") + f"?child={child.pk}"
    data = {"child": child.pk, "carer": carer.pk, "role": "mentor", "started_on": "2025-03-01"}
    warned = client.post(url, data)
    assert warned.status_code == 200
    assert "超过本县每名帮扶人1 名的上限" in warned.content.decode()
    assert not child.pairings.exists()
    saved = client.post(url, {**data, "confirm_over_limit": "on"})
    assert saved.status_code == 302 and saved.url == child.get_absolute_url()
    assert child.pairings.get().carer == carer


def test_a_duplicate_mentor_gets_a_chinese_error_not_a_server_error(
    client, school_staff, paired_child, school_a
):
    other = CarerFactory(school=school_a)
    client.force_login(school_staff)
    response = client.post(
        reverse("care:pairing_create") + f"?child={paired_child.pk}",
        {"child": paired_child.pk, "carer": other.pk, "role": "mentor", "started_on": "2025-03-01"},
    )
    assert response.status_code == 400
    assert "已有在结对的帮扶教师（李老师）" in response.content.decode()
    assert response.context["form"]["started_on"].value() == "2025-03-01"


def test_bulk_pairing_through_the_page_pairs_the_class(client, school_staff, school_a):
    carer = CarerFactory(school=school_a)
    kids = [ChildFactory(school=school_a, grade=2, class_name="3班") for _ in range(2)]
    client.force_login(school_staff)
    response = client.post(
        reverse("care:pairing_bulk"),
        {
            "school": school_a.pk,
            "grade": "2",
            "class_name": "3班",
            "carer": carer.pk,
            "started_on": "2025-03-01",
        },
    )
    assert response.status_code == 302
    assert Pairing.objects.filter(carer=carer, child__in=kids).count() == 2


def test_carer_form_keeps_what_was_typed_and_names_the_bad_field(client, school_staff):
    client.force_login(school_staff)
    response = client.post(
        reverse("care:carer_create"),
        {"name": "周老师", "kind": "mentor", "background": "teacher", "phone": "12345"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "手机号码" in body and 'value="周老师"' in body


def test_carer_can_be_linked_to_a_mentor_login_of_the_school(
    client, school_staff, county, school_a
):
    from accounts.models import Role
    from tests.factories import UserFactory

    teacher = UserFactory(role=Role.MENTOR, county=county, school=school_a, full_name="钱老师")
    client.force_login(school_staff)
    response = client.post(
        reverse("care:carer_create"),
        {"name": "钱老师", "kind": "mentor", "background": "teacher", "user": teacher.pk},
    )
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.carer.school == school_a


# My children and contacts


def test_my_children_lists_overdue_children_first_and_highlighted(client, mentor, school_a):
    today = timezone.localdate()
    recent = ChildFactory(school=school_a, name="近期联系")
    stale = ChildFactory(school=school_a, name="久未联系")
    never = ChildFactory(school=school_a, name="从未联系过")
    for child in (recent, stale, never):
        PairingFactory(child=child, carer=mentor.carer)
    ContactFactory(child=recent, on=today - datetime.timedelta(days=3))
    ContactFactory(child=stale, on=today - datetime.timedelta(days=31))
    client.force_login(mentor)
    response = client.get(reverse("care:mine"))
    names = [c.name for c in response.context["children"]]
    assert names == ["从未联系过", "久未联系", "近期联系"]
    assert response.context["overdue"] == 2
    assert response.content.decode().count('data-testid="overdue-badge"') == 2


def test_recording_from_my_children_returns_there_and_the_child_is_no_longer_overdue(
    client, mentor, paired_child
):
    client.force_login(mentor)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("care:contact_create", args=[paired_child.pk]),
        {"kind": "home_visit", "on": today, "notes": "家访", "next": "mine"},
    )
    assert response.status_code == 302 and response.url == reverse("care:mine")
    page = client.get(reverse("care:mine"))
    assert page.context["overdue"] == 0
    assert "已记录 张小明 的家访。" in page.content.decode()


def test_a_future_contact_date_is_refused_and_the_note_is_kept(client, mentor, paired_child):
    client.force_login(mentor)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("care:contact_create", args=[paired_child.pk]),
        {"kind": "talk", "on": tomorrow, "notes": "谈心内容"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "联系日期不能晚于今天" in body and "谈心内容" in body and tomorrow in body
    assert not Contact.objects.exists()


def test_a_user_without_a_carer_sees_an_empty_my_children_page(client, school_staff):
    client.force_login(school_staff)
    response = client.get(reverse("care:mine"))
    assert response.status_code == 200
    assert 'data-testid="no-carer"' in response.content.decode()


def test_child_file_offers_pairing_and_contact_buttons_to_staff(client, school_staff, paired_child):
    client.force_login(school_staff)
    body = client.get(paired_child.get_absolute_url()).content.decode()
    assert reverse("care:contact_create", args=[paired_child.pk]) in body
    assert reverse("care:pairing_create") + f"?child={paired_child.pk}" in body
    assert reverse("care:pairing_end", args=[paired_child.pairings.get().pk]) in body


# Filters and exports


def test_pairing_list_by_period_shows_pairings_current_during_it(client, school_staff, school_a):
    old = PairingFactory(
        child=ChildFactory(school=school_a, name="旧结对"),
        started_on=datetime.date(2023, 9, 1),
        ended_on=datetime.date(2024, 1, 15),
        end_reason="毕业",
    )
    PairingFactory(
        child=ChildFactory(school=school_a, name="新结对"), started_on=datetime.date(2025, 3, 1)
    )
    client.force_login(school_staff)
    h2_2023 = client.get(
        reverse("care:pairing_list"),
        {"period": "custom", "start": "2023-07-01", "end": "2023-12-31"},
    )
    assert [p.pk for p in h2_2023.context["page"]] == [old.pk]
    bad = client.get(reverse("care:pairing_list"), {"period": "custom", "start": "2024-01-01"})
    assert "自定义时间段请填写结束日期" in bad.content.decode()


def test_contact_list_filters_by_half_year_and_town(client, federation_officer, child_a, child_b):
    ContactFactory(child=child_a, on=datetime.date(2025, 3, 1), notes="上半年A")
    ContactFactory(child=child_a, on=datetime.date(2025, 8, 1), notes="下半年A")
    ContactFactory(child=child_b, on=datetime.date(2025, 3, 2), notes="上半年B")
    client.force_login(federation_officer)
    response = client.get(
        reverse("care:contact_list"), {"period": "2025-H1", "town": child_a.school.town_id}
    )
    assert [c.notes for c in response.context["page"]] == ["上半年A"]
    assert response.context["counts"]["total"] == 1


def test_carer_export_is_an_escaped_xlsx_and_is_audited_with_its_row_count(
    client, school_staff, school_a
):
    CarerFactory(school=school_a, name="=HYPERLINK(1)")
    CarerFactory(school=school_a, name="普通老师")
    client.force_login(school_staff)
    response = client.get(reverse("care:carer_list"), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxml")
    sheet = load_workbook(BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(1)" in names and "普通老师" in names
    event = AuditEvent.objects.get(action="export")
    assert event.changes["rows"] == 2


@pytest.mark.parametrize("name", ["care:pairing_list", "care:contact_list"])
def test_pairing_and_contact_exports_are_audited(client, school_staff, paired_child, name):
    ContactFactory(child=paired_child)
    client.force_login(school_staff)
    response = client.get(reverse(name), {"format": "xlsx"})
    assert response.status_code == 200
    assert AuditEvent.objects.get(action="export").changes["rows"] == 1


# Constant query counts


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(school, carer, n: int) -> None:
    for _ in range(n):
        child = ChildFactory(school=school)
        PairingFactory(child=child, carer=carer)
        ContactFactory(child=child, carer=carer)
        CarerFactory(school=school)


@pytest.mark.parametrize(
    "who,name",
    [
        ("mentor", "care:mine"),
        ("school_staff", "care:carer_list"),
        ("school_staff", "care:pairing_list"),
        ("school_staff", "care:contact_list"),
        ("town_officer", "care:pairing_list"),
    ],
)
def test_care_lists_take_the_same_number_of_queries_for_1_and_12_rows(
    client, users, mentor, school_a, who, name
):
    client.force_login(users[who])
    _grow(school_a, mentor.carer, 1)
    few = _queries(client, reverse(name))
    _grow(school_a, mentor.carer, 11)
    many = _queries(client, reverse(name))
    assert few == many


def test_carer_page_takes_the_same_number_of_queries_for_1_and_12_children(
    client, school_staff, mentor, school_a
):
    client.force_login(school_staff)
    url = reverse("care:carer_detail", args=[mentor.carer.pk])
    _grow(school_a, mentor.carer, 1)
    few = _queries(client, url)
    _grow(school_a, mentor.carer, 11)
    assert _queries(client, url) == few
