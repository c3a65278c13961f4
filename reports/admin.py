"""Admin for joint meetings, policy documents and half-year reports."""

from django.contrib import admin
from django.http import HttpRequest

from core.admin import AdminOnlyMixin

from .models import HalfYearReport, JointMeeting, PolicyDocument


@admin.register(JointMeeting)
class JointMeetingAdmin(AdminOnlyMixin, admin.ModelAdmin):
    """Meetings of the county's joint-meeting system."""

    list_display = ("held_on", "chaired_by", "county")
    list_filter = ("county",)
    list_select_related = ("county",)
    search_fields = ("chaired_by", "attendees", "decisions")
    date_hierarchy = "held_on"


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(AdminOnlyMixin, admin.ModelAdmin):
    """Documents issued for the programme."""

    list_display = ("__str__", "issuer", "number", "issued_on", "county")
    list_filter = ("county", "issuer")
    list_select_related = ("county",)
    search_fields = ("title", "issuer", "number")
    date_hierarchy = "issued_on"


@admin.register(HalfYearReport)
class HalfYearReportAdmin(AdminOnlyMixin, admin.ModelAdmin):
    """Half-year reports, shown read-only: drafted and filed through the reports pages.

    A filed report is frozen, so it may never be changed or deleted; a draft may be deleted.
    """

    list_display = ("__str__", "county", "town", "status", "created_by", "created_at", "filed_at")
    list_filter = ("status", "period", "year", "county")
    list_select_related = ("county", "town", "created_by")
    date_hierarchy = "created_at"
    raw_id_fields = ("based_on", "created_by", "filed_by")

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and obj.status == HalfYearReport.Status.FILED:
            return False
        return super().has_delete_permission(request, obj)
