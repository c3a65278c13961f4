"""Admin for children's homes, activity rooms, their equipment, volunteer teams and activities."""

from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import AdminOnlyMixin, NoDeleteMixin

from .models import Activity, Equipment, Home, VolunteerTeam


class EquipmentInline(AdminOnlyMixin, admin.TabularInline):
    """The equipment of one home or room."""

    model = Equipment
    extra = 1


@admin.register(Home)
class HomeAdmin(AdminOnlyMixin, admin.ModelAdmin):
    """Children's homes in schools and the federation's activity rooms, with their equipment."""

    list_display = (
        "name",
        "kind",
        "school",
        "town",
        "mode",
        "planned_year",
        "built_year",
        "is_shared",
        "keeps_records",
    )
    list_filter = ("kind", "mode", "built_year", "is_shared", "keeps_records", "county", "town")
    list_select_related = ("school", "town")
    search_fields = ("name", "location", "school__name", "town__name")
    autocomplete_fields = ("school", "town")
    inlines = (EquipmentInline,)


@admin.register(Equipment)
class EquipmentAdmin(AdminOnlyMixin, admin.ModelAdmin):
    """Equipment rows across all homes and rooms."""

    list_display = ("name", "quantity", "home")
    list_filter = ("home__kind",)
    list_select_related = ("home",)
    search_fields = ("name", "home__name")
    autocomplete_fields = ("home",)


@admin.register(VolunteerTeam)
class VolunteerTeamAdmin(AdminOnlyMixin, admin.ModelAdmin):
    """Volunteer teams such as the caring mothers, and their size."""

    list_display = ("name", "kind", "members", "home", "founded_on")
    list_filter = ("kind", "county")
    list_select_related = ("home",)
    search_fields = ("name",)
    autocomplete_fields = ("home",)


@admin.register(Activity)
class ActivityAdmin(NoDeleteMixin, AdminOnlyMixin, admin.ModelAdmin):
    """Activities and their audience.

    The participating children are personal data and stay out of this admin: the form has
    no participants field (an administrator sees no child through `children_visible_to`,
    so the field would show empty and saving would wipe the list), and the pages show
    only how many took part. Activities are not deleted, since that would drop who took part.
    """

    list_display = (
        "on",
        "title",
        "kind",
        "organiser",
        "school",
        "town",
        "children_count",
        "parents_count",
        "audience_count",
        "participant_count",
    )
    list_filter = ("kind", "organiser_kind", "county", ("school", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("school", "town")
    search_fields = ("title", "organiser", "place")
    date_hierarchy = "on"
    autocomplete_fields = ("school", "town", "home")
    exclude = ("participants",)
    readonly_fields = ("participant_count", "created_by", "created_at")

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(_participants=Count("participants"))

    def save_model(self, request: HttpRequest, obj: Activity, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("登记参加儿童数"), ordering="_participants")
    def participant_count(self, obj: Activity) -> int:
        if obj.pk is None:
            return 0
        if hasattr(obj, "_participants"):
            return obj._participants
        return obj.participants.count()
