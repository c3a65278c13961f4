"""Batches stored before the import kept files encrypted are encrypted by the migration."""

import json
import zlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from children.models import ImportBatch

BEFORE = [("children", "0007_contact_withdrawal")]
AFTER = [("children", "0008_import_registers_as_sent")]


@pytest.mark.django_db(transaction=True)
def test_a_stored_file_and_preview_are_encrypted_and_read_back(school_staff):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("children", "ImportBatch")
    rows = [{"row": 4, "action": "new", "values": {"id_number": "340200201403050011"}}]
    old.objects.create(
        county_id=school_staff.county_id,
        created_by_id=school_staff.pk,
        file_name="old.csv",
        file_size=8,
        sha256="0" * 64,
        content=b"a,b\n1,2\n",
        payload=zlib.compress(json.dumps(rows).encode()),
        errors=[{"row": 5, "column": "姓名", "message": "请填写姓名。"}],
        status="preview",
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    batch = ImportBatch.objects.get()
    assert b"340200201403050011" not in bytes(batch.payload)
    assert batch.file_content() == b"a,b\n1,2\n" and not bytes(batch.content).startswith(b"a,b")
    assert batch.rows() == rows
    assert [(p["row"], p["message"]) for p in batch.problems()] == [(5, "请填写姓名。")]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
