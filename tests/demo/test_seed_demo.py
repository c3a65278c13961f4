"""seed_demo: a complete, valid, deterministic demo county, built once."""

import datetime
import io
import random
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from accounts.models import Role, User
from activities.models import Home
from children.care.corrections import contact_correctable
from children.categories import categories_for_child
from children.models import Child, Contact, Pairing, Parent
from children.selectors import children_visible_to
from demo.build import (
    DEMO_COUNTY_CODE,
    DEMO_PASSWORD,
    demo_counts,
    demo_county_build,
    open_children_without_mentor,
)
from demo.management.commands.seed_demo import Command
from donations.models import Donation
from schools.models import County

N = 200
CATEGORY_FIELDS = ("is_left_behind", "is_migrant", "is_in_difficulty", "is_unsupported")

pytestmark = pytest.mark.django_db


class _Undo(Exception):
    """Raised to roll a build back once its figures have been read."""


def _seed(children: int = N) -> str:
    """Run the command and return what it printed."""
    out = io.StringIO()
    call_command("seed_demo", children=children, stdout=out)
    return out.getvalue()


def _build_and_forget(today: datetime.date | None = None) -> tuple[list, list]:
    """Build a county in a transaction, read its counts and children, then roll it back."""
    try:
        with transaction.atomic():
            result = demo_county_build(children=N, today=today)
            children = list(
                Child.objects.order_by("id").values_list("name", "sex", "school__name", "grade")
            )
            raise _Undo(result.counts, children)
    except _Undo as undo:
        return undo.args


@pytest.fixture
def county() -> County:
    _seed()
    return County.objects.get(code=DEMO_COUNTY_CODE)


def _sample(queryset, size: int = 50) -> list:
    """Return a fixed-seed random sample of the queryset's rows."""
    rows = list(queryset.order_by("id"))
    return random.Random(7).sample(rows, min(size, len(rows)))


def test_counts_follow_the_requested_number_of_children(county):
    counts = dict(demo_counts(county))
    assert counts["乡镇 towns"] == 12
    assert counts["学校 schools"] == 66
    assert counts["在册儿童 open children"] == N
    assert counts["已结案儿童 closed children"] == round(N / 150)
    assert counts["父母 parents"] == 2 * (N + round(N / 150))
    assert counts["联席会议 joint meetings"] == 6
    assert counts["印发文件 documents"] == 6
    mentored = Pairing.objects.filter(role="mentor", ended_on=None, child__status="open")
    assert mentored.count() == round(N * 0.9)


def test_a_second_run_creates_nothing_and_says_the_county_exists(county):
    before = demo_counts(county)

    printed = _seed()

    assert demo_counts(county) == before
    assert "已存在" in printed and "already exists" in printed
    assert "school_staff" in printed and DEMO_PASSWORD in printed


def test_a_fresh_build_gives_the_same_counts_and_children():
    first = _build_and_forget()
    second = _build_and_forget()

    assert first == second
    assert not County.objects.filter(code=DEMO_COUNTY_CODE).exists()


def test_counts_do_not_depend_on_the_day_of_the_run():
    today_counts, today_children = _build_and_forget()
    leap_counts, leap_children = _build_and_forget(datetime.date(2024, 2, 29))

    assert leap_counts == today_counts
    assert leap_children == today_children


def test_every_role_has_a_demo_login_that_authenticates(county):
    for role in Role.values:
        user = User.objects.get(county=county, username=role)
        assert user.role == role
        assert authenticate(username=role, password=DEMO_PASSWORD) == user


def test_only_the_administrator_is_staff_and_nobody_is_superuser(county):
    users = User.objects.filter(county=county)
    assert list(users.filter(is_staff=True).values_list("username", flat=True)) == ["admin"]
    assert not users.filter(is_superuser=True).exists()


def test_every_user_passes_full_clean(county):
    for user in User.objects.filter(county=county):
        user.full_clean()


def test_scoped_demo_logins_see_children(county):
    for username in ("school_staff", "mentor", "village_director", "town_officer"):
        user = User.objects.get(username=username)
        assert children_visible_to(user).exists(), username
    assert 1 <= children_visible_to(User.objects.get(username="mentor")).count() <= 5


def test_sampled_children_and_parents_pass_full_clean(county):
    for child in _sample(Child.objects.filter(county=county)):
        child.full_clean()
    for parent in _sample(Parent.objects.filter(child__county=county)):
        parent.full_clean()


def test_sampled_children_carry_the_categories_categories_derive_gives(county):
    today = timezone.localdate()
    for child in _sample(Child.objects.filter(county=county).prefetch_related("parents")):
        expected = categories_for_child(child, today).as_fields()
        assert {name: getattr(child, name) for name in CATEGORY_FIELDS} == expected


def test_the_register_holds_every_category(county):
    open_children = Child.objects.filter(county=county, status="open")
    for name in CATEGORY_FIELDS:
        assert open_children.filter(**{name: True}).exists(), name
    assert Child.objects.filter(county=county, status="closed").exclude(close_reason="").exists()


def test_twenty_two_school_homes_are_built_six_in_mode_one_and_sixteen_in_mode_two(county):
    built = Home.objects.filter(county=county, kind="school_home", built_year__isnull=False)
    assert built.count() == 22
    assert built.values("school").distinct().count() == 22
    assert dict(built.values_list("mode").annotate(n=Count("id"))) == {"1": 6, "2": 16}
    assert built.filter(planned_year=2010).count() == built.filter(planned_year=2011).count()
    assert Home.objects.filter(county=county, kind="school_home").count() == 66


def test_two_federation_activity_rooms_are_in_towns_without_a_school(county):
    rooms = Home.objects.filter(county=county, kind="activity_room")
    assert rooms.count() == 2
    assert not rooms.filter(school__isnull=False).exists()
    for room in rooms:
        assert room.equipment.count() == 7
        assert "书刊借阅制度" in room.rules


def test_aid_never_exceeds_its_donation(county):
    donations = Donation.objects.filter(county=county).annotate(given=Sum("aid__amount"))
    assert donations.aggregate(total=Sum("amount"))["total"] >= Decimal(200000)
    for donation in donations:
        assert (donation.given or 0) <= donation.amount


def test_some_open_children_have_no_mentor(county):
    assert open_children_without_mentor(county).count() == N - round(N * 0.9)


def test_some_mentored_children_are_overdue_for_a_contact(county):
    since = timezone.localdate() - datetime.timedelta(days=30)
    recent = Contact.objects.filter(on__gte=since).values("child")
    mentored = Pairing.objects.filter(role="mentor", ended_on=None, child__status="open")
    assert mentored.exclude(child__in=recent).exists()
    assert mentored.filter(child__in=recent).exists()


def test_no_carer_holds_more_current_pairings_than_the_county_allows(county):
    loads = Pairing.objects.filter(ended_on=None).values("carer").annotate(n=Count("id"))
    assert max(row["n"] for row in loads) <= county.max_children_per_carer


def test_no_contact_lies_in_the_future(county):
    assert not Contact.objects.filter(on__gt=timezone.localdate()).exists()


def test_contacts_were_recorded_on_the_day_of_the_visit(county):
    """A visit of months ago was written up then, so its 24-hour correction has passed: the
    demo's mentors are not offered "更正或撤回" on their whole history."""
    now = timezone.now()
    old = Contact.objects.filter(
        on__lt=timezone.localdate() - datetime.timedelta(days=2), recorded_by__isnull=False
    ).select_related("recorded_by")
    assert old.exists()
    assert not any(contact_correctable(c, c.recorded_by, now=now) for c in old[:200])
    assert all(timezone.localdate(c.created_at) == c.on for c in old[:200])
    assert not Contact.objects.filter(created_at__gt=now).exists()


def test_the_default_size_is_three_thousand_children():
    parser = Command().create_parser("manage.py", "seed_demo")
    assert parser.parse_args([]).children == 3000
