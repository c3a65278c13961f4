"""The report's place: the county, or one of its towns, through the permission table."""

from django.db.models import QuerySet

from accounts.roles import Kind
from accounts.roles import Scope as RoleScope
from activities.models import Activity, Home
from activities.selectors import ACTIVITY_PLACES, HOME_PLACES
from children.models import Child
from children.selectors import CHILD_PLACES
from donations.models import Aid, Donation
from donations.selectors import DONATION_PLACES
from schools.models import County, School, Town


class Scope:
    """Filters that narrow each kind of record to the county, or to one of its towns."""

    def __init__(self, county: County, town: Town | None):
        self.county = county
        self.town = town
        # The report's place, seen through the permission table's place paths.
        self.place = RoleScope.of_place(county_id=county.pk, town_id=town.pk if town else None)

    def children(self) -> QuerySet[Child]:
        """Return the children of the county or town (any status)."""
        return self.place.filter(Kind.CHILDREN, Child.objects.all(), **CHILD_PLACES)

    def schools(self) -> QuerySet[School]:
        """Return the active schools."""
        qs = School.objects.filter(is_active=True)
        return self.place.filter(Kind.CHILDREN, qs, county="town__county_id", town="town_id")

    def homes(self) -> QuerySet[Home]:
        """Return the homes and activity rooms."""
        return self.place.filter(Kind.HOMES, Home.objects.all(), **HOME_PLACES)

    def activities(self) -> QuerySet[Activity]:
        """Return the activities."""
        return self.place.filter(Kind.ACTIVITIES, Activity.objects.all(), **ACTIVITY_PLACES)

    def donations(self) -> QuerySet[Donation]:
        """Return the donations received."""
        return self.place.filter(Kind.AID, Donation.objects.all(), **DONATION_PLACES)

    def aid(self) -> QuerySet[Aid]:
        """Return the valid (not voided) aid given to the scope's children."""
        return Aid.objects.valid().filter(child__in=self.children())
