"""Every write to a half-year report: draft, edit, file (freeze), new version, download.

Each service is atomic, checks the writer's role and scope, and writes its audit event in
the same transaction. Filing stores the figures and the finished text, so a filed report
never changes when the data does.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Kind, Level, scope_of
from audit.models import AuditEvent
from audit.services import audit_record
from core.periods import H1, H2, WHOLE_YEAR, report_period
from schools.models import Town

from .models import HalfYearReport
from .selectors import report_content
from .writing import DEFAULT_TEMPLATES, ROUNDABLE, ROUNDING_STYLES, findings_offered


def can_write_reports(user) -> bool:
    """Return whether `user` may draft, edit and file reports (of their own scope)."""
    return scope_of(user).writes(Kind.REPORTS)


def _require_writer(by, report: HalfYearReport | None = None) -> None:
    if not can_write_reports(by):
        raise PermissionDenied
    if report is not None and report.county_id != by.county_id:
        raise PermissionDenied
    town_level = scope_of(by).level(Kind.REPORTS) == Level.TOWN
    if report is not None and town_level and report.town_id != by.town_id:
        raise PermissionDenied


def _require_draft(report: HalfYearReport) -> None:
    if report.status != HalfYearReport.Status.DRAFT:
        raise ValidationError(_("已报送的报告不能修改，请另起新版本。"))


@transaction.atomic
def report_draft_create(*, by, year: int, half: str, town: Town | None = None) -> HalfYearReport:
    """Create and return a draft report of `year`/`half` for the writer's county.

    A town officer's report always covers their own town; county officers may choose a
    town or the whole county (town None).
    """
    _require_writer(by)
    if half not in (H1, H2, WHOLE_YEAR):
        raise ValidationError(_("请选择上半年、下半年或全年。"))
    report_period(year, half)
    if scope_of(by).level(Kind.REPORTS) == Level.TOWN:
        town = by.town
    if town is not None and town.county_id != by.county_id:
        raise PermissionDenied
    report = HalfYearReport(
        county_id=by.county_id, town=town, year=year, period=half, created_by=by
    )
    report.full_clean()
    report.save()
    audit_record(by=by, action=AuditEvent.Action.CREATE, obj=report, summary=f"起草{report}")
    return report


@transaction.atomic
def report_update(
    *,
    by,
    report: HalfYearReport,
    templates: dict[str, str],
    findings: list[str],
    rounding: dict[str, str],
) -> HalfYearReport:
    """Store the officer's paragraph texts, accepted findings and rounding on a draft.

    Only paragraphs that differ from the default text are kept, so untouched paragraphs
    follow later improvements of the default wording. Returns the report.
    """
    _require_writer(by, report)
    _require_draft(report)
    kept = {
        key: text.strip()
        for key, text in templates.items()
        if key in DEFAULT_TEMPLATES and text.strip() != DEFAULT_TEMPLATES[key]
    }
    report.narrative = {**(report.narrative or {}), "templates": kept, "findings": list(findings)}
    report.rounding = {
        key: style
        for key, style in rounding.items()
        if key in ROUNDABLE and style in ROUNDING_STYLES
    }
    report.save(update_fields=["narrative", "rounding"])
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=report,
        summary=f"修改{report}",
        changes={"paragraphs": sorted(kept), "findings": list(findings)},
    )
    return report


@transaction.atomic
def report_file(*, by, report: HalfYearReport) -> HalfYearReport:
    """File a draft: freeze its figures and finished text, record who filed it and when."""
    _require_writer(by, report)
    report = HalfYearReport.objects.select_for_update().get(pk=report.pk)
    _require_draft(report)
    today = timezone.localdate()
    figures, blocks = report_content(report, today=today)
    narrative = report.narrative or {}
    if narrative.get("findings") is None:
        narrative["findings"] = [f.key for f in findings_offered(figures)]
    report.figures = figures
    report.narrative = {**narrative, "blocks": blocks}
    report.status = HalfYearReport.Status.FILED
    report.filed_by = by
    report.filed_at = timezone.now()
    report.save(update_fields=["figures", "narrative", "status", "filed_by", "filed_at"])
    audit_record(by=by, action=AuditEvent.Action.UPDATE, obj=report, summary=f"报送{report}")
    return report


@transaction.atomic
def report_new_version(*, by, report: HalfYearReport) -> HalfYearReport:
    """Start and return a new draft from a filed report, keeping its texts and rounding."""
    _require_writer(by, report)
    if report.status != HalfYearReport.Status.FILED:
        raise ValidationError(_("只能基于已报送的报告另起新版本。"))
    narrative = report.narrative or {}
    draft = HalfYearReport.objects.create(
        county_id=report.county_id,
        town_id=report.town_id,
        year=report.year,
        period=report.period,
        narrative={
            "templates": narrative.get("templates", {}),
            "findings": narrative.get("findings"),
        },
        rounding=report.rounding,
        based_on=report,
        created_by=by,
    )
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=draft,
        summary=f"基于第 {report.pk} 号另起新版本",
    )
    return draft


@transaction.atomic
def report_download_record(*, by, report: HalfYearReport, kind: str) -> None:
    """Record in the audit trail that `by` downloaded `report` as `kind` (docx or xlsx)."""
    audit_record(
        by=by, action=AuditEvent.Action.EXPORT, obj=report, summary=f"下载{report}（{kind}）"
    )
