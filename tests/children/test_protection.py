"""IDs and phones at rest: encrypted, found by keyed hash, listed masked, keys rotatable."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from children.models import Child, Parent
from children.protection import decrypt, encrypt, keyed_hash
from children.selectors import id_number_q
from tests.factories import ChildFactory, ParentFactory

pytestmark = pytest.mark.django_db


def raw(table: str, column: str, pk: int) -> str:
    """Return a column's value as stored in the database, bypassing the ORM."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_ids_and_phones_are_stored_encrypted_and_read_back_in_clear(child_a):
    parent = ParentFactory(child=child_a, phone="13912345678")
    stored_id = raw("children_child", "id_number", child_a.pk)
    stored_phone = raw("children_child", "guardian_phone", child_a.pk)
    assert stored_id.startswith("gAAAAA") and child_a.id_number not in stored_id
    assert stored_phone.startswith("gAAAAA") and "13600000028" not in stored_phone
    assert raw("children_parent", "phone", parent.pk).startswith("gAAAAA")
    fresh = Child.objects.get(pk=child_a.pk)
    assert fresh.id_number == child_a.id_number and fresh.guardian_phone == "13600000028"
    assert Parent.objects.get(pk=parent.pk).phone == "13912345678"


def test_hash_and_masked_columns_are_kept_with_every_save(child_a):
    assert child_a.id_hash == keyed_hash(child_a.id_number)
    assert child_a.id_masked == child_a.id_number[:6] + "********" + child_a.id_number[-4:]
    assert child_a.guardian_phone_masked == "136****0028"
    child_a.guardian_phone = "13712345678"
    child_a.save()
    assert raw("children_child", "guardian_phone_masked", child_a.pk) == "137****5678"
    assert raw("children_child", "guardian_phone_hash", child_a.pk) == keyed_hash("13712345678")


def test_a_child_is_found_by_id_through_the_keyed_hash(child_a, child_b):
    assert list(Child.objects.filter(id_number_q(child_a.id_number))) == [child_a]


def test_bulk_created_children_get_hash_and_mask_too(school_a):
    children = [ChildFactory.build(school=school_a) for _ in range(3)]
    Child.objects.bulk_create(children)
    for child in children:
        stored = Child.objects.get(id_number_q(child.id_number))
        assert stored.id_masked.endswith(child.id_number[-4:])


def test_plaintext_written_before_encryption_is_read_through_unchanged():
    assert decrypt("340221201503050035") == "340221201503050035"
    assert decrypt(encrypt("13600000028")) == "13600000028"


def test_rotating_keys_re_encrypts_every_row_under_the_new_key(child_a, settings):
    ParentFactory(child=child_a, phone="13912345678")
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key, old_key]):
        call_command("rotate_keys")
    token = raw("children_child", "id_number", child_a.pk)
    assert Fernet(new_key.encode()).decrypt(token.encode()).decode() == child_a.id_number
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key]):
        assert Child.objects.get(pk=child_a.pk).id_number == child_a.id_number
        assert Parent.objects.get(child=child_a).phone == "13912345678"


def test_rotating_the_hash_key_recomputes_lookups(child_a, settings):
    with override_settings(FIELD_HASH_KEY="a-brand-new-hash-key-of-enough-length"):
        call_command("rotate_keys")
        assert list(Child.objects.filter(id_number_q(child_a.id_number))) == [child_a]
