"""What checking a file needs from the database, loaded once: places, scope, carers.

Everything else in the check is pure functions over these values and the file's cells.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accounts.roles import Kind, Scope, scope_of
from children.models import Carer
from children.models.choices import GuardianRelation
from children.places import province_of_county
from schools.models import County, School, Town, Village

from .cells import narrow


def place_key(name: str) -> str:
    """Return a place's name as compared: half-width, without spaces."""
    return narrow(name).replace(" ", "")


@dataclass
class Places:
    """The county's towns, villages and schools by name, loaded once per import."""

    towns: dict[str, int]
    villages: dict[tuple[int, str], tuple[int, int]]  # (town, name) -> (village, town)
    villages_by_name: dict[str, list[tuple[int, int]]]
    schools: dict[str, tuple[int, int]]  # name -> (school, town)
    school_names: dict[int, str]
    school_town: dict[int, int]
    village_town: dict[int, int]

    @classmethod
    def load(cls, county_id: int) -> "Places":
        """Return the county's places, in three queries."""
        towns = {
            place_key(name): pk
            for pk, name in Town.objects.filter(county_id=county_id).values_list("pk", "name")
        }
        villages, by_name, village_town = {}, {}, {}
        for pk, town_id, name in Village.objects.filter(town__county_id=county_id).values_list(
            "pk", "town_id", "name"
        ):
            villages[(town_id, place_key(name))] = (pk, town_id)
            by_name.setdefault(place_key(name), []).append((pk, town_id))
            village_town[pk] = town_id
        schools, school_names, school_town = {}, {}, {}
        for pk, town_id, name in School.objects.filter(town__county_id=county_id).values_list(
            "pk", "town_id", "name"
        ):
            schools[place_key(name)] = (pk, town_id)
            school_names[pk] = name
            school_town[pk] = town_id
        return cls(towns, villages, by_name, schools, school_names, school_town, village_town)


def child_places_allowed(scope: Scope, school_id, school_town, town_id, village_id) -> bool:
    """Return whether a child at these places lies in the scope (as children_visible_to)."""
    return scope.allows(
        Kind.CHILDREN, school=school_id, village=village_id, town=(school_town, town_id)
    )


@dataclass
class Context:
    """The fixed inputs of one file's check."""

    user: object
    places: Places
    scope: Scope
    today: datetime.date
    home_province: str  # two-digit code of the county's province
    mentors: dict[tuple[int, str], list[int]]  # (school, name) -> active carers' ids
    relation_labels: dict[str, str]  # coded relation -> its label in the active language

    @classmethod
    def load(cls, user) -> "Context":
        """Return the context for `user`'s import, in five queries."""
        code = County.objects.filter(pk=user.county_id).values_list("code", flat=True).first()
        mentors: dict[tuple[int, str], list[int]] = {}
        for pk, school_id, name in Carer.objects.filter(
            county_id=user.county_id, is_active=True, school__isnull=False
        ).values_list("pk", "school_id", "name"):
            mentors.setdefault((school_id, place_key(name)), []).append(pk)
        return cls(
            user=user,
            places=Places.load(user.county_id),
            scope=scope_of(user),
            today=timezone.localdate(),
            home_province=province_of_county(code or ""),
            mentors=mentors,
            relation_labels={code: str(label) for code, label in GuardianRelation.choices},
        )
