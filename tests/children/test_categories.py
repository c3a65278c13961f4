"""Category derivation: left-behind, migrant, in difficulty, de-facto unsupported (DOMAIN.md)."""

import datetime

import pytest

from children.categories import categories_derive, categories_for_child, parents_situation
from children.models.choices import (
    GuardianshipGrade,
    Health,
    HouseholdType,
    ParentStatus,
    Poverty,
)
from tests.factories import ChildFactory, ParentFactory

TODAY = datetime.date(2025, 9, 1)
AGED_10 = datetime.date(2015, 3, 5)

AWAY = ParentStatus.AWAY_OUT_OF_PROVINCE
AWAY_IN = ParentStatus.AWAY_IN_PROVINCE
HOME = ParentStatus.AT_HOME


def derive(father, mother, **facts):
    """Return the categories of a rural ten-year-old of the county with the parents given."""
    defaults = {
        "birth_date": AGED_10,
        "on": TODAY,
        "household_type": HouseholdType.RURAL,
        "household_in_county": True,
    }
    defaults.update(facts)
    statuses = [(rel, s) for rel, s in (("father", father), ("mother", mother)) if s]
    return categories_derive(parent_statuses=statuses, **defaults)


def test_both_parents_working_away_make_a_left_behind_child():
    result = derive(AWAY, AWAY_IN)
    assert result.left_behind is True
    assert result.migrant is False
    assert result.in_difficulty is False
    assert result.unsupported is False


@pytest.mark.parametrize(
    "other",
    [
        ParentStatus.SERIOUSLY_ILL,
        ParentStatus.DISABLED,
        ParentStatus.DECEASED,
        ParentStatus.MISSING,
        ParentStatus.DETAINED,
    ],
)
def test_one_parent_away_and_the_other_unable_to_care_make_a_left_behind_child(other):
    assert derive(AWAY, other).left_behind is True
    assert derive(other, AWAY).left_behind is True


def test_one_parent_away_and_the_other_at_home_is_not_left_behind():
    assert derive(AWAY, HOME).left_behind is False
    assert derive(HOME, AWAY).left_behind is False


def test_one_parent_away_and_the_other_not_recorded_is_not_left_behind():
    assert derive(AWAY, None).left_behind is False


def test_child_aged_16_is_not_left_behind():
    sixteenth_birthday = datetime.date(2009, 9, 1)
    assert derive(AWAY, AWAY, birth_date=sixteenth_birthday).left_behind is False


def test_child_one_day_short_of_16_is_still_left_behind():
    born = datetime.date(2009, 9, 2)
    assert derive(AWAY, AWAY, birth_date=born).left_behind is True


def test_child_with_an_urban_household_is_not_left_behind():
    assert derive(AWAY, AWAY, household_type=HouseholdType.URBAN).left_behind is False


def test_child_registered_outside_the_county_with_parents_present_is_migrant():
    result = derive(HOME, HOME, household_in_county=False)
    assert result.migrant is True
    assert result.left_behind is False


def test_child_registered_in_the_county_with_parents_at_home_is_in_no_category():
    result = derive(HOME, HOME)
    assert result.as_fields() == {
        "is_left_behind": False,
        "is_migrant": False,
        "is_in_difficulty": False,
        "is_unsupported": False,
    }


@pytest.mark.parametrize("poverty", [Poverty.EXTREME, Poverty.REGISTERED])
def test_poverty_puts_a_child_in_difficulty(poverty):
    assert derive(HOME, HOME, poverty=poverty).in_difficulty is True


@pytest.mark.parametrize("health", [Health.DISABLED, Health.SERIOUSLY_ILL])
def test_disability_or_serious_illness_puts_a_child_in_difficulty(health):
    assert derive(HOME, HOME, health=health).in_difficulty is True


@pytest.mark.parametrize("grade", [GuardianshipGrade.NONE, GuardianshipGrade.PARENT_INCAPABLE])
def test_no_effective_guardian_puts_a_child_in_difficulty(grade):
    assert derive(AWAY, AWAY, guardianship_grade=grade).in_difficulty is True


@pytest.mark.parametrize(
    "grade", [GuardianshipGrade.ORDINARY, GuardianshipGrade.GOOD, GuardianshipGrade.GUARDIAN_WEAK]
)
def test_ordinary_guardianship_alone_does_not_put_a_child_in_difficulty(grade):
    assert derive(AWAY, AWAY, guardianship_grade=grade).in_difficulty is False


@pytest.mark.parametrize(
    "status",
    [
        ParentStatus.SERIOUSLY_ILL,
        ParentStatus.DISABLED,
        ParentStatus.DETAINED,
        ParentStatus.MISSING,
    ],
)
def test_both_parents_unable_make_a_child_unsupported_and_in_difficulty(status):
    result = derive(status, status)
    assert result.unsupported is True
    assert result.in_difficulty is True
    assert result.left_behind is False


def test_one_parent_deceased_and_the_other_detained_make_a_child_unsupported():
    assert derive(ParentStatus.DECEASED, ParentStatus.DETAINED).unsupported is True
    assert derive(ParentStatus.DETAINED, ParentStatus.DECEASED).unsupported is True


def test_one_parent_deceased_and_the_other_missing_make_a_child_unsupported():
    assert derive(ParentStatus.DECEASED, ParentStatus.MISSING).unsupported is True


def test_one_parent_deceased_and_the_other_at_home_is_not_unsupported():
    result = derive(ParentStatus.DECEASED, HOME)
    assert result.unsupported is False
    assert result.in_difficulty is False


def test_both_parents_deceased_make_a_child_unsupported_as_domain_md_says():
    result = derive(ParentStatus.DECEASED, ParentStatus.DECEASED)
    assert result.unsupported is True
    assert result.left_behind is False


def test_orphan_is_derived_as_in_difficulty():
    assert derive(ParentStatus.DECEASED, ParentStatus.DECEASED).in_difficulty is True


def test_parents_situation_treats_unrecorded_parents_as_neither_away_nor_unable():
    assert parents_situation(None, None) == (False, False)
    assert parents_situation(AWAY, None) == (False, False)
    assert parents_situation(ParentStatus.DETAINED, None) == (False, False)


def test_categories_for_child_reads_the_saved_record_and_its_parents(db):
    child = ChildFactory(poverty=Poverty.REGISTERED)
    ParentFactory(child=child, relation="father", status=AWAY)
    ParentFactory(child=child, relation="mother", status=ParentStatus.SERIOUSLY_ILL)
    result = categories_for_child(child, on=TODAY)
    assert result.left_behind is True
    assert result.in_difficulty is True
    assert result.unsupported is False
