"""Admin for the audit trail: read-only, for the administrators who review it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import AdminOnlyMixin, ReadOnlyMixin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyMixin, AdminOnlyMixin, admin.ModelAdmin):
    """The append-only audit trail; nobody adds, changes or deletes an event here.

    The child is shown by number only, and the recorded changes are left out: an
    administrator reviews who did what, not the content of a child's file.
    """

    fields = ("at", "user", "action", "object_type", "object_id", "child_number", "summary")
    readonly_fields = fields
    list_display = ("at", "user", "action", "object_type", "object_id", "child_number", "summary")
    list_filter = ("action", "object_type")
    list_select_related = ("user",)
    search_fields = (
        "user__username",
        "user__full_name",
        "=child__id",
        "object_type",
        "object_id",
        "summary",
    )
    date_hierarchy = "at"

    @admin.display(description=_("儿童编号"), ordering="child_id")
    def child_number(self, obj: AuditEvent) -> str:
        return str(obj.child_id or "")
