"""The county's places: its profile, towns, villages and residents' committees, and schools."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.periods import Semester


class County(models.Model):
    """A county (县) and the profile its half-year report opens with."""

    name = models.CharField(_("县名"), max_length=50, unique=True)
    code = models.CharField(
        _("行政区划代码"), max_length=6, unique=True, help_text=_("6 位行政区划代码")
    )
    location_text = models.TextField(
        _("地理位置"), blank=True, help_text=_("报告开头的位置描述，例如“位于某市东南部……”")
    )
    area_km2 = models.DecimalField(_("总面积（平方公里）"), max_digits=10, decimal_places=1)
    population = models.PositiveIntegerField(_("人口（人）"))
    coordination_since = models.DateField(_("协调小组成立时间"), null=True, blank=True)
    coordination_leader = models.CharField(
        _("协调小组组长"), max_length=100, blank=True, help_text=_("例如：县委副书记")
    )
    report_issuer = models.CharField(
        _("报告落款单位"), max_length=100, blank=True, help_text=_("例如：某县妇联儿童部")
    )
    max_children_per_carer = models.PositiveSmallIntegerField(
        _("每名帮扶人结对上限"), default=5, validators=[MinValueValidator(1)]
    )
    contact_interval_days = models.PositiveSmallIntegerField(
        _("走访间隔（天）"), default=30, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("县")
        verbose_name_plural = _("县")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Town(models.Model):
    """A town (镇), township (乡) or sub-district (街道) of a county."""

    class Kind(models.TextChoices):
        TOWN = "town", _("镇")
        TOWNSHIP = "township", _("乡")
        SUBDISTRICT = "subdistrict", _("街道")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="towns")
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.TOWN)

    class Meta:
        verbose_name = _("乡镇")
        verbose_name_plural = _("乡镇")
        ordering = ["county", "name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="town_unique_name_in_county")
        ]

    def __str__(self) -> str:
        return self.name


class Village(models.Model):
    """An administrative village (行政村) or residents' committee (居委会) of a town."""

    class Kind(models.TextChoices):
        VILLAGE = "village", _("行政村")
        COMMUNITY = "community", _("居委会")

    town = models.ForeignKey(Town, on_delete=models.PROTECT, related_name="villages")
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.VILLAGE)

    class Meta:
        verbose_name = _("村（居）")
        verbose_name_plural = _("村（居）")
        ordering = ["town", "name"]
        constraints = [
            models.UniqueConstraint(fields=["town", "name"], name="village_unique_name_in_town")
        ]

    def __str__(self) -> str:
        return f"{self.town.name}{self.name}"


class School(models.Model):
    """A school of the county; its staff keep the register of its pupils."""

    class Kind(models.TextChoices):
        MIDDLE = "middle", _("中学")
        CENTRAL_PRIMARY = "central_primary", _("中心小学")
        NINE_YEAR = "nine_year", _("九年一贯制学校")
        OTHER = "other", _("其他学校")

    town = models.ForeignKey(Town, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(_("校名"), max_length=80)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    has_parent_school = models.BooleanField(_("办有家长学校"), default=False)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("学校")
        verbose_name_plural = _("学校")
        ordering = ["town", "name"]
        constraints = [
            models.UniqueConstraint(fields=["town", "name"], name="school_unique_name_in_town")
        ]

    def __str__(self) -> str:
        return self.name


class Enrollment(models.Model):
    """How many pupils a school enrolled in one term (the report's 在校学生)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="enrollments")
    year = models.PositiveSmallIntegerField(
        _("年份"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    semester = models.CharField(_("学期"), max_length=6, choices=Semester.choices)
    pupils = models.PositiveIntegerField(_("在校学生数"))

    class Meta:
        verbose_name = _("在校学生数")
        verbose_name_plural = _("在校学生数")
        ordering = ["school", "-year", "-semester"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year", "semester"], name="enrollment_unique_term"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.year} {self.get_semester_display()}"
