"""Carers, their pairings with children, and the contacts they record."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import validate_mobile, validate_not_future

from .record import Child


class Carer(models.Model):
    """A person who cares for children: a teacher with a login or a volunteer without one."""

    class Kind(models.TextChoices):
        MENTOR = "mentor", _("帮扶教师")
        PROXY_PARENT = "proxy_parent", _("代理家长")
        CARING_MOTHER = "caring_mother", _("爱心妈妈")
        OTHER = "other", _("其他帮扶人")

    class Background(models.TextChoices):
        TEACHER = "teacher", _("教师")
        CADRE = "cadre", _("村（居）干部")
        PARTY_MEMBER = "party_member", _("党员干部")
        VOLUNTEER = "volunteer", _("社会志愿者")
        SUPERVISOR = "supervisor", _("教监会成员")
        OTHER = "other", _("其他")

    county = models.ForeignKey(
        "schools.County", verbose_name=_("县"), on_delete=models.PROTECT, related_name="carers"
    )
    kind = models.CharField(_("类别"), max_length=14, choices=Kind.choices)
    background = models.CharField(
        _("身份"), max_length=14, choices=Background.choices, default=Background.TEACHER
    )
    name = models.CharField(_("姓名"), max_length=30)
    unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("所在学校"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carers",
    )
    town = models.ForeignKey(
        "schools.Town",
        verbose_name=_("所在乡镇"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carers",
    )
    phone = models.CharField(_("手机号码"), max_length=11, blank=True, validators=[validate_mobile])
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carer",
    )
    is_active = models.BooleanField(_("在岗"), default=True)

    class Meta:
        verbose_name = _("帮扶人")
        verbose_name_plural = _("帮扶人")
        ordering = ["county", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"


class PairingQuerySet(models.QuerySet):
    """Pairings, with the one definition of a current mentor pairing."""

    def current_mentors(self) -> "PairingQuerySet":
        """Return the pairings of a mentor that have not ended."""
        return self.filter(role=Pairing.Role.MENTOR, ended_on__isnull=True)

    def current_at(self, day) -> "PairingQuerySet":
        """Return the pairings (any role) running at the end of `day`."""
        return self.filter(
            models.Q(started_on__lte=day)
            & (models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=day))
        )


class Pairing(models.Model):
    """One carer paired with one child in one role, from a date until it ends."""

    class Role(models.TextChoices):
        MENTOR = "mentor", _("帮扶教师")
        PROXY_PARENT = "proxy_parent", _("代理家长")
        CARING_MOTHER = "caring_mother", _("爱心妈妈")

    carer = models.ForeignKey(
        Carer, verbose_name=_("帮扶人"), on_delete=models.PROTECT, related_name="pairings"
    )
    child = models.ForeignKey(
        Child, verbose_name=_("儿童"), on_delete=models.PROTECT, related_name="pairings"
    )
    role = models.CharField(_("结对角色"), max_length=14, choices=Role.choices)
    started_on = models.DateField(_("结对日期"), validators=[validate_not_future])
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    end_reason = models.CharField(_("结束原因"), max_length=200, blank=True)

    objects = PairingQuerySet.as_manager()

    class Meta:
        verbose_name = _("结对帮扶")
        verbose_name_plural = _("结对帮扶")
        ordering = ["child", "-started_on", "-id"]
        constraints = [
            # A child has at most one current carer in each role.
            models.UniqueConstraint(
                fields=["child", "role"],
                condition=models.Q(ended_on__isnull=True),
                name="pairing_one_current_per_role",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="pairing_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["carer", "ended_on"], name="pairing_carer_current"),
            # "Children with a current mentor", asked by the register and every dashboard.
            models.Index(
                fields=["child"],
                condition=models.Q(role="mentor", ended_on__isnull=True),
                name="pairing_current_mentor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carer.name} — {self.child.name}（{self.get_role_display()}）"

    def clean(self) -> None:
        """Refuse an end date before the start date."""
        super().clean()
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("结束日期不能早于结对日期。")})


class LiveContactManager(models.Manager):
    """Contacts that count: a withdrawn contact stays in the table but in no list or figure."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class Contact(models.Model):
    """A contact a carer had with a child or the child's parents: visit, talk or call.

    Its author may correct or withdraw it within CORRECTION_WINDOW of recording it; a
    withdrawn contact is kept (never deleted) with why (the audit row says who), left out
    of every count through the default manager. `with_withdrawn` sees them all.
    """

    CORRECTION_WINDOW = datetime.timedelta(hours=24)

    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", _("家访")
        TALK = "talk", _("谈心")
        PARENT_CALL = "parent_call", _("亲情电话")
        VIDEO_CALL = "video_call", _("视频通话")

    child = models.ForeignKey(
        Child, verbose_name=_("儿童"), on_delete=models.PROTECT, related_name="contacts"
    )
    carer = models.ForeignKey(
        Carer,
        verbose_name=_("帮扶人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
    )
    kind = models.CharField(_("方式"), max_length=12, choices=Kind.choices)
    on = models.DateField(_("日期"), validators=[validate_not_future])
    notes = models.TextField(_("情况记录"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdraw_reason = models.CharField(_("撤回原因"), max_length=200, blank=True)

    with_withdrawn = models.Manager()
    objects = LiveContactManager()

    class Meta:
        default_manager_name = "objects"
        verbose_name = _("联系记录")
        verbose_name_plural = _("联系记录")
        ordering = ["child", "-on", "-id"]
        indexes = [
            models.Index(fields=["child", "-on"], name="contact_child_on"),
            # "Children contacted since a date" and the contacts counted in a period: a
            # range on `on` that yields child ids and kinds from the index alone (only
            # contacts that count, which every such read goes through).
            models.Index(
                fields=["on", "child"],
                include=["kind", "id"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="contact_live_on_child",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()} {self.child.name}"
