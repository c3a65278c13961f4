"""What the figures were measured on: CPU, cores, memory, PostgreSQL, Python and Django."""

import os
import platform
from pathlib import Path

import django
from django.db import connection


def _cpu_model() -> str:
    """Return the CPU's model name from /proc/cpuinfo, or the platform's guess."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory_gib() -> str:
    """Return the machine's RAM in GiB from /proc/meminfo, or "unknown"."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def machine_description() -> dict[str, str]:
    """Return the machine's description as label -> value (PostgreSQL from the connection)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
    return {
        "CPU": _cpu_model(),
        "Cores": str(os.cpu_count()),
        "RAM": _memory_gib(),
        "OS": f"{platform.system()} {platform.release()}",
        "PostgreSQL": f"{pg_version} (shared_buffers {shared_buffers}, same machine)",
        "Python": platform.python_version(),
        "Django": django.get_version(),
        # A shared machine: how busy it was when measuring began (1, 5, 15 minutes).
        "Load average": " / ".join(f"{load:.1f}" for load in os.getloadavg()),
    }
