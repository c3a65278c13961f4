"""Admin for the register: every queryset starts from the scoping selectors.

An administrator manages accounts and reference data, never a child's file (DOMAIN.md), so
`children_visible_to` and its siblings return nothing for them: these admins are registered
so that the structure is visible, and show an administrator an empty list. They are
read-only for everyone: a child's record changes only through the register's services,
which validate it and write the audit trail; nothing about a child is ever deleted.
"""

from django.contrib import admin
from django.http import HttpRequest

from core.admin import AdminOnlyMixin, ReadOnlyMixin

from .models import Carer, Child, Concern, Contact, Pairing, Parent, Transfer
from .selectors import (
    carers_visible_to,
    children_visible_to,
    concerns_visible_to,
    contacts_visible_to,
    pairings_visible_to,
)


class ChildDataAdmin(ReadOnlyMixin, AdminOnlyMixin, admin.ModelAdmin):
    """A read-only admin of records about children, limited to the user's scope."""


class ParentInline(ReadOnlyMixin, AdminOnlyMixin, admin.TabularInline):
    """The child's father and mother, shown read-only with the child."""

    model = Parent
    fields = ("relation", "name", "status", "work_province", "work_city", "away_since", "phone")
    extra = 0

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).filter(child__in=children_visible_to(request.user))


@admin.register(Child)
class ChildAdmin(ChildDataAdmin):
    """The register. Empty for an administrator, who never sees a child's file."""

    list_display = (
        "name",
        "sex",
        "school",
        "grade",
        "class_name",
        "village",
        "status",
        "is_left_behind",
        "is_migrant",
        "is_in_difficulty",
        "is_unsupported",
    )
    list_filter = (
        "status",
        "is_left_behind",
        "is_migrant",
        "is_in_difficulty",
        "is_unsupported",
        "schooling_status",
        "health",
        ("school", admin.RelatedOnlyFieldListFilter),
        ("town", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("school", "town", "village__town")
    search_fields = ("name", "id_number")
    date_hierarchy = "registered_on"
    autocomplete_fields = ("school", "town", "village")
    raw_id_fields = ("created_by",)
    inlines = (ParentInline,)

    def get_queryset(self, request: HttpRequest):
        return children_visible_to(request.user).select_related("school", "town", "village__town")


@admin.register(Parent)
class ParentAdmin(ChildDataAdmin):
    """Parents of the children in the user's scope; empty for an administrator."""

    list_display = ("child", "relation", "name", "status", "work_province", "work_city")
    list_filter = ("relation", "status")
    list_select_related = ("child",)
    search_fields = ("name", "child__name")
    autocomplete_fields = ("child",)

    def get_queryset(self, request: HttpRequest):
        return Parent.objects.filter(child__in=children_visible_to(request.user)).select_related(
            "child"
        )


@admin.register(Transfer)
class TransferAdmin(ChildDataAdmin):
    """Moves between schools of the children in the user's scope; empty for an administrator."""

    list_display = ("child", "from_school", "to_school", "on", "by")
    list_filter = (("to_school", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("child", "from_school", "to_school", "by")
    search_fields = ("child__name", "reason")
    date_hierarchy = "on"
    autocomplete_fields = ("child", "from_school", "to_school", "by")

    def get_queryset(self, request: HttpRequest):
        return Transfer.objects.filter(child__in=children_visible_to(request.user)).select_related(
            "child", "from_school", "to_school", "by"
        )


@admin.register(Carer)
class CarerAdmin(ChildDataAdmin):
    """Mentors, proxy parents and caring mothers in the user's scope; empty for an administrator.

    A carer is a person whose name and phone the register holds, and who is seen only by
    the roles that see the children they care for.
    """

    list_display = ("name", "kind", "background", "school", "town", "unit", "is_active")
    list_filter = ("kind", "background", "is_active")
    list_select_related = ("school", "town")
    search_fields = ("name", "unit")
    autocomplete_fields = ("school", "town", "user")

    def get_queryset(self, request: HttpRequest):
        return carers_visible_to(request.user).select_related("school", "town")


@admin.register(Pairing)
class PairingAdmin(ChildDataAdmin):
    """Pairings of the children in the user's scope; empty for an administrator."""

    list_display = ("child", "carer", "role", "started_on", "ended_on")
    list_filter = ("role", ("ended_on", admin.EmptyFieldListFilter))
    list_select_related = ("child", "carer")
    search_fields = ("child__name", "carer__name")
    date_hierarchy = "started_on"
    autocomplete_fields = ("child", "carer")

    def get_queryset(self, request: HttpRequest):
        return pairings_visible_to(request.user).select_related("child", "carer")


@admin.register(Contact)
class ContactAdmin(ChildDataAdmin):
    """Visits, talks and calls for the children in the user's scope; empty for an administrator."""

    list_display = ("on", "kind", "child", "carer", "recorded_by")
    list_filter = ("kind",)
    list_select_related = ("child", "carer", "recorded_by")
    search_fields = ("child__name", "carer__name")
    date_hierarchy = "on"
    autocomplete_fields = ("child", "carer", "recorded_by")

    def get_queryset(self, request: HttpRequest):
        return contacts_visible_to(request.user).select_related("child", "carer", "recorded_by")


@admin.register(Concern)
class ConcernAdmin(ChildDataAdmin):
    """Mandatory reports about the children in the user's scope; empty for an administrator."""

    list_display = ("kind", "child", "status", "raised_by", "raised_at", "closed_at")
    list_filter = ("status", "kind")
    list_select_related = ("child", "raised_by", "closed_by")
    search_fields = ("child__name", "description")
    date_hierarchy = "raised_at"
    autocomplete_fields = ("child", "raised_by", "closed_by")

    def get_queryset(self, request: HttpRequest):
        return concerns_visible_to(request.user).select_related("child", "raised_by", "closed_by")
