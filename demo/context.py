"""What one build of the demo county shares: its state, its people maker and helpers."""

import datetime
import random
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from accounts.models import User
from activities.models import Home
from children.models import Carer, Child, Parent
from children.models.choices import Sex
from core.periods import years_before
from core.validators import id_check_char
from schools.models import County, School, Town, Village

from .data import (
    BOY_CHARS,
    CLOSED_PER_OPEN,
    DEMO_PASSWORD,
    GIRL_CHARS,
    GRANDFATHER_NAMES,
    GRANDMOTHER_NAMES,
    MAN_CHARS,
    MOBILE_PREFIXES,
    SEED,
    SURNAMES,
    WOMAN_CHARS,
)


@dataclass
class ChildPlan:
    """A child being built, with what later steps need to know about it."""

    child: Child
    parents: list[Parent]
    registered_ago: int
    closed_ago: int | None = None


def stream(part: str) -> random.Random:
    """Return the random stream of one part of the build, seeded from SEED and the part."""
    return random.Random(f"{SEED}/{part}")  # noqa: S311 - demo data, not security


class People:
    """Makes names, phones and resident IDs; the IDs are valid and unique within a build."""

    def __init__(self, rng: random.Random, today: datetime.date) -> None:
        self.rng = rng
        self.today = today
        self._next_code: dict[str, int] = {}
        self._used: set[str] = set()

    def surname(self) -> str:
        """Return a common surname."""
        return self.rng.choice(SURNAMES)

    def child_name(self, surname: str, sex: str) -> str:
        """Return a child's name: the surname and one or two given characters."""
        chars = BOY_CHARS if sex == Sex.MALE else GIRL_CHARS
        if self.rng.random() < 0.35:
            return surname + self.rng.choice(chars)
        return surname + "".join(self.rng.sample(chars, 2))

    def adult_name(self, surname: str, sex: str) -> str:
        """Return a working-age adult's name."""
        chars = MAN_CHARS if sex == Sex.MALE else WOMAN_CHARS
        if self.rng.random() < 0.3:
            return surname + self.rng.choice(chars)
        return surname + "".join(self.rng.sample(chars, 2))

    def elder_name(self, surname: str, sex: str) -> str:
        """Return a grandparent's name."""
        given = GRANDFATHER_NAMES if sex == Sex.MALE else GRANDMOTHER_NAMES
        return surname + self.rng.choice(given)

    def mobile(self) -> str:
        """Return an 11-digit mainland mobile number."""
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def born_aged(self, age: int) -> datetime.date:
        """Return a birth date that makes someone exactly `age` years old today."""
        start = years_before(self.today, age + 1) + datetime.timedelta(days=1)
        born = start + datetime.timedelta(days=self.rng.randrange(365))
        return min(born, years_before(self.today, age))

    def id_number(self, area: str, birth: datetime.date, sex: str) -> str:
        """Return an unused valid resident ID for the area code, birth date and sex.

        The order code comes from a checksum of the key rather than from the random stream,
        so that collisions (which depend on the day of the run) never shift later draws.
        """
        key = f"{area}{birth:%Y%m%d}"
        slot = f"{key}{sex}"
        n = self._next_code.get(slot, zlib.crc32(slot.encode()) % 300)
        while True:
            code = 2 * (n % 500) + (1 if sex == Sex.MALE else 0)
            n += 1
            first17 = f"{key}{code:03d}"
            if first17 not in self._used:
                break
        self._next_code[slot] = n
        self._used.add(first17)
        return first17 + id_check_char(first17)


def count_by(items: Sequence[ChildPlan], key: Callable[[ChildPlan], int]) -> dict[int, int]:
    """Return how many items fall under each key."""
    counts: dict[int, int] = {}
    for item in items:
        counts[key(item)] = counts.get(key(item), 0) + 1
    return counts


def largest_remainder(weights: Sequence[int], total: int) -> list[int]:
    """Return whole shares of `total` in proportion to `weights` (largest-remainder method)."""
    whole = sum(weights)
    exact = [w * total / whole for w in weights]
    shares = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


@dataclass
class DemoBuild:
    """One build of the demo county: its size, its day, and everything built so far."""

    county: County
    n_open: int
    today: datetime.date
    towns: list[Town] = field(default_factory=list)
    villages: dict[int, list[Village]] = field(default_factory=dict)  # town pk -> villages
    schools: list[School] = field(default_factory=list)
    plans: list[ChildPlan] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)
    teachers: dict[int, User] = field(default_factory=dict)  # school pk -> login of a mentor
    mentors: dict[int, list[Carer]] = field(default_factory=dict)  # school pk -> mentors
    rooms: list[Home] = field(default_factory=list)
    homes_by_school: dict[int, Home] = field(default_factory=dict)
    people: People = field(init=False)
    password_hash: str = field(init=False)

    def __post_init__(self) -> None:
        """Start the people maker and hash the demo password once for every login."""
        self.people = People(stream("people"), self.today)
        self.password_hash = make_password(DEMO_PASSWORD)

    @property
    def n_closed(self) -> int:
        """Return how many closed children the archive shows: one per 150 open ones."""
        return max(1, round(self.n_open / CLOSED_PER_OPEN))

    def ago(self, days: int) -> datetime.date:
        """Return the day `days` before the run's day."""
        return self.today - datetime.timedelta(days=days)
