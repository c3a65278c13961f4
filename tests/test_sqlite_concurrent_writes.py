"""The embedded SQLite default holds the worker and a user writing at the same time.

Seen before as a 503 while filing a report during an import: the user's transaction read
first, then could not write once the worker's import had committed ("database is
locked"). Both writers here run the way Django runs them (atomic blocks on connections
configured with the settings' SQLITE_OPTIONS), on a file database in WAL mode.
"""

import threading

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction

ALIASES = ("sqlite_worker", "sqlite_user")


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """Return a function configuring both aliases on one fresh file database."""

    def configure(options: dict) -> None:
        base = {**connections.settings["default"], "ENGINE": "django.db.backends.sqlite3"}
        for alias in ALIASES:
            connections.settings[alias] = {
                **base,
                "NAME": str(tmp_path / "register.sqlite3"),
                "OPTIONS": options,
                "CONN_MAX_AGE": 0,
            }

    with django_db_blocker.unblock():
        yield configure
        for alias in ALIASES:
            connections[alias].close()
            del connections[alias]  # this thread's wrapper keeps the old file's name
            connections.settings.pop(alias, None)


def _race(hold_seconds: float = 0.3) -> list[BaseException]:
    """Run an import-like worker write and a user's read-then-write at once; return errors.

    The worker writes, holds its transaction open, then commits; the user's transaction
    starts meanwhile, reads, and writes after the worker has committed.
    """
    errors: list[BaseException] = []
    worker_writing = threading.Event()

    def worker() -> None:
        try:
            with transaction.atomic(using=ALIASES[0]):
                with connections[ALIASES[0]].cursor() as cursor:
                    cursor.execute("INSERT INTO child (name) VALUES ('导入的儿童')")
                worker_writing.set()
                threading.Event().wait(hold_seconds)
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)
        finally:
            worker_writing.set()
            connections[ALIASES[0]].close()

    def user() -> None:
        worker_writing.wait()
        try:
            with transaction.atomic(using=ALIASES[1]):
                with connections[ALIASES[1]].cursor() as cursor:
                    cursor.execute("SELECT COUNT(*) FROM child")
                    cursor.fetchone()
                    threading.Event().wait(hold_seconds * 2)  # the worker commits meanwhile
                    cursor.execute("INSERT INTO report (title) VALUES ('半年报告')")
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)
        finally:
            connections[ALIASES[1]].close()

    with connections[ALIASES[0]].cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS child (id INTEGER PRIMARY KEY, name TEXT)")
        cursor.execute("CREATE TABLE IF NOT EXISTS report (id INTEGER PRIMARY KEY, title TEXT)")
    connections[ALIASES[0]].close()
    threads = [threading.Thread(target=worker), threading.Thread(target=user)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


def _rows() -> tuple[int, int]:
    with connections[ALIASES[0]].cursor() as cursor:
        cursor.execute("SELECT (SELECT COUNT(*) FROM child), (SELECT COUNT(*) FROM report)")
        return tuple(cursor.fetchone())


def test_a_worker_write_and_a_user_write_at_once_both_succeed(sqlite_file):
    sqlite_file(settings.SQLITE_OPTIONS)

    errors = _race()

    assert errors == []
    assert _rows() == (1, 1)


def test_the_settings_put_sqlite_in_wal_mode(sqlite_file):
    sqlite_file(settings.SQLITE_OPTIONS)
    with connections[ALIASES[0]].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


def test_without_immediate_transactions_the_same_race_says_database_is_locked(sqlite_file):
    # The race above is real: with SQLite's default (deferred) transactions it fails.
    sqlite_file({**settings.SQLITE_OPTIONS, "transaction_mode": None})

    errors = _race()

    assert len(errors) == 1
    assert isinstance(errors[0], OperationalError)
    assert "locked" in str(errors[0])
