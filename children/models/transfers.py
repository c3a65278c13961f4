"""Transfers between the county's schools: the history, and requests to take a child in.

A school's request to take in a child registered at another school of the county:

No path moves a child into a school by itself: an import row (or any other way in) with
the ID of a child registered elsewhere becomes a request, and the child stays where they
are until the releasing school, or a town or county officer over both schools, accepts.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import validate_not_future

from .record import Child


class TransferRequest(models.Model):
    """One child asked for by `to_school` from `from_school`, pending until answered."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待答复")
        ACCEPTED = "accepted", _("已同意")
        REFUSED = "refused", _("已拒绝")

    child = models.ForeignKey(
        Child, verbose_name=_("儿童"), on_delete=models.PROTECT, related_name="transfer_requests"
    )
    from_school = models.ForeignKey(
        "schools.School",
        verbose_name=_("原学校"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_school = models.ForeignKey(
        "schools.School", verbose_name=_("申请转入学校"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    reason = models.CharField(_("申请原因"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answer_note = models.CharField(_("答复说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("转学申请")
        verbose_name_plural = _("转学申请")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One open request per child and receiving school: a re-upload adds no second one.
            models.UniqueConstraint(
                fields=["child", "to_school"],
                condition=models.Q(status="pending"),
                name="transfer_request_one_pending",
            )
        ]
        indexes = [models.Index(fields=["from_school", "status"], name="transfer_req_from")]

    def __str__(self) -> str:
        return f"{self.child_id} → {self.to_school_id} ({self.status})"


class Transfer(models.Model):
    """A child's move from one school of the county to another; the history is kept."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="transfers")
    from_school = models.ForeignKey(
        "schools.School",
        verbose_name=_("原学校"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_school = models.ForeignKey(
        "schools.School", verbose_name=_("转入学校"), on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField(_("转学日期"), validators=[validate_not_future])
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("转学记录")
        verbose_name_plural = _("转学记录")
        ordering = ["child", "-on", "-id"]

    def __str__(self) -> str:
        return f"{self.child} {self.from_school} → {self.to_school}"
