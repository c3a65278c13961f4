from django.contrib import admin

from .models import Survey


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    """Surveys, read-only: they are opened and closed in the app, where it is audited."""

    list_display = ("county", "year", "semester", "deadline", "status", "opened_at", "closed_at")
    list_filter = ("status", "semester")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
