"""Every write to a half-year report: draft, edit, file (freeze), new version, download.

Each service is atomic, checks the writer's role and scope, and writes its audit event in
the same transaction. Filing stores the figures and the finished text, so a filed report
never changes when the data does.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import Kind, Level, scope_of
from audit.models import AuditEvent
from audit.services import audit_record
from core.periods import H1, H2, WHOLE_YEAR, report_period
from schools.models import Town

from .models import HalfYearReport
from .selectors import period_of_report, report_content, report_figures
from .writing import blocking_marks, report_chips, report_sections
from .writing.chips import from_editor


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


def _chosen_rounding(chips: dict, rounding: dict[str, str]) -> dict[str, str]:
    """Return the rounding choices that name a figure of the report and one of its forms."""
    return {
        key: style
        for key, style in rounding.items()
        if key in chips and style in dict(chips[key].options)
    }


@transaction.atomic
def report_update(
    *,
    by,
    report: HalfYearReport,
    paragraphs: dict[str, str],
    rounding: dict[str, str],
    signed_on: datetime.date | None = None,
) -> HalfYearReport:
    """Store the officer's edited paragraphs, rounding choices and 成文日期 on a draft.

    `paragraphs` holds the text as the editor shows it, figures as 【label：value】 chips;
    each is turned back into a template linked to the data. Raises ValidationError (by
    paragraph field, nothing saved) for an unknown chip, a chip changed by hand or a stray
    brace. Only paragraphs that differ from the default are kept, so untouched ones follow
    the data. Returns the report.
    """
    _require_writer(by, report)
    _require_draft(report)
    with translation.override("zh-hans"):
        figures = report_figures(
            county=report.county, period=period_of_report(report), town=report.town
        )
        sections = report_sections(figures, report.rounding)
        chosen = _chosen_rounding(report_chips(sections), rounding)
        sections = report_sections(figures, chosen)
    chips = report_chips(sections)
    defaults = {p.key: p.template for section in sections for p in section.paragraphs}
    kept, errors = dict((report.narrative or {}).get("templates", {})), {}
    for key, text in paragraphs.items():
        if key not in defaults:
            continue
        try:
            template = from_editor(text, chips)
        except ValidationError as error:
            errors[f"p_{key}"] = error.messages
            continue
        if template == defaults[key]:
            kept.pop(key, None)
        else:
            kept[key] = template
    if errors:
        raise ValidationError(errors)
    report.narrative = {**(report.narrative or {}), "templates": kept}
    report.rounding = chosen
    report.signed_on = signed_on
    report.save(update_fields=["narrative", "rounding", "signed_on"])
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=report,
        summary=f"修改{report}",
        changes={"paragraphs": sorted(kept), "rounding": chosen},
    )
    return report


def filing_blockers(blocks: list[dict]) -> list[str]:
    """Return the 【待补充】 and unknown-figure marks a report's text still holds."""
    return [mark for block in blocks for mark in blocking_marks(block["text"])]


@transaction.atomic
def report_file(*, by, report: HalfYearReport) -> HalfYearReport:
    """File a draft: freeze its figures and finished text, record who filed it and when.

    Refused (ValidationError) while the text holds a 【待补充】 or unknown-figure mark.
    The 成文日期 is the one the officer set, or the day of filing.
    """
    _require_writer(by, report)
    report = HalfYearReport.objects.select_for_update().get(pk=report.pk)
    _require_draft(report)
    today = timezone.localdate()
    figures, blocks = report_content(report, today=today)
    blockers = filing_blockers(blocks)
    if blockers:
        raise ValidationError(
            _("报告中还有待补充或无法识别的内容，请填写或删除后再报送：%(marks)s")
            % {"marks": "、".join(dict.fromkeys(blockers))}
        )
    report.figures = figures
    report.narrative = {**(report.narrative or {}), "blocks": blocks}
    report.signed_on = report.signed_on or today
    report.status = HalfYearReport.Status.FILED
    report.filed_by = by
    report.filed_at = timezone.now()
    report.save(
        update_fields=["figures", "narrative", "signed_on", "status", "filed_by", "filed_at"]
    )
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
        narrative={"templates": narrative.get("templates", {})},
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
