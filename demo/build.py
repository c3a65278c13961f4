"""Build the demo county once, and report its counts and demo logins."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from accounts.models import Role, User
from activities.models import Activity, Equipment, Home, VolunteerTeam
from children.care.state import care_state_refresh
from children.models import Carer, Child, Concern, Contact, Pairing, Parent
from children.models.choices import CaseStatus
from donations.models import Aid, Donation, Donor
from reports.models import JointMeeting, PolicyDocument
from schools.models import County, Enrollment, School, Town, Village
from survey.models import Survey

from .care import carers_create, concerns_create, users_create
from .context import DemoBuild
from .county import county_create, meetings_create, places_create, schools_create
from .data import DEFAULT_CHILDREN, DEMO_COUNTY_CODE, DEMO_PASSWORD, DEMO_USERS
from .giving import donations_create
from .homes import activities_create, homes_create
from .register import children_plan, children_save
from .surveys import surveys_create


@dataclass(frozen=True)
class DemoLogin:
    """One demo login as the command prints it."""

    username: str
    password: str
    role: str
    scope: str


@dataclass
class DemoResult:
    """What a build did: whether it created the county, its counts, and the demo logins."""

    created: bool
    counts: list[tuple[str, int]]
    logins: list[DemoLogin]


def county_build(*, children: int, today: datetime.date) -> County:
    """Create the whole county with `children` open children and return it."""
    build = DemoBuild(county=county_create(), n_open=children, today=today)
    places_create(build)
    schools_create(build)
    children_plan(build)
    users_create(build)
    children_save(build)
    carers_create(build)
    homes_create(build)
    activities_create(build)
    donations_create(build)
    meetings_create(build)
    concerns_create(build)
    # Pairings, contacts and concerns were bulk-created: store their state on the children.
    care_state_refresh(Child.objects.filter(county=build.county).values("pk"))
    surveys_create(build)
    return build.county


def demo_counts(county: County) -> list[tuple[str, int]]:
    """Return the number of rows of every kind of record in the county, labelled in 中/English."""
    children = Child.objects.filter(county=county)
    homes = Home.objects.filter(county=county)
    donations = Donation.objects.filter(county=county)
    rows = (
        ("乡镇 towns", Town.objects.filter(county=county)),
        ("行政村 villages", Village.objects.filter(town__county=county, kind="village")),
        (
            "居委会 residents' committees",
            Village.objects.filter(town__county=county, kind="community"),
        ),
        ("学校 schools", School.objects.filter(town__county=county)),
        ("在校学生数记录 enrollment rows", Enrollment.objects.filter(school__town__county=county)),
        ("在册儿童 open children", children.filter(status=CaseStatus.OPEN)),
        ("已结案儿童 closed children", children.filter(status=CaseStatus.CLOSED)),
        ("留守儿童 left-behind", children.filter(status="open", is_left_behind=True)),
        ("流动儿童 migrant", children.filter(status="open", is_migrant=True)),
        ("困境儿童 in difficulty", children.filter(status="open", is_in_difficulty=True)),
        ("事实无人抚养 unsupported", children.filter(status="open", is_unsupported=True)),
        ("父母 parents", Parent.objects.filter(child__county=county)),
        ("帮扶人 carers", Carer.objects.filter(county=county)),
        ("结对 pairings", Pairing.objects.filter(child__county=county)),
        ("当前结对 current pairings", Pairing.objects.filter(child__county=county, ended_on=None)),
        ("联系记录 contacts", Contact.objects.filter(child__county=county)),
        ("留守儿童之家 school homes", homes.filter(kind=Home.Kind.SCHOOL_HOME)),
        ("已建成 built homes", homes.filter(kind=Home.Kind.SCHOOL_HOME, built_year__isnull=False)),
        ("活动室 activity rooms", homes.filter(kind=Home.Kind.ACTIVITY_ROOM)),
        ("设备 equipment rows", Equipment.objects.filter(home__county=county)),
        ("志愿者队伍 volunteer teams", VolunteerTeam.objects.filter(county=county)),
        ("活动 activities", Activity.objects.filter(county=county)),
        (
            "活动参与 participations",
            Activity.participants.through.objects.filter(activity__county=county),
        ),
        ("捐赠方 donors", Donor.objects.filter(county=county)),
        ("捐赠 donations", donations),
        ("资助 aid", Aid.objects.filter(child__county=county)),
        ("联席会议 joint meetings", JointMeeting.objects.filter(county=county)),
        ("印发文件 documents", PolicyDocument.objects.filter(county=county)),
        ("强制报告 concerns", Concern.objects.filter(child__county=county)),
        ("学期摸底 term surveys", Survey.objects.filter(county=county)),
        ("用户 users", User.objects.filter(county=county)),
    )
    return [(label, qs.count()) for label, qs in rows]


def demo_logins(county: County) -> list[DemoLogin]:
    """Return the county's demo logins, one per role, in the order of DEMO_USERS."""
    users = User.objects.filter(
        county=county, username__in=[username for username, _, _ in DEMO_USERS]
    ).select_related("school", "town", "village__town", "county")
    by_name = {user.username: user for user in users}
    return [
        DemoLogin(
            username=username,
            password=DEMO_PASSWORD,
            role=str(Role(role).label),
            scope=(
                f"{by_name[username].school}：{by_name[username].scope_label}"
                if role == Role.MENTOR
                else by_name[username].scope_label
            ),
        )
        for username, role, _ in DEMO_USERS
        if username in by_name
    ]


def demo_county_build(
    *, children: int = DEFAULT_CHILDREN, today: datetime.date | None = None
) -> DemoResult:
    """Create the demo county unless its code exists; return counts, logins and whether built.

    For the management command and tests only: it writes without audit records.
    """
    today = today or timezone.localdate()
    county = County.objects.filter(code=DEMO_COUNTY_CODE).first()
    created = county is None
    if county is None:
        clash = User.objects.filter(username__in=[u for u, _, _ in DEMO_USERS]).first()
        if clash is not None:
            raise ValueError(f"用户名 {clash.username} 已被占用 / username already taken")
        with transaction.atomic():
            county = county_build(children=children, today=today)
    return DemoResult(created=created, counts=demo_counts(county), logins=demo_logins(county))


def open_children_without_mentor(county: County) -> QuerySet[Child]:
    """Return the open children of the county who have no current mentor."""
    current = Pairing.objects.filter(
        child=OuterRef("pk"), role=Pairing.Role.MENTOR, ended_on__isnull=True
    )
    return Child.objects.filter(county=county, status=CaseStatus.OPEN).exclude(Exists(current))
