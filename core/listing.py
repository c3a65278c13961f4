"""Helpers every list and form view shares: pagination, query strings, service errors."""

from collections.abc import Iterable, Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50


def query_without_page(request: HttpRequest) -> str:
    """Return the request's query string without the page number, for pager and export links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def paginate(
    request: HttpRequest, rows: Iterable, per_page: int = PAGE_SIZE, *, count: int | None = None
) -> tuple[Page, str]:
    """Return the requested page of `rows` and the query string without the page number.

    `count`, the number of rows when the caller has already counted them, spares the
    paginator its own COUNT(*).
    """
    paginator = Paginator(rows, per_page)
    if count is not None:
        paginator.count = count
    return paginator.get_page(request.GET.get("page")), query_without_page(request)


def apply_service_errors(
    form: forms.BaseForm,
    exc: ValidationError,
    *,
    prefixed: Mapping[str, forms.BaseForm] | None = None,
) -> None:
    """Attach a service's ValidationError to the fields it names, the rest to the form.

    `prefixed` maps a key prefix to a sub-form: an error on "father_phone" goes to the
    "phone" field of `prefixed["father"]` (the services name parents' fields that way).
    """
    messages = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for key, errors in messages.items():
        prefix, _sep, rest = (key or "").partition("_")
        sub = (prefixed or {}).get(prefix)
        if sub is not None and rest in sub.fields:
            sub.add_error(rest, errors)
        else:
            form.add_error(key if key in form.fields else None, errors)
