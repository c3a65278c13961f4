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

from .models import User
from .roles import Kind, scope_of
from .services import user_change_role, user_create, user_reset_password, user_set_active

admin.site.site_header = _("留守儿童关爱服务平台 管理后台")
admin.site.site_title = _("留守儿童关爱服务平台")
admin.site.index_title = _("账号与基础数据管理")


def is_platform_admin(user) -> bool:
    """Return whether `user` may use the admin: an active staff administrator, or a superuser."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(user.is_staff and scope_of(user).writes(Kind.USERS))


def _site_has_permission(request: HttpRequest) -> bool:
    """Return whether the request's user may open any page of the admin site."""
    return is_platform_admin(request.user)


# The default site only checks is_active and is_staff; replacing its check here (instead of
# a custom AdminSite) keeps `admin.site` and autodiscovery as every app expects them.
admin.site.has_permission = _site_has_permission

# Roles, not groups or per-model permissions, decide what a user may do.
admin.site.unregister(Group)


def county_path(model, depth: int = 3) -> str | None:
    """Return the lookup from `model` to its county's id (e.g. "school__town__county_id").

    Found by following foreign keys breadth-first; None for a model outside any county
    (lockout records, task results).
    """
    if model._meta.label == "schools.County":
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
    record that is missing or out of reach is a 404 (Django would redirect, telling that
    the record exists). Admins narrow it further by listing `NoDeleteMixin` or
    `ReadOnlyMixin` before it.
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
            initial.get("town"),
            initial.get("village"),
            initial.get("school"),
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
