"""factory_boy factories for every model the tests build; IDs are valid and unique."""

import datetime
import itertools
from decimal import Decimal

import factory

from accounts.models import Role, User
from activities.models import Activity, Home
from children.models import Carer, Child, Concern, Contact, Pairing, Parent
from children.validators import id_check_char
from donations.models import Aid, Donation, Donor
from schools.models import County, School, Town, Village

_serial = itertools.count(1)


def make_id_number(
    birth: datetime.date, sex: str = "M", *, area: str = "340221", serial: int | None = None
) -> str:
    """Return a valid 18-digit resident ID for the birth date and sex ("M" or "F")."""
    n = next(_serial) if serial is None else serial
    seq = n % 100
    sex_digit = (2 * (n % 5) + (1 if sex == "M" else 0)) % 10
    first17 = f"{area}{birth:%Y%m%d}{seq:02d}{sex_digit}"
    return first17 + id_check_char(first17)


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


class PairingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pairing

    child = factory.SubFactory(ChildFactory)
    carer = factory.SubFactory(CarerFactory, school=factory.SelfAttribute("..child.school"))
    role = Pairing.Role.MENTOR
    started_on = datetime.date(2024, 9, 1)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    child = factory.SubFactory(ChildFactory)
    kind = Contact.Kind.HOME_VISIT
    on = datetime.date(2025, 3, 1)
    notes = "家访，了解学习情况。"


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concern

    child = factory.SubFactory(ChildFactory)
    kind = Concern.Kind.LIVING_ALONE
    description = "周末独自在家。"
    raised_by = factory.SubFactory(UserFactory)


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
