"""Production refuses weak secrets: patterns, development values, bad Fernet keys, '*'."""

import secrets

import pytest
from cryptography.fernet import Fernet
from django.core.management.utils import get_random_secret_key

from config.secrets import (
    DEV_FIELD_ENCRYPTION_KEY,
    DEV_FIELD_HASH_KEY,
    DEV_SECRET_KEY,
    weak_secret_problems,
)
from tests.test_settings import run_manage


def _problems(**given):
    values = {
        "secret_key": get_random_secret_key(),
        "encryption_keys": [Fernet.generate_key().decode()],
        "hash_key": secrets.token_urlsafe(32),
        "allowed_hosts": ["lbc.example.org"],
    }
    values.update(given)
    return " ".join(weak_secret_problems(**values))


def test_real_random_secrets_pass():
    assert _problems() == ""


@pytest.mark.parametrize(
    "key",
    [
        "abcdef" * 10,  # 60 characters, a repeated pattern
        "0123456789" * 6,
        "a" * 64,
        DEV_SECRET_KEY + "-and-some-more-text-to-make-it-long",
        "django-insecure-" + secrets.token_urlsafe(50),
        "passwordpasswordpasswordpasswordpasswordpasswordpassword1",
    ],
)
def test_a_patterned_known_or_low_entropy_secret_key_is_refused(key):
    assert "SECRET_KEY" in _problems(secret_key=key)


def test_the_development_encryption_key_is_refused():
    assert "development key" in _problems(encryption_keys=[DEV_FIELD_ENCRYPTION_KEY])


def test_a_value_that_is_not_a_fernet_key_is_refused():
    assert "not a Fernet key" in _problems(encryption_keys=["not-a-fernet-key-at-all"])


@pytest.mark.parametrize("key", ["short-key", DEV_FIELD_HASH_KEY, "x" * 40])
def test_a_short_development_or_patterned_hash_key_is_refused(key):
    assert "FIELD_HASH_KEY" in _problems(hash_key=key)


@pytest.mark.parametrize("hosts", [["*"], ["lbc.example.org", "*"], ["*.example.org"]])
def test_allowed_hosts_with_a_wildcard_is_refused(hosts):
    assert "ALLOWED_HOSTS" in _problems(allowed_hosts=hosts)


def test_production_will_not_start_with_a_patterned_60_character_key():
    result = run_manage("check", SECRET_KEY="abcdef" * 10, ALLOWED_HOSTS="a.b")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_will_not_start_with_the_development_encryption_key_and_any_host():
    result = run_manage(
        "check",
        SECRET_KEY=get_random_secret_key(),
        ALLOWED_HOSTS="*",
        FIELD_ENCRYPTION_KEYS=DEV_FIELD_ENCRYPTION_KEY,
    )
    assert result.returncode != 0
    assert "development key" in result.stderr and "ALLOWED_HOSTS" in result.stderr
