"""Mandatory reports (强制报告): the kinds and their rules, the report, and its clock.

The kinds follow the situations of the 2020 opinion of the Supreme People's Procuratorate
and eight ministries (《关于建立侵害未成年人案件强制报告制度的意见（试行）》, art. 4) and
the 2020 Minors Protection Law (art. 11): harm or suspected harm goes to the police at
once; a child without care also goes to civil affairs. Each kind's rule says who must be
told and within what time; a report that needs an authority and has no recorded hand-over
to it when that time has passed is overdue (docs/concerns.md).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .record import Child


class ConcernKind(models.TextChoices):
    """What was found; the opinion's art. 4 situations, grouped as a reporter sees them."""

    SEXUAL_HARM = "sexual_harm", _("疑似遭受性侵害")
    SUSPECTED_HARM = "suspected_harm", _("疑似遭受虐待、家庭暴力或欺凌")
    SELF_HARM = "self_harm", _("自杀、自伤或非正常伤亡")
    MISSING = "missing", _("儿童失踪或疑似被拐卖")
    LIVING_ALONE = "living_alone", _("儿童独自居住")
    NO_CARE = "no_care", _("被遗弃或长期无人照料")
    GUARDIAN_INCAPABLE = "guardian_incapable", _("监护人丧失监护能力")
    DROPOUT_RISK = "dropout_risk", _("辍学风险")
    OTHER = "other", _("其他严重侵害或面临危险")


@dataclass(frozen=True)
class KindRule:
    """Who must be told about a kind of concern, and within what time of its being raised.

    `police_within` / `civil_affairs_within`: None when that authority need not be told.
    `source` names the provision the kind comes from.
    """

    police_within: datetime.timedelta | None
    civil_affairs_within: datetime.timedelta | None
    source: str

    @property
    def needs_police(self) -> bool:
        """Return whether the police must be told."""
        return self.police_within is not None

    @property
    def needs_civil_affairs(self) -> bool:
        """Return whether civil affairs must be told."""
        return self.civil_affairs_within is not None


# "At once" (立即) is held to one hour on the platform's clock: long enough to make the call
# and note it, short enough that a report nobody handed over is on the officers' pages the
# same morning. Civil affairs arranges care for a child left alone: within a day.
AT_ONCE = datetime.timedelta(hours=1)
WITHIN_A_DAY = datetime.timedelta(hours=24)
OPINION = "《关于建立侵害未成年人案件强制报告制度的意见（试行）》第四条"
KIND_RULES: dict[str, KindRule] = {
    ConcernKind.SEXUAL_HARM: KindRule(AT_ONCE, None, OPINION + "（一）（二）（三）"),
    ConcernKind.SUSPECTED_HARM: KindRule(AT_ONCE, None, OPINION + "（四）"),
    ConcernKind.SELF_HARM: KindRule(AT_ONCE, None, OPINION + "（五）"),
    ConcernKind.MISSING: KindRule(AT_ONCE, None, OPINION + "（七）"),
    ConcernKind.LIVING_ALONE: KindRule(AT_ONCE, WITHIN_A_DAY, OPINION + "（六）"),
    ConcernKind.NO_CARE: KindRule(AT_ONCE, WITHIN_A_DAY, OPINION + "（六）"),
    ConcernKind.GUARDIAN_INCAPABLE: KindRule(None, WITHIN_A_DAY, "《未成年人保护法》第九十二条"),
    ConcernKind.DROPOUT_RISK: KindRule(None, None, "《义务教育法》第十三条"),
    ConcernKind.OTHER: KindRule(AT_ONCE, None, OPINION + "（九）"),
}


def kind_rule(kind: str) -> KindRule:
    """Return the rule of a kind of concern."""
    return KIND_RULES[kind]


class ConcernQuerySet(models.QuerySet):
    """Concerns, with the one definition of open and of overdue."""

    def open(self) -> "ConcernQuerySet":
        """Return the concerns not closed."""
        return self.filter(status=Concern.Status.OPEN)

    def overdue(self, now: datetime.datetime) -> "ConcernQuerySet":
        """Return the open concerns with a hand-over missing past its deadline at `now`."""
        return self.filter(overdue_condition(now))


def overdue_condition(now: datetime.datetime) -> Q:
    """Return the condition for a concern being overdue at `now` (for filters and counts)."""
    police = Q(police_due_at__lte=now, police_told_at__isnull=True)
    civil = Q(civil_affairs_due_at__lte=now, civil_affairs_told_at__isnull=True)
    return Q(status=Concern.Status.OPEN) & (police | civil)


class Concern(models.Model):
    """A mandatory report about a child, open until closed with an outcome.

    The due and told times are kept on the report so "overdue" is a plain indexed filter;
    the steps below are the record they come from.
    """

    Kind = ConcernKind

    class Status(models.TextChoices):
        OPEN = "open", _("跟进中")
        CLOSED = "closed", _("已结案")

    child = models.ForeignKey(
        Child, verbose_name=_("儿童"), on_delete=models.PROTECT, related_name="concerns"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=ConcernKind.choices)
    description = models.TextField(_("情况描述"))
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报告人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("报告时间"), default=timezone.now)
    police_due_at = models.DateTimeField(_("报警时限"), null=True, blank=True)
    police_told_at = models.DateTimeField(_("报警时间"), null=True, blank=True)
    civil_affairs_due_at = models.DateTimeField(_("报告民政时限"), null=True, blank=True)
    civil_affairs_told_at = models.DateTimeField(_("报告民政时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("结案人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    outcome = models.TextField(_("处理结果"), blank=True)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        verbose_name = _("强制报告")
        verbose_name_plural = _("强制报告")
        ordering = ["status", "-raised_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open")
                | (Q(status="closed", closed_at__isnull=False) & ~Q(outcome="")),
                name="concern_closed_has_outcome",
            )
        ]
        indexes = [
            models.Index(fields=["child", "status"], name="concern_child_status"),
            models.Index(fields=["child"], condition=Q(status="open"), name="concern_open_child"),
            # The overdue filter of the home pages and dashboards: open reports by deadline.
            models.Index(
                fields=["police_due_at"],
                condition=Q(status="open", police_told_at__isnull=True),
                name="concern_police_pending",
            ),
            models.Index(
                fields=["civil_affairs_due_at"],
                condition=Q(status="open", civil_affairs_told_at__isnull=True),
                name="concern_civil_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.child.name}"

    @property
    def rule(self) -> KindRule:
        """Return the rule of this concern's kind."""
        return kind_rule(self.kind)

    def is_overdue(self, now: datetime.datetime) -> bool:
        """Return whether a required hand-over is missing past its deadline at `now`."""
        if self.status != self.Status.OPEN:
            return False
        return any(
            due is not None and told is None and due <= now
            for due, told in (
                (self.police_due_at, self.police_told_at),
                (self.civil_affairs_due_at, self.civil_affairs_told_at),
            )
        )


class ConcernStep(models.Model):
    """One time-stamped step of a concern: a hand-over, a follow-up, a close or a reopen.

    Append-only: a step is never changed or deleted; a mistake is corrected by a new step.
    """

    class Kind(models.TextChoices):
        TOLD_POLICE = "told_police", _("已报警（公安机关）")
        TOLD_CIVIL_AFFAIRS = "told_civil_affairs", _("已报告民政部门")
        TOLD_SCHOOL_HEAD = "told_school_head", _("已报告学校负责人")
        TOLD_VILLAGE_DIRECTOR = "told_village_director", _("已告知村儿童主任")
        TOLD_OTHER = "told_other", _("已告知其他部门或人员")
        SEEN_SAFE = "seen_safe", _("确认儿童安全")
        VISIT = "visit", _("上门查看")
        PLACED_WITH_RELATIVE = "placed_with_relative", _("安置到亲属家")
        GUARDIAN_CHANGED = "guardian_changed", _("变更监护人")
        HELP_GIVEN = "help_given", _("提供帮助")
        CLOSED = "closed", _("结案")
        REOPENED = "reopened", _("重新开启")

    class Channel(models.TextChoices):
        PHONE = "phone", _("电话")
        IN_PERSON = "in_person", _("当面")
        WRITTEN = "written", _("书面")
        ONLINE = "online", _("网络平台")

    concern = models.ForeignKey(
        Concern, verbose_name=_("强制报告"), on_delete=models.PROTECT, related_name="steps"
    )
    kind = models.CharField(_("事项"), max_length=24, choices=Kind.choices)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    recipient = models.CharField(_("报告对象"), max_length=100, blank=True)
    channel = models.CharField(_("方式"), max_length=10, choices=Channel.choices, blank=True)
    reference = models.CharField(_("回执或案件编号"), max_length=60, blank=True)
    notes = models.TextField(_("情况记录"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("强制报告进展")
        verbose_name_plural = _("强制报告进展")
        ordering = ["concern", "at", "pk"]
        indexes = [models.Index(fields=["concern", "kind"], name="concern_step_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        """Save a new step; refuse to change one already saved."""
        if not self._state.adding:
            raise ValidationError(_("强制报告的进展记录不能修改，请补充一条新记录。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Refuse: steps are kept for good."""
        raise ValidationError(_("强制报告的进展记录不能删除。"))

    def clean(self) -> None:
        """Refuse a hand-over without whom and how, and a step dated in the future."""
        super().clean()
        errors = {}
        if self.kind in HANDOVERS:
            if not self.recipient.strip():
                errors["recipient"] = _("请填写报告对象（单位或姓名）。")
            if not self.channel:
                errors["channel"] = _("请选择报告方式。")
        if self.at and self.recorded_at and self.at > self.recorded_at:
            errors["at"] = _("时间不能晚于记录时间。")
        if errors:
            raise ValidationError(errors)


HANDOVERS = frozenset(
    {
        ConcernStep.Kind.TOLD_POLICE,
        ConcernStep.Kind.TOLD_CIVIL_AFFAIRS,
        ConcernStep.Kind.TOLD_SCHOOL_HEAD,
        ConcernStep.Kind.TOLD_VILLAGE_DIRECTOR,
        ConcernStep.Kind.TOLD_OTHER,
    }
)
# Steps the step form offers; closing and reopening have their own forms and rules.
RECORDABLE_STEPS = [
    (k, label)
    for k, label in ConcernStep.Kind.choices
    if k not in (ConcernStep.Kind.CLOSED, ConcernStep.Kind.REOPENED)
]
