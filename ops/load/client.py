"""Simulated users: each logs in with its own session, browses, edits and records contacts.

Every request is timed and classified; every write the server acknowledged (a redirect
after the POST) is remembered by a unique token, so the run can be checked against the
database afterwards.
"""

import asyncio
import random
import re
import time
from dataclasses import dataclass, field

import httpx

from .html import CHILD_LINK, CONTACT_ACTION, csrf_token, form_fields, replace_field

FRIENDLY_503 = "数据库暂时不可用"
PASSWORD = "demo-2026"  # noqa: S105 - the demo county's published password
THINK_SECONDS = (1.0, 3.0)  # between two clicks of one user
RAMP_SECONDS = 10.0
TODAY = re.compile(r'max="(\d{4}-\d{2}-\d{2})"')


def server_today(page: str) -> str:
    """Return the server's today as the contact form states it (its max date)."""
    match = TODAY.search(page)
    return match.group(1) if match else ""


@dataclass
class Sample:
    """One request: when it started and ended (monotonic seconds), what, and its outcome."""

    started: float
    ended: float
    kind: str
    status: int  # 0 for a connection error or timeout
    friendly: bool = False  # a 503 that showed the Chinese "database unavailable" page
    error: str = ""  # the client's exception when there was no answer


@dataclass
class Stats:
    """Everything a run observed, shared by all simulated users."""

    max_requests: int
    samples: list[Sample] = field(default_factory=list)
    contacts_acked: set[str] = field(default_factory=set)
    # child pk -> tokens of the acknowledged edits, in the order they were made
    edits_acked: dict[int, list[str]] = field(default_factory=dict)
    refused: int = 0  # 4xx answers to writes: validation or stale version, nothing written

    @property
    def exhausted(self) -> bool:
        """Return whether the run reached its request budget."""
        return len(self.samples) >= self.max_requests


@dataclass
class Plan:
    """One simulated user: the login it uses and, for editors, the children it edits."""

    username: str
    kind: str  # "editor" or "mentor"
    children: list[int] = field(default_factory=list)


class User:
    """A simulated user with its own cookie jar (its own session)."""

    def __init__(self, *, index: int, plan: Plan, base_url: str, stats: Stats, run: str):
        self.index, self.plan, self.stats, self.run = index, plan, stats, run
        self.client = httpx.AsyncClient(base_url=base_url, timeout=60.0, follow_redirects=False)
        self.rng = random.Random(index)  # noqa: S311 - think times, not secrets
        self.seq = 0
        self.logged_in = False

    async def request(self, kind: str, method: str, url: str, **kwargs) -> httpx.Response | None:
        """Send one request, record its sample, and return the response (None on failure)."""
        if self.stats.exhausted:
            return None
        started = time.monotonic()
        try:
            response = await self.client.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}"
            self.stats.samples.append(Sample(started, time.monotonic(), kind, 0, error=error))
            return None
        friendly = response.status_code == 503 and FRIENDLY_503 in response.text
        self.stats.samples.append(
            Sample(started, time.monotonic(), kind, response.status_code, friendly)
        )
        return response

    def token(self) -> str:
        """Return a new token naming this run, this user and this write."""
        self.seq += 1
        return f"{self.run}-u{self.index:02d}-{self.seq:05d}"

    async def login(self) -> bool:
        """Log in through the real login form; return whether the server accepted it."""
        page = await self.request("login_form", "GET", "/accounts/login/")
        if page is None or page.status_code != 200:
            return False
        data = {
            "csrfmiddlewaretoken": csrf_token(page.text),
            "username": self.plan.username,
            "password": PASSWORD,
        }
        response = await self.request("login", "POST", "/accounts/login/", data=data)
        self.logged_in = response is not None and response.status_code == 302
        return self.logged_in

    async def browse_register(self) -> list[int]:
        """Open a page of the register; return the children it links to."""
        page = self.rng.randint(1, 5)
        response = await self.request("register", "GET", f"/children/?page={page}")
        if response is None or response.status_code != 200:
            return []
        return [int(pk) for pk in CHILD_LINK.findall(response.text)]

    async def open_child(self, pk: int) -> None:
        """Open a child's file."""
        await self.request("child_file", "GET", f"/children/{pk}/")

    async def edit_child(self, pk: int) -> None:
        """Open a child's edit form and post it back with a new mood note; remember an ack."""
        form = await self.request("edit_form", "GET", f"/children/{pk}/edit/")
        if form is None or form.status_code != 200:
            return
        token = self.token()
        fields = replace_field(form_fields(form.text, "child-form"), "mood_notes", token)
        data: dict[str, list[str]] = {}
        for name, value in fields:
            data.setdefault(name, []).append(value)
        response = await self.request("edit_post", "POST", f"/children/{pk}/edit/", data=data)
        if response is None:
            return
        if response.status_code in (301, 302, 303):
            self.stats.edits_acked.setdefault(pk, []).append(token)
        elif 400 <= response.status_code < 500:
            self.stats.refused += 1

    async def record_contact(self) -> None:
        """Open "my children" and record a contact for one of them; remember an ack."""
        mine = await self.request("my_children", "GET", "/care/mine/")
        if mine is None or mine.status_code != 200:
            return
        children = CONTACT_ACTION.findall(mine.text)
        if not children:
            return
        pk = int(self.rng.choice(children))
        if self.rng.random() < 0.5:
            await self.open_child(pk)
        token = self.token()
        data = {
            "csrfmiddlewaretoken": csrf_token(mine.text),
            "next": "mine",
            "notes": token,
            "on": server_today(mine.text),
            "kind": self.rng.choice(["home_visit", "talk", "parent_call", "video_call"]),
        }
        response = await self.request(
            "contact_post", "POST", f"/care/children/{pk}/contact/", data=data
        )
        if response is None:
            return
        if response.status_code in (301, 302, 303):
            self.stats.contacts_acked.add(token)
        elif 400 <= response.status_code < 500:
            self.stats.refused += 1

    async def step(self) -> None:
        """Do one thing a user of this kind does."""
        if self.plan.kind == "editor":
            listed = await self.browse_register()
            if listed:
                await self.open_child(self.rng.choice(listed))
            if self.plan.children:
                await self.edit_child(self.rng.choice(self.plan.children))
        else:
            await self.record_contact()
            if self.rng.random() < 0.3:
                await self.request("contact_list", "GET", "/care/contacts/")

    async def run_until(self, deadline: float, *, ramp: float) -> None:
        """Start after `ramp` seconds, log in (retrying), then loop until the deadline."""
        try:
            await asyncio.sleep(ramp)
            while not self.stats.exhausted and time.monotonic() < deadline:
                if not self.logged_in and not await self.login():
                    await asyncio.sleep(0.5)
                    continue
                await self.step()
                await asyncio.sleep(self.rng.uniform(*THINK_SECONDS))
        finally:
            await self.client.aclose()


async def simulate(
    *, plans: list[Plan], base_url: str, seconds: float, max_requests: int, run: str
) -> Stats:
    """Run one simulated user per plan for `seconds` (or `max_requests`); return the stats."""
    stats = Stats(max_requests=max_requests)
    deadline = time.monotonic() + seconds
    users = [
        User(index=i, plan=plan, base_url=base_url, stats=stats, run=run)
        for i, plan in enumerate(plans)
    ]
    # Users arrive over RAMP_SECONDS, as a morning's logins do, not in one burst.
    ramp = RAMP_SECONDS / max(1, len(users))
    await asyncio.gather(*(u.run_until(deadline, ramp=i * ramp) for i, u in enumerate(users)))
    return stats
