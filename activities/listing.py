"""Small helpers the list and form views of activities, donations and records share."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def query_without_page(request: HttpRequest) -> str:
    """Return the request's query string without the page number, for pager and export links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form's fields (or to the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
