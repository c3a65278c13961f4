"""The migration that gives old reports their clock: handled becomes closed, with a step."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone


def _ours(executor) -> tuple[list, list]:
    """Return the targets just before and at this issue's migration, whatever its number."""
    key = next(
        k for k in executor.loader.disk_migrations if k[1].endswith("concern_clock_and_steps")
    )
    before = [d for d in executor.loader.graph.node_map[key].parents if d.key[0] == "children"]
    return [before[0].key], [key]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def targets():
    """Yield (before, after); afterwards bring the database back to the latest migrations."""
    executor = MigrationExecutor(connection)
    yield _ours(executor)
    _migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_old_reports_are_closed_with_a_step_and_get_their_kinds_deadlines(
    targets, child_a, reporter
):
    before, after = targets
    old = _migrate(before)
    Concern = old.get_model("children", "Concern")
    raised = timezone.now() - datetime.timedelta(days=3)
    handled = Concern.objects.create(
        child_id=child_a.pk,
        kind="dropout_risk",
        description="未到校",
        status="handled",
        raised_by_id=reporter.pk,
        handled_by_id=reporter.pk,
        handled_at=raised,
        handling="已返校",
    )
    alone = Concern.objects.create(
        child_id=child_a.pk,
        kind="living_alone",
        description="独自在家",
        raised_by_id=reporter.pk,
    )
    Concern.objects.filter(pk=alone.pk).update(raised_at=raised)
    new = _migrate(after)
    Concern = new.get_model("children", "Concern")
    closed = Concern.objects.get(pk=handled.pk)
    assert (closed.status, closed.outcome, closed.closed_by_id) == ("closed", "已返校", reporter.pk)
    step = new.get_model("children", "ConcernStep").objects.get(concern_id=handled.pk)
    assert (step.kind, step.notes, step.at) == ("closed", "已返校", raised)
    still_open = Concern.objects.get(pk=alone.pk)
    assert still_open.police_due_at == raised + datetime.timedelta(hours=1)
    assert still_open.civil_affairs_due_at == raised + datetime.timedelta(hours=24)
    assert closed.police_due_at is None
