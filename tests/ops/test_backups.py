"""Backup and restore give back exactly what was there: same counts, same checksums."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from children.models import Child, Contact
from ops.backups import database_fingerprint
from tests.factories import ContactFactory


@pytest.mark.django_db(transaction=True)
def test_restore_gives_identical_counts_and_checksums(tmp_path, child_a, child_b):
    ContactFactory.create_batch(3, child=child_a)
    before = database_fingerprint()
    backup = tmp_path / "backup.dump"
    call_command("backup_db", str(backup))
    assert backup.stat().st_size > 0

    ContactFactory(child=child_b)
    Child.objects.filter(pk=child_a.pk).update(name="改动后")
    assert database_fingerprint() != before

    call_command("restore_db", str(backup), "--yes")
    after = database_fingerprint()
    assert after == before
    assert Contact.objects.count() == 3
    assert Child.objects.get(pk=child_a.pk).name == "张小明"


def test_restore_refuses_without_confirmation(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_db", str(tmp_path / "x.dump"))


@pytest.mark.django_db
def test_restore_of_a_missing_file_says_so_in_chinese(tmp_path):
    with pytest.raises(CommandError, match="备份文件不存在"):
        call_command("restore_db", str(tmp_path / "missing.dump"), "--yes")
