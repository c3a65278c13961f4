"""Production settings: refuse to start without secrets; pass Django's deployment checks."""

import os
import secrets
import subprocess  # noqa: S404
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[1]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py with production settings and the given environment."""
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a server never has it.
    unset = ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env.setdefault("FIELD_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    env.setdefault("FIELD_HASH_KEY", secrets.token_urlsafe(32))
    full_env = {k: v for k, v in os.environ.items() if k not in unset}
    full_env.update({"DJANGO_SETTINGS_MODULE": "config.settings.prod", **env})
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="lbc.example.org")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


def test_production_settings_pass_the_deployment_checks_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="a.b",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_field_encryption_keys():
    result = run_manage(
        "check",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="a.b",
        FIELD_ENCRYPTION_KEYS="",
        FIELD_HASH_KEY="",
    )
    assert result.returncode != 0 and "FIELD_ENCRYPTION_KEYS" in result.stderr
