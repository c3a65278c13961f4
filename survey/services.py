"""Writes of the term survey: open, check a child (confirm, edit, close, transfer), close.

Closing and transferring a case and editing a record go through children.services, so the
register's own rules, scope checks and audit trail apply; each check is recorded in the
same transaction as the change it stands for.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Kind, scope_of
from audit.models import AuditEvent
from audit.services import audit_record
from children import services as child_services
from children.models import Child
from children.models.choices import CaseStatus
from children.selectors import children_visible_to

from .models import Outcome, Survey, SurveyCheck, SurveySnapshot
from .selectors import checklist_for, opened_on, to_check


def can_own_surveys(user) -> bool:
    """Return whether `user` may open, close and export surveys (county officers)."""
    return scope_of(user).writes(Kind.SURVEYS)


@transaction.atomic
def survey_open(*, by, year: int, semester: str, deadline: datetime.date) -> Survey:
    """Open the county's survey of a term with a deadline; audited. Raises ValidationError."""
    if not can_own_surveys(by):
        raise PermissionDenied
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("截止日期不能早于今天。")})
    survey = Survey(county_id=by.county_id, year=year, semester=semester, deadline=deadline)
    survey.opened_by = by
    survey.full_clean()
    survey.save()
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=survey,
        summary=_("发起%(label)s，截止 %(d)s") % {"label": survey.label, "d": deadline},
    )
    return survey


def _require_checkable(by, survey: Survey, child: Child) -> Child:
    """Return the child locked for the check; refuse a closed survey, a child outside
    `by`'s scope, one already checked, or one registered during the survey."""
    if not scope_of(by).sees(Kind.SURVEYS):
        raise PermissionDenied
    if not Survey.objects.filter(pk=survey.pk, status=Survey.Status.OPEN).exists():
        raise ValidationError(_("本次摸底已结束，不能再核查。"))
    if not children_visible_to(by).filter(pk=child.pk).exists():
        raise PermissionDenied
    locked = Child.objects.select_for_update().get(pk=child.pk)
    if SurveyCheck.objects.filter(survey=survey, child=locked).exists():
        raise ValidationError(
            _("%(name)s 在本次摸底中已核查过。") % {"name": locked.name}, code="checked"
        )
    if not checklist_for(by, survey).filter(pk=locked.pk).exists():
        raise ValidationError(
            _("%(name)s 不在本次摸底的核查名单中。") % {"name": locked.name}, code="not_listed"
        )
    return locked


def _record(by, survey: Survey, child: Child, outcome: str, **extra: Any) -> SurveyCheck:
    """Create the check of `child` where it stands now (call before it moves); audited."""
    check = SurveyCheck.objects.create(
        survey=survey,
        child=child,
        school_id=child.school_id,
        town_id=child.town_id,
        village_id=child.village_id,
        outcome=outcome,
        by=by,
        **extra,
    )
    audit_record(
        by=by,
        action=AuditEvent.Action.OTHER,
        obj=check,
        child=child,
        summary=_("%(label)s：%(outcome)s")
        % {"label": survey.label, "outcome": check.get_outcome_display()},
    )
    return check


@transaction.atomic
def survey_confirm(*, by, survey: Survey, child: Child) -> SurveyCheck:
    """Record that the child is still here and still in its category (one tap)."""
    locked = _require_checkable(by, survey, child)
    return _record(by, survey, locked, Outcome.CONFIRMED)


@transaction.atomic
def survey_close_case(
    *, by, survey: Survey, child: Child, reason: str, on: datetime.date, note: str = ""
) -> SurveyCheck:
    """Close the child's case with the reason the survey found (parents back, turned 16...)."""
    locked = _require_checkable(by, survey, child)
    check = _record(by, survey, locked, Outcome.CLOSED, close_reason=reason, note=note[:200])
    child_services.child_close(by=by, child=locked, reason=reason, on=on, note=note)
    return check


@transaction.atomic
def survey_transfer(
    *, by, survey: Survey, child: Child, to_school, on: datetime.date, reason: str = ""
) -> SurveyCheck:
    """Transfer the child to the county school it moved to; the check stays with this one."""
    locked = _require_checkable(by, survey, child)
    check = _record(by, survey, locked, Outcome.TRANSFERRED, note=reason[:200])
    child_services.child_transfer(by=by, child=locked, to_school=to_school, on=on, reason=reason)
    return check


@transaction.atomic
def survey_edit(
    *,
    by,
    survey: Survey,
    child: Child,
    values: dict[str, Any],
    parents: list[child_services.ParentData],
    expected_version: int,
) -> SurveyCheck:
    """Save changed details through the register's edit service and record the check:
    "changed" if anything changed, else "confirmed". Raises StaleEdit, ValidationError."""
    locked = _require_checkable(by, survey, child)
    saved = child_services.child_update(
        by=by,
        child=locked,
        values=values,
        parents=parents,
        expected_version=expected_version,
        derive_categories=True,
    )
    outcome = Outcome.CHANGED if saved.version != expected_version else Outcome.CONFIRMED
    # `locked` still holds the place before the edit: the check stays where it was made.
    return _record(by, survey, locked, outcome)


def survey_checks_from_import(
    *, by, changed: list[int], unchanged: list[int], transferred: list[int]
) -> int:
    """Record the children a confirmed register import carried as checked in the county's
    open survey (changed rows as "changed", the others as "confirmed"); return how many.

    Called inside the import's transaction. Children already checked, or registered during
    the survey (they count as new), are left as they are.
    """
    survey = Survey.objects.filter(county_id=by.county_id, status=Survey.Status.OPEN).first()
    if survey is None:
        return 0
    outcomes = {pk: Outcome.CONFIRMED for pk in unchanged}
    outcomes |= {pk: Outcome.CHANGED for pk in changed + transferred}
    pending = to_check(survey).filter(pk__in=list(outcomes))
    checks = [
        SurveyCheck(
            survey=survey,
            child_id=row["pk"],
            school_id=row["school_id"],
            town_id=row["town_id"],
            village_id=row["village_id"],
            outcome=outcomes[row["pk"]],
            note=_("导入台账"),
            by=by,
        )
        for row in pending.values("pk", "school_id", "town_id", "village_id")
    ]
    SurveyCheck.objects.bulk_create(checks, batch_size=1000)
    return len(checks)


@transaction.atomic
def survey_close(*, by, survey: Survey) -> int:
    """Close the survey and freeze the snapshot of every child it concerned; audited.

    The snapshot holds each child on the register at close, and each child the survey
    closed, with place, category, status and outcome. Returns the number never checked.
    """
    if not can_own_surveys(by) or survey.county_id != by.county_id:
        raise PermissionDenied
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if not locked.is_open:
        raise ValidationError(_("本次摸底已经结束。"))
    outcomes = dict(SurveyCheck.objects.filter(survey=locked).values_list("child_id", "outcome"))
    since = opened_on(locked)
    children = Child.objects.filter(county_id=locked.county_id).filter(
        Q(status=CaseStatus.OPEN) | Q(pk__in=list(outcomes))
    )
    fields = ("pk", "school_id", "town_id", "village_id", "grade", "class_name", "status")
    flags = ("is_left_behind", "is_migrant", "is_in_difficulty", "is_unsupported")
    rows = []
    for row in children.values(*fields, *flags, "registered_on").iterator(chunk_size=2000):
        if row["pk"] in outcomes:
            outcome = outcomes[row["pk"]]
        elif row["registered_on"] >= since:
            outcome = Outcome.NEW
        else:
            outcome = Outcome.UNCHECKED
        row.pop("registered_on")
        rows.append(SurveySnapshot(survey=locked, child_id=row.pop("pk"), outcome=outcome, **row))
    SurveySnapshot.objects.bulk_create(rows, batch_size=2000)
    unchecked = sum(1 for r in rows if r.outcome == Outcome.UNCHECKED)
    locked.status, locked.closed_by, locked.closed_at = Survey.Status.CLOSED, by, timezone.now()
    locked.save(update_fields=["status", "closed_by", "closed_at"])
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=locked,
        summary=_("结束%(label)s：%(n)s 人存档，%(u)s 人未核查")
        % {"label": locked.label, "n": len(rows), "u": unchecked},
        changes={"snapshot": len(rows), "unchecked": unchecked},
    )
    return unchecked
