"""The register's pages: scoping of every URL, forms, stale edits, transfers, masking."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from children.models import Child, Concern, Parent
from tests.factories import (
    AidFactory,
    ChildFactory,
    ConcernFactory,
    ContactFactory,
    make_id_number,
    with_wrong_check,
)

pytestmark = pytest.mark.django_db

CHILD_GET_URLS = ["children:detail", "children:edit"]
CHILD_POST_URLS = [
    "children:reveal",
    "children:transfer",
    "children:close",
    "children:reopen",
    "concerns:raise",
]


def child_form_data(school, **overrides):
    """Return POST data for a valid new child at `school` with both parents away."""
    birth = datetime.date(2014, 3, 5)
    data = {
        "id_number": make_id_number(birth, "F"),
        "name": "王小花",
        "sex": "F",
        "birth_date": "2014-03-05",
        "ethnicity": "汉族",
        "household_registered": "on",
        "household_type": "rural",
        "household_in_county": "on",
        "town": school.town_id,
        "schooling_status": "primary",
        "school": school.pk,
        "grade": "5",
        "class_name": "2班",
        "health": "healthy",
        "guardian_name": "王奶奶",
        "guardian_relation": "paternal_gp",
        "guardian_phone": "136-0000-0028",
        "guardianship_grade": "ordinary",
        "poverty": "none",
        "derive_categories": "on",
        "father-name": "王父",
        "father-status": "away_out",
        "father-work_province": "江苏省",
        "father-work_city": "苏州市",
        "mother-name": "李母",
        "mother-status": "away_in",
        "mother-work_province": "安徽省",
        "mother-work_city": "合肥市",
    }
    data.update(overrides)
    return data


@pytest.fixture
def all_role_users(
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
    return {
        "school_staff": school_staff,
        "school_staff_b": school_staff_b,
        "mentor": mentor,
        "village_director": village_director,
        "town_officer": town_officer,
        "town_officer_b": town_officer_b,
        "federation": federation_officer,
        "education": education_officer,
        "coordination": coordination_member,
        "admin": administrator,
    }


# Which users may open child_a (school_a, village_a, town_a, paired with `mentor`).
SEES_CHILD_A = {
    "school_staff": True,
    "school_staff_b": False,
    "mentor": True,
    "village_director": True,
    "town_officer": True,
    "town_officer_b": False,
    "federation": True,
    "education": True,
    "coordination": False,
    "admin": False,
}


@pytest.mark.parametrize("who", sorted(SEES_CHILD_A))
def test_every_child_page_answers_200_in_scope_and_404_outside(
    client, all_role_users, paired_child, who
):
    client.force_login(all_role_users[who])
    for name in CHILD_GET_URLS:
        response = client.get(reverse(name, args=[paired_child.pk]))
        expected = 200 if SEES_CHILD_A[who] else 404
        if name == "children:edit" and who == "mentor":
            expected = 403  # mentors see their children but do not edit the register
        assert response.status_code == expected, (who, name)


@pytest.mark.parametrize("who", [w for w, sees in SEES_CHILD_A.items() if not sees])
def test_every_child_action_is_404_outside_scope(client, all_role_users, paired_child, who):
    client.force_login(all_role_users[who])
    concern = ConcernFactory(child=paired_child)
    urls = [reverse(name, args=[paired_child.pk]) for name in CHILD_POST_URLS]
    urls += [reverse(f"concerns:{n}", args=[concern.pk]) for n in ("step", "close", "reopen")]
    for url in urls:
        assert client.post(url, {"field": "id_number"}).status_code == 404, url
    paired_child.refresh_from_db()
    assert paired_child.status == "open" and paired_child.school.name == "湾沚中心小学"


def test_missing_child_is_404_like_a_forbidden_one(client, school_staff):
    client.force_login(school_staff)
    assert client.get(reverse("children:detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("who", ["coordination", "admin"])
def test_roles_without_child_access_get_404_on_the_register(client, all_role_users, who):
    client.force_login(all_role_users[who])
    for name in ("children:list", "children:create", "children:id_check"):
        assert client.get(reverse(name)).status_code == 404


def test_anonymous_user_is_sent_to_login(client, child_a):
    response = client.get(reverse("children:detail", args=[child_a.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_list_shows_only_scope_and_masks_id_and_phone(client, school_staff, child_a, child_b):
    client.force_login(school_staff)
    html = client.get(reverse("children:list")).content.decode()
    assert child_a.name in html and child_b.name not in html
    assert child_a.id_number not in html
    assert f"{child_a.id_number[:6]}********{child_a.id_number[-4:]}" in html
    assert "136****0028" in html and "13600000028" not in html


def test_list_search_finds_by_part_of_name_id_and_phone(client, school_staff, school_a):
    a = ChildFactory(school=school_a, name="欧阳小明", guardian_phone="13912345678")
    ChildFactory(school=school_a, name="张三")
    client.force_login(school_staff)
    for q in ("小明", a.id_number, a.id_number[-4:], "13912345678", "5678"):
        page = client.get(reverse("children:list"), {"q": q}).context["page"]
        assert [c.pk for c in page] == [a.pk], q


def test_list_filters_no_mentor_overdue_and_concern(client, school_staff, paired_child, school_a):
    lonely = ChildFactory(school=school_a, name="无结对")
    ConcernFactory(child=lonely)
    ContactFactory(child=paired_child, on=timezone.localdate())
    client.force_login(school_staff)
    url = reverse("children:list")
    assert [c.pk for c in client.get(url, {"no_mentor": "on"}).context["page"]] == [lonely.pk]
    assert [c.pk for c in client.get(url, {"overdue": "on"}).context["page"]] == [lonely.pk]
    assert [c.pk for c in client.get(url, {"concern": "on"}).context["page"]] == [lonely.pk]
    counts = client.get(url).context["counts"]
    assert counts["total"] == 2 and counts["no_mentor"] == 1 and counts["concern"] == 1


def test_list_query_count_does_not_grow_with_rows(client, school_staff, school_a):
    client.force_login(school_staff)
    ChildFactory.create_batch(10, school=school_a)
    client.get(reverse("children:list"))  # the first request after login saves the session
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("children:list")).status_code == 200
    ChildFactory.create_batch(490, school=school_a)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("children:list"))
    assert len(response.context["page"]) == 50
    assert len(small) == len(large)


def test_detail_query_count_does_not_grow_with_history(client, school_staff, paired_child):
    client.force_login(school_staff)
    ContactFactory(child=paired_child)
    client.get(reverse("children:detail", args=[paired_child.pk]))  # session saved here
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("children:detail", args=[paired_child.pk]))
    ContactFactory.create_batch(30, child=paired_child)
    ConcernFactory.create_batch(3, child=paired_child)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("children:detail", args=[paired_child.pk]))
    assert len(small) == len(large)


def test_staff_register_a_child_with_parents_and_derived_category(client, school_staff, school_a):
    client.force_login(school_staff)
    response = client.post(reverse("children:create"), child_form_data(school_a))
    child = Child.objects.get(name="王小花")
    assert response.status_code == 302 and response["Location"] == child.get_absolute_url()
    assert child.is_left_behind and not child.is_migrant
    assert child.guardian_phone == "13600000028"
    assert set(child.parents.values_list("relation", "status")) == {
        ("father", "away_out"),
        ("mother", "away_in"),
    }
    event = AuditEvent.objects.get(child=child, action="create")
    assert event.user == school_staff
    assert child.id_number not in str(event.changes)  # the audit keeps the ID masked


def test_wrong_check_digit_is_refused_in_chinese_and_keeps_input(client, school_staff, school_a):
    client.force_login(school_staff)
    data = child_form_data(school_a)
    good = data["id_number"]
    bad = with_wrong_check(good)
    response = client.post(reverse("children:create"), data | {"id_number": bad})
    assert response.status_code == 400
    html = response.content.decode()
    assert "校验位错误" in html and f"应为 {good[17]}" in html
    assert 'value="王小花"' in html and bad in html
    assert not Child.objects.filter(name="王小花").exists()


def test_birth_date_disagreeing_with_id_is_refused(client, school_staff, school_a):
    client.force_login(school_staff)
    response = client.post(
        reverse("children:create"), child_form_data(school_a, birth_date="2014-03-06")
    )
    assert response.status_code == 400
    assert "不一致" in response.context["form"].errors["birth_date"][0]


def test_parent_working_away_without_province_is_refused(client, school_staff, school_a):
    client.force_login(school_staff)
    response = client.post(
        reverse("children:create"), child_form_data(school_a, **{"father-work_province": ""})
    )
    assert response.status_code == 400
    assert "务工省份" in response.content.decode()
    assert not Child.objects.exists()


def test_duplicate_id_in_county_is_refused(client, school_staff, school_a, child_b):
    client.force_login(school_staff)
    response = client.post(
        reverse("children:create"), child_form_data(school_a, id_number=child_b.id_number)
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["id_number"][0]
    assert "已在本县登记" in errors and child_b.school.name not in errors


def test_similar_child_elsewhere_warns_without_revealing_details(
    client, school_staff, school_a, school_b
):
    other = ChildFactory(school=school_b, name="王晓花", birth_date=datetime.date(2014, 3, 5))
    client.force_login(school_staff)
    data = child_form_data(school_a)
    response = client.post(reverse("children:create"), data)
    html = response.content.decode()
    assert "一名出生日期相同、姓名相近的儿童已在其他学校登记" in html
    assert other.name not in html and school_b.name not in html
    assert not Child.objects.filter(name="王小花").exists()
    response = client.post(reverse("children:create"), data | {"confirm_duplicate": "on"})
    assert response.status_code == 302 and Child.objects.filter(name="王小花").exists()


def test_edit_records_the_change_in_the_timeline(client, school_staff, school_a):
    client.force_login(school_staff)
    client.post(reverse("children:create"), child_form_data(school_a))
    child = Child.objects.get(name="王小花")
    data = child_form_data(school_a, id_number=child.id_number, class_name="3班", version="1")
    response = client.post(reverse("children:edit", args=[child.pk]), data)
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.class_name == "3班" and child.version == 2
    html = client.get(child.get_absolute_url()).content.decode()
    assert "班级：2班 → 3班" in html


def test_second_of_two_concurrent_edits_is_refused_and_shows_the_change(
    client, school_staff, town_officer, school_a
):
    client.force_login(school_staff)
    client.post(reverse("children:create"), child_form_data(school_a))
    child = Child.objects.get(name="王小花")
    first = child_form_data(school_a, id_number=child.id_number, class_name="3班", version="1")
    second = child_form_data(school_a, id_number=child.id_number, grade="6", version="1")
    client.force_login(town_officer)
    assert client.post(reverse("children:edit", args=[child.pk]), first).status_code == 302
    client.force_login(school_staff)
    response = client.post(reverse("children:edit", args=[child.pk]), second)
    assert response.status_code == 400
    html = response.content.decode()
    assert "已被他人修改" in html and "班级：2班 → 3班" in html
    child.refresh_from_db()
    assert child.class_name == "3班" and child.grade == 5 and child.version == 2


def test_transfer_moves_child_and_old_school_loses_sight(
    client, school_staff, school_staff_b, child_a, school_b
):
    client.force_login(school_staff)
    response = client.post(
        reverse("children:transfer", args=[child_a.pk]),
        {
            "transfer-to_school": school_b.pk,
            "transfer-on": "2025-09-01",
            "transfer-reason": "随家庭搬迁",
        },
    )
    assert response.status_code == 302
    child_a.refresh_from_db()
    assert child_a.school == school_b
    assert child_a.transfers.get().from_school.name == "湾沚中心小学"
    assert client.get(child_a.get_absolute_url()).status_code == 404
    client.force_login(school_staff_b)
    assert client.get(child_a.get_absolute_url()).status_code == 200


def test_close_and_reopen_keep_the_record(client, school_staff, child_a):
    client.force_login(school_staff)
    client.post(
        reverse("children:close", args=[child_a.pk]),
        {"close-reason": "parents_back", "close-on": "2025-06-30"},
    )
    child_a.refresh_from_db()
    assert child_a.status == "closed" and child_a.close_reason == "parents_back"
    assert child_a not in client.get(reverse("children:list")).context["page"]
    closed = client.get(reverse("children:list"), {"status": "closed"}).context["page"]
    assert [c.pk for c in closed] == [child_a.pk]
    client.post(reverse("children:reopen", args=[child_a.pk]))
    child_a.refresh_from_db()
    assert child_a.status == "open" and child_a.close_reason == ""
    assert list(
        AuditEvent.objects.filter(child=child_a).values_list("action", flat=True).order_by("id")
    ) == ["close", "reopen"]


def test_child_turning_16_is_flagged_for_closing(client, school_staff, school_a):
    old = ChildFactory(school=school_a, birth_date=datetime.date(2008, 1, 1), grade=9)
    client.force_login(school_staff)
    page = client.get(reverse("children:list"), {"due_to_close": "on"}).context["page"]
    assert [c.pk for c in page] == [old.pk]
    assert "已满 16 周岁" in client.get(old.get_absolute_url()).content.decode()


def test_mentor_raises_concern_and_staff_close_it(client, mentor, school_staff, paired_child):
    client.force_login(mentor)
    client.post(
        reverse("concerns:raise", args=[paired_child.pk]),
        {"kind": "living_alone", "description": "周末独自在家"},
    )
    concern = Concern.objects.get(child=paired_child)
    assert concern.status == "open" and concern.raised_by == mentor
    client.force_login(school_staff)
    assert "儿童独自居住" in client.get(paired_child.get_absolute_url()).content.decode()
    client.post(reverse("concerns:close", args=[concern.pk]), {"outcome": "已联系祖母回家照看"})
    concern.refresh_from_db()
    assert concern.status == "closed" and concern.closed_by == school_staff


def test_reveal_returns_full_id_and_audits_the_read(client, school_staff, child_a):
    client.force_login(school_staff)
    response = client.post(reverse("children:reveal", args=[child_a.pk]), {"field": "id_number"})
    assert response.json() == {"value": child_a.id_number}
    event = AuditEvent.objects.get(action="read_sensitive")
    assert event.child == child_a and event.user == school_staff


def test_id_check_reads_birth_date_and_sex(client, school_staff):
    client.force_login(school_staff)
    number = make_id_number(datetime.date(2013, 7, 9), "F")
    data = client.get(reverse("children:id_check"), {"id": number.lower()}).json()
    assert data["ok"] and data["birth_date"] == "2013-07-09" and data["sex"] == "F"
    bad = client.get(reverse("children:id_check"), {"id": number[:17] + "Z"}).json()
    assert not bad["ok"] and bad["error"]


def test_parents_are_saved_with_the_child(client, school_staff, school_a):
    client.force_login(school_staff)
    client.post(reverse("children:create"), child_form_data(school_a))
    assert Parent.objects.filter(child__name="王小花").count() == 2


def test_voided_aid_is_marked_on_the_childs_timeline(client, school_staff, child_a):
    AidFactory(child=child_a, voided_at=timezone.now(), void_reason="重复录入")
    client.force_login(school_staff)
    html = client.get(child_a.get_absolute_url()).content.decode()
    assert "（已作废）资助" in html and "重复录入" in html


def test_list_filters_children_without_a_guardian_phone_and_by_class(
    client, school_staff, school_a
):
    no_phone = ChildFactory(school=school_a, guardian_phone="", class_name="2班")
    ChildFactory(school=school_a, class_name="1班")
    client.force_login(school_staff)
    url = reverse("children:list")
    assert [c.pk for c in client.get(url, {"no_phone": "on"}).context["page"]] == [no_phone.pk]
    assert [c.pk for c in client.get(url, {"class_name": "2班"}).context["page"]] == [no_phone.pk]
    # The class as people type it: "2", "（2）班", "二班" all mean 2班.
    for typed in ("2", "（2）班", "二班"):
        page = client.get(url, {"class_name": typed}).context["page"]
        assert [c.pk for c in page] == [no_phone.pk], typed
    assert client.get(url).context["counts"]["no_phone"] == 1


def test_the_name_class_and_ethnic_group_are_kept_in_one_spelling_whatever_is_typed(
    client, school_staff, school_a
):
    client.force_login(school_staff)
    data = child_form_data(school_a, class_name="（3）班", ethnicity="维吾尔", name="王 小 花")
    client.post(reverse("children:create"), data)
    child = Child.objects.get(name="王小花")  # spaces typed to align names are not kept
    assert (child.class_name, child.ethnicity) == ("3班", "维吾尔族")


def test_id_check_answers_nothing_about_a_child_outside_the_scope(client, school_staff, child_b):
    """The endpoint is no oracle: another school's child is neither confirmed nor denied,
    and naming its pk as the form's child is a 404, not a yes/no."""
    client.force_login(school_staff)
    data = client.get(
        reverse("children:id_check"), {"id": child_b.id_number, "exclude": "abc"}
    ).json()
    assert data["ok"] is True and data["error"] == ""
    linked = client.get(
        reverse("children:id_check"), {"id": child_b.id_number, "exclude": str(child_b.pk)}
    )
    assert linked.status_code == 404


def test_id_check_names_an_id_taken_in_the_scope(client, school_staff, child_a):
    client.force_login(school_staff)
    data = client.get(reverse("children:id_check"), {"id": child_a.id_number}).json()
    assert data["ok"] is False and "已登记" in data["error"]
    editing = client.get(
        reverse("children:id_check"), {"id": child_a.id_number, "exclude": str(child_a.pk)}
    ).json()
    assert editing["ok"] is True


def test_id_check_is_for_those_who_edit_the_register(client, mentor):
    client.force_login(mentor)
    assert client.get(reverse("children:id_check"), {"id": "x"}).status_code == 404
