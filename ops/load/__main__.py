"""`python -m ops.load`: a steady load run, then the same load with PostgreSQL restarted.

Loopback only, bounded in time and requests. Prints requests, errors, p50/p95 latency,
the outage's clean failures and time to recover, and acknowledged writes against stored
ones; exits non-zero when a run breaks a promise (a 5xx under load, a lost write, an
unfriendly failure during the outage, no recovery).
"""

import argparse
import asyncio
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/lbc_load"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m ops.load", description=__doc__)
    parser.add_argument("--users", type=int, default=50, help="concurrent simulated users")
    parser.add_argument("--seconds", type=float, default=30, help="length of the steady run")
    parser.add_argument("--fault-seconds", type=float, default=45, help="length of the fault run")
    parser.add_argument("--restart-at", type=float, default=20, help="seconds into the fault run")
    parser.add_argument("--outage", type=float, default=2, help="seconds PostgreSQL stays down")
    parser.add_argument("--max-requests", type=int, default=20_000, help="budget per run")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--no-fault", action="store_true", help="skip the PostgreSQL restart")
    return parser.parse_args()


def _django_setup(database_url: str, secret: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.load"
    os.environ["DATABASE_URL"] = database_url
    os.environ["SECRET_KEY"] = secret
    import django

    django.setup()


def main() -> int:
    """Run the load and fault runs; print the figures; return the exit status."""
    from django.core.management.utils import get_random_secret_key

    args = _arguments()
    database_url = os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE_URL)
    secret = get_random_secret_key()
    _django_setup(database_url, secret)

    from .checks import database_checked, database_prepare, plans_make, versions_of, writes_check
    from .client import simulate
    from .report import fault_figures, load_figures, print_figures
    from .server import gunicorn_start, postgres_restart

    database_checked(database_url)
    print(f"Preparing {database_url} (migrate, demo county once)…", flush=True)
    database_prepare(database_url)
    log = Path(tempfile.mkdtemp(prefix="lbc_load_")) / "gunicorn.log"
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.load",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secret,
    }
    server = gunicorn_start(env=env, log=log, workers=args.workers, threads=args.threads)
    print(f"gunicorn on {server.base_url} ({args.workers}×{args.threads}), log {log}", flush=True)
    failed = False
    try:
        plans = plans_make(args.users)
        run = f"L{int(time.time())}"
        before = versions_of(plans)
        print(f"Steady run: {args.users} users for {args.seconds:.0f} s…", flush=True)
        started = time.monotonic()
        stats = asyncio.run(
            simulate(plans=plans, base_url=server.base_url, seconds=args.seconds,
                     max_requests=args.max_requests, run=f"{run}s")
        )  # fmt: skip
        figures = load_figures(stats, time.monotonic() - started)
        figures.update(writes_check(stats, run=f"{run}s", versions_before=before).__dict__)
        failed |= print_figures("steady load", figures)
        if not args.no_fault:
            before = versions_of(plans)
            print(
                f"Fault run: {args.users} users for {args.fault_seconds:.0f} s, PostgreSQL "
                f"stopped at {args.restart_at:.0f} s for {args.outage:.0f} s…",
                flush=True,
            )
            outage: list = []

            def restart() -> None:
                time.sleep(args.restart_at)
                outage.append(postgres_restart(pause=args.outage))

            restarter = threading.Thread(target=restart)
            started = time.monotonic()
            restarter.start()
            stats = asyncio.run(
                simulate(plans=plans, base_url=server.base_url, seconds=args.fault_seconds,
                         max_requests=args.max_requests, run=f"{run}f")
            )  # fmt: skip
            restarter.join()
            figures = load_figures(stats, time.monotonic() - started)
            figures.update(fault_figures(stats, outage[0]))
            figures.update(writes_check(stats, run=f"{run}f", versions_before=before).__dict__)
            failed |= print_figures("PostgreSQL restarted under load", figures, fault=True)
    finally:
        server.stop()
    print("FAILED" if failed else "OK: no 5xx under load, nothing lost, recovered by itself.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
