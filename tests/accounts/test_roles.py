"""The permission table, printed as a matrix and checked against DOMAIN.md's rules.

DOMAIN.md, "Users and what each may see":
  school staff       their own school's children, in full; enters and imports the register
  mentor             the children paired with them; records visits and talks
  town officer       every school and child in their town; reviews, fixes, follows up
  village director   children living in their village; finds and registers children
  federation         the whole county; rooms, donations, volunteers, dashboards, the report
  education bureau   the whole county; schools, registers, homes
  coordination group aggregates only: no child's name, ID or phone; dashboards, the report
  administrator      users and reference data
"""

from pathlib import Path

import pytest

from accounts.models import Role
from accounts.roles import PERMISSIONS, Grant, Kind, Level, Scope, grant, matrix, roles_seeing

# Kinds that show a child's name, ID or phone when seen as records.
PERSONAL = (Kind.CHILDREN, Kind.CARE, Kind.CONTACTS, Kind.AID)

CHILDREN_REACH = {
    Role.SCHOOL_STAFF: Level.SCHOOL,
    Role.MENTOR: Level.OWN,
    Role.TOWN_OFFICER: Level.TOWN,
    Role.VILLAGE_DIRECTOR: Level.VILLAGE,
    Role.FEDERATION: Level.COUNTY,
    Role.EDUCATION: Level.COUNTY,
    Role.COORDINATION: Level.NONE,
    Role.ADMIN: Level.NONE,
}


def test_the_table_prints_as_a_matrix_with_a_row_per_role(capsys):
    text = matrix()
    print(text)  # shown with `pytest -s`: the table as docs/security.md lists it
    lines = text.splitlines()
    assert len(lines) == 1 + len(Role)
    assert all(kind.value in lines[0] for kind in Kind)
    assert "school_staff" in lines[1] and "school+w" in lines[1]


def test_every_role_has_a_row_and_every_role_of_the_table_exists():
    assert set(PERMISSIONS) == set(Role.values)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_children_as_far_as_domain_md_says(role):
    assert grant(role, Kind.CHILDREN).see == CHILDREN_REACH[role]


@pytest.mark.parametrize("role", [Role.COORDINATION, Role.ADMIN])
def test_coordination_and_administrator_see_no_personal_record(role):
    for kind in PERSONAL:
        assert grant(role, kind).see in (Level.NONE, Level.AGGREGATE), kind
        assert not grant(role, kind).write, kind


def test_only_the_coordination_group_gets_aggregates_and_it_writes_nothing():
    aggregate_roles = {
        role for role in PERMISSIONS for kind in Kind if grant(role, kind).see == Level.AGGREGATE
    }
    assert aggregate_roles == {Role.COORDINATION}
    assert not any(grant(Role.COORDINATION, kind).write for kind in Kind)
    assert grant(Role.COORDINATION, Kind.DASHBOARDS).see == Level.AGGREGATE
    assert grant(Role.COORDINATION, Kind.REPORTS).see == Level.AGGREGATE


def test_only_the_administrator_manages_users_and_sees_no_child():
    assert {r for r in PERMISSIONS if grant(r, Kind.USERS).write} == {Role.ADMIN}
    assert Role.ADMIN not in roles_seeing(Kind.CHILDREN)


def test_register_writers_are_those_domain_md_says_enter_or_register_children():
    writers = {r for r in PERMISSIONS if grant(r, Kind.CHILDREN).write}
    assert writers == {
        Role.SCHOOL_STAFF,
        Role.VILLAGE_DIRECTOR,
        Role.TOWN_OFFICER,
        Role.FEDERATION,
        Role.EDUCATION,
    }


def test_mentors_record_contacts_but_change_no_register():
    assert grant(Role.MENTOR, Kind.CONTACTS).write
    assert not grant(Role.MENTOR, Kind.CHILDREN).write
    assert not grant(Role.MENTOR, Kind.CARE).write


def test_the_federation_keeps_donations_and_writes_the_report():
    for kind in (Kind.AID, Kind.TEAMS, Kind.REPORTS, Kind.HOMES):
        assert grant(Role.FEDERATION, kind) == Grant(Level.COUNTY, True), kind


def test_no_role_sees_a_kind_wider_than_its_own_place_level():
    """A school's staff never reaches a town's records, a town officer never the county's
    children: the table's reach for personal kinds never exceeds the role's place."""
    order = [Level.OWN, Level.SCHOOL, Level.VILLAGE, Level.TOWN, Level.COUNTY]
    for role, reach in CHILDREN_REACH.items():
        if reach == Level.NONE:
            continue
        for kind in (Kind.CHILDREN, Kind.CONTACTS, Kind.AID):
            level = grant(role, kind).see
            if level != Level.NONE:
                assert order.index(level) <= order.index(reach), (role, kind)


def test_an_anonymous_or_inactive_user_has_no_scope(school_staff):
    school_staff.is_active = False
    assert Scope.of(school_staff).role is None
    assert not Scope.of(school_staff).sees(Kind.CHILDREN)


def test_docs_security_md_lists_the_table_as_the_code_has_it():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "security.md").read_text()
    assert matrix() in docs, "regenerate the matrix in docs/security.md"
    assert "complementary suppression" in docs and "<5" in docs
