"""factory_boy factories for every model the tests build; IDs are valid and unique."""

import datetime
import itertools
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import Role, User
from activities.models import Activity, Equipment, Home, VolunteerTeam
from audit.models import AuditEvent
from children.care.state import care_state_refresh
from children.models import KIND_RULES, Carer, Child, Concern, Contact, Pairing, Parent, Transfer
from core.validators import id_check_char
from donations.models import Aid, Donation, Donor
from reports.models import HalfYearReport, JointMeeting, PolicyDocument
from schools.models import County, Enrollment, School, Semester, Town, Village

_serial = itertools.count(1)


def make_id_number(
    birth: datetime.date, sex: str = "M", *, area: str | None = None, serial: int | None = None
) -> str:
    """Return a valid 18-digit resident ID for the birth date and sex ("M" or "F").

    Unique for the first 50,000 calls with the same birth date and sex.
    """
    n = next(_serial) if serial is None else serial
    area = area or f"{340200 + (n // 500) % 100:06d}"
    seq = (n // 5) % 100
    sex_digit = 2 * (n % 5) + (1 if sex == "M" else 0)
    first17 = f"{area}{birth:%Y%m%d}{seq:02d}{sex_digit}"
    return first17 + id_check_char(first17)


def with_wrong_check(number: str) -> str:
    """Return the resident ID `number` with a check character that is not its own.

    (Replacing it by a fixed "0" is right for only ten IDs in eleven: a test doing so
    would pass or fail by the serial counter's state, that is by the tests run before.)
    """
    wrong = "0" if number[17] != "0" else "1"
    return number[:17] + wrong


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"测试县{n}")
    code = factory.Sequence(lambda n: f"{340200 + n:06d}")
    area_km2 = Decimal("676.0")
    population = 300000


class TownFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Town

    county = factory.SubFactory(CountyFactory)
    name = factory.Sequence(lambda n: f"第{n}镇")


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village

    town = factory.SubFactory(TownFactory)
    name = factory.Sequence(lambda n: f"第{n}村")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    town = factory.SubFactory(TownFactory)
    name = factory.Sequence(lambda n: f"第{n}中心小学")
    kind = School.Kind.CENTRAL_PRIMARY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    role = Role.FEDERATION
    county = factory.SubFactory(CountyFactory)
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class ChildFactory(factory.django.DjangoModelFactory):
    """A healthy rural left-behind pupil of a central primary school."""

    class Meta:
        model = Child

    school = factory.SubFactory(SchoolFactory)
    county = factory.LazyAttribute(lambda o: o.school.town.county)
    town = factory.LazyAttribute(lambda o: o.school.town)
    name = factory.Sequence(lambda n: f"儿童{n}")
    sex = "M"
    birth_date = datetime.date(2015, 3, 5)
    id_number = factory.LazyAttribute(lambda o: make_id_number(o.birth_date, o.sex))
    schooling_status = "primary"
    grade = 4
    class_name = "1班"
    guardian_name = "王奶奶"
    guardian_relation = "paternal_gp"
    guardian_phone = "13600000028"
    guardianship_grade = "ordinary"
    is_left_behind = True


class ParentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Parent

    child = factory.SubFactory(ChildFactory)
    relation = Parent.Relation.FATHER
    name = "张父"
    status = "away_out"
    work_province = "江苏省"
    work_city = "苏州市"


class CarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carer

    school = factory.SubFactory(SchoolFactory)
    county = factory.LazyAttribute(lambda o: o.school.town.county if o.school else None)
    town = factory.LazyAttribute(lambda o: o.school.town if o.school else None)
    kind = Carer.Kind.MENTOR
    name = factory.Sequence(lambda n: f"老师{n}")


class CareSourceFactory(factory.django.DjangoModelFactory):
    """A pairing, contact or concern factory that keeps the child's stored care state,
    as the services that write them do."""

    class Meta:
        abstract = True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create:
            care_state_refresh([instance.child_id])


class PairingFactory(CareSourceFactory):
    class Meta:
        model = Pairing

    child = factory.SubFactory(ChildFactory)
    carer = factory.SubFactory(CarerFactory, school=factory.SelfAttribute("..child.school"))
    role = Pairing.Role.MENTOR
    started_on = datetime.date(2024, 9, 1)


class ContactFactory(CareSourceFactory):
    class Meta:
        model = Contact

    child = factory.SubFactory(ChildFactory)
    kind = Contact.Kind.HOME_VISIT
    on = datetime.date(2025, 3, 1)
    notes = "家访，了解学习情况。"


class ConcernFactory(CareSourceFactory):
    class Meta:
        model = Concern

    child = factory.SubFactory(ChildFactory)
    kind = Concern.Kind.LIVING_ALONE
    description = "周末独自在家。"
    raised_by = factory.SubFactory(UserFactory)
    raised_at = factory.LazyFunction(timezone.now)
    # The deadlines the service would set from the kind's rule.
    police_due_at = factory.LazyAttribute(
        lambda o: (
            o.raised_at + KIND_RULES[o.kind].police_within
            if KIND_RULES[o.kind].needs_police
            else None
        )
    )
    civil_affairs_due_at = factory.LazyAttribute(
        lambda o: (
            o.raised_at + KIND_RULES[o.kind].civil_affairs_within
            if KIND_RULES[o.kind].needs_civil_affairs
            else None
        )
    )


class HomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Home

    school = factory.SubFactory(SchoolFactory)
    town = factory.LazyAttribute(lambda o: o.school.town)
    county = factory.LazyAttribute(lambda o: o.school.town.county)
    kind = Home.Kind.SCHOOL_HOME
    name = factory.Sequence(lambda n: f"留守儿童之家{n}")
    mode = Home.Mode.MODE_2
    planned_year = 2010
    built_year = 2010


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    county = factory.SubFactory(CountyFactory)
    kind = Activity.Kind.SAFETY_LECTURE
    title = factory.Sequence(lambda n: f"安全知识讲座{n}")
    on = datetime.date(2025, 4, 1)
    organiser_kind = Activity.Organiser.SCHOOL
    organiser = "学校"
    children_count = 20


class DonorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Donor

    county = factory.SubFactory(CountyFactory)
    name = factory.Sequence(lambda n: f"爱心企业{n}")
    kind = Donor.Kind.ENTERPRISE


class DonationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Donation

    donor = factory.SubFactory(DonorFactory)
    county = factory.LazyAttribute(lambda o: o.donor.county)
    amount = Decimal("6000.00")
    received_by = Donation.Receiver.FEDERATION
    received_on = datetime.date(2025, 3, 1)


class AidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aid

    child = factory.SubFactory(ChildFactory)
    donation = factory.SubFactory(DonationFactory)
    kind = Aid.Kind.STUDY
    amount = Decimal("500.00")
    given_on = datetime.date(2025, 3, 10)


# Factories for the remaining models (added with the admin tests).


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    school = factory.SubFactory(SchoolFactory)
    year = 2025
    semester = Semester.SPRING
    pupils = 850


class TransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transfer

    child = factory.SubFactory(ChildFactory)
    from_school = factory.SubFactory(SchoolFactory, town=factory.SelfAttribute("..child.town"))
    to_school = factory.LazyAttribute(lambda o: o.child.school)
    on = datetime.date(2025, 2, 20)
    reason = "随祖父母迁居"
    by = factory.SubFactory(UserFactory)


class EquipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Equipment

    home = factory.SubFactory(HomeFactory)
    name = factory.Sequence(lambda n: f"设备{n}")
    quantity = 2


class VolunteerTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerTeam

    county = factory.SubFactory(CountyFactory)
    kind = VolunteerTeam.Kind.CARING_MOTHERS
    name = factory.Sequence(lambda n: f"爱心妈妈队{n}")
    members = 30


class JointMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointMeeting

    county = factory.SubFactory(CountyFactory)
    held_on = datetime.date(2025, 3, 20)
    chaired_by = "县委副书记"


class PolicyDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyDocument

    county = factory.SubFactory(CountyFactory)
    title = factory.Sequence(lambda n: f"关于加强留守儿童关爱工作的意见{n}")
    issuer = "县政府办公室"
    issued_on = datetime.date(2025, 2, 1)


class HalfYearReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HalfYearReport

    county = factory.SubFactory(CountyFactory)
    year = 2025
    period = HalfYearReport.Period.H1
    created_by = factory.SubFactory(UserFactory, county=factory.SelfAttribute("..county"))


class AuditEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEvent

    user = factory.SubFactory(UserFactory)
    action = AuditEvent.Action.UPDATE
    summary = "修改记录"
