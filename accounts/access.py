"""Declaring, on every view, which users it serves; one decorator enforces it.

A view without a declaration is a defect: the URL-walking test fails for it.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

PUBLIC = "public"  # anyone, logged in or not (the login page)
AUTHENTICATED = "authenticated"  # any logged-in user (home page, language switch)
CHILDREN = "children"  # roles that may open a child's record; others get 404
AGGREGATES = "aggregates"  # any logged-in user, but the view shows counts only, no person


def serves(audience: str, *, roles: Iterable[str] | None = None) -> Callable:
    """Return a decorator that marks a view with its audience and enforces it.

    `roles`, if given, narrows the audience to those roles. Users outside the audience
    get 404, the same answer as for a record that does not exist, so a URL never tells
    an outsider that a child is registered.
    """
    allowed = frozenset(roles) if roles is not None else None

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            if audience != PUBLIC and not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if audience == CHILDREN and not user.sees_children:
                raise Http404
            if allowed is not None and user.role not in allowed:
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.serves = audience
        wrapped.serves_roles = allowed
        return wrapped

    return decorator
