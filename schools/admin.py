"""Admin for the county's reference data: its profile, towns, villages, schools, enrolment.

Places and schools are never deleted (a school closes by `is_active`): children point at
them, and Django's delete page would list those children by name to the administrator.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from audit.resources import ReferenceImportExportMixin
from core.admin import AdminOnlyMixin, NoDeleteMixin

from .models import County, Enrollment, School, Town, Village
from .resources import EnrollmentResource, SchoolResource, TownResource, VillageResource


@admin.register(County)
class CountyAdmin(NoDeleteMixin, AdminOnlyMixin, admin.ModelAdmin):
    """The county and the profile its half-year report opens with."""

    list_display = ("name", "code", "area_km2", "population", "coordination_since")
    search_fields = ("name", "code")
    fieldsets = (
        (None, {"fields": ("name", "code")}),
        (_("概况"), {"fields": ("location_text", "area_km2", "population")}),
        (
            _("协调机制"),
            {"fields": ("coordination_since", "coordination_leader", "report_issuer")},
        ),
        (_("工作要求"), {"fields": ("max_children_per_carer", "contact_interval_days")}),
    )


@admin.register(Town)
class TownAdmin(ReferenceImportExportMixin, NoDeleteMixin, AdminOnlyMixin, admin.ModelAdmin):
    """Towns, townships and sub-districts of a county."""

    resource_classes = [TownResource]

    list_display = ("name", "kind", "county")
    list_filter = ("county", "kind")
    list_select_related = ("county",)
    search_fields = ("name",)


@admin.register(Village)
class VillageAdmin(ReferenceImportExportMixin, NoDeleteMixin, AdminOnlyMixin, admin.ModelAdmin):
    """Administrative villages and residents' committees."""

    resource_classes = [VillageResource]

    list_display = ("name", "kind", "town")
    list_filter = ("kind", "town__county", "town")
    list_select_related = ("town",)
    search_fields = ("name", "town__name")
    autocomplete_fields = ("town",)

    def get_queryset(self, request):
        # Village.__str__ names its town: fetch it with the village (autocomplete too).
        return super().get_queryset(request).select_related("town")


class EnrollmentInline(AdminOnlyMixin, admin.TabularInline):
    """A school's pupils enrolled, one row per term."""

    model = Enrollment
    extra = 1


@admin.register(School)
class SchoolAdmin(ReferenceImportExportMixin, NoDeleteMixin, AdminOnlyMixin, admin.ModelAdmin):
    """The county's schools, with the pupils they enrolled each term."""

    resource_classes = [SchoolResource]

    list_display = ("name", "kind", "town", "has_parent_school", "is_active")
    list_filter = ("kind", "is_active", "has_parent_school", "town__county", "town")
    list_select_related = ("town",)
    search_fields = ("name", "town__name", "address")
    autocomplete_fields = ("town",)
    inlines = (EnrollmentInline,)


@admin.register(Enrollment)
class EnrollmentAdmin(ReferenceImportExportMixin, AdminOnlyMixin, admin.ModelAdmin):
    """Pupils enrolled per school and term (the report's 在校学生)."""

    resource_classes = [EnrollmentResource]

    list_display = ("school", "year", "semester", "pupils")
    list_filter = ("year", "semester", "school__town")
    list_select_related = ("school",)
    search_fields = ("school__name",)
    autocomplete_fields = ("school",)
