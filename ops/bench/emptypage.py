"""The floor of any logged-in page: an empty view behind the project's middleware and login.

`make bench` times it beside the pages (`ROOT_URLCONF` switched to `urlconf()` for that
one measure only): what a page costs before it reads or draws anything of its own
(session, user, middleware, the response), so the pages' bare floors can be read
against what Django itself needs. Never part of the served URLs.
"""

from types import ModuleType

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from accounts.access import AUTHENTICATED, serves


@serves(AUTHENTICATED)
def empty(request: HttpRequest) -> HttpResponse:
    """Answer a logged-in user with an empty page."""
    return HttpResponse(b"", content_type="text/html; charset=utf-8")


def urlconf() -> ModuleType:
    """Return a URL conf of the empty page beside the project's own URLs (call it unswitched).

    A module object, as Django's resolver caches URL confs by value.
    """
    conf = ModuleType("ops.bench.emptypage.urls")
    conf.urlpatterns = [
        path("bench/empty/", empty, name="bench-empty"),
        path("", include(settings.ROOT_URLCONF)),
    ]
    return conf
