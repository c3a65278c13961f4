"""The coordination group's joint meetings and documents, and the half-year reports."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import validate_not_future


class JointMeeting(models.Model):
    """A meeting of the county's joint-meeting system (联席会议)."""

    county = models.ForeignKey(
        "schools.County", verbose_name=_("县"), on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField(_("召开日期"), validators=[validate_not_future])
    chaired_by = models.CharField(_("主持人"), max_length=100)
    attendees = models.TextField(_("参会单位"), blank=True)
    decisions = models.TextField(_("研究部署事项"), blank=True)

    class Meta:
        verbose_name = _("联席会议")
        verbose_name_plural = _("联席会议")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return _("%(day)s 联席会议") % {"day": self.held_on}


class PolicyDocument(models.Model):
    """A document issued for the programme (title shown in 《》 in the report)."""

    county = models.ForeignKey(
        "schools.County", verbose_name=_("县"), on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(_("文件标题"), max_length=200, help_text=_("不含书名号"))
    issuer = models.CharField(_("印发单位"), max_length=100)
    number = models.CharField(_("文号"), max_length=50, blank=True)
    issued_on = models.DateField(_("印发日期"), validators=[validate_not_future])

    class Meta:
        verbose_name = _("印发文件")
        verbose_name_plural = _("印发文件")
        ordering = ["-issued_on", "title"]

    def __str__(self) -> str:
        return f"《{self.title}》"

    def clean(self) -> None:
        """Refuse a title written with its own 《》: the report adds them."""
        super().clean()
        if self.title.startswith("《") or self.title.endswith("》"):
            raise ValidationError({"title": _("标题请勿包含书名号，报告会自动添加。")})


class HalfYearReport(models.Model):
    """A half-year (or whole-year) report: a draft, or a filed and frozen version."""

    class Period(models.TextChoices):
        H1 = "H1", _("上半年")
        H2 = "H2", _("下半年")
        YEAR = "Y", _("全年")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        FILED = "filed", _("已报送")

    county = models.ForeignKey(
        "schools.County", verbose_name=_("县"), on_delete=models.PROTECT, related_name="reports"
    )
    town = models.ForeignKey(
        "schools.Town",
        verbose_name=_("乡镇"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        help_text=_("留空为全县报告"),
    )
    year = models.PositiveSmallIntegerField(
        _("年份"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    period = models.CharField(_("期间"), max_length=2, choices=Period.choices)
    status = models.CharField(_("状态"), max_length=5, choices=Status.choices, default=Status.DRAFT)
    # Figures and narrative are stored when filed so later data changes never alter the report.
    figures = models.JSONField(_("数据"), default=dict, blank=True)
    narrative = models.JSONField(_("文字"), default=dict, blank=True)
    rounding = models.JSONField(_("取整方式"), default=dict, blank=True)
    # 成文日期: the officer may set it on the draft; filing fills in the day of filing.
    signed_on = models.DateField(_("成文日期"), null=True, blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("基于版本"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("报送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("半年工作报告")
        verbose_name_plural = _("半年工作报告")
        ordering = ["-year", "-period", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(status="filed", filed_at__isnull=False),
                name="report_filed_has_time",
            )
        ]

    def __str__(self) -> str:
        return _("%(year)s 年%(period)s工作报告") % {
            "year": self.year,
            "period": self.get_period_display(),
        }
