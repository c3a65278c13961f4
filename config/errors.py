"""Friendly error pages: a database outage is a 503 with a Chinese message, not a crash.

The outage can surface in a view (handled by the middleware) or in a middleware such as
the session or authentication layer (handled by `server_error`, the site's handler500).
Both render a standalone page that needs no database.
"""

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def database_unavailable() -> HttpResponse:
    """Return the 503 page telling the user the database is briefly unavailable."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turn a database connection error raised by a view into the 503 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """Return the 503 page for a database error; leave any other error to Django."""
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning("Database unavailable for %s: %s", request.path, exception)
            return database_unavailable()
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """Render the 500 page, or the 503 page when the error being handled is the database's."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable()
    return HttpResponseServerError(loader.render_to_string("500.html"))
