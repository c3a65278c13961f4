"""Users of the platform: a role (what they do) and a scope (where they do it)."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.validators import validate_mobile


class Role(models.TextChoices):
    """The kinds of user named in DOMAIN.md."""

    SCHOOL_STAFF = "school_staff", _("学校管理员")
    MENTOR = "mentor", _("帮扶教师")
    VILLAGE_DIRECTOR = "village_director", _("村儿童主任")
    TOWN_OFFICER = "town_officer", _("乡镇儿童督导员")
    FEDERATION = "federation", _("县妇联")
    EDUCATION = "education", _("县教育局")
    COORDINATION = "coordination", _("协调小组成员")
    ADMIN = "admin", _("系统管理员")


class ScopeLevel(models.TextChoices):
    """How far a user's work reaches."""

    SCHOOL = "school", _("学校")
    PAIRED = "paired", _("结对儿童")
    VILLAGE = "village", _("村（居）")
    TOWN = "town", _("乡镇")
    COUNTY = "county", _("全县")


# Which scope each role works at, and so which scope field must be filled.
ROLE_SCOPE = {
    Role.SCHOOL_STAFF: ScopeLevel.SCHOOL,
    Role.MENTOR: ScopeLevel.PAIRED,
    Role.VILLAGE_DIRECTOR: ScopeLevel.VILLAGE,
    Role.TOWN_OFFICER: ScopeLevel.TOWN,
    Role.FEDERATION: ScopeLevel.COUNTY,
    Role.EDUCATION: ScopeLevel.COUNTY,
    Role.COORDINATION: ScopeLevel.COUNTY,
    Role.ADMIN: ScopeLevel.COUNTY,
}


class User(AbstractUser):
    """A person with a login; `role` and the scope fields decide what they may see."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    county = models.ForeignKey(
        "schools.County", verbose_name=_("县"), on_delete=models.PROTECT, related_name="users"
    )
    town = models.ForeignKey(
        "schools.Town",
        verbose_name=_("乡镇"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    village = models.ForeignKey(
        "schools.Village",
        verbose_name=_("村（居）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("学校"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    phone = models.CharField(_("手机号码"), max_length=11, blank=True, validators=[validate_mobile])
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)
    # When this user's last break-the-glass grant ends: scoping skips looking grants up
    # (one query a request) for everyone without an unexpired one.
    emergency_until = models.DateTimeField(
        _("紧急查看有效至"), null=True, blank=True, editable=False
    )

    REQUIRED_FIELDS = ["email", "county", "role"]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        """Require exactly the scope field the role works at, and keep it inside the county."""
        super().clean()
        level = self.scope_level
        errors: dict[str, str] = {}
        if level == ScopeLevel.SCHOOL and not self.school_id:
            errors["school"] = _("学校管理员必须指定所属学校。")
        if level == ScopeLevel.TOWN and not self.town_id:
            errors["town"] = _("乡镇儿童督导员必须指定所属乡镇。")
        if level == ScopeLevel.VILLAGE and not self.village_id:
            errors["village"] = _("村儿童主任必须指定所属村（居）。")
        if self.school_id and self.county_id and self.school.town.county_id != self.county_id:
            errors["school"] = _("学校不在该县。")
        if self.town_id and self.county_id and self.town.county_id != self.county_id:
            errors["town"] = _("乡镇不在该县。")
        if self.village_id and self.county_id and self.village.town.county_id != self.county_id:
            errors["village"] = _("村（居）不在该县。")
        if self.village_id and self.town_id and self.village.town_id != self.town_id:
            errors["village"] = _("村（居）不属于所选乡镇。")
        if self.school_id and self.town_id and self.school.town_id != self.town_id:
            errors["school"] = _("学校不在所选乡镇。")
        if errors:
            raise ValidationError(errors)

    @property
    def scope_level(self) -> str | None:
        """Return the ScopeLevel this user's role works at."""
        return ROLE_SCOPE.get(self.role)

    @cached_property
    def scope(self):
        """Return this user's `accounts.roles.Scope`, built once per user object (request)."""
        from .roles import Scope  # roles.py reads Role from this module

        return Scope.of(self)

    @property
    def is_administrator(self) -> bool:
        """Return whether this is the county's IT administrator (who may use the admin)."""
        from .roles import Kind

        return self.scope.writes(Kind.USERS)

    @property
    def sees_children(self) -> bool:
        """Return whether this role may open any child's personal record."""
        return self.scope.sees_children

    @property
    def scope_label(self) -> str:
        """Return a short Chinese description of where this user works."""
        level = self.scope_level
        if level == ScopeLevel.SCHOOL and self.school_id:
            return str(self.school)
        if level == ScopeLevel.VILLAGE and self.village_id:
            return str(self.village)
        if level == ScopeLevel.TOWN and self.town_id:
            return str(self.town)
        if level == ScopeLevel.PAIRED:
            return str(_("本人结对的儿童"))
        return str(self.county) if self.county_id else ""


class EmergencyAccess(models.Model):
    """A time-limited "break the glass" grant to see one child outside one's usual scope."""

    user = models.ForeignKey(
        User, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="emergency_grants"
    )
    child = models.ForeignKey(
        "children.Child",
        verbose_name=_("儿童"),
        on_delete=models.PROTECT,
        related_name="emergency_grants",
    )
    reason = models.TextField(_("事由"))
    granted_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("到期时间"))
    reviewed_by = models.ForeignKey(
        User,
        verbose_name=_("审核人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("紧急查看记录")
        verbose_name_plural = _("紧急查看记录")
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "expires_at"], name="grant_user_expires")]

    def __str__(self) -> str:
        return f"{self.user} → {self.child_id}"
