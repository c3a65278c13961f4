"""Timing requests through Django's test client, and the floors they are compared with.

A page's floor is its own SQL alone: the queries the page sent, captured once with
CaptureQueriesContext and replayed on a bare cursor (in a transaction rolled back, so
replayed writes such as the session's update leave nothing behind).
"""

import math
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import InterfaceError, OperationalError, connection, connections, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

# Counted apart: BEGIN/COMMIT/SAVEPOINT are no work of the page's own (as in the tests).
TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.I)
T = TypeVar("T")
SERVER_CURSOR = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR WITH(?:OUT)? HOLD FOR ')


class _Rollback(Exception):  # noqa: N818 - control flow only
    pass


@dataclass
class Timing:
    """Seconds of each measured run, and what the floor and query count were."""

    name: str
    seconds: list[float]
    queries: int | None = None
    floor: list[float] = field(default_factory=list)
    floor_label: str = ""
    max_ms: float | None = None
    max_queries: int | None = None
    max_ratio: float | None = None
    # The bare floor: the least SQL that could show the page (e.g. 50 rows by index and one
    # count), timed on a bare cursor in the same run.
    bare: list[float] = field(default_factory=list)
    bare_label: str = ""
    max_bare_ratio: float | None = None
    # Peak RSS (MB) of a fresh process doing the measure once, and before it started.
    rss_mb: float | None = None
    rss_base_mb: float | None = None
    max_rss_mb: float | None = None

    @property
    def median(self) -> float:
        """Return the median of the runs, in seconds."""
        return statistics.median(self.seconds)

    @property
    def p95(self) -> float:
        """Return the 95th percentile of the runs (nearest rank), in seconds."""
        ordered = sorted(self.seconds)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    @property
    def floor_median(self) -> float | None:
        """Return the floor's median in seconds, or None without a floor."""
        return statistics.median(self.floor) if self.floor else None

    @property
    def ratio(self) -> float | None:
        """Return median / floor median, or None without a floor."""
        floor = self.floor_median
        return self.median / floor if floor else None

    @property
    def bare_median(self) -> float | None:
        """Return the bare floor's median in seconds, or None without one."""
        return statistics.median(self.bare) if self.bare else None

    @property
    def bare_ratio(self) -> float | None:
        """Return median / bare floor median, or None without a bare floor."""
        bare = self.bare_median
        return self.median / bare if bare else None

    @property
    def target(self) -> str:
        """Return the targets this measure must meet, e.g. "≤ 50 ms, ≤ 10 q, ≤ 1.5×"."""
        parts = []
        if self.max_ms is not None:
            parts.append(f"≤ {self.max_ms:g} ms")
        if self.max_queries is not None:
            parts.append(f"≤ {self.max_queries} q")
        if self.max_ratio is not None:
            parts.append(
                f"≤ {self.max_ratio:g}× own SQL"
                if self.floor_label == "own SQL"
                else f"≤ {self.max_ratio:g}× floor"
            )
        if self.max_bare_ratio is not None:
            parts.append(f"≤ {self.max_bare_ratio:g}× bare floor")
        if self.max_rss_mb is not None:
            parts.append(f"RSS ≤ {self.max_rss_mb:g} MB")
        return ", ".join(parts)

    @property
    def met(self) -> bool | None:
        """Return whether every target is met, or None when there is none."""
        if not self.target:
            return None
        checks = []
        if self.max_ms is not None:
            checks.append(self.median * 1000 <= self.max_ms)
        if self.max_queries is not None and self.queries is not None:
            checks.append(self.queries <= self.max_queries)
        if self.max_ratio is not None and self.ratio is not None:
            checks.append(self.ratio <= self.max_ratio)
        if self.max_bare_ratio is not None and self.bare_ratio is not None:
            checks.append(self.bare_ratio <= self.max_bare_ratio)
        if self.max_rss_mb is not None and self.rss_mb is not None:
            checks.append(self.rss_mb <= self.max_rss_mb)
        return all(checks)


def rolled_back(fn: Callable[[], object]) -> Callable[[], object]:
    """Return `fn` wrapped to run in a transaction that is always rolled back."""

    def run() -> object:
        result = None
        try:
            with transaction.atomic():
                result = fn()
                raise _Rollback
        except _Rollback:
            pass
        return result

    return run


def time_runs(
    fn: Callable[[], object],
    *,
    runs: int,
    warmup: int,
    setup: Callable[[], object] | None = None,
) -> list[float]:
    """Return the seconds of `runs` calls of `fn` after `warmup` unmeasured ones.

    `setup` runs before every call, outside the timing (e.g. to clear a cache).
    """
    for _ in range(warmup):
        if setup:
            setup()
        fn()
    seconds = []
    for _ in range(runs):
        if setup:
            setup()
        start = time.perf_counter()
        fn()
        seconds.append(time.perf_counter() - start)
    return seconds


def time_interleaved(
    fns: dict[str, Callable[[], object]], *, runs: int, warmup: int
) -> dict[str, list[float]]:
    """Return the seconds of `runs` rounds in which each of `fns` is called once, in turn.

    For a measure and its floors whose runs take seconds: run one after the other, a
    change in the machine's load between them (another process, the database's
    checkpoint) would show as a change in their ratio; taken in turns, each round sees
    the same machine. `warmup` unmeasured rounds come first.
    """
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    seconds: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            seconds[name].append(time.perf_counter() - start)
    return seconds


def captured_sql(fn: Callable[[], object]) -> list[str]:
    """Return the SQL statements `fn` sends, with their parameters in place."""
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return [q["sql"] for q in ctx.captured_queries]


def replay(statements: list[str]) -> None:
    """Execute `statements` on a bare psycopg2 cursor, fetching every result, then roll back."""

    def run() -> None:
        with connection.cursor() as wrapper:
            cursor = wrapper.cursor
            for sql in statements:
                # A server-side cursor's DECLARE is replayed as its plain SELECT.
                cursor.execute(SERVER_CURSOR.sub("", sql, count=1))
                if cursor.description is not None:
                    cursor.fetchall()

    rolled_back(run)()


def get(client: Client, url: str, *, status: int = 200) -> Callable[[], HttpResponse]:
    """Return a function that GETs `url`, reads the whole body and checks the status."""

    def run() -> HttpResponse:
        response = client.get(url)
        if response.status_code != status:
            raise RuntimeError(f"GET {url} answered {response.status_code}, not {status}")
        b"".join(response) if response.streaming else response.content  # noqa: B018
        return response

    return run


def retrying(fn: Callable[[], T], *, attempts: int = 4, pause: float = 10.0) -> T:
    """Return fn(), redone from the start if the database connection breaks.

    The benchmark shares its PostgreSQL server; a restart of the server in the middle of
    a measure (another developer's fault test) loses that measure only.
    """
    for attempt in range(attempts):
        try:
            return fn()
        except (OperationalError, InterfaceError):
            if attempt == attempts - 1:
                raise
            connections.close_all()
            time.sleep(pause)
    raise AssertionError("unreachable")


def page(*args, **kwargs) -> Timing:
    """Return _page(...) measured again from the start if the database restarts meanwhile."""
    return retrying(lambda: _page(*args, **kwargs))


def _page(
    name: str,
    fn: Callable[[], object],
    *,
    runs: int,
    warmup: int,
    setup: Callable[[], object] | None = None,
    writes: bool = False,
    bare: tuple[str, Callable[[], object]] | None = None,
    **targets: float,
) -> Timing:
    """Time a page, count its queries and time its own SQL replayed (the floor).

    `writes`: the page writes (an audit record, a report): each run is rolled back.
    `bare`: (label, function running the page's bare floor), timed in the same run.
    """
    call = rolled_back(fn) if writes else fn
    seconds = time_runs(call, runs=runs, warmup=warmup, setup=setup)
    if setup:
        setup()
    # Captured as served (autocommit), so a write's own transaction adds no SAVEPOINTs.
    statements = captured_sql(rolled_back(fn) if writes else fn)
    floor = time_runs(lambda: replay(statements), runs=runs, warmup=min(warmup, 2))
    bare_label, bare_fn = bare or ("", None)
    return Timing(
        name,
        seconds,
        queries=sum(not TRANSACTION_CONTROL.match(sql) for sql in statements),
        floor=floor,
        floor_label="own SQL",
        bare=time_runs(bare_fn, runs=runs, warmup=min(warmup, 2)) if bare_fn else [],
        bare_label=bare_label,
        **targets,
    )
