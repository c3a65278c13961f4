"""Checks that production's secrets are real: random, long, not development values.

`settings/prod.py` calls `weak_secret_problems` and refuses to start if it finds any; the
development and test settings take their fixed keys from here, so the list of values
production refuses cannot drift from the values development uses.
"""

import math
from collections import Counter

from cryptography.fernet import Fernet

DEV_SECRET_KEY = "dev-only-insecure-key-never-used-in-production"  # noqa: S105
TEST_SECRET_KEY = "test-only-insecure-key"  # noqa: S105
DEV_FIELD_ENCRYPTION_KEY = "ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcmVhbCE="
DEV_FIELD_HASH_KEY = "dev-only-hash-key-not-for-real-data"  # noqa: S105
KNOWN_VALUES = frozenset(
    {DEV_SECRET_KEY, TEST_SECRET_KEY, DEV_FIELD_ENCRYPTION_KEY, DEV_FIELD_HASH_KEY}
)
KNOWN_PREFIXES = ("dev-", "test-", "django-insecure-", "changeme", "secret")

MIN_SECRET_KEY_LENGTH = 50
MIN_HASH_KEY_LENGTH = 32
# Shannon estimate over the key's own characters: get_random_secret_key() gives ~5.3
# bits a character; a word, a date or a pattern gives far less.
MIN_BITS_PER_CHAR = 4.0


def bits_per_char(value: str) -> float:
    """Return the Shannon entropy of `value`'s character distribution, in bits a character."""
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def repeats_a_pattern(value: str) -> bool:
    """Return whether `value` is a shorter string repeated ("abc123abc123…")."""
    return any(
        value == (value[:period] * (len(value) // period + 1))[: len(value)]
        for period in range(1, len(value) // 2 + 1)
    )


def _weak(value: str, *, min_length: int) -> bool:
    """Return whether a secret is short, known, a pattern, or of low entropy."""
    return (
        len(value) < min_length
        or value in KNOWN_VALUES
        or value.lower().startswith(KNOWN_PREFIXES)
        or repeats_a_pattern(value)
        or bits_per_char(value) < MIN_BITS_PER_CHAR
    )


def _fernet_problem(key: str) -> str | None:
    if key == DEV_FIELD_ENCRYPTION_KEY:
        return "FIELD_ENCRYPTION_KEYS holds the development key."
    try:
        Fernet(key)
    except (ValueError, TypeError):
        return "FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key."
    return None


def weak_secret_problems(
    *, secret_key: str, encryption_keys: list[str], hash_key: str, allowed_hosts: list[str]
) -> list[str]:
    """Return what is wrong with production's secrets and hosts (empty when all is well)."""
    problems = []
    if _weak(secret_key, min_length=MIN_SECRET_KEY_LENGTH):
        problems.append(
            "SECRET_KEY must be set to a random value of 50+ characters "
            "(not a development value, a pattern or a word)."
        )
    if not encryption_keys:
        problems.append("FIELD_ENCRYPTION_KEYS (Fernet keys) must be set.")
    problems += [p for p in (_fernet_problem(k) for k in encryption_keys) if p]
    if _weak(hash_key, min_length=MIN_HASH_KEY_LENGTH):
        problems.append("FIELD_HASH_KEY must be a random value of 32+ characters.")
    if not allowed_hosts:
        problems.append("ALLOWED_HOSTS must list the host names this server answers to.")
    if any("*" in host for host in allowed_hosts):
        problems.append("ALLOWED_HOSTS must name the hosts: no '*' wildcard.")
    return problems
