"""Database side of a load run: the demo county, who does what, and the lost-write check."""

import io
from dataclasses import dataclass
from urllib.parse import urlsplit

import psycopg2
from django.core.management import call_command
from django.db import connections

from accounts.models import Role, User
from children.models import Child, Contact

from .client import Plan, Stats

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
DATABASE_PREFIX = "lbc_load"
CHILDREN_PER_EDITOR = 5
EDITOR_LOGINS = ["school_staff"] * 2 + ["federation"] * 4 + ["education"] * 4


def database_checked(url: str) -> str:
    """Return the database name of `url`; refuse anything but a loopback lbc_load* database."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql") or parts.hostname not in LOOPBACK_HOSTS:
        raise ValueError(f"load runs only use PostgreSQL on loopback, not {parts.hostname!r}")
    if not name.startswith(DATABASE_PREFIX):
        raise ValueError(f"the load database's name must start with {DATABASE_PREFIX!r}")
    return name


def database_prepare(url: str) -> None:
    """Create the load database if missing, migrate it and build the demo county once."""
    name = database_checked(url)
    parts = urlsplit(url)
    admin = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
        password=parts.password or "", dbname="postgres",
    )  # fmt: skip
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())


def plans_make(users: int) -> list[Plan]:
    """Return one plan per simulated user: 10 editors with their own children, then mentors.

    Each editor edits only its own children, so a refused (stale) edit means a bug, and the
    last acknowledged edit of a child must be what is stored.
    """
    editors = EDITOR_LOGINS[: max(1, users // 5)]
    staff = User.objects.select_related("school").get(username="school_staff")
    own_school = list(
        Child.objects.filter(school=staff.school, status="open")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    others = list(
        Child.objects.filter(county=staff.county, status="open")
        .exclude(school=staff.school)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    plans = []
    for username in editors:
        pool = own_school if username == "school_staff" else others
        mine = pool[:CHILDREN_PER_EDITOR]
        del pool[:CHILDREN_PER_EDITOR]
        plans.append(Plan(username=username, kind="editor", children=mine))
    mentors = list(
        User.objects.filter(
            county=staff.county, role=Role.MENTOR, is_active=True,
            carer__pairings__ended_on__isnull=True,
        )
        .distinct()
        .order_by("username")
        .values_list("username", flat=True)
    )  # fmt: skip
    for index in range(users - len(plans)):
        plans.append(Plan(username=mentors[index % len(mentors)], kind="mentor"))
    return plans


def versions_of(plans: list[Plan]) -> dict[int, int]:
    """Return the current version of every child an editor plan edits."""
    pks = [pk for plan in plans for pk in plan.children]
    return dict(Child.objects.filter(pk__in=pks).values_list("pk", "version"))


@dataclass
class WriteCheck:
    """Acknowledged writes against what the database holds after the run."""

    contacts_acked: int
    contacts_lost: int
    contacts_unacked_stored: int  # stored although the client saw no acknowledgement
    edits_acked: int
    edits_lost: int

    @property
    def lost(self) -> int:
        """Return the number of acknowledged writes missing from the database."""
        return self.contacts_lost + self.edits_lost


def _seq(token: str) -> int:
    return int(token.rsplit("-", 1)[1])


def writes_check(stats: Stats, *, run: str, versions_before: dict[int, int]) -> WriteCheck:
    """Compare every write the server acknowledged with what is stored now."""
    connections.close_all()  # our own connection may predate a database restart
    stored = set(
        Contact.objects.filter(notes__startswith=f"{run}-").values_list("notes", flat=True)
    )
    edits_lost = 0
    children = Child.objects.in_bulk(list(stats.edits_acked))
    for pk, tokens in stats.edits_acked.items():
        child = children.get(pk)
        note = child.mood_notes if child else ""
        # One simulated user owns each child, so its tokens are ordered; the stored one must
        # be the last acknowledged edit or a later one whose answer never arrived.
        stored_is_ours = note.startswith(tokens[-1].rsplit("-", 1)[0] + "-")
        if not stored_is_ours or _seq(note) < _seq(tokens[-1]):
            edits_lost += 1
        elif child.version - versions_before.get(pk, 0) < len(tokens):
            edits_lost += len(tokens) - (child.version - versions_before.get(pk, 0))
    return WriteCheck(
        contacts_acked=len(stats.contacts_acked),
        contacts_lost=len(stats.contacts_acked - stored),
        contacts_unacked_stored=len(stored - stats.contacts_acked),
        edits_acked=sum(len(t) for t in stats.edits_acked.values()),
        edits_lost=edits_lost,
    )
