"""The term survey: one per county and term, a check per child, a snapshot frozen at close."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from children.models.choices import CaseStatus, CloseReason
from core.periods import Semester


class Survey(models.Model):
    """A county's term survey, opened by a county officer with a deadline, then closed."""

    class Status(models.TextChoices):
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    county = models.ForeignKey(
        "schools.County", verbose_name=_("县"), on_delete=models.PROTECT, related_name="surveys"
    )
    year = models.PositiveSmallIntegerField(_("学年开始年份"))
    semester = models.CharField(_("学期"), max_length=6, choices=Semester.choices)
    deadline = models.DateField(_("截止日期"))
    status = models.CharField(_("状态"), max_length=6, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("结束人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("学期摸底")
        verbose_name_plural = _("学期摸底")
        ordering = ["county", "-year", "-semester"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "year", "semester"],
                name="survey_one_per_term",
                violation_error_message=_("本学期的摸底已经发起。"),
            ),
            # One open survey per county at a time: a check belongs to one survey only.
            models.UniqueConstraint(
                fields=["county"],
                condition=models.Q(status="open"),
                name="survey_one_open_per_county",
                violation_error_message=_("已有一次摸底正在进行，请先结束它。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_semester_display()}"

    def get_absolute_url(self) -> str:
        return reverse("survey:detail", kwargs={"pk": self.pk})

    @property
    def label(self) -> str:
        """Return the survey's name as people say it, e.g. "2026年秋季学期摸底"."""
        return _("%(year)s年%(term)s摸底") % {
            "year": self.year,
            "term": self.get_semester_display(),
        }

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Outcome(models.TextChoices):
    """What a child's check found (and, in a snapshot, what the survey knew of the child)."""

    CONFIRMED = "confirmed", _("已确认")
    CHANGED = "changed", _("信息有变")
    TRANSFERRED = "transferred", _("已转学")
    CLOSED = "closed", _("已结案")
    NEW = "new", _("新登记")
    UNCHECKED = "unchecked", _("未核查")


class SurveyCheck(models.Model):
    """One child checked in one survey: where it was checked, by whom, and what was found.

    `school`, `town` and `village` are where the child was when checked, so a transfer or a
    closed case still counts for the school that did the check.
    """

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="checks")
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="survey_checks"
    )
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    town = models.ForeignKey("schools.Town", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(
        "schools.Village", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("核查结果"), max_length=12, choices=Outcome.choices)
    close_reason = models.CharField(
        _("结案原因"), max_length=14, choices=CloseReason.choices, blank=True
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核查人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("核查时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("摸底核查")
        verbose_name_plural = _("摸底核查")
        ordering = ["survey", "at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "child"], name="survey_check_once")
        ]
        indexes = [models.Index(fields=["survey", "school"], name="survey_check_school")]

    def __str__(self) -> str:
        return f"{self.survey} {self.child_id} {self.outcome}"


class SurveySnapshot(models.Model):
    """A child's place, category and status as frozen when a survey closed (history)."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="snapshot")
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="survey_snapshots"
    )
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    town = models.ForeignKey("schools.Town", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(
        "schools.Village", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    grade = models.PositiveSmallIntegerField(_("年级"), null=True, blank=True)
    class_name = models.CharField(_("班级"), max_length=20, blank=True)
    status = models.CharField(_("状态"), max_length=6, choices=CaseStatus.choices)
    is_left_behind = models.BooleanField(_("留守儿童"))
    is_migrant = models.BooleanField(_("流动儿童"))
    is_in_difficulty = models.BooleanField(_("困境儿童"))
    is_unsupported = models.BooleanField(_("事实无人抚养儿童"))
    outcome = models.CharField(_("本次摸底结果"), max_length=12, choices=Outcome.choices)

    class Meta:
        verbose_name = _("摸底快照")
        verbose_name_plural = _("摸底快照")
        ordering = ["survey", "school", "child"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "child"], name="survey_snapshot_once")
        ]
        indexes = [
            models.Index(fields=["survey", "school"], name="survey_snapshot_school"),
            models.Index(fields=["survey", "town"], name="survey_snapshot_town"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} {self.child_id}"
