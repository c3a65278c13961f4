"""Finding a child from the navbar and the picker: part of a name, ID's last 4, a class."""

import pytest
from django.urls import reverse

from tests.factories import ChildFactory, ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pupils(school_a, school_b):
    return {
        "ouyang": ChildFactory(school=school_a, name="欧阳明轩", grade=3, class_name="2班"),
        "twin1": ChildFactory(school=school_a, name="王小兰", grade=4, class_name="1班"),
        "twin2": ChildFactory(school=school_a, name="王小兰", grade=5, class_name="1班"),
        "elsewhere": ChildFactory(school=school_b, name="欧阳明月", grade=3, class_name="2班"),
    }


def pick(client, user, q, **extra):
    client.force_login(user)
    return client.get(reverse("children:pick"), {"q": q, **extra}).json()


def test_part_of_a_name_finds_the_child_with_school_class_and_masked_id(
    client, school_staff, pupils
):
    found = pick(client, school_staff, "明轩")["results"]
    child = pupils["ouyang"]
    assert found == [
        {
            "id": child.pk,
            "name": "欧阳明轩",
            "school": child.school.name,
            "class": "3年级2班",
            "id_masked": child.id_masked,
            "closed": False,
        }
    ]
    assert child.id_number not in str(found)


def test_two_children_of_one_name_are_both_offered_to_pick_from(client, school_staff, pupils):
    found = pick(client, school_staff, "王小兰")["results"]
    assert {r["class"] for r in found} == {"4年级1班", "5年级1班"}


def test_the_last_four_of_the_id_find_the_child(client, school_staff, pupils):
    child = pupils["twin2"]
    found = pick(client, school_staff, child.id_number[-4:])["results"]
    assert child.pk in [r["id"] for r in found]


def test_a_class_lists_its_children(client, school_staff, pupils):
    found = pick(client, school_staff, "3年级2班")["results"]
    assert [r["name"] for r in found] == ["欧阳明轩"]


def test_a_child_outside_the_scope_is_never_offered(client, school_staff, pupils):
    assert [r["name"] for r in pick(client, school_staff, "欧阳")["results"]] == ["欧阳明轩"]
    assert pick(client, school_staff, "明月")["results"] == []


def test_the_coordination_group_cannot_look_children_up(client, coordination_member, pupils):
    client.force_login(coordination_member)
    assert client.get(reverse("children:pick"), {"q": "明"}).status_code == 404
    assert client.get(reverse("children:search"), {"q": "明"}).status_code == 404


def test_navbar_search_opens_the_file_of_a_single_match(client, school_staff, pupils):
    client.force_login(school_staff)
    response = client.get(reverse("children:search"), {"q": "明轩"})
    assert response.status_code == 302
    assert response["Location"] == pupils["ouyang"].get_absolute_url()


def test_navbar_search_lists_namesakes_to_choose_from(client, school_staff, pupils):
    client.force_login(school_staff)
    page = client.get(reverse("children:search"), {"q": "王小兰"}).content.decode()
    assert page.count(pupils["twin1"].get_absolute_url()) >= 1
    assert page.count(pupils["twin2"].get_absolute_url()) >= 1
    assert "欧阳明月" not in page


def test_navbar_search_by_guardian_phone_last_four(client, school_staff, school_a):
    child = ChildFactory(school=school_a, name="赵一鸣", guardian_phone="13900001234")
    client.force_login(school_staff)
    response = client.get(reverse("children:search"), {"q": "1234"})
    assert response.status_code == 302 and response["Location"] == child.get_absolute_url()


def test_the_contact_list_narrows_to_one_picked_child(client, school_staff, pupils):
    ContactFactory(child=pupils["twin1"], notes="一号的家访")
    ContactFactory(child=pupils["twin2"], notes="二号的家访")
    client.force_login(school_staff)
    page = client.get(reverse("care:contact_list"), {"child": pupils["twin2"].pk})
    html = page.content.decode()
    assert "二号的家访" in html and "一号的家访" not in html
    assert 'data-testid="child-picker-child"' in html


def test_the_contact_list_refuses_a_child_outside_the_scope(client, school_staff, pupils):
    ContactFactory(child=pupils["twin1"], notes="本校的家访")
    client.force_login(school_staff)
    html = client.get(
        reverse("care:contact_list"), {"child": pupils["elsewhere"].pk}
    ).content.decode()
    assert "欧阳明月" not in html


def test_the_picker_answers_in_the_same_few_queries_for_one_match_or_twenty(
    client, school_staff, school_a, django_assert_max_num_queries
):
    client.force_login(school_staff)
    ChildFactory(school=school_a, name="单独一人")
    with django_assert_max_num_queries(6) as one:
        client.get(reverse("children:pick"), {"q": "单独"})
    for i in range(25):
        ChildFactory(school=school_a, name=f"同姓{i}")
    with django_assert_max_num_queries(6) as many:
        found = client.get(reverse("children:pick"), {"q": "同姓"}).json()
    assert len(found["results"]) == 20 and found["more"] is True
    assert len(many.captured_queries) == len(one.captured_queries)
