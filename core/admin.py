"""Admin permissions shared by every app's ModelAdmin: administrators only, never delete.

Administrators manage accounts and reference data (docs/domain.md). Every ModelAdmin of the
project uses `AdminOnlyMixin`, and the site itself refuses anyone else, so a member of
staff with another role cannot use the admin even if `is_staff` was set by mistake.
"""

from django.http import HttpRequest


def is_platform_admin(user) -> bool:
    """Return whether `user` may use the admin: an active staff administrator, or a superuser."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(user.is_staff and getattr(user, "is_administrator", False))


class AdminOnlyMixin:
    """Grant every admin permission to platform administrators and refuse it to anyone else.

    Admins narrow it further by listing `NoDeleteMixin` or `ReadOnlyMixin` before it.
    """

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
