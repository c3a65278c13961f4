"""Sending the dashboards' and reports' reads to a read replica, when one is configured.

A province runs one PostgreSQL primary with streaming replicas. Dashboards and reports
only read aggregates, so they can run on a replica, seconds behind the primary; every
other page, and every write, stays on the primary. `ReplicaReadsMiddleware` marks the
requests that may read from the replica; `ReplicaRouter` routes their reads of the
register's data there. Sessions, users, permissions and the task queue are always read
from the primary (a replica lagging behind must never log someone out or lose a job).
Settings: DATABASE_REPLICA_URL adds the `replica` alias, the router and the middleware.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

REPLICA = "replica"
# URL namespaces whose GET requests read from the replica: dashboards and reports.
REPLICA_NAMESPACES = frozenset({"dashboards", "reports"})
# Apps whose data the dashboards and reports aggregate; anything else reads the primary.
REPLICA_APPS = frozenset({"schools", "children", "activities", "donations", "reports"})

_reading_replica: ContextVar[bool] = ContextVar("reading_replica", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within this block, reads of the register's data go to the replica (if configured)."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


class ReplicaRouter:
    """Route reads inside `replica_reads()` to the replica; writes and migrations to default."""

    def db_for_read(self, model, **hints) -> str | None:
        """Return "replica" for a register model read inside replica_reads(), else None."""
        if _reading_replica.get() and model._meta.app_label in REPLICA_APPS:
            return REPLICA
        return None

    def db_for_write(self, model, **hints) -> str:
        """Return "default": every write goes to the primary."""
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        """Allow relations across aliases: the replica holds the primary's very rows."""
        return True

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool:
        """Refuse to migrate the replica: it follows the primary by replication."""
        return db != REPLICA


class ReplicaReadsMiddleware:
    """Serve GET requests to the dashboards and reports inside replica_reads()."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "GET" and _reads_replica(request.path_info):
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)


def _reads_replica(path: str) -> bool:
    """Return whether `path` is a page of the dashboards or the reports."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return bool(REPLICA_NAMESPACES.intersection(match.namespaces))
