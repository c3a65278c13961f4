"""The admin site: open to the county's administrators only; user accounts and their scopes.

Administrators manage accounts and reference data (DOMAIN.md). Every ModelAdmin of the
project uses `AdminOnlyMixin`, and the site itself refuses anyone else, so a member of
staff with another role cannot use the admin even if `is_staff` was set by mistake.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from audit.models import AuditEvent
from audit.services import audit_record
from core.admin import AdminOnlyMixin, NoDeleteMixin, is_platform_admin

from .models import User

admin.site.site_header = _("留守儿童关爱服务平台 管理后台")
admin.site.site_title = _("留守儿童关爱服务平台")
admin.site.index_title = _("账号与基础数据管理")


def _site_has_permission(request: HttpRequest) -> bool:
    """Return whether the request's user may open any page of the admin site."""
    return is_platform_admin(request.user)


# The default site only checks is_active and is_staff; replacing its check here (instead of
# a custom AdminSite) keeps `admin.site` and autodiscovery as every app expects them.
admin.site.has_permission = _site_has_permission

# Roles, not groups or per-model permissions, decide what a user may do.
admin.site.unregister(Group)


class UserAdminChangeForm(UserChangeForm):
    """The change form for the project's User model."""

    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class UserAdminCreationForm(AdminUserCreationForm):
    """The add form for the project's User model, with the role and scope fields."""

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username",)


SCOPE_FIELDS = ("role", "county", "town", "village", "school")


@admin.register(User)
class UserAdmin(NoDeleteMixin, AdminOnlyMixin, DjangoUserAdmin):
    """Accounts: role and scope, contact details; deactivated, never deleted."""

    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("full_name", "email", "phone")}),
        (_("角色与范围"), {"fields": SCOPE_FIELDS}),
        (_("状态"), {"fields": ("is_active", "is_staff", "must_change_password")}),
        (_("重要日期"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
        (_("个人信息"), {"fields": ("full_name", "email", "phone")}),
        (_("角色与范围"), {"fields": SCOPE_FIELDS}),
        (_("状态"), {"fields": ("is_staff", "must_change_password")}),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = (
        "username",
        "full_name",
        "role",
        "county",
        "scope_label",
        "phone",
        "is_active",
        "is_staff",
        "last_login",
    )
    list_filter = ("role", "county", "is_active", "is_staff")
    list_select_related = ("county", "town", "village__town", "school")
    search_fields = ("username", "full_name", "email", "phone")
    autocomplete_fields = ("town", "village", "school")
    ordering = ("username",)
    filter_horizontal = ()
    actions = ("deactivate_users",)

    @admin.display(description=_("工作范围"))
    def scope_label(self, obj: User) -> str:
        return obj.scope_label

    @admin.action(description=_("停用所选账号"), permissions=["change"])
    def deactivate_users(self, request: HttpRequest, queryset) -> None:
        """Deactivate the selected accounts (never the caller's own) and audit each one."""
        targets = list(queryset.filter(is_active=True).exclude(pk=request.user.pk))
        with transaction.atomic():
            for user in targets:
                user.is_active = False
                user.save(update_fields=["is_active"])
                audit_record(
                    by=request.user,
                    action=AuditEvent.Action.UPDATE,
                    obj=user,
                    summary=f"停用账号 {user.username}",
                    changes={"is_active": [True, False]},
                )
        if queryset.filter(pk=request.user.pk).exists():
            self.message_user(request, _("不能停用自己的账号。"), messages.WARNING)
        self.message_user(
            request,
            ngettext("已停用 %(n)d 个账号。", "已停用 %(n)d 个账号。", len(targets))
            % {"n": len(targets)},
            messages.SUCCESS,
        )


def guard_all_admins() -> None:
    """Put every admin registered by a third-party app behind AdminOnlyMixin.

    Runs from AccountsConfig.ready(), after admin autodiscovery, so the lockout records
    (django-axes) and task results are visible to platform administrators and no one else.
    """
    for model, model_admin in list(admin.site._registry.items()):
        if isinstance(model_admin, AdminOnlyMixin):
            continue
        guarded = type(
            f"Guarded{type(model_admin).__name__}", (AdminOnlyMixin, type(model_admin)), {}
        )
        admin.site.unregister(model)
        admin.site.register(model, guarded)
