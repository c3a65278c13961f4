"""Minimum necessary at rest: resident IDs and phones encrypted, with a keyed hash and a mask.

An encrypted column holds a Fernet token (AES-128-CBC + HMAC-SHA256) under the keys of
settings.FIELD_ENCRYPTION_KEYS (the first encrypts; all decrypt, so keys can be rotated).
Beside it, a keyed-hash column (HMAC-SHA256 under settings.FIELD_HASH_KEY) gives uniqueness
and exact lookup, and a masked column serves lists without decrypting anything.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

from .masking import mask_id_number, mask_phone

# Every Fernet token starts so (version byte 0x80, base64-encoded); not a secret.
TOKEN_PREFIX = "gAAAAA"  # noqa: S105


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    """Return the MultiFernet for these keys (cached; keys come from settings)."""
    return MultiFernet([Fernet(k.encode()) for k in keys])


def _keys() -> tuple[str, ...]:
    return tuple(settings.FIELD_ENCRYPTION_KEYS)


def encrypt(text: str) -> str:
    """Return the Fernet token of `text` under the primary key ("" stays "")."""
    if not text:
        return ""
    return _fernet(_keys()).encrypt(text.encode()).decode()


def decrypt(value: str) -> str:
    """Return the plaintext of a token; legacy plaintext (before encryption) passes through."""
    if not value or not value.startswith(TOKEN_PREFIX):
        return value or ""
    try:
        return _fernet(_keys()).decrypt(value.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("encrypted value cannot be read with the configured keys") from exc


def reencrypt(value: str) -> str:
    """Return the value encrypted under the current primary key (for key rotation)."""
    return encrypt(decrypt(value))


def keyed_hash(text: str) -> str:
    """Return the hex HMAC-SHA256 of `text` under the hash key ("" for empty)."""
    if not text:
        return ""
    key = settings.FIELD_HASH_KEY.encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


class EncryptedCharField(models.CharField):
    """A CharField whose value is stored encrypted; Python code sees the plaintext.

    `max_length` limits the plaintext (validated in forms and full_clean); the column is
    text, as a token is longer. Never filter on it: use its keyed-hash companion.
    """

    def get_internal_type(self) -> str:
        return "TextField"

    def db_type(self, connection):
        return models.TextField().db_type(connection)

    def cast_db_type(self, connection):
        return self.db_type(connection)

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value is not None else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value


class DerivedField(models.CharField):
    """A read-only column computed from another field of the model whenever it is saved.

    kind "hash" stores keyed_hash(source); "mask_id" / "mask_phone" the masked source.
    Computed in pre_save, which Model.save() and bulk_create() both call; callers of
    bulk_update() must call `refresh_derived(obj)` and list these fields too.
    """

    KINDS = {"hash": keyed_hash, "mask_id": mask_id_number, "mask_phone": mask_phone}

    def __init__(self, *args, source: str = "", kind: str = "hash", **kwargs):
        self.source, self.kind = source, kind
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"], kwargs["kind"] = self.source, self.kind
        for key in ("editable", "blank", "default"):
            kwargs.pop(key, None)
        if kwargs.get("max_length") == 64:
            kwargs.pop("max_length")
        return name, path, args, kwargs

    def compute(self, instance) -> str:
        """Return the derived value for the instance's current source value."""
        return self.KINDS[self.kind](getattr(instance, self.source) or "")

    def pre_save(self, model_instance, add):
        value = self.compute(model_instance)
        setattr(model_instance, self.attname, value)
        return value


def derived_fields(model) -> list[DerivedField]:
    """Return the model's derived (hash and mask) fields."""
    return [f for f in model._meta.concrete_fields if isinstance(f, DerivedField)]


def refresh_derived(instance) -> None:
    """Recompute the instance's hash and mask columns (needed before bulk_update)."""
    for field in derived_fields(type(instance)):
        setattr(instance, field.attname, field.compute(instance))


def encrypt_bytes(data: bytes) -> bytes:
    """Return `data` as a Fernet token under the primary key (an uploaded file at rest)."""
    return _fernet(_keys()).encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    """Return the plaintext of a token made by encrypt_bytes (any configured key)."""
    try:
        return _fernet(_keys()).decrypt(token)
    except InvalidToken as exc:
        raise ValueError("encrypted file cannot be read with the configured keys") from exc
