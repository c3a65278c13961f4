"""Donors, the donations they give, and the aid passed on to children."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import validate_not_future

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Donor(models.Model):
    """Someone who gives: an enterprise, a person, an organisation or a government body."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        PERSON = "person", _("个人")
        ORGANISATION = "organisation", _("社会组织")
        GOVERNMENT = "government", _("机关单位")

    county = models.ForeignKey(
        "schools.County", verbose_name=_("县"), on_delete=models.PROTECT, related_name="donors"
    )
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)

    class Meta:
        verbose_name = _("捐赠方")
        verbose_name_plural = _("捐赠方")
        ordering = ["county", "name"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="donor_unique_name")]

    def __str__(self) -> str:
        return self.name


class Donation(models.Model):
    """Money (yuan) or goods (with their value) received from a donor by a body of the county."""

    class Form(models.TextChoices):
        MONEY = "money", _("资金")
        GOODS = "goods", _("物资")

    class Receiver(models.TextChoices):
        FEDERATION = "federation", _("县妇联")
        SCHOOL = "school", _("学校")
        OTHER = "other", _("其他单位")

    county = models.ForeignKey(
        "schools.County", verbose_name=_("县"), on_delete=models.PROTECT, related_name="donations"
    )
    donor = models.ForeignKey(
        Donor, verbose_name=_("捐赠方"), on_delete=models.PROTECT, related_name="donations"
    )
    form = models.CharField(_("形式"), max_length=5, choices=Form.choices, default=Form.MONEY)
    amount = models.DecimalField(_("金额或折价（元）"), **MONEY)
    goods = models.CharField(_("物资说明"), max_length=200, blank=True)
    received_by = models.CharField(_("接收单位类型"), max_length=10, choices=Receiver.choices)
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("接收学校"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
    )
    received_on = models.DateField(_("接收日期"), validators=[validate_not_future])
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("捐赠")
        verbose_name_plural = _("捐赠")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="donation_amount_gte_0")
        ]

    def __str__(self) -> str:
        values = {"day": self.received_on, "donor": self.donor, "amount": self.amount}
        return _("%(day)s %(donor)s %(amount)s 元") % values

    def clean(self) -> None:
        """Goods need a description; a school receiver needs its school."""
        super().clean()
        if self.form == self.Form.GOODS and not self.goods:
            raise ValidationError({"goods": _("物资捐赠请填写物资说明。")})
        if self.received_by == self.Receiver.SCHOOL and not self.school_id:
            raise ValidationError({"school": _("学校接收的捐赠请选择学校。")})


class AidQuerySet(models.QuerySet):
    """Aid records, with the one definition of aid that counts."""

    def valid(self) -> "AidQuerySet":
        """Return the aid records that were not voided: the only ones any total counts."""
        return self.filter(voided_at__isnull=True)


class Aid(models.Model):
    """Aid given to one child, in money or goods, possibly drawn from a donation."""

    class Kind(models.TextChoices):
        STUDY = "study", _("助学")
        LIVING = "living", _("生活救助")
        MEDICAL = "medical", _("医疗救助")
        HOLIDAY = "holiday", _("节日慰问")
        OTHER = "other", _("其他")

    child = models.ForeignKey(
        "children.Child", verbose_name=_("儿童"), on_delete=models.PROTECT, related_name="aid"
    )
    donation = models.ForeignKey(
        Donation,
        verbose_name=_("来源捐赠"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aid",
    )
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    amount = models.DecimalField(_("金额或折价（元）"), **MONEY)
    goods = models.CharField(_("物资说明"), max_length=200, blank=True)
    given_on = models.DateField(_("发放日期"), validators=[validate_not_future])
    notes = models.CharField(_("备注"), max_length=200, blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A wrong aid record is voided with a reason, never deleted: the child's history keeps it.
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作废人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True)

    objects = AidQuerySet.as_manager()

    class Meta:
        verbose_name = _("资助")
        verbose_name_plural = _("资助")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="aid_amount_gte_0"),
            models.CheckConstraint(
                condition=models.Q(voided_at__isnull=True) | ~models.Q(void_reason=""),
                name="aid_void_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["given_on"], name="aid_given_on")]

    def __str__(self) -> str:
        values = {"day": self.given_on, "child": self.child, "amount": self.amount}
        return _("%(day)s %(child)s %(amount)s 元") % values

    @property
    def is_void(self) -> bool:
        """Return whether this aid record was voided."""
        return self.voided_at is not None
