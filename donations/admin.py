"""Admin for donors, donations and the aid passed on to children."""

from django.contrib import admin
from django.http import HttpRequest

from children.selectors import children_visible_to
from core.admin import AdminOnlyMixin, NoDeleteMixin, ReadOnlyMixin

from .models import Aid, Donation, Donor


@admin.register(Donor)
class DonorAdmin(AdminOnlyMixin, admin.ModelAdmin):
    """Enterprises, people, organisations and bodies who give."""

    list_display = ("name", "kind", "county")
    list_filter = ("kind", "county")
    list_select_related = ("county",)
    search_fields = ("name",)


class AidInline(ReadOnlyMixin, AdminOnlyMixin, admin.TabularInline):
    """Aid drawn from this donation, limited to the children the user may see (none for an
    administrator); read-only, since aid is given through the register's services."""

    model = Aid
    fields = ("given_on", "child", "kind", "amount", "goods")
    extra = 0

    def get_queryset(self, request: HttpRequest):
        return (
            super()
            .get_queryset(request)
            .filter(child__in=children_visible_to(request.user))
            .select_related("child")
        )


@admin.register(Donation)
class DonationAdmin(NoDeleteMixin, AdminOnlyMixin, admin.ModelAdmin):
    """Donations received; never deleted, since aid given to children may point at them."""

    list_display = ("received_on", "donor", "form", "amount", "received_by", "school", "purpose")
    list_filter = ("form", "received_by", "county", "donor__kind")
    list_select_related = ("donor", "school")
    search_fields = ("donor__name", "goods", "purpose")
    date_hierarchy = "received_on"
    autocomplete_fields = ("donor", "school")
    readonly_fields = ("created_by",)
    inlines = (AidInline,)

    def save_model(self, request: HttpRequest, obj: Donation, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Aid)
class AidAdmin(ReadOnlyMixin, AdminOnlyMixin, admin.ModelAdmin):
    """Aid given to children in the user's scope; empty for an administrator, who never sees
    a child's file. Read-only and never deleted."""

    list_display = ("given_on", "child", "kind", "amount", "donation", "given_by")
    list_filter = ("kind",)
    list_select_related = ("child", "donation__donor", "given_by")
    search_fields = ("child__name", "goods", "notes")
    date_hierarchy = "given_on"
    autocomplete_fields = ("child", "donation", "given_by")

    def get_queryset(self, request: HttpRequest):
        return Aid.objects.filter(child__in=children_visible_to(request.user)).select_related(
            "child", "donation__donor", "given_by"
        )
