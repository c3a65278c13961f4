"""Pages and downloads seen after login are never stored by a cache or the browser."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("school_staff", lambda child: child.get_absolute_url()),
        ("school_staff", lambda child: reverse("children:list")),
        ("school_staff", lambda child: reverse("home")),
        ("federation_officer", lambda child: reverse("imports:export") + "?format=csv"),
        ("coordination_member", lambda child: reverse("dashboards:coordination")),
    ],
)
def test_pages_and_downloads_with_personal_data_send_no_store(client, request, child_a, who, url):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(child_a))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
