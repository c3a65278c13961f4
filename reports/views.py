"""The half-year report in the browser: list and create, preview and edit, file, download.

Every view starts from `reports_visible_to`; the coordination group sees filed county
reports only, and a report outside a user's scope is a 404.
"""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import AGGREGATES, serves
from accounts.roles import Kind, Level, scope_of
from core.listing import apply_service_errors
from core.spreadsheets import xlsx_response

from . import selectors, services
from .aggregates import figures_for_aggregates
from .annex import report_annex
from .docx import DOCX_MIME, title_lines
from .docx import report_docx as docx_bytes
from .forms import ReportCreateForm, ReportEditForm
from .selectors import REPORT_READERS, REPORT_WRITERS
from .writing import editable_paragraphs, report_chips, report_sections


@serves(AGGREGATES, roles=REPORT_READERS)
@require_http_methods(["GET", "POST"])
def report_list(request: HttpRequest) -> HttpResponse:
    """List the reports the user may open; writers start a draft for a period here.

    When the period already has a filed report, no second draft is made: the page offers
    a new version of the filed one instead.
    """
    writer = services.can_write_reports(request.user)
    form = ReportCreateForm(request.POST or None, user=request.user) if writer else None
    filed = None
    if request.method == "POST" and form is not None and form.is_valid():
        town = form.cleaned_data.get("town")
        if scope_of(request.user).level(Kind.REPORTS) == Level.TOWN:
            town = request.user.town
        filed = selectors.filed_report_for_period(
            request.user,
            year=form.cleaned_data["year"],
            half=form.cleaned_data["half"],
            town_id=town.pk if town else None,
        )
        if filed is None:
            report = services.report_draft_create(
                by=request.user,
                year=form.cleaned_data["year"],
                half=form.cleaned_data["half"],
                town=town,
            )
            return redirect("reports:detail", pk=report.pk)
    reports = selectors.reports_visible_to(request.user)
    context = {"form": form, "reports": reports, "filed": filed}
    return render(request, "reports/report_list.html", context)


def _detail_context(request: HttpRequest, report, form: ReportEditForm | None = None) -> dict:
    """Return the preview and, for a writer's draft, the edit form and what blocks filing."""
    figures, blocks = selectors.report_content(report, today=timezone.localdate())
    editable = report.status == "draft" and services.can_write_reports(request.user)
    if editable and form is None:
        form = _edit_form(report, figures)
    blockers = services.filing_blockers(blocks) if editable else []
    return {
        "report": report,
        "blocks": blocks,
        "title_lines": title_lines(blocks[0]["text"]),
        "form": form,
        "blockers": blockers,
    }


def _edit_form(report, figures: dict, data=None) -> ReportEditForm:
    """Return the edit form of a draft: its paragraphs as the editor shows them."""
    narrative = report.narrative or {}
    with translation.override("zh-hans"):
        chips = report_chips(report_sections(figures, report.rounding))
        paragraphs = editable_paragraphs(figures, narrative.get("templates"), report.rounding)
    return ReportEditForm(data, report=report, paragraphs=paragraphs, chips=chips)


@serves(AGGREGATES, roles=REPORT_READERS)
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Render the report as it reads; a draft also shows its edit form."""
    report = selectors.report_for(request.user, pk)
    return render(request, "reports/report_detail.html", _detail_context(request, report))


@serves(AGGREGATES, roles=REPORT_WRITERS)
@require_POST
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the paragraphs, figure wordings and 成文日期 of a draft; errors save nothing."""
    report = selectors.report_for(request.user, pk)
    figures, _blocks = selectors.report_content(report, today=timezone.localdate())
    form = _edit_form(report, figures, request.POST)
    if form.is_valid():
        try:
            services.report_update(
                by=request.user,
                report=report,
                paragraphs=form.paragraphs(),
                rounding=form.rounding(),
                signed_on=form.cleaned_data["signed_on"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("报告已保存。"))
            return redirect("reports:detail", pk=report.pk)
    context = _detail_context(request, report, form)
    return render(request, "reports/report_detail.html", context, status=400)


@serves(AGGREGATES, roles=REPORT_WRITERS)
@require_POST
def report_file(request: HttpRequest, pk: int) -> HttpResponse:
    """File (freeze) a draft."""
    report = selectors.report_for(request.user, pk)
    try:
        services.report_file(by=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("报告已报送，数据和文字已固定。"))
    return redirect("reports:detail", pk=report.pk)


@serves(AGGREGATES, roles=REPORT_WRITERS)
@require_POST
def report_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a new draft from a filed report."""
    report = selectors.report_for(request.user, pk)
    try:
        draft = services.report_new_version(by=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:detail", pk=report.pk)
    messages.success(request, _("已基于报送版本另起新版本。"))
    return redirect("reports:detail", pk=draft.pk)


def _filename(report, ext: str) -> str:
    scope = report.town.name if report.town_id else report.county.name
    with translation.override("zh-hans"):  # the file is named in Chinese, like its content
        period = report.get_period_display()
    return f"{scope}{report.year}年{period}关爱留守儿童工作情况汇报.{ext}"


@serves(AGGREGATES, roles=REPORT_READERS)
@require_GET
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the report as a Word file laid out per GB/T 9704; the download is audited."""
    report = selectors.report_for(request.user, pk)
    _figures, blocks = selectors.report_content(report, today=timezone.localdate())
    content = docx_bytes(blocks, title=blocks[0]["text"])
    services.report_download_record(by=request.user, report=report, kind="docx")
    response = HttpResponse(content, content_type=DOCX_MIME)
    response["Content-Disposition"] = (
        f"attachment; filename=\"report.docx\"; filename*=UTF-8''{quote(_filename(report, 'docx'))}"
    )
    return response


@serves(AGGREGATES, roles=REPORT_READERS)
@require_GET
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the report's Excel annex (the tables behind its figures); audited."""
    report = selectors.report_for(request.user, pk)
    figures, _blocks = selectors.report_content(report, today=timezone.localdate())
    if scope_of(request.user).aggregates_only(Kind.REPORTS):
        figures = figures_for_aggregates(figures)
    services.report_download_record(by=request.user, report=report, kind="xlsx")
    return xlsx_response(
        _filename(report, "xlsx").replace("汇报", "汇报附表"), report_annex(figures)
    )
