"""Deny by default: every URL of the site declares whom it serves."""

from django.urls import URLPattern, URLResolver, get_resolver

from accounts.access import AGGREGATES, AUTHENTICATED, CHILDREN, PUBLIC

AUDIENCES = {PUBLIC, AUTHENTICATED, CHILDREN, AGGREGATES}
# Django's admin guards every view itself (administrators only, see accounts/admin.py).
EXEMPT_NAMESPACES = {"admin"}


def walk(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    """Yield (route, namespace, view callback) for every URL pattern under `resolver`."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry.callback


def test_every_view_declares_its_audience():
    undeclared = [
        route
        for route, namespace, view in walk(get_resolver())
        if namespace not in EXEMPT_NAMESPACES and getattr(view, "serves", None) not in AUDIENCES
    ]
    assert undeclared == []


def test_the_walk_sees_the_register_and_the_login():
    routes = {route for route, _ns, _view in walk(get_resolver())}
    assert "children/<int:pk>/" in routes and "accounts/login/" in routes
