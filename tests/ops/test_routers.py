"""The replica router: dashboards' and reports' reads go to the replica, everything else not."""

import pytest
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from children.models import Child, Contact
from config.routers import REPLICA, ReplicaReadsMiddleware, ReplicaRouter, replica_reads
from reports.models import HalfYearReport
from schools.models import School

router = ReplicaRouter()


def test_reads_outside_replica_block_go_to_the_default_database():
    assert router.db_for_read(Child) is None
    assert router.db_for_read(HalfYearReport) is None


def test_register_reads_inside_replica_block_go_to_the_replica():
    with replica_reads():
        assert router.db_for_read(Child) == REPLICA
        assert router.db_for_read(Contact) == REPLICA
        assert router.db_for_read(School) == REPLICA
        assert router.db_for_read(HalfYearReport) == REPLICA
    assert router.db_for_read(Child) is None


def test_users_sessions_and_tasks_are_always_read_from_the_primary():
    with replica_reads():
        assert router.db_for_read(User) is None
        assert router.db_for_read(Session) is None
        assert router.db_for_read(DBTaskResult) is None


def test_writes_always_go_to_the_primary_even_inside_replica_block():
    with replica_reads():
        assert router.db_for_write(Child) == "default"
        assert router.db_for_write(HalfYearReport) == "default"


def test_the_replica_is_never_migrated():
    assert router.allow_migrate(REPLICA, "children") is False
    assert router.allow_migrate("default", "children") is True


def _seen_by_view(path: str, method: str = "get") -> str | None:
    """Return where a Child read would go while the middleware serves `path`."""
    seen = {}

    def view(request):
        seen["db"] = router.db_for_read(Child)
        return HttpResponse()

    request = getattr(RequestFactory(), method)(path)
    ReplicaReadsMiddleware(view)(request)
    return seen["db"]


def test_middleware_sends_dashboard_and_report_gets_to_the_replica():
    assert _seen_by_view("/dashboard/county/") == REPLICA
    assert _seen_by_view("/reports/1/report.docx") == REPLICA


def test_middleware_keeps_register_pages_and_posts_on_the_primary():
    assert _seen_by_view("/children/") is None
    assert _seen_by_view("/children/1/") is None
    assert _seen_by_view("/reports/1/edit/", "post") is None
    assert _seen_by_view("/no/such/page/") is None


@pytest.mark.parametrize("url", [None, "postgres://u@replica-host:5432/liushou"])
def test_settings_add_the_replica_only_when_its_url_is_set(monkeypatch, url):
    import importlib

    import config.settings.base as base

    if url:
        monkeypatch.setenv("DATABASE_REPLICA_URL", url)
    else:
        monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    reloaded = importlib.reload(base)
    try:
        if url:
            assert reloaded.DATABASES["replica"]["HOST"] == "replica-host"
            assert reloaded.DATABASES["replica"]["TEST"] == {"MIRROR": "default"}
            assert reloaded.DATABASE_ROUTERS == ["config.routers.ReplicaRouter"]
            middleware = reloaded.MIDDLEWARE
            assert middleware.index("config.routers.ReplicaReadsMiddleware") < middleware.index(
                "axes.middleware.AxesMiddleware"
            )
        else:
            assert "replica" not in reloaded.DATABASES
            assert "config.routers.ReplicaReadsMiddleware" not in reloaded.MIDDLEWARE
    finally:
        monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
        vars(base).pop("DATABASE_ROUTERS", None)  # reload() keeps names it no longer sets
        importlib.reload(base)
