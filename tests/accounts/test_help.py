"""使用说明: one page per role, reachable from the navbar, printable."""

import pytest
from django.urls import reverse

ROLES = [
    "school_staff", "mentor", "village_director", "town_officer", "federation_officer",
    "education_officer", "coordination_member", "administrator",
]  # fmt: skip

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_its_own_help_from_the_navbar(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    home = client.get("/").content.decode()
    assert f'href="{reverse("help")}"' in home
    page = client.get(reverse("help")).content.decode()
    assert f'data-testid="help-{user.role}"' in page
    assert "遇到问题找谁" in page and "data-print" in page


def test_the_mentor_help_explains_correcting_and_the_coordination_help_the_suppression(
    client, mentor, coordination_member
):
    client.force_login(mentor)
    assert "24 小时内" in client.get(reverse("help")).content.decode()
    client.force_login(coordination_member)
    assert "少于 5 人" in client.get(reverse("help")).content.decode()
