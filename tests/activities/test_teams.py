"""Volunteer teams (爱心妈妈): county officers keep them; other activity roles read them."""

import pytest
from django.urls import reverse

from activities.models import VolunteerTeam
from audit.models import AuditEvent
from tests.factories import CountyFactory

pytestmark = pytest.mark.django_db


def team_data(**overrides):
    return {"kind": "caring_mothers", "name": "爱心妈妈志愿队", "members": "36", **overrides}


def test_federation_officer_adds_and_edits_a_team_audited(client, federation_officer):
    client.force_login(federation_officer)
    response = client.post(reverse("activities:team_create"), team_data())
    assert response.status_code == 302
    team = VolunteerTeam.objects.get()
    assert team.county == federation_officer.county and team.members == 36
    client.post(reverse("activities:team_edit", args=[team.pk]), team_data(members="40"))
    team.refresh_from_db()
    assert team.members == 40
    assert list(
        AuditEvent.objects.filter(object_type="activities.VolunteerTeam")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["create", "update"]


def test_a_team_without_a_size_is_refused_in_chinese(client, federation_officer):
    client.force_login(federation_officer)
    response = client.post(reverse("activities:team_create"), team_data(members=""))
    assert response.status_code == 200 and "人数" in response.content.decode()
    assert not VolunteerTeam.objects.exists()


@pytest.mark.parametrize("who", ["school_staff", "town_officer", "coordination_member"])
def test_other_activity_roles_read_teams_but_cannot_edit(client, request, federation_officer, who):
    team = VolunteerTeam.objects.create(
        county=federation_officer.county, kind="caring_mothers", name="爱心妈妈", members=12
    )
    client.force_login(request.getfixturevalue(who))
    assert "爱心妈妈" in client.get(reverse("activities:team_list")).content.decode()
    assert client.get(reverse("activities:team_create")).status_code == 404
    assert client.get(reverse("activities:team_edit", args=[team.pk])).status_code == 404


@pytest.mark.parametrize("who", ["mentor", "village_director", "administrator"])
def test_roles_outside_activities_get_404(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("activities:team_list")).status_code == 404


def test_a_team_of_another_county_is_404(client, federation_officer):
    other = VolunteerTeam.objects.create(
        county=CountyFactory(code="340300"), kind="volunteers", name="外县队伍", members=5
    )
    client.force_login(federation_officer)
    assert client.get(reverse("activities:team_edit", args=[other.pk])).status_code == 404
    assert "外县队伍" not in client.get(reverse("activities:team_list")).content.decode()
