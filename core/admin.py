"""Admin permissions shared by every app's ModelAdmin: administrators only, never delete.

Administrators manage accounts and reference data (docs/domain.md). Every ModelAdmin of the
project uses `AdminOnlyMixin`, and the site itself refuses anyone else, so a member of
staff with another role cannot use the admin even if `is_staff` was set by mistake.
"""

from django.http import Http404, HttpRequest


def is_platform_admin(user) -> bool:
    """Return whether `user` may use the admin: an active staff administrator, or a superuser."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(user.is_staff and getattr(user, "is_administrator", False))


def county_path(model, depth: int = 3) -> str | None:
    """Return the lookup from `model` to the id of its county (its tenant), or None.

    E.g. "school__town__county_id", found by following foreign keys breadth-first; "pk"
    for the county model itself; None for a model outside any county (lockout records,
    task results).
    """
    if model._meta.model_name == "county":
        return "pk"
    frontier = [(model, "")]
    for _depth in range(depth):
        following = []
        for current, prefix in frontier:
            for field in current._meta.get_fields():
                if not (field.many_to_one and field.concrete):
                    continue
                if field.name == "county":
                    return f"{prefix}county_id"
                if field.related_model is not model:
                    following.append((field.related_model, f"{prefix}{field.name}__"))
        frontier = following
    return None


def in_county(qs, user):
    """Return `qs` limited to `user`'s county (everything for a superuser)."""
    if getattr(user, "is_superuser", False):
        return qs
    path = county_path(qs.model)
    return qs.filter(**{path: user.county_id}) if path else qs


class AdminOnlyMixin:
    """Grant every admin permission to platform administrators and refuse it to anyone else.

    Every list, object page and choice list is limited to the administrator's county, and a
    record that is missing or out of reach is a 404 (Django would redirect to the index,
    which tells that the record exists). Admins narrow it further by listing
    `NoDeleteMixin` or `ReadOnlyMixin` before it.
    """

    def get_queryset(self, request: HttpRequest):
        return in_county(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = in_county(field.queryset, request.user)
        return field

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts, object_id):
        raise Http404

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_platform_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_platform_admin(request.user)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        # Inlines pass the parent object as an extra argument.
        return is_platform_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_platform_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_platform_admin(request.user)


class NoDeleteMixin:
    """Refuse deletion: records that hold or point at a child's data are never hard-deleted."""

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReadOnlyMixin(NoDeleteMixin):
    """Allow viewing only: the record is written by the platform's services, never here."""

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
