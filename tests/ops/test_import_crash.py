"""An import that dies half-way leaves no rows behind and its batch is not marked done."""

import os
import signal
import subprocess  # noqa: S404
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from audit.models import AuditEvent
from children.imports import confirm
from children.models import Child, ImportBatch, Parent
from tests.children.imports.conftest import person, xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 30


def _previewed_batch(client, user) -> ImportBatch:
    """Upload a file of PEOPLE new children as `user`; return its clean preview."""
    client.force_login(user)
    content = xlsx_bytes([person(n) for n in range(1, PEOPLE + 1)])
    client.post("/children/import/", {"file": SimpleUploadedFile("a.xlsx", content)})
    batch = ImportBatch.objects.get(created_by=user)
    assert batch.status == ImportBatch.Status.PREVIEW and batch.new_count == PEOPLE
    return batch


def _nothing_written(batch: ImportBatch) -> bool:
    """Return whether no child, parent or audit row of the batch exists and it is not done."""
    batch.refresh_from_db()
    return (
        not Child.objects.exists()
        and not Parent.objects.exists()
        and not AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).exists()
        and batch.status != ImportBatch.Status.DONE
        and batch.confirmed_at is None
    )


@pytest.mark.django_db
def test_a_crash_after_the_children_are_inserted_leaves_no_rows_behind(
    client, school_staff, village_a, monkeypatch
):
    batch = _previewed_batch(client, school_staff)
    inserted = []

    def crash(*, children, **kwargs):
        inserted.append(children.count())  # inserted, inside the transaction
        raise MemoryError("worker killed")

    # The children and parents are inserted; the crash comes with the audit rows, last.
    monkeypatch.setattr(confirm, "audit_record_each_child", crash)
    with pytest.raises(MemoryError):
        confirm.import_confirm(by=school_staff, batch=batch, sha256=batch.sha256)
    assert inserted == [PEOPLE]
    assert _nothing_written(batch)
    assert batch.status == ImportBatch.Status.PREVIEW


@pytest.mark.django_db(transaction=True)
def test_a_background_confirm_that_crashes_leaves_no_rows_and_is_not_done(
    client, school_staff, village_a, monkeypatch, settings, run_worker
):
    settings.REGISTER_IMPORT_INLINE_MAX_BYTES = 0  # every file goes through the worker
    batch = _previewed_batch_by_worker(client, school_staff, run_worker)
    confirm.import_request_confirm(by=school_staff, batch=batch, sha256=batch.sha256)

    def crash(*args, **kwargs):
        raise MemoryError("worker killed")

    # The children and parents are written first; the crash comes with their audit rows.
    monkeypatch.setattr(confirm, "audit_record_each_child", crash)
    run_worker()
    assert _nothing_written(batch)


def _previewed_batch_by_worker(client, user, run_worker) -> ImportBatch:
    client.force_login(user)
    content = xlsx_bytes([person(n) for n in range(1, PEOPLE + 1)])
    client.post("/children/import/", {"file": SimpleUploadedFile("a.xlsx", content)})
    run_worker()
    batch = ImportBatch.objects.get(created_by=user)
    assert batch.status == ImportBatch.Status.PREVIEW
    return batch


# The confirm runs in its own process, which stops right after inserting the children, their
# parents and audit rows (inside its transaction), and is then killed with SIGKILL, as the
# OOM killer would.
CONFIRM_AND_HANG = textwrap.dedent(
    """
    import sys, time
    import django
    django.setup()
    from accounts.models import User
    from children.imports import confirm
    from children.models import ImportBatch

    original = confirm.audit_record_each_child

    def insert_then_hang(*args, **kwargs):
        result = original(*args, **kwargs)
        print("WROTE", flush=True)
        time.sleep(120)
        return result

    confirm.audit_record_each_child = insert_then_hang
    user = User.objects.get(pk=int(sys.argv[1]))
    batch = ImportBatch.objects.get(pk=int(sys.argv[2]))
    confirm.import_confirm(by=user, batch=batch, sha256=batch.sha256)
    print("DONE", flush=True)
    """
)


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="another process must reach the test database: PostgreSQL only",
)
def test_an_import_killed_half_way_with_sigkill_leaves_no_rows_behind(
    client, school_staff, village_a
):
    batch = _previewed_batch(client, school_staff)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
           "DATABASE_URL": _database_url(), "DB_CONN_MAX_AGE": "0"}  # fmt: skip
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", CONFIRM_AND_HANG, str(school_staff.pk), str(batch.pk)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout.readline().strip() == "WROTE"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    time.sleep(0.5)  # PostgreSQL notices the dead client and rolls its transaction back
    assert _nothing_written(batch)
    assert batch.status == ImportBatch.Status.PREVIEW
