"""Load and fault runs on loopback: production's settings without HTTPS, for gunicorn."""

import os

from django.core.management.utils import get_random_secret_key

from config.secrets import DEV_FIELD_ENCRYPTION_KEY, DEV_FIELD_HASH_KEY

from .base import *  # noqa: F403

DEBUG = False
# A fresh random key per process unless one is given: load runs keep nothing between runs,
# but every gunicorn worker must share it, so `make load` exports one for them all.
SECRET_KEY = os.environ.get("SECRET_KEY") or get_random_secret_key()
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

# Served from the finders (no collectstatic step); the load client fetches no static files.
WHITENOISE_USE_FINDERS = True

# Production's headers, but plain HTTP on loopback: no redirect, no Secure-only cookies.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Field-encryption keys as in development unless given (load runs use throwaway data).
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [DEV_FIELD_ENCRYPTION_KEY]  # noqa: F405
FIELD_HASH_KEY = FIELD_HASH_KEY or DEV_FIELD_HASH_KEY  # noqa: F405
