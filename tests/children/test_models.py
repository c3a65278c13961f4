"""The child's record: ID, birth date and sex agree; database constraints hold."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from children.models import Child, Concern, Pairing, age_on
from children.selectors import id_number_q
from tests.factories import (
    CarerFactory,
    ChildFactory,
    ConcernFactory,
    CountyFactory,
    PairingFactory,
    ParentFactory,
    SchoolFactory,
    TownFactory,
    make_id_number,
    with_wrong_check,
)

BIRTH = datetime.date(2015, 3, 5)


@pytest.fixture
def built_child(school_a, village_a):
    """An unsaved boy at school_a living in village_a whose ID agrees with his record."""
    return ChildFactory.build(
        school=school_a,
        village=village_a,
        birth_date=BIRTH,
        sex="M",
        id_number=make_id_number(BIRTH, "M", serial=7),
    )


def test_child_whose_id_agrees_with_birth_date_and_sex_passes_full_clean(built_child):
    built_child.full_clean()
    built_child.save()
    assert Child.objects.filter(pk=built_child.pk).exists()


def test_birth_date_differing_from_the_id_is_an_error_on_birth_date(built_child):
    built_child.birth_date = datetime.date(2015, 3, 6)
    with pytest.raises(ValidationError) as excinfo:
        built_child.full_clean()
    errors = excinfo.value.error_dict
    assert "birth_date" in errors
    assert errors["birth_date"][0].code == "birth_mismatch"
    assert "sex" not in errors


def test_sex_differing_from_the_id_is_an_error_on_sex(built_child):
    built_child.sex = "F"
    with pytest.raises(ValidationError) as excinfo:
        built_child.full_clean()
    errors = excinfo.value.error_dict
    assert "sex" in errors
    assert errors["sex"][0].code == "sex_mismatch"
    assert "男" in " ".join(excinfo.value.messages)
    assert "birth_date" not in errors


def test_lower_case_x_in_the_id_is_stored_upper_case_after_full_clean(built_child):
    built_child.id_number = "34022120150305007x"  # a valid male ID born 2015-03-05
    built_child.full_clean()
    assert built_child.id_number == "34022120150305007X"


def test_invalid_id_is_reported_on_id_number_without_a_mismatch_error(built_child):
    built_child.id_number = with_wrong_check(built_child.id_number)
    with pytest.raises(ValidationError) as excinfo:
        built_child.full_clean()
    errors = excinfo.value.error_dict
    assert errors["id_number"][0].code == "id_check_digit"
    assert "birth_date" not in errors
    assert "sex" not in errors


def test_village_of_another_town_is_refused(built_child, village_b):
    built_child.village = village_b
    with pytest.raises(ValidationError) as excinfo:
        built_child.full_clean()
    assert "village" in excinfo.value.error_dict


def test_future_birth_date_is_refused(built_child):
    built_child.birth_date = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        built_child.full_clean()
    assert "birth_date" in excinfo.value.error_dict


def test_disabled_child_needs_a_disability_kind(built_child):
    built_child.health = "disabled"
    with pytest.raises(ValidationError) as excinfo:
        built_child.full_clean()
    assert "disability_kind" in excinfo.value.error_dict


def test_age_on_counts_whole_years_up_to_the_birthday():
    assert age_on(BIRTH, datetime.date(2025, 3, 4)) == 9
    assert age_on(BIRTH, datetime.date(2025, 3, 5)) == 10


def test_a_second_child_with_the_same_id_in_the_same_county_is_refused(school_a, school_a2):
    first = ChildFactory(school=school_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildFactory(school=school_a2, id_number=first.id_number)
    assert Child.objects.filter(id_number_q(first.id_number)).count() == 1


def test_the_same_id_may_be_registered_in_another_county(school_a):
    first = ChildFactory(school=school_a)
    other_school = SchoolFactory(town=TownFactory(county=CountyFactory(code="340300")))
    second = ChildFactory(school=other_school, id_number=first.id_number)
    assert second.county_id != first.county_id
    assert Child.objects.filter(id_number_q(first.id_number)).count() == 2


def test_closed_child_without_a_reason_is_refused_by_the_database(school_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildFactory(school=school_a, status="closed", close_reason="")
    assert not Child.objects.exists()


def test_open_child_with_a_close_reason_is_refused_by_the_database(school_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildFactory(school=school_a, status="open", close_reason="moved_away")
    assert not Child.objects.exists()


def test_closed_child_with_a_reason_is_stored(school_a):
    child = ChildFactory(
        school=school_a, status="closed", close_reason="turned_16", closed_on=BIRTH
    )
    assert Child.objects.get(pk=child.pk).get_close_reason_display() == "年满 16 周岁"


def test_closed_child_without_a_reason_fails_full_clean(built_child):
    built_child.status = "closed"
    with pytest.raises(ValidationError) as excinfo:
        built_child.full_clean()
    assert "close_reason" in excinfo.value.error_dict


def test_a_child_has_only_one_current_pairing_per_role(child_a):
    PairingFactory(child=child_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        PairingFactory(child=child_a)
    assert Pairing.objects.filter(child=child_a).count() == 1


def test_a_new_pairing_is_allowed_once_the_current_one_has_ended(child_a):
    old = PairingFactory(child=child_a)
    old.ended_on = datetime.date(2025, 1, 10)
    old.save()
    PairingFactory(child=child_a, started_on=datetime.date(2025, 1, 11))
    assert Pairing.objects.filter(child=child_a, ended_on__isnull=True).count() == 1


def test_a_child_may_have_a_current_mentor_and_a_current_proxy_parent(child_a):
    PairingFactory(child=child_a, role=Pairing.Role.MENTOR)
    PairingFactory(
        child=child_a,
        role=Pairing.Role.PROXY_PARENT,
        carer=CarerFactory(school=child_a.school, kind="proxy_parent"),
    )
    assert child_a.pairings.filter(ended_on__isnull=True).count() == 2


def test_pairing_ending_before_it_started_is_refused_by_the_database(child_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        PairingFactory(
            child=child_a,
            started_on=datetime.date(2025, 3, 1),
            ended_on=datetime.date(2025, 2, 1),
        )
    assert not Pairing.objects.exists()


def test_closed_concern_without_a_closing_time_is_refused_by_the_database(child_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        ConcernFactory(child=child_a, status=Concern.Status.CLOSED, closed_at=None, outcome="好")
    assert not Concern.objects.exists()


def test_closed_concern_without_an_outcome_is_refused_by_the_database(child_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        ConcernFactory(child=child_a, status=Concern.Status.CLOSED, closed_at=timezone.now())
    assert not Concern.objects.exists()


def test_closed_concern_with_a_time_and_outcome_is_stored(child_a):
    concern = ConcernFactory(
        child=child_a, status=Concern.Status.CLOSED, closed_at=timezone.now(), outcome="已安置"
    )
    assert Concern.objects.get(pk=concern.pk).status == Concern.Status.CLOSED


def test_a_child_has_one_father_record_at_most(child_a):
    ParentFactory(child=child_a, relation="father")
    with pytest.raises(IntegrityError), transaction.atomic():
        ParentFactory(child=child_a, relation="father")
    assert child_a.parents.count() == 1


def test_parent_working_away_needs_a_work_province(child_a):
    parent = ParentFactory.build(child=child_a, status="away_in", work_province="")
    with pytest.raises(ValidationError) as excinfo:
        parent.full_clean()
    assert "work_province" in excinfo.value.error_dict


def test_category_labels_name_the_registered_categories_in_chinese(child_a):
    child_a.is_in_difficulty = True
    assert child_a.category_labels == ["留守儿童", "困境儿童"]


def test_an_ethnic_group_is_named_in_full_and_an_unknown_one_kept():
    from children.models.choices import ETHNIC_GROUPS, ethnic_group

    assert len(set(ETHNIC_GROUPS)) == 56
    assert [ethnic_group(t) for t in ("汉", "汉族", "维吾尔", " 蒙古 ", "穿青人", "")] == [
        "汉族",
        "汉族",
        "维吾尔族",
        "蒙古族",
        "穿青人",
        "",
    ]
