"""Backing up and restoring the database: pg_dump/pg_restore, or SQLite's backup API."""

import hashlib
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - runs the PostgreSQL client tools with fixed arguments
from pathlib import Path

from django.apps import apps
from django.db import connection, connections


class BackupError(Exception):
    """Raised when a backup or restore cannot be done; the message says why, in Chinese."""


def _pg_env(settings: dict) -> tuple[list[str], dict[str, str]]:
    """Return the connection arguments and environment for the PostgreSQL client tools."""
    args = ["-h", settings.get("HOST") or "127.0.0.1", "-p", str(settings.get("PORT") or 5432)]
    if settings.get("USER"):
        args += ["-U", settings["USER"]]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def _tool(name: str) -> str:
    """Return the path of a PostgreSQL client tool, or raise BackupError."""
    path = shutil.which(name)
    if not path:
        raise BackupError(f"找不到 {name}，请安装 PostgreSQL 客户端（postgresql-client）。")
    return path


def database_backup(path: Path, *, alias: str = "default") -> Path:
    """Write a complete backup of the database to `path` and return it."""
    settings = connections[alias].settings_dict
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if connections[alias].vendor == "postgresql":
        args, env = _pg_env(settings)
        cmd = [_tool("pg_dump"), *args, "-Fc", "--no-owner", "-f", str(path), settings["NAME"]]
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode:
            raise BackupError(f"pg_dump 失败：{result.stderr.strip()}")
        return path
    if connections[alias].vendor == "sqlite":
        connections[alias].ensure_connection()
        with sqlite3.connect(path) as target:
            connections[alias].connection.backup(target)
        return path
    raise BackupError(f"不支持的数据库类型：{connections[alias].vendor}")


def database_restore(path: Path, *, alias: str = "default") -> None:
    """Replace the database's contents with the backup at `path`."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"备份文件不存在：{path}")
    settings = connections[alias].settings_dict
    vendor = connections[alias].vendor
    connections[alias].close()
    if vendor == "postgresql":
        args, env = _pg_env(settings)
        cmd = [
            _tool("pg_restore"),
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "-d",
            settings["NAME"],
            str(path),
        ]
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode:
            raise BackupError(f"pg_restore 失败：{result.stderr.strip()}")
        return
    if vendor == "sqlite":
        connections[alias].ensure_connection()
        with sqlite3.connect(path) as source:
            source.backup(connections[alias].connection)
        return
    raise BackupError(f"不支持的数据库类型：{vendor}")


def database_fingerprint() -> dict[str, tuple[int, str]]:
    """Return {table: (row count, SHA-256 of its rows in primary-key order)} for our apps."""
    ours = {"accounts", "audit", "schools", "children", "activities", "donations", "reports"}
    result = {}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if model._meta.app_label not in ours or model._meta.proxy:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")  # noqa: S608 - names from models
            digest = hashlib.sha256()
            count = 0
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
                count += 1
            result[model._meta.db_table] = (count, digest.hexdigest())
    return result
