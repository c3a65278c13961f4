"""The child's file shows aid and donors only to those the permission table lets see aid."""

import pytest

from tests.factories import AidFactory, DonationFactory, DonorFactory


@pytest.fixture
def aided_child(paired_child, county):
    donor = DonorFactory(county=county, name="爱心企业甲")
    AidFactory(child=paired_child, donation=DonationFactory(donor=donor))
    return paired_child


@pytest.mark.parametrize("who", ["mentor", "village_director", "town_officer"])
def test_roles_without_aid_see_no_aid_or_donor_on_the_childs_file(
    client, request, aided_child, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(aided_child.get_absolute_url())
    assert response.status_code == 200
    assert "爱心企业甲" not in response.content.decode()


@pytest.mark.parametrize("who", ["school_staff", "federation_officer"])
def test_roles_with_aid_see_it_on_the_childs_file(client, request, aided_child, who):
    client.force_login(request.getfixturevalue(who))
    assert "爱心企业甲" in client.get(aided_child.get_absolute_url()).content.decode()


def test_aid_on_file_gives_nothing_of_a_child_outside_the_users_scope(
    aided_child, school_staff, school_staff_b
):
    from donations.selectors import aid_on_file

    assert len(aid_on_file(school_staff, aided_child)) == 1
    assert aid_on_file(school_staff_b, aided_child) == []  # another school's staff
