"""The benchmark's own PostgreSQL database: created on the server, migrated, then dropped.

The server is DATABASE_URL's when that names PostgreSQL, else the local default
postgres://postgres@127.0.0.1:5432. The database is always a fresh one whose name
starts with `lbc_bench`, so a run can never touch another database.
"""

import os
import re
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import dj_database_url
import psycopg2
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test.utils import override_settings

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
NAME_PREFIX = "lbc_bench"
# lbc_bench…, or a developer's own <project>_h<N>_bench… beside their database.
NAME_PATTERN = re.compile(rf"(?:{NAME_PREFIX}|[a-z]+_h[0-9]+_bench)[a-z0-9_]*")


class BenchDatabaseError(Exception):
    """Raised when the benchmark cannot have its database; the message says why."""


def server_config(url: str | None = None) -> dict:
    """Return the Django settings of the PostgreSQL server to benchmark on.

    `url` wins; else DATABASE_URL; else the local default. SQLite is refused: its
    figures would say nothing about a county's server.
    """
    url = url or os.environ.get("DATABASE_URL") or DEFAULT_SERVER
    config = dj_database_url.parse(url, conn_max_age=0)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise BenchDatabaseError(
            f"The benchmark runs on PostgreSQL only, not on {config['ENGINE']}. "
            "Set DATABASE_URL (or --url) to a PostgreSQL server, e.g. "
            f"{DEFAULT_SERVER}, or unset DATABASE_URL to use that default."
        )
    return config


def _admin_connection(config: dict):
    """Return an autocommit psycopg2 connection to the server's `postgres` database."""
    try:
        conn = psycopg2.connect(
            dbname="postgres",
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            host=config.get("HOST") or "127.0.0.1",
            port=config.get("PORT") or 5432,
        )
    except psycopg2.OperationalError as exc:
        raise BenchDatabaseError(f"Cannot reach the PostgreSQL server: {exc}".strip()) from exc
    conn.autocommit = True
    return conn


def database_exists(config: dict, name: str) -> bool:
    """Return whether database `name` exists on the server of `config`."""
    conn = _admin_connection(config)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None
    finally:
        conn.close()


def _check_name(name: str) -> str:
    if not NAME_PATTERN.fullmatch(name):
        raise BenchDatabaseError(
            f"Benchmark database names must start with {NAME_PREFIX} (or <name>_h<N>_bench): {name}"
        )
    return name


def drop_database(config: dict, name: str) -> None:
    """Drop benchmark database `name` if it exists (after closing Django's connections)."""
    connections.close_all()
    conn = _admin_connection(config)
    try:
        with conn.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{_check_name(name)}" WITH (FORCE)')
    finally:
        conn.close()


def create_database(config: dict, name: str) -> None:
    """Create an empty benchmark database `name`, dropping an old one of that name."""
    drop_database(config, name)
    conn = _admin_connection(config)
    try:
        with conn.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{_check_name(name)}"')
    finally:
        conn.close()


FILE_CACHE = "django.core.cache.backends.filebased.FileBasedCache"


def use_database(config: dict, name: str) -> None:
    """Point Django's default connection at database `name` on the server of `config`.

    The settings and the connection handler's cached copy are replaced together, as
    Django's test runner does when it switches to the test database.
    """
    connections.close_all()
    new = {**config, "NAME": name, "CONN_MAX_AGE": 0}
    databases = {"default": new}
    settings.DATABASES = databases
    connections.__dict__.pop("settings", None)
    connections._settings = databases
    try:
        del connections["default"]
    except AttributeError:
        pass  # never opened


@contextmanager
def bench_database(
    name: str, *, url: str | None = None, keep: bool = False, reuse: bool = False
) -> Iterator[bool]:
    """Create (or reuse), migrate and use database `name`; drop it afterwards unless `keep`.

    Yields True when an existing database was reused (its data is already there).
    """
    config = server_config(url)
    reused = reuse and database_exists(config, name)
    if not reused:
        create_database(config, name)
    use_database(config, name)
    # Its own cache too (the same backend, in a directory of its own): the bench county's
    # dashboard figures must never reach a developer's server, nor theirs the bench.
    cache_dir = tempfile.TemporaryDirectory(prefix=f"{name}-cache-")
    caches = {"default": {**settings.CACHES["default"], "LOCATION": cache_dir.name}}
    if "filebased" not in caches["default"]["BACKEND"]:
        caches = {"default": {"BACKEND": FILE_CACHE, "LOCATION": cache_dir.name}}
    own_cache = override_settings(CACHES=caches)
    own_cache.enable()
    try:
        # A reused database keeps its data and gains the migrations added since.
        call_command("migrate", verbosity=0, interactive=False)
        yield reused
    finally:
        own_cache.disable()
        cache_dir.cleanup()
        if not keep:
            _drop_when_back(config, name)
        else:
            connections.close_all()


def _drop_when_back(config: dict, name: str, *, attempts: int = 6) -> None:
    """Drop `name`, waiting for the server if it is restarting; warn if it never comes back."""
    for attempt in range(attempts):
        try:
            drop_database(config, name)
            return
        except BenchDatabaseError:
            if attempt == attempts - 1:
                warnings.warn(f"Could not drop {name}; drop it by hand.", stacklevel=2)
                return
            time.sleep(10)
