"""Who may see which home, room, activity and photo, and the lists built on that.

School staff see their school's; a town officer their town's; county roles the county's.
Every view and export of this app starts from `homes_visible_to` or `activities_visible_to`.
"""

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from accounts.roles import Kind, roles_seeing, roles_writing, scope_of
from children.selectors import children_visible_to, without_secrets

from .models import Activity, ActivityPhoto, Equipment, Home, VolunteerTeam

HOME_PLACES = {"town": "town_id", "school": "school_id"}
PHOTO_PLACES = {
    "county": "activity__county_id",
    "town": ("activity__town_id", "activity__school__town_id"),
    "school": "activity__school_id",
}
ACTIVITY_PLACES = {"town": ("town_id", "school__town_id"), "school": "school_id"}
# Roles that work with homes and activities at all (the views serve only these).
ACTIVITY_ROLES = roles_seeing(Kind.ACTIVITIES)
# Roles that add and edit them; the coordination group reads only.
ACTIVITY_EDITORS = roles_writing(Kind.ACTIVITIES)


def homes_visible_to(user) -> QuerySet[Home]:
    """Return the homes and activity rooms `user` may see."""
    return scope_of(user).filter(Kind.HOMES, Home.objects.all(), **HOME_PLACES)


def home_for(user, pk: int) -> Home:
    """Return home `pk` with its equipment if `user` may see it; 404 for missing and forbidden."""
    qs = homes_visible_to(user).select_related("school", "town").prefetch_related("equipment")
    return get_object_or_404(qs, pk=pk)


def activities_visible_to(user) -> QuerySet[Activity]:
    """Return the activities `user` may see: their school's, town's or county's."""
    return scope_of(user).filter(Kind.ACTIVITIES, Activity.objects.all(), **ACTIVITY_PLACES)


def activity_for(user, pk: int) -> Activity:
    """Return activity `pk` with its photos and the participants `user` may see; 404 otherwise.

    Participants are narrowed to `children_visible_to(user)`, so the coordination group
    sees how many took part but never who.
    """
    visible = without_secrets(children_visible_to(user)).select_related("school")
    visible = visible.order_by("school", "name")
    photos = scope_of(user).filter(Kind.PHOTOS, ActivityPhoto.objects.all(), **PHOTO_PLACES)
    qs = (
        activities_visible_to(user)
        .select_related("school", "town", "home", "created_by")
        .prefetch_related(
            Prefetch("participants", queryset=visible, to_attr="visible_participants"),
            Prefetch("photos", queryset=photos),
        )
        .annotate(participant_total=Count("participants", distinct=True))
    )
    return get_object_or_404(qs, pk=pk)


def photo_for(user, pk: int) -> ActivityPhoto:
    """Return photo `pk` if `user` may see photos of its activity; 404 otherwise."""
    photos = scope_of(user).filter(Kind.PHOTOS, ActivityPhoto.objects.all(), **PHOTO_PLACES)
    return get_object_or_404(photos, pk=pk)


def home_list(user, filters: dict) -> QuerySet[Home]:
    """Return the homes in scope narrowed by `filters`, with equipment, in constant queries."""
    qs = homes_visible_to(user).select_related("school", "town")
    period = filters.get("period")
    if period:
        # A home counts in a period by the year it was built (or planned, if not built yet).
        years = (period.start.year, period.end.year)
        qs = qs.filter(
            Q(built_year__range=years) | Q(built_year__isnull=True, planned_year__range=years)
        )
    if filters.get("town"):
        qs = qs.filter(town=filters["town"])
    if filters.get("school"):
        qs = qs.filter(school=filters["school"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("shared") == "yes":
        qs = qs.filter(is_shared=True)
    elif filters.get("shared") == "no":
        qs = qs.filter(is_shared=False)
    equipment = Equipment.objects.order_by("name")
    return (
        qs.prefetch_related(Prefetch("equipment", queryset=equipment))
        .annotate(activity_count=Count("activities", distinct=True))
        .order_by("kind", "town__name", "name", "pk")
    )


def home_counts(qs: QuerySet[Home]) -> dict[str, int]:
    """Return totals of the listed homes in one aggregate query."""
    return qs.aggregate(
        total=Count("pk", distinct=True),
        built=Count("pk", filter=Q(built_year__isnull=False), distinct=True),
        shared=Count("pk", filter=Q(is_shared=True), distinct=True),
        rooms=Count("pk", filter=Q(kind=Home.Kind.ACTIVITY_ROOM), distinct=True),
    )


def activity_list(user, filters: dict) -> QuerySet[Activity]:
    """Return the activities in scope narrowed by `filters`, annotated, in one query."""
    qs = activities_visible_to(user).select_related("school", "town", "home")
    period = filters.get("period")
    if period:
        qs = qs.filter(on__range=(period.start, period.end))
    if filters.get("town"):
        town = filters["town"]
        qs = qs.filter(Q(town=town) | Q(school__town=town))
    if filters.get("school"):
        qs = qs.filter(school=filters["school"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    return qs.annotate(
        participant_total=Count("participants", distinct=True),
        photo_count=Count("photos", distinct=True),
    ).order_by("-on", "-pk")


def activity_totals(qs: QuerySet[Activity]) -> dict[str, int]:
    """Return how many activities and how many children, parents and audience they reached."""
    base = Activity.objects.filter(pk__in=qs.values("pk"))
    totals = base.aggregate(
        total=Count("pk"),
        children=Sum("children_count"),
        parents=Sum("parents_count"),
        audience=Sum("audience_count"),
    )
    return {k: v or 0 for k, v in totals.items()}


TEAM_EDITORS = roles_writing(Kind.TEAMS)


def teams_visible_to(user) -> QuerySet[VolunteerTeam]:
    """Return the county's volunteer teams (names and sizes: no personal data) for `user`."""
    qs = VolunteerTeam.objects.select_related("home")
    return scope_of(user).filter(Kind.TEAMS, qs)


def team_for(user, pk: int) -> VolunteerTeam:
    """Return team `pk` if `user` may see it; 404 for missing and forbidden alike."""
    return get_object_or_404(teams_visible_to(user), pk=pk)
