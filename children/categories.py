"""Which categories a child falls into, derived from age, household and the parents' situation.

The rules follow the State Council's 2016 opinion on left-behind children and the 2019
opinion on de-facto unsupported children, as DOMAIN.md summarises them.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from .models.choices import (
    LEFT_BEHIND_AGE_LIMIT,
    PARENT_AWAY,
    PARENT_UNABLE,
    GuardianshipGrade,
    Health,
    HouseholdType,
    Poverty,
)
from .models.record import age_on


@dataclass(frozen=True)
class Categories:
    """The proposed categories of one child."""

    left_behind: bool
    migrant: bool
    in_difficulty: bool
    unsupported: bool

    def as_fields(self) -> dict[str, bool]:
        """Return the categories keyed by the Child model's field names."""
        return {
            "is_left_behind": self.left_behind,
            "is_migrant": self.migrant,
            "is_in_difficulty": self.in_difficulty,
            "is_unsupported": self.unsupported,
        }


def parents_situation(father: str | None, mother: str | None) -> tuple[bool, bool]:
    """Return (left behind by the parents, de-facto unsupported) for two parent statuses.

    A missing status (parent not recorded) counts as neither away nor unable.
    """
    statuses = [father, mother]
    away = [s in PARENT_AWAY for s in statuses]
    unable = [s in PARENT_UNABLE for s in statuses]
    left = all(away) or (away[0] and unable[1]) or (away[1] and unable[0])
    # Both parents unable to care: dead, missing, seriously ill or disabled, or detained
    # (DOMAIN.md counts two dead parents here too).
    unsupported = all(unable)
    return left, unsupported


def categories_derive(
    *,
    birth_date: datetime.date,
    on: datetime.date,
    household_type: str,
    household_in_county: bool,
    parent_statuses: Iterable[tuple[str, str]],
    health: str = Health.HEALTHY,
    poverty: str = Poverty.NONE,
    guardianship_grade: str = "",
) -> Categories:
    """Return the categories proposed for a child from the facts given.

    `parent_statuses` holds (relation, status) pairs with relation "father" or "mother".
    """
    by_relation = dict(parent_statuses)
    left_by_parents, unsupported = parents_situation(
        by_relation.get("father"), by_relation.get("mother")
    )
    under_16 = age_on(birth_date, on) < LEFT_BEHIND_AGE_LIMIT
    left_behind = (
        under_16
        and household_type == HouseholdType.RURAL
        and household_in_county
        and left_by_parents
    )
    migrant = not household_in_county and not left_by_parents
    bad_guardianship = guardianship_grade in (
        GuardianshipGrade.NONE,
        GuardianshipGrade.PARENT_INCAPABLE,
    )
    in_difficulty = (
        poverty != Poverty.NONE
        or health in (Health.DISABLED, Health.SERIOUSLY_ILL)
        or bad_guardianship
        or unsupported
    )
    return Categories(
        left_behind=left_behind,
        migrant=migrant,
        in_difficulty=in_difficulty,
        unsupported=unsupported,
    )


def categories_for_child(child, on: datetime.date) -> Categories:
    """Return the categories proposed for a saved child from its record and parents."""
    return categories_derive(
        birth_date=child.birth_date,
        on=on,
        household_type=child.household_type,
        household_in_county=child.household_in_county,
        parent_statuses=[(p.relation, p.status) for p in child.parents.all()],
        health=child.health,
        poverty=child.poverty,
        guardianship_grade=child.guardianship_grade,
    )
