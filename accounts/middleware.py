"""Sending users whose password an administrator set to change it before anything else."""

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

ALLOWED_PREFIXES = ("/static/", "/i18n/")


class ForcePasswordChangeMiddleware:
    """Redirect a user flagged must_change_password to the password change page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = (reverse("accounts:password_change"), reverse("accounts:logout"))
            if request.path not in allowed and not request.path.startswith(ALLOWED_PREFIXES):
                return redirect("accounts:password_change")
        return self.get_response(request)


SESSION_REFRESH_SECONDS = 300


class SessionRefreshMiddleware:
    """Push a logged-in session's expiry back at most every five minutes of activity.

    With SESSION_COOKIE_AGE of an hour this ends a session after 55-60 idle minutes, while
    sparing the database a session write on every request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - session.get("_touched", 0) >= SESSION_REFRESH_SECONDS:
                session["_touched"] = now  # marks the session modified: saved, expiry renewed
        return response
