"""The one permission table: which role sees which kind of record, how far, and what it writes.

Every `*_visible_to` selector, every dashboard and report figure, the import and the
forms' choices are built from `PERMISSIONS` through a user's `Scope` (`user.scope`): no
other module names a set of roles. A selector says *where* a kind of record keeps its
places (`school_id`, `town_id`, ...); the table says *how far* each role reaches.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q

from .models import Role


class Kind(StrEnum):
    """The kinds of record (and a few acts) the table decides on."""

    CHILDREN = "children"  # a child's personal record; write: register, edit, import
    CARE = "care"  # carers, pairings, concerns' handling, closing and transfers
    # Who raised a mandatory report: the 2020 opinion keeps the reporter's identity
    # confidential; the county officers see it, administrators read it in the audit.
    REPORTERS = "reporters"
    CONTACTS = "contacts"  # home visits, talks and calls; write: record one
    AID = "aid"  # donations and the aid given to children
    HOMES = "homes"  # children's homes, activity rooms, volunteer teams
    ACTIVITIES = "activities"  # activities (what, where, how many took part)
    PHOTOS = "photos"  # activities' photos: children's faces, so never aggregates-only
    TEAMS = "teams"  # volunteer teams (names and sizes)
    REPORTS = "reports"  # half-year reports; write: draft, edit, file
    RECORDS = "records"  # joint meetings and policy documents
    DASHBOARDS = "dashboards"  # the dashboards' figures
    # The term survey: checking one's children, the progress of one's places; write:
    # open and close a survey, export the national form.
    SURVEYS = "surveys"
    EMERGENCY = "emergency"  # break the glass: write = may open a grant
    USERS = "users"  # accounts, and reviewing break-the-glass grants


class Level(StrEnum):
    """How far a grant reaches, narrowest first; AGGREGATE is counts of the county only."""

    NONE = "none"
    OWN = "own"  # the user's own: a mentor's paired children, their own carer record
    SCHOOL = "school"
    VILLAGE = "village"
    TOWN = "town"
    COUNTY = "county"
    AGGREGATE = "aggregate"  # county-wide counts, suppressed; never a record


@dataclass(frozen=True)
class Grant:
    """One cell of the table: how far a role sees a kind, and whether it writes it."""

    see: Level = Level.NONE
    write: bool = False

    def __str__(self) -> str:
        return f"{self.see}{'+w' if self.write else ''}" if self.see != Level.NONE else "-"


NO = Grant()
S, V, T, C, A = Level.SCHOOL, Level.VILLAGE, Level.TOWN, Level.COUNTY, Level.AGGREGATE

PERMISSIONS: dict[str, dict[Kind, Grant]] = {
    Role.SCHOOL_STAFF: {
        Kind.CHILDREN: Grant(S, True),
        Kind.CARE: Grant(S, True),
        Kind.CONTACTS: Grant(S, True),
        Kind.AID: Grant(S, True),
        Kind.HOMES: Grant(S, True),
        Kind.ACTIVITIES: Grant(S, True),
        Kind.PHOTOS: Grant(S, True),
        Kind.TEAMS: Grant(C),
        Kind.DASHBOARDS: Grant(S),
        Kind.SURVEYS: Grant(S),
    },
    Role.MENTOR: {
        Kind.CHILDREN: Grant(Level.OWN),
        Kind.CARE: Grant(Level.OWN),
        Kind.CONTACTS: Grant(Level.OWN, True),
    },
    Role.VILLAGE_DIRECTOR: {
        Kind.CHILDREN: Grant(V, True),
        # Carers of the village's town: the director pairs children with them.
        Kind.CARE: Grant(T),
        Kind.CONTACTS: Grant(V, True),
        Kind.SURVEYS: Grant(V),
    },
    Role.TOWN_OFFICER: {
        Kind.CHILDREN: Grant(T, True),
        Kind.CARE: Grant(T, True),
        Kind.CONTACTS: Grant(T, True),
        Kind.HOMES: Grant(T, True),
        Kind.ACTIVITIES: Grant(T, True),
        Kind.PHOTOS: Grant(T, True),
        Kind.TEAMS: Grant(C),
        Kind.REPORTS: Grant(T, True),
        Kind.DASHBOARDS: Grant(T),
        Kind.EMERGENCY: Grant(C, True),
        Kind.SURVEYS: Grant(T),
    },
    Role.FEDERATION: {
        Kind.CHILDREN: Grant(C, True),
        Kind.CARE: Grant(C, True),
        Kind.REPORTERS: Grant(C),
        Kind.CONTACTS: Grant(C, True),
        Kind.AID: Grant(C, True),
        Kind.HOMES: Grant(C, True),
        Kind.ACTIVITIES: Grant(C, True),
        Kind.PHOTOS: Grant(C, True),
        Kind.TEAMS: Grant(C, True),
        Kind.REPORTS: Grant(C, True),
        Kind.RECORDS: Grant(C, True),
        Kind.DASHBOARDS: Grant(C),
        Kind.EMERGENCY: Grant(C, True),
        Kind.SURVEYS: Grant(C, True),
    },
    Role.EDUCATION: {
        Kind.CHILDREN: Grant(C, True),
        Kind.CARE: Grant(C, True),
        Kind.REPORTERS: Grant(C),
        Kind.CONTACTS: Grant(C, True),
        Kind.AID: Grant(C, True),
        Kind.HOMES: Grant(C, True),
        Kind.ACTIVITIES: Grant(C, True),
        Kind.PHOTOS: Grant(C, True),
        Kind.TEAMS: Grant(C, True),
        Kind.REPORTS: Grant(C, True),
        Kind.RECORDS: Grant(C, True),
        Kind.DASHBOARDS: Grant(C),
        Kind.EMERGENCY: Grant(C, True),
        Kind.SURVEYS: Grant(C, True),
    },
    Role.COORDINATION: {
        # Homes, activities and teams carry no child's personal data: readable in full
        # (photos, which show children, are not).
        Kind.HOMES: Grant(C),
        Kind.ACTIVITIES: Grant(C),
        Kind.TEAMS: Grant(C),
        Kind.AID: Grant(A),
        Kind.REPORTS: Grant(A),
        Kind.RECORDS: Grant(C),
        Kind.DASHBOARDS: Grant(A),
    },
    Role.ADMIN: {
        # The county dashboard's figures, without a link to any list of children.
        Kind.DASHBOARDS: Grant(C),
        Kind.USERS: Grant(C, True),
    },
}


def grant(role: str | None, kind: Kind) -> Grant:
    """Return the table's cell for `role` and `kind` (no access for an unknown role)."""
    return PERMISSIONS.get(role, {}).get(kind, NO)


def roles_seeing(kind: Kind, *, levels: set[Level] | None = None) -> frozenset[str]:
    """Return the roles that see `kind` at all (or at one of `levels`), for view guards."""
    return frozenset(
        role
        for role in PERMISSIONS
        if grant(role, kind).see != Level.NONE
        and (levels is None or grant(role, kind).see in levels)
    )


def roles_writing(kind: Kind) -> frozenset[str]:
    """Return the roles that may write records of `kind`."""
    return frozenset(role for role in PERMISSIONS if grant(role, kind).write)


RECORD_LEVELS = {Level.OWN, Level.SCHOOL, Level.VILLAGE, Level.TOWN, Level.COUNTY}
# Roles that open a child's personal record at all (the coordination group and the
# administrator see aggregates and reference data only).
ROLES_SEEING_CHILDREN = roles_seeing(Kind.CHILDREN)


Paths = str | tuple[str, ...] | None


def _either(paths: Paths, value) -> Q | None:
    """Return the OR of `path == value` over `paths`, or None when there is no path/value."""
    if paths is None or value is None:
        return None
    names = (paths,) if isinstance(paths, str) else paths
    q = Q()
    for name in names:
        q |= Q(**{name: value})
    return q


@dataclass(frozen=True)
class Scope:
    """A user's role and places, read once per request; answers what they may see and do."""

    role: str | None
    user_id: int | None = None
    county_id: int | None = None
    town_id: int | None = None  # the user's town: theirs, or their village's or school's
    village_id: int | None = None
    school_id: int | None = None
    is_superuser: bool = False
    # Set for the scope of a place rather than a person (a report's or a dashboard's): every
    # kind is then seen at this level.
    place_level: Level | None = None

    @classmethod
    def of(cls, user) -> "Scope":
        """Return the scope of `user` (an empty one for anonymous or inactive users)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return cls(role=None)
        town_id = user.town_id
        if town_id is None and user.village_id:
            town_id = user.village.town_id
        if town_id is None and user.school_id:
            town_id = user.school.town_id
        return cls(
            role=user.role,
            user_id=user.pk,
            county_id=user.county_id,
            town_id=town_id,
            village_id=user.village_id,
            school_id=user.school_id,
            is_superuser=user.is_superuser,
        )

    @classmethod
    def of_place(
        cls, *, county_id: int, town_id: int | None = None, school_id: int | None = None
    ) -> "Scope":
        """Return the scope of a place: a school, a town, or (neither given) the county.

        Reports and dashboards count the records of a place with it, through the same
        place paths as the selectors, whoever reads the figures.
        """
        level = Level.SCHOOL if school_id else Level.TOWN if town_id else Level.COUNTY
        return cls(
            role=None, county_id=county_id, town_id=town_id, school_id=school_id, place_level=level
        )

    def level(self, kind: Kind) -> Level:
        """Return how far this user sees records of `kind`."""
        if self.place_level is not None:
            return self.place_level
        return grant(self.role, kind).see

    def sees(self, kind: Kind) -> bool:
        """Return whether this user may open individual records of `kind`."""
        return self.level(kind) in RECORD_LEVELS

    def counts(self, kind: Kind) -> bool:
        """Return whether this user sees `kind` at all, records or aggregates."""
        return self.level(kind) != Level.NONE

    def aggregates_only(self, kind: Kind) -> bool:
        """Return whether this user sees `kind` only as suppressed county counts."""
        return self.level(kind) == Level.AGGREGATE

    def writes(self, kind: Kind) -> bool:
        """Return whether this user may write records of `kind`."""
        return grant(self.role, kind).write

    @property
    def sees_children(self) -> bool:
        """Return whether this user opens any child's personal record."""
        return self.sees(Kind.CHILDREN)

    def q(
        self,
        kind: Kind,
        *,
        county: Paths = "county_id",
        town: Paths = None,
        village: Paths = None,
        school: Paths = None,
        own: Q | None = None,
        counting: bool = False,
    ) -> Q | None:
        """Return the filter of the records of `kind` this user may see, or None for none.

        The keyword arguments name where the record keeps each place (a path, or a tuple
        of paths any of which may match); `own` is the filter of the user's own records.
        `counting` also admits the county for a role that sees aggregates only: use it
        for figures, never for a list.
        """
        level = self.level(kind)
        if level == Level.AGGREGATE:
            level = Level.COUNTY if counting else Level.NONE
        match level:
            case Level.OWN:
                return own
            case Level.SCHOOL:
                return _either(school, self.school_id)
            case Level.VILLAGE:
                return _either(village, self.village_id)
            case Level.TOWN:
                return _either(town, self.town_id)
            case Level.COUNTY:
                return _either(county, self.county_id)
        return None

    def filter(self, kind: Kind, qs, **paths):
        """Return `qs` narrowed to what this user may see of `kind` (`q` explains `paths`)."""
        q = self.q(kind, **paths)
        return qs.filter(q) if q is not None else qs.none()

    def allows(self, kind: Kind, **places) -> bool:
        """Return whether a record at these places (`school=`, `town=` as ids) is in scope.

        For checks outside the database (the import's rows): `town` may be a tuple of the
        record's towns (where it lives, where its school is).
        """
        level = self.level(kind)
        mine = {
            Level.SCHOOL: ("school", self.school_id),
            Level.VILLAGE: ("village", self.village_id),
            Level.TOWN: ("town", self.town_id),
            Level.COUNTY: ("county", self.county_id),
        }.get(level)
        if mine is None or mine[1] is None:
            return False
        given = places.get(mine[0], self.county_id if mine[0] == "county" else None)
        values = given if isinstance(given, tuple) else (given,)
        return mine[1] in values


def matrix() -> str:
    """Return the permission table as text: one row per role, one column per kind."""
    kinds = list(Kind)
    width = max(len(k.value) for k in kinds) + 1
    lines = ["role".ljust(18) + "".join(k.value.ljust(width) for k in kinds)]
    for role in PERMISSIONS:
        cells = "".join(str(grant(role, k)).ljust(width) for k in kinds)
        lines.append(str(role).ljust(18) + cells)
    return "\n".join(line.rstrip() for line in lines)


def scope_of(user) -> Scope:
    """Return `user.scope`, or the empty scope of an anonymous user."""
    scope = getattr(user, "scope", None)
    return scope if isinstance(scope, Scope) else Scope.of(user)
