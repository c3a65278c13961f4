"""`manage.py rotate_keys`: re-encrypt IDs and phones under the first key; recompute hashes."""

from django.core.management.base import BaseCommand
from django.db import transaction

from children.models import Child, Parent
from children.protection import EncryptedCharField, derived_fields, refresh_derived

BATCH = 2000


class Command(BaseCommand):
    help = (
        "用 FIELD_ENCRYPTION_KEYS 的第一个密钥重新加密身份证号和电话，并按 FIELD_HASH_KEY "
        "重算检索码。更换密钥时，把新密钥放在最前面、保留旧密钥，运行本命令后再删去旧密钥。"
    )

    def handle(self, *args, **options):
        for model in (Child, Parent):
            count = rotate_model(model)
            self.stdout.write(f"{model._meta.verbose_name}: {count}")
        self.stdout.write(self.style.SUCCESS("密钥轮换完成"))


def rotate_model(model) -> int:
    """Re-save every row's encrypted and derived columns; return how many rows were written."""
    fields = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]
    fields += [f.name for f in derived_fields(model)]
    last, count = 0, 0
    while True:
        with transaction.atomic():
            rows = list(
                model.objects.select_for_update().filter(pk__gt=last).order_by("pk")[:BATCH]
            )
            if not rows:
                return count
            for row in rows:
                refresh_derived(row)  # values were decrypted on load; saving re-encrypts
            model.objects.bulk_update(rows, fields)
        last, count = rows[-1].pk, count + len(rows)
