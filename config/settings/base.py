"""Settings shared by every environment; the others override a few names."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "import_export",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "core",
    "accounts",
    "audit",
    "schools",
    "children",
    "activities",
    "donations",
    "survey",
    "reports",
    "home",
    "demo",
    "ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.security.NoStoreMiddleware",
    "accounts.middleware.SessionRefreshMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.errors.DatabaseUnavailableMiddleware",
    "accounts.middleware.ForcePasswordChangeMiddleware",
    # django-axes must come last: it turns a lockout into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Widgets get their Bootstrap classes here, once, not in each form.
FORM_RENDERER = "core.forms.ProjectFormRenderer"

# SQLite next to the code unless DATABASE_URL names another database (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A kept connection is pinged before reuse, so the app recovers by itself after
        # the database restarts instead of failing on a dead socket.
        conn_health_checks=True,
    )
}
# The embedded SQLite default takes a web request and the background worker writing at
# once: WAL lets readers go on while one writes, IMMEDIATE takes the write lock when the
# transaction begins (a deferred one that read first cannot upgrade once the other writer
# has committed: "database is locked" at once, whatever the timeout), and the busy
# timeout makes the second writer wait for the first instead of failing.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}

# A province's read replica (PostgreSQL streaming replication): the dashboards' and reports'
# GET pages read the register's data from it; everything else uses the primary (docs/deploy.md).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("axes.middleware.AxesMiddleware"), "config.routers.ReplicaReadsMiddleware"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Simplified Chinese is the source language shown to users; English is the second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Date inputs need ISO values whatever the language (config/formats).
FORMAT_MODULE_PATH = "config.formats"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Only production collects static files (see prod.py); dev and tests serve them from the
# finders, so WhiteNoise has no missing directory to warn about.
STATIC_ROOT = None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "media"

# A session ends after an hour without a request (the cookie is renewed on every request),
# and when the browser closes: shared school computers are common.
SESSION_COOKIE_AGE = 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The session is re-saved (and its expiry pushed back) at most every five minutes of
# activity, by accounts.middleware.SessionRefreshMiddleware, not on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the page's fetch() calls read it to send X-CSRFToken

AUTHENTICATION_BACKENDS = [
    "accounts.backends.LockoutBackend",
    "accounts.backends.ScopedModelBackend",
]
# Lock out a username from one address after 5 failures for 15 minutes: keyed on the pair,
# so a whole school behind one NAT address is not locked out by one forgetful teacher.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False

IMPORT_EXPORT_USE_TRANSACTIONS = True

# The dashboards' figures are computed by the background worker after writes and read by
# every web process, so the cache must be shared between processes: files next to the code
# by default (one machine), Redis when CACHE_URL names it (several app servers).
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
        }
        if os.environ.get("CACHE_URL")
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": BASE_DIR / ".cache",
        }
    )
}
# Seconds the worker waits after a write before refreshing a county's dashboards, so a run
# of writes (a class paired, a day's contacts) costs one refresh.
DASHBOARD_REFRESH_DELAY = 10

# Background jobs (register imports) through the Tasks API; `manage.py db_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Register imports: size and row caps, and the size above which a file is checked by the
# worker (with a progress bar) instead of during the upload request.
REGISTER_IMPORT_MAX_BYTES = 20 * 1024 * 1024
REGISTER_IMPORT_MAX_ROWS = 50_000
REGISTER_IMPORT_INLINE_MAX_BYTES = 256 * 1024

MESSAGE_TAGS = {40: "danger"}

_ = _  # gettext_lazy is imported for settings that name translatable labels


# Encryption at rest of resident IDs and phones (children/protection.py). Keys come from the
# environment: FIELD_ENCRYPTION_KEYS is a comma-separated list of Fernet keys, the first
# encrypting and all decrypting (rotate by putting a new key first, then run
# `manage.py rotate_keys`); FIELD_HASH_KEY keys the HMAC used for lookups and uniqueness.
FIELD_ENCRYPTION_KEYS = [k for k in os.environ.get("FIELD_ENCRYPTION_KEYS", "").split(",") if k]
FIELD_HASH_KEY = os.environ.get("FIELD_HASH_KEY", "")
