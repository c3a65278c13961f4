"""Test runs: fast password hashing, the database from DATABASE_URL or SQLite."""

from config.secrets import DEV_FIELD_ENCRYPTION_KEY, DEV_FIELD_HASH_KEY, TEST_SECRET_KEY

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = TEST_SECRET_KEY
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Fixed keys for development and tests only; production refuses to start without real ones.
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [DEV_FIELD_ENCRYPTION_KEY]  # noqa: F405
FIELD_HASH_KEY = FIELD_HASH_KEY or DEV_FIELD_HASH_KEY  # noqa: F405

# Each test process its own cache (tests clear it); the worker runs in the test's thread.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DASHBOARD_REFRESH_DELAY = 0
