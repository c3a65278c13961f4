"""The processes a load run drives: gunicorn on loopback, and the local PostgreSQL cluster."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

from django.conf import settings

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """Return a TCP port on loopback that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


@dataclass
class Gunicorn:
    """A gunicorn serving config.wsgi on loopback, with its log file."""

    process: subprocess.Popen
    port: int
    log: Path

    @property
    def base_url(self) -> str:
        """Return the server's address."""
        return f"http://{LOOPBACK}:{self.port}"

    def stop(self) -> None:
        """Stop gunicorn gracefully, then for good if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def gunicorn_start(*, env: dict[str, str], log: Path, workers: int, threads: int) -> Gunicorn:
    """Start gunicorn with `env` and return it once it answers the login page."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi",
        "--bind", f"{LOOPBACK}:{port}",
        "--worker-class", "gthread", "--workers", str(workers), "--threads", str(threads),
        # Keep a browser's idle connection longer than a user's pause between clicks (as the
        # reverse proxy does in production); otherwise the client races the server's close.
        "--timeout", "60", "--graceful-timeout", "5", "--keep-alive", "10",
        "--error-logfile", str(log), "--log-level", "warning",
    ]  # fmt: skip
    with log.open("ab") as output:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, cwd=settings.BASE_DIR, env={**os.environ, **env},
            stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    server = Gunicorn(process, port, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log}")
        try:
            with urlopen(f"{server.base_url}/accounts/login/", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return server
        except (URLError, OSError):
            time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"gunicorn did not answer within 60 s; see {log}")


def postgres_cluster() -> tuple[str, str]:
    """Return (version, name) of the local cluster, e.g. ("15", "main")."""
    versions = sorted(os.listdir("/etc/postgresql"))
    if not versions:
        raise RuntimeError("no PostgreSQL cluster under /etc/postgresql")
    return versions[-1], "main"


@dataclass
class Outage:
    """When PostgreSQL went down and came back (monotonic seconds)."""

    stop_requested: float
    stopped: float
    start_requested: float
    started: float


def postgres_restart(*, pause: float) -> Outage:
    """Stop the local PostgreSQL cluster (fast mode), wait `pause` seconds, start it again."""
    version, name = postgres_cluster()
    ctl = shutil.which("pg_ctlcluster") or "/usr/bin/pg_ctlcluster"
    base = [ctl, "--skip-systemctl-redirect", version, name]
    stop_requested = time.monotonic()
    subprocess.run([*base, "stop", "-m", "fast"], check=True)  # noqa: S603
    stopped = time.monotonic()
    time.sleep(pause)
    start_requested = time.monotonic()
    subprocess.run([*base, "start"], check=True)  # noqa: S603
    return Outage(stop_requested, stopped, start_requested, time.monotonic())
