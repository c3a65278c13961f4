"""Children's homes in schools, federation activity rooms, volunteer teams and activities."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import validate_mobile, validate_not_future

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


def built_by(day: datetime.date) -> models.Q:
    """Return the condition for a home or room having been built by the end of `day`.

    A home with a year but no month counts as built at the end of that year, so no half
    claims it before the record says when in the year it was finished.
    """
    this_year = models.Q(built_year=day.year)
    by_month = this_year & models.Q(built_month__lte=day.month)
    if day.month == 12 and day.day == 31:
        by_month |= this_year & models.Q(built_month__isnull=True)
    return models.Q(built_year__lt=day.year) | by_month


def built_between(start: datetime.date, end: datetime.date) -> models.Q:
    """Return the condition for a home or room finished from `start` to `end` (inclusive)."""
    return built_by(end) & ~built_by(start - datetime.timedelta(days=1))


class HomeQuerySet(models.QuerySet):
    """Homes and rooms, with the one definition of "built" by a day and within a period."""

    def built_by(self, day: datetime.date) -> "HomeQuerySet":
        """Return the homes and rooms built by the end of `day`."""
        return self.filter(built_by(day))

    def built_between(self, start: datetime.date, end: datetime.date) -> "HomeQuerySet":
        """Return the homes and rooms finished from `start` to `end` (inclusive)."""
        return self.filter(built_between(start, end))


class Home(models.Model):
    """A children's home (留守儿童之家, in a school) or an activity room (活动室, in a town)."""

    class Kind(models.TextChoices):
        SCHOOL_HOME = "school_home", _("留守儿童之家")
        ACTIVITY_ROOM = "activity_room", _("留守流动儿童活动室")

    class Mode(models.TextChoices):
        MODE_1 = "1", _("模式一（电脑、图书、电话机）")
        MODE_2 = "2", _("模式二（电视机、图书、电话机）")

    county = models.ForeignKey(
        "schools.County", verbose_name=_("县"), on_delete=models.PROTECT, related_name="homes"
    )
    kind = models.CharField(_("类型"), max_length=14, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=100)
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("所在学校"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="homes",
    )
    town = models.ForeignKey(
        "schools.Town", verbose_name=_("所在乡镇"), on_delete=models.PROTECT, related_name="homes"
    )
    location = models.CharField(_("地点"), max_length=200, blank=True)
    mode = models.CharField(_("建设模式"), max_length=1, choices=Mode.choices, blank=True)
    planned_year = models.PositiveSmallIntegerField(_("规划年份"), validators=YEAR_VALIDATORS)
    built_year = models.PositiveSmallIntegerField(
        _("建成年份"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    built_month = models.PositiveSmallIntegerField(
        _("建成月份"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("半年报告据此判断建成于上半年还是下半年"),
    )
    opening_hours = models.CharField(_("开放时间"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=30, blank=True)
    contact_phone = models.CharField(
        _("联系电话"), max_length=11, blank=True, validators=[validate_mobile]
    )
    rules = models.TextField(_("管理制度"), blank=True, help_text=_("每行一项制度"))
    duty_roster = models.TextField(_("值班安排"), blank=True)
    is_shared = models.BooleanField(_("与其他用途合用"), default=False)
    shared_with = models.CharField(_("合用情况"), max_length=100, blank=True)
    keeps_records = models.BooleanField(_("建立成长记录册和档案袋"), default=False)

    objects = HomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("留守儿童之家/活动室")
        verbose_name_plural = _("留守儿童之家/活动室")
        ordering = ["kind", "town", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """A home belongs to a school and has a mode; a room is built no earlier than planned."""
        super().clean()
        errors = {}
        if self.kind == self.Kind.SCHOOL_HOME and not self.school_id:
            errors["school"] = _("留守儿童之家必须属于一所学校。")
        if self.kind == self.Kind.SCHOOL_HOME and self.built_year and not self.mode:
            errors["mode"] = _("已建成的留守儿童之家请选择建设模式。")
        if self.school_id and self.town_id and self.school.town_id != self.town_id:
            errors["town"] = _("所在乡镇与学校所在乡镇不一致。")
        if self.built_month and not self.built_year:
            errors["built_month"] = _("填写建成月份时请同时填写建成年份。")
        if self.built_year and self.planned_year and self.built_year < self.planned_year - 5:
            errors["built_year"] = _("建成年份与规划年份相差过大，请核对。")
        if errors:
            raise ValidationError(errors)


class Equipment(models.Model):
    """One kind of equipment in a home or room, with its quantity."""

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="equipment")
    name = models.CharField(_("名称"), max_length=50)
    quantity = models.PositiveIntegerField(_("数量"), default=1)

    class Meta:
        verbose_name = _("设备")
        verbose_name_plural = _("设备")
        ordering = ["home", "name"]
        constraints = [
            models.UniqueConstraint(fields=["home", "name"], name="equipment_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity}"


class VolunteerTeam(models.Model):
    """A team of volunteers such as the caring mothers (爱心妈妈) and its size."""

    class Kind(models.TextChoices):
        CARING_MOTHERS = "caring_mothers", _("爱心妈妈")
        VOLUNTEERS = "volunteers", _("志愿者")

    county = models.ForeignKey(
        "schools.County", verbose_name=_("县"), on_delete=models.PROTECT, related_name="teams"
    )
    kind = models.CharField(_("类型"), max_length=14, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=100)
    home = models.ForeignKey(
        Home,
        verbose_name=_("依托阵地"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
    )
    members = models.PositiveIntegerField(_("人数"))
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("志愿者队伍")
        verbose_name_plural = _("志愿者队伍")
        ordering = ["county", "name"]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    """An activity for left-behind children or their parents, with its audience."""

    class Kind(models.TextChoices):
        SAFETY_LECTURE = "safety", _("安全教育讲座")
        THEME_CLASS = "theme_class", _("主题班（队）会")
        TRIP = "trip", _("参观实践")
        COMPETITION = "competition", _("竞赛评比")
        PARENT_MEETING = "parent_meeting", _("家长会")
        FAMILY_EDUCATION = "family_education", _("家庭教育报告会")
        HOLIDAY = "holiday", _("假日活动")
        VOLUNTEER = "volunteer", _("志愿服务")
        DONATION_CEREMONY = "donation", _("捐赠仪式")
        HEALTH_TALK = "health", _("健康讲座")
        OTHER = "other", _("其他")

    class Organiser(models.TextChoices):
        SCHOOL = "school", _("学校")
        FEDERATION = "federation", _("妇联")
        GUANGONGWEI = "guangongwei", _("关工委")
        EDUCATION = "education", _("教育局")
        COMPANY = "company", _("企业志愿者")
        OTHER = "other", _("其他单位")

    county = models.ForeignKey(
        "schools.County", verbose_name=_("县"), on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("活动名称"), max_length=200)
    on = models.DateField(_("日期"), validators=[validate_not_future])
    organiser_kind = models.CharField(_("主办方类型"), max_length=12, choices=Organiser.choices)
    organiser = models.CharField(_("主办单位"), max_length=100)
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("学校"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    town = models.ForeignKey(
        "schools.Town",
        verbose_name=_("乡镇"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    home = models.ForeignKey(
        Home,
        verbose_name=_("活动阵地"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    place = models.CharField(_("地点"), max_length=200, blank=True)
    children_count = models.PositiveIntegerField(_("参加儿童人数"), default=0)
    parents_count = models.PositiveIntegerField(_("参加家长人数"), default=0)
    audience_count = models.PositiveIntegerField(_("受众人数"), default=0)
    description = models.TextField(_("活动内容"), blank=True)
    participants = models.ManyToManyField(
        "children.Child", verbose_name=_("参加儿童"), blank=True, related_name="activities"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["county", "on"], name="activity_county_on")]

    def __str__(self) -> str:
        return f"{self.on} {self.title}"


def photo_upload_to(instance: "ActivityPhoto", filename: str) -> str:
    """Return an unguessable storage path; the user's file name is never part of it."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"activity_photos/{instance.activity_id}/{uuid.uuid4().hex}.{ext}"


class ActivityPhoto(models.Model):
    """A photo of an activity; served only through a scoped view, never from a public path."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.PROTECT, related_name="photos"
    )
    image = models.FileField(_("照片"), upload_to=photo_upload_to, max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=20)
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
        ordering = ["activity", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption or f"{self.activity} #{self.pk}"
