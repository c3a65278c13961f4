"""Test runs: fast password hashing, the database from DATABASE_URL or SQLite."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Fixed keys for development and tests only; production refuses to start without real ones.
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or ["ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcmVhbCE="]  # noqa: F405
FIELD_HASH_KEY = FIELD_HASH_KEY or "dev-only-hash-key-not-for-real-data"  # noqa: F405, S105

# Each test process its own cache (tests clear it); the worker runs in the test's thread.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DASHBOARD_REFRESH_DELAY = 0
