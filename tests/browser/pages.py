"""Every page a user of a given role can open: the site's URL map walked, not a hand list.

Pages without arguments come from the resolver; pages of one record (a child's file, a
donation, an activity...) are filled with a record of the test county. Each candidate is
fetched with Django's test client and kept only if it answers 200 with HTML, so the list
follows the site as views are added.
"""

from django.test import Client
from django.urls import get_resolver, reverse

from activities.models import Activity, Home
from children.models import Contact
from tests.test_access import walk

# Not pages a person reads: downloads, JSON, actions, Django's admin.
SKIP_PREFIXES = ("admin/", "i18n/", "accounts/logout/")
SKIP_WORDS = ("export", "template", "pick/", "id-check/", "category/", "progress", "download")


def _record_urls(county, user) -> list[str]:
    """Return the pages of single records the county holds, for a user of any role."""
    child = county.mentored[0]
    urls = [
        reverse("children:detail", args=[child.pk]),
        reverse("care:contact_create", args=[child.pk]),
        reverse("children:search") + "?q=王",
        reverse("children:edit", args=[child.pk]),
        reverse("donations:detail", args=[county.donation.pk]),
        reverse("donations:edit", args=[county.donation.pk]),
        reverse("donations:aid_bulk") + f"?children={child.pk}",
    ]
    own = Contact.objects.filter(recorded_by=user).order_by("pk").first()
    if own:
        urls.append(reverse("care:contact_correct", args=[own.pk]))
    activity = Activity.objects.filter(school=county.schools[0]).order_by("pk").first()
    home = Home.objects.filter(school=county.schools[0]).order_by("pk").first()
    urls += [
        reverse("activities:detail", args=[activity.pk]),
        reverse("activities:edit", args=[activity.pk]),
        reverse("activities:home_detail", args=[home.pk]),
        reverse("activities:home_edit", args=[home.pk]),
    ]
    return urls


def page_urls(county, user) -> list[str]:
    """Return the URLs of every HTML page `user` may open in `county`, checked by fetching."""
    candidates = [
        "/" + route
        for route, _ns, _view in walk(get_resolver())
        if "<" not in route
        and not route.startswith(SKIP_PREFIXES)
        and not any(word in route for word in SKIP_WORDS)
    ]
    candidates += _record_urls(county, user)
    client = Client()
    client.force_login(user)
    found = []
    for url in dict.fromkeys(candidates):
        response = client.get(url)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            found.append(url)
    return found
