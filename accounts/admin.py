"""The admin site: open to the county's administrators only; user accounts and their scopes.

Administrators manage accounts and reference data (DOMAIN.md). Every ModelAdmin of the
project uses `AdminOnlyMixin`, and the site itself refuses anyone else, so a member of
staff with another role cannot use the admin even if `is_staff` was set by mistake.
"""

import copy

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    UserChangeForm,
)
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import AdminOnlyMixin, NoDeleteMixin, is_platform_admin

from .models import User
from .services import user_change_role, user_create, user_reset_password, user_set_active

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

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        """Keep the county fixed, and one's own role, scope and flags out of one's reach."""
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("county")
        if obj is not None and obj.pk == request.user.pk:
            fields += [f for f in (*SCOPE_FIELDS, "is_active", "is_staff") if f not in fields]
        return fields

    def save_model(self, request: HttpRequest, obj: User, form, change: bool) -> None:
        """Save through the audited services: role, scope, active flag and password."""
        if not change:
            user_create(
                by=request.user,
                instance=obj,
                username=obj.username,
                role=obj.role,
                full_name=obj.full_name,
                email=obj.email,
                phone=obj.phone,
                town=obj.town,
                village=obj.village,
                school=obj.school,
                county=obj.county if request.user.is_superuser else None,
                password=form.cleaned_data.get("password1") or None,
                must_change_password=obj.must_change_password,
                is_staff=obj.is_staff,
            )
            return
        initial = form.initial
        wanted = {"role": obj.role, "town": obj.town, "village": obj.village, "school": obj.school}
        active = obj.is_active
        # Put back what the form changed, so that the services see (and audit) before/after.
        obj.role = initial.get("role", obj.role)
        obj.town_id, obj.village_id, obj.school_id = (
            initial.get("town", obj.town_id),
            initial.get("village", obj.village_id),
            initial.get("school", obj.school_id),
        )
        obj.is_active = initial.get("is_active", obj.is_active)
        obj.save()
        before = {"role": obj.role, "town": obj.town, "village": obj.village, "school": obj.school}
        if wanted != before:
            user_change_role(by=request.user, user=obj, **wanted)
        if active != obj.is_active:
            user_set_active(by=request.user, user=obj, active=active)

    def user_change_password(self, request: HttpRequest, id, form_url=""):
        """Set another account's password through `user_reset_password` (audited)."""
        target = self.get_object(request, unquote(id))
        if target is None or target.pk == request.user.pk:
            # One's own password is changed on the password page, which asks for the old one.
            raise Http404
        by = request.user

        class AuditedPasswordForm(AdminPasswordChangeForm):
            def __init__(self, user, *args, **kwargs):
                super().__init__(user, *args, **kwargs)
                self.fields.pop("usable_password", None)
                self.fields["password1"].required = self.fields["password2"].required = True

            def save(self, commit: bool = True) -> User:
                user_reset_password(by=by, user=self.user, password=self.cleaned_data["password1"])
                return self.user

        scoped = copy.copy(self)
        scoped.change_password_form = AuditedPasswordForm
        return DjangoUserAdmin.user_change_password(scoped, request, id, form_url)

    @admin.action(description=_("停用所选账号"), permissions=["change"])
    def deactivate_users(self, request: HttpRequest, queryset) -> None:
        """Deactivate the selected accounts (never the caller's own); each one audited."""
        targets = list(queryset.filter(is_active=True).exclude(pk=request.user.pk))
        with transaction.atomic():
            for user in targets:
                user_set_active(by=request.user, user=user, active=False)
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
