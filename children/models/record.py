"""The child's record (一人一档) and the parents."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from children.protection import DerivedField, EncryptedCharField, refresh_derived
from core.validators import (
    normalize_id_number,
    validate_mobile,
    validate_not_future,
    validate_resident_id,
)

from .choices import (
    CaseStatus,
    CloseReason,
    DisabilityGrade,
    DisabilityKind,
    GuardianHealth,
    GuardianRelation,
    GuardianshipGrade,
    Health,
    HouseholdType,
    ParentStatus,
    Poverty,
    SchoolingStatus,
    Sex,
)
from .querysets import ChildQuerySet, aged_out_at, last_contact_or_never, on_register_at
from .rules import age_on, child_rule_errors, parent_rule_errors

__all__ = [
    "Child",
    "Parent",
    "aged_out_at",
    "age_on",
    "child_rule_errors",
    "on_register_at",
    "parent_rule_errors",
]


class Child(models.Model):
    """One registered child: identity, schooling, health, guardianship, economy and category."""

    # Indexed by `child_county_id` (county, id), not by a county-only index of its own.
    county = models.ForeignKey(
        "schools.County",
        verbose_name=_("县"),
        on_delete=models.PROTECT,
        related_name="children",
        db_index=False,
    )
    # Identity
    name = models.CharField(_("姓名"), max_length=30)
    # Stored encrypted; id_hash finds and keeps it unique, id_masked shows it in lists.
    id_number = EncryptedCharField(
        _("公民身份号码"), max_length=18, validators=[validate_resident_id]
    )
    id_hash = DerivedField(_("身份证号检索码"), source="id_number", kind="hash")
    id_masked = DerivedField(
        _("身份证号（脱敏）"), source="id_number", kind="mask_id", max_length=18
    )
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    birth_date = models.DateField(_("出生日期"), validators=[validate_not_future])
    household_registered = models.BooleanField(_("已登记户口"), default=True)
    household_type = models.CharField(
        _("户口性质"), max_length=5, choices=HouseholdType.choices, default=HouseholdType.RURAL
    )
    household_in_county = models.BooleanField(
        _("户籍在本县"), default=True, help_text=_("户籍不在本县、随父母来本县的为流动儿童")
    )
    household_place = models.CharField(_("户籍地"), max_length=200, blank=True)
    town = models.ForeignKey(
        "schools.Town",
        verbose_name=_("现住乡镇"),
        on_delete=models.PROTECT,
        related_name="resident_children",
    )
    village = models.ForeignKey(
        "schools.Village",
        verbose_name=_("现住村（居）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resident_children",
    )
    group = models.CharField(_("村民小组"), max_length=30, blank=True)
    address = models.CharField(_("详细住址"), max_length=200, blank=True)
    boarding = models.BooleanField(_("寄宿"), default=False)
    # Schooling
    schooling_status = models.CharField(
        _("就学状况"), max_length=14, choices=SchoolingStatus.choices
    )
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("学校"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    grade = models.PositiveSmallIntegerField(
        _("年级"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("1-6 为小学，7-9 为初中，10-12 为高中"),
    )
    class_name = models.CharField(_("班级"), max_length=20, blank=True)
    # Health
    health = models.CharField(
        _("健康状况"), max_length=8, choices=Health.choices, default=Health.HEALTHY
    )
    disability_kind = models.CharField(
        _("残疾类别"), max_length=12, choices=DisabilityKind.choices, blank=True
    )
    disability_grade = models.CharField(
        _("残疾等级"), max_length=1, choices=DisabilityGrade.choices, blank=True
    )
    illness = models.CharField(_("所患疾病"), max_length=100, blank=True)
    # Guardianship
    guardian_name = models.CharField(_("委托监护人姓名"), max_length=30, blank=True)
    guardian_relation = models.CharField(
        _("与儿童关系"), max_length=12, choices=GuardianRelation.choices, blank=True
    )
    # The relation as the register wrote it (外婆, 舅舅 ...), beside its code.
    guardian_relation_word = models.CharField(_("与儿童关系（原文）"), max_length=20, blank=True)
    guardian_id_number = EncryptedCharField(
        _("监护人身份证号"), max_length=18, blank=True, validators=[validate_resident_id]
    )
    guardian_id_masked = DerivedField(
        _("监护人身份证号（脱敏）"), source="guardian_id_number", kind="mask_id", max_length=18
    )
    guardian_phone = EncryptedCharField(
        _("监护人电话"), max_length=11, blank=True, validators=[validate_mobile]
    )
    guardian_phone_hash = DerivedField(
        _("监护人电话检索码"), source="guardian_phone", kind="hash", db_index=True
    )
    guardian_phone_masked = DerivedField(
        _("监护人电话（脱敏）"), source="guardian_phone", kind="mask_phone", max_length=11
    )
    guardian_address = models.CharField(_("监护人住址"), max_length=200, blank=True)
    guardian_age = models.PositiveSmallIntegerField(
        _("监护人年龄"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    guardian_health = models.CharField(
        _("监护人健康状况"), max_length=8, choices=GuardianHealth.choices, blank=True
    )
    guardianship_grade = models.CharField(
        _("监护情况"), max_length=16, choices=GuardianshipGrade.choices, blank=True
    )
    guardianship_agreement_signed = models.BooleanField(
        _("已签订委托监护责任确认书"), default=False
    )
    # Family economy and help
    income_sources = models.JSONField(_("家庭收入来源"), default=list, blank=True)
    help_received = models.JSONField(_("获得帮扶情况"), default=list, blank=True)
    poverty = models.CharField(
        _("贫困情况"), max_length=10, choices=Poverty.choices, default=Poverty.NONE
    )
    # Category (proposed by children.categories, confirmed by the officer)
    is_left_behind = models.BooleanField(_("留守儿童"), default=False)
    is_migrant = models.BooleanField(_("流动儿童"), default=False)
    is_in_difficulty = models.BooleanField(_("困境儿童"), default=False)
    is_unsupported = models.BooleanField(_("事实无人抚养儿童"), default=False)
    # Care notes
    study_notes = models.TextField(_("学习情况"), blank=True)
    mood_notes = models.TextField(_("心理与情绪"), blank=True)
    # Case
    status = models.CharField(
        _("状态"), max_length=6, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    close_reason = models.CharField(
        _("结案原因"), max_length=14, choices=CloseReason.choices, blank=True
    )
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    registered_on = models.DateField(_("登记日期"), default=timezone.localdate)
    # Care state: derived from pairings, contacts and concerns and stored here so the
    # register and the dashboards filter, sort and count on the child table alone. Only
    # `children.care.state.care_state_refresh` writes these, in the transaction of the
    # change; `manage.py care_state --check` compares them with their sources.
    mentor = models.ForeignKey(
        "children.Carer",
        verbose_name=_("当前帮扶教师"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        db_index=False,
        related_name="+",
    )
    last_contact_on = models.DateField(_("最近联系"), null=True, blank=True, editable=False)
    open_concern_count = models.PositiveIntegerField(
        _("待处理强制报告数"), default=0, editable=False
    )
    # Bookkeeping: `version` grows with every save so a stale edit can be refused.
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("儿童")
        verbose_name_plural = _("儿童")
        ordering = ["school", "grade", "class_name", "name", "id"]
        constraints = [
            # The resident ID is unique county-wide: a child moving school is a transfer.
            models.UniqueConstraint(
                fields=["county", "id_hash"],
                name="child_unique_id_in_county",
                violation_error_message=_("该身份证号码已在本县登记。"),
            ),
            models.CheckConstraint(
                condition=models.Q(status=CaseStatus.OPEN, close_reason="")
                | models.Q(status=CaseStatus.CLOSED) & ~models.Q(close_reason=""),
                name="child_closed_has_reason",
            ),
        ]
        indexes = [
            # A county's child ids from the index alone: the scope of the dashboards'
            # contacts, aid and concerns (`child_id IN (the county's children)`) is a
            # narrow index-only scan, not a read of the wide table. It replaces the
            # county foreign key's own index, which it covers.
            models.Index(fields=["county", "id"], name="child_county_id"),
            models.Index(fields=["school", "status"], name="child_school_status"),
            models.Index(fields=["town", "status"], name="child_town_status"),
            models.Index(fields=["village", "status"], name="child_village_status"),
            # The register's counts and the dashboards' figures read only these columns:
            # PostgreSQL answers them from the index without touching the table,
            # whose encrypted columns make it ten times wider (INCLUDE is PostgreSQL's).
            models.Index(
                fields=["county", "status"],
                include=[
                    "is_left_behind",
                    "is_migrant",
                    "is_in_difficulty",
                    "is_unsupported",
                    "mentor",
                    "guardian_phone_hash",
                    "last_contact_on",
                    "open_concern_count",
                    "birth_date",
                    "town",
                    "school",
                    "grade",
                    "registered_on",
                    "closed_on",
                ],
                name="child_register_counts",
            ),
            # The register's default order within a county: its first page is read by index.
            models.Index(
                fields=["county", "status", "school", "grade", "class_name", "name", "id"],
                name="child_register_order",
            ),
            models.Index(fields=["birth_date"], name="child_birth_date"),
            # The dashboards' duplicate check: a county's open children in birth-date order,
            # with their names, read from the index alone.
            models.Index(
                fields=["county", "birth_date", "id"],
                include=["name"],
                condition=models.Q(status=CaseStatus.OPEN),
                name="child_open_birth",
            ),
            # "Schools that have not updated their register this term" (dashboards).
            models.Index(fields=["school", "updated_at"], name="child_school_updated"),
            # The register's care filters and its "last contact" sort, within a county.
            models.Index(
                models.F("county"),
                models.F("status"),
                last_contact_or_never(),
                name="child_county_contact",
            ),
            models.Index(
                fields=["county"],
                condition=models.Q(status=CaseStatus.OPEN, mentor__isnull=True),
                name="child_open_no_mentor",
            ),
            models.Index(
                fields=["county"],
                condition=models.Q(open_concern_count__gt=0),
                name="child_open_concern",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("children:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        """Check the ID against birth date and sex, and the places against each other."""
        super().clean()
        self.id_number = normalize_id_number(self.id_number)
        self.guardian_id_number = normalize_id_number(self.guardian_id_number)
        refresh_derived(self)  # the uniqueness check that follows compares id_hash
        errors = child_rule_errors(
            id_number=self.id_number,
            birth_date=self.birth_date,
            sex=self.sex,
            health=self.health,
            disability_kind=self.disability_kind,
            illness=self.illness,
            status=self.status,
            close_reason=self.close_reason,
            county_id=self.county_id,
            town_id=self.town_id,
            town_county_id=self.town.county_id if self.town_id else None,
            village_town_id=self.village.town_id if self.village_id else None,
            school_county_id=self.school.town.county_id if self.school_id else None,
        )
        if errors:
            raise ValidationError(errors)

    def age(self, on: datetime.date | None = None) -> int:
        """Return the child's age in whole years today (or on the given day)."""
        return age_on(self.birth_date, on or timezone.localdate())

    @property
    def has_mentor(self) -> bool:
        """Return whether the child has a current mentor (the stored care state)."""
        return self.mentor_id is not None

    @property
    def has_open_concern(self) -> bool:
        """Return whether a mandatory report about the child awaits handling."""
        return self.open_concern_count > 0

    @property
    def category_labels(self) -> list[str]:
        """Return the Chinese names of the categories this child is registered under."""
        labels = []
        for field in ("is_left_behind", "is_migrant", "is_in_difficulty", "is_unsupported"):
            if getattr(self, field):
                labels.append(str(self._meta.get_field(field).verbose_name))
        return labels


class Parent(models.Model):
    """The father or the mother of a registered child, and where they are."""

    class Relation(models.TextChoices):
        FATHER = "father", _("父亲")
        MOTHER = "mother", _("母亲")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="parents")
    relation = models.CharField(_("关系"), max_length=6, choices=Relation.choices)
    name = models.CharField(_("姓名"), max_length=30, blank=True)
    id_number = EncryptedCharField(
        _("身份证号"), max_length=18, blank=True, validators=[validate_resident_id]
    )
    status = models.CharField(_("状况"), max_length=10, choices=ParentStatus.choices)
    work_province = models.CharField(_("务工省份"), max_length=20, blank=True)
    work_city = models.CharField(_("务工城市"), max_length=30, blank=True)
    away_since = models.DateField(
        _("外出时间"), null=True, blank=True, validators=[validate_not_future]
    )
    phone = EncryptedCharField(
        _("联系电话"), max_length=11, blank=True, validators=[validate_mobile]
    )
    phone_masked = DerivedField(
        _("联系电话（脱敏）"), source="phone", kind="mask_phone", max_length=11
    )

    class Meta:
        verbose_name = _("父母")
        verbose_name_plural = _("父母")
        ordering = ["child", "relation"]
        constraints = [
            models.UniqueConstraint(fields=["child", "relation"], name="parent_one_per_relation")
        ]

    def __str__(self) -> str:
        return f"{self.get_relation_display()} {self.name}".strip()

    def clean(self) -> None:
        """Require a work place for a parent who works away."""
        super().clean()
        self.id_number = normalize_id_number(self.id_number)
        errors = parent_rule_errors(status=self.status, work_province=self.work_province)
        if errors:
            raise ValidationError(errors)
