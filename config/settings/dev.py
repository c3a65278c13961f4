"""Local development: debug on, an insecure key that only this mode accepts."""

from config.secrets import DEV_FIELD_ENCRYPTION_KEY, DEV_FIELD_HASH_KEY, DEV_SECRET_KEY

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = DEV_SECRET_KEY
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

# Fixed keys for development and tests only; production refuses to start without real ones.
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [DEV_FIELD_ENCRYPTION_KEY]  # noqa: F405
FIELD_HASH_KEY = FIELD_HASH_KEY or DEV_FIELD_HASH_KEY  # noqa: F405
