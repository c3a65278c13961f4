"""Friendly error pages: a database outage is a 503 with a Chinese message, not a crash.

The outage can surface in a view (handled by the middleware), in a middleware such as
the session or authentication layer (handled by `server_error`, the site's handler500), or
as Django's "session interrupted" 400 when saving the session fails (`bad_request`, the
handler400). All render a standalone page that needs no database.
"""

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views import defaults

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


def _caused_by_database(exception: BaseException | None) -> bool:
    """Return whether `exception` or one it was raised from is a database connection error."""
    seen = 0
    while exception is not None and seen < 10:
        if isinstance(exception, DATABASE_ERRORS):
            return True
        exception, seen = exception.__cause__ or exception.__context__, seen + 1
    return False


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Render Django's 400, or the 503 page when the session could not be saved to the database.

    Django turns any database error while saving a session into SessionInterrupted (400);
    during an outage that is the database's fault, not the request's.
    """
    if _caused_by_database(exception):
        return database_unavailable()
    return defaults.bad_request(request, exception)
