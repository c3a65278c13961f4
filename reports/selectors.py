"""Who may see which report, and a report's content (figures and text) as it stands.

The figures themselves are computed in reports.figures; this module decides which report
a user may open and whether its content is the frozen filed one or a draft's live one.
"""

import datetime

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import translation

from accounts.roles import Kind, roles_seeing, roles_writing, scope_of
from core.periods import Period, report_period

from .figures import report_figures
from .models import HalfYearReport
from .writing import report_blocks

# Roles that draft, edit and file reports; the coordination group only reads filed ones.
REPORT_WRITERS = roles_writing(Kind.REPORTS)
REPORT_READERS = roles_seeing(Kind.REPORTS)

__all__ = ["report_figures", "reports_visible_to", "report_for", "report_content"]


def reports_visible_to(user) -> QuerySet[HalfYearReport]:
    """Return the reports `user` may open: county-wide for the county's officers,
    the town's own for a town officer, and only filed county reports for the group."""
    qs = HalfYearReport.objects.select_related("county", "town", "filed_by", "created_by")
    scope = scope_of(user)
    if scope.aggregates_only(Kind.REPORTS):
        # Aggregates only: the county's filed reports, whose figures are suppressed.
        return qs.filter(
            county_id=scope.county_id, status=HalfYearReport.Status.FILED, town__isnull=True
        )
    return scope.filter(Kind.REPORTS, qs, town="town_id")


def report_for(user, pk: int) -> HalfYearReport:
    """Return report `pk` if `user` may open it; 404 alike for missing and forbidden."""
    return get_object_or_404(reports_visible_to(user), pk=pk)


def period_of_report(report: HalfYearReport) -> Period:
    """Return the period a report covers."""
    return report_period(report.year, report.period)


def filed_report_for_period(
    user, *, year: int, half: str, town_id: int | None
) -> HalfYearReport | None:
    """Return the latest filed report `user` can open for the period and scope, or None."""
    return (
        reports_visible_to(user)
        .filter(year=year, period=half, town_id=town_id, status=HalfYearReport.Status.FILED)
        .order_by("-filed_at")
        .first()
    )


def report_content(report: HalfYearReport, *, today: datetime.date) -> tuple[dict, list[dict]]:
    """Return (figures, blocks) of a report: as stored if filed, else computed now.

    A filed report never touches the live data: its figures and text were frozen when
    it was filed. A draft's figures are computed afresh, so they follow the data; its
    signature date is the one the officer set, or `today` (the day it would be filed).
    """
    narrative = report.narrative or {}
    if report.status == HalfYearReport.Status.FILED:
        return report.figures, narrative["blocks"]
    # The report is a Chinese official document whatever the reader's interface language:
    # choice labels in its figures and text must not come out in English.
    with translation.override("zh-hans"):
        figures = report_figures(
            county=report.county, period=period_of_report(report), town=report.town
        )
        blocks = report_blocks(
            figures=figures,
            templates=narrative.get("templates"),
            rounding=report.rounding,
            signed_on=report.signed_on or today,
        )
    return figures, blocks
