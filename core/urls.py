"""Reversing a route once for many rows (lists and pages that Python writes)."""

from collections.abc import Callable

from django.urls import reverse

_MARKER = 2_147_483_647


def pk_urls(name: str) -> Callable[[int], str]:
    """Return a function giving the URL of route `name` (one pk argument) for a pk.

    The route is reversed once; each call writes the pk into it (as an int, so nothing
    else can be written there).
    """
    head, tail = reverse(name, args=[_MARKER]).split(str(_MARKER), 1)
    return lambda pk: f"{head}{int(pk)}{tail}"
