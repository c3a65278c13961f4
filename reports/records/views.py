"""Joint meetings and documents issued: lists, forms and exports for section 1 of the report.

Federation and education officers add and edit them; coordination-group members read them.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.access import AUTHENTICATED, serves
from audit.exports import export_response
from core.listing import apply_service_errors, query_without_page
from reports.models import JointMeeting, PolicyDocument

from . import selectors, services
from .forms import DocumentForm, MeetingForm, RecordFilterForm
from .selectors import RECORD_EDITORS, RECORD_READERS

PAGE_SIZE = 50


def _list(request: HttpRequest, kind: str, rows_for) -> HttpResponse:
    """Render the meetings or documents list, filtered by period."""
    form = RecordFilterForm(request.GET or None, user=request.user)
    rows = rows_for(request.user, form.chosen_period())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query": query_without_page(request), "kind": kind}
    context["can_edit"] = services.can_edit_records(request.user)
    return render(request, f"reports/records/{kind}_list.html", context)


def _form(request: HttpRequest, kind: str, form_class, record) -> HttpResponse:
    """Show and save a meeting or document form."""
    data = request.POST if request.method == "POST" else None
    form = form_class(data, instance=record)
    if data is not None and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.record_save(by=request.user, record=record, values=values)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(f"reports:records:{kind}_list")
    context = {"form": form, "record": record if record.pk else None, "kind": kind}
    return render(request, "reports/records/record_form.html", context)


@serves(AUTHENTICATED, roles=RECORD_READERS)
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Render the joint meetings of the county, filtered by period."""
    return _list(request, "meeting", selectors.meeting_list)


@serves(AUTHENTICATED, roles=RECORD_READERS)
@require_GET
def meeting_export(request: HttpRequest) -> HttpResponse:
    """Download the filtered joint meetings as .xlsx; audited with the row count."""
    form = RecordFilterForm(request.GET or None, user=request.user)
    rows = (
        (m.held_on, m.chaired_by, m.attendees, m.decisions)
        for m in selectors.meeting_list(request.user, form.chosen_period())
    )
    headers = ["召开日期", "主持人", "参会单位", "研究部署事项"]
    return export_response(
        by=request.user, what="联席会议", headers=headers, rows=rows, filters=request.GET.dict()
    )


@serves(AUTHENTICATED, roles=RECORD_EDITORS)
def meeting_create(request: HttpRequest) -> HttpResponse:
    """Record a joint meeting."""
    return _form(request, "meeting", MeetingForm, JointMeeting())


@serves(AUTHENTICATED, roles=RECORD_EDITORS)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a joint meeting of the user's county."""
    return _form(request, "meeting", MeetingForm, selectors.meeting_for(request.user, pk))


@serves(AUTHENTICATED, roles=RECORD_READERS)
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    """Render the documents issued in the county, filtered by period."""
    return _list(request, "document", selectors.document_list)


@serves(AUTHENTICATED, roles=RECORD_READERS)
@require_GET
def document_export(request: HttpRequest) -> HttpResponse:
    """Download the filtered documents as .xlsx; audited with the row count."""
    form = RecordFilterForm(request.GET or None, user=request.user)
    rows = (
        (f"《{d.title}》", d.issuer, d.number, d.issued_on)
        for d in selectors.document_list(request.user, form.chosen_period())
    )
    headers = ["文件标题", "印发单位", "文号", "印发日期"]
    return export_response(
        by=request.user, what="印发文件", headers=headers, rows=rows, filters=request.GET.dict()
    )


@serves(AUTHENTICATED, roles=RECORD_EDITORS)
def document_create(request: HttpRequest) -> HttpResponse:
    """Record a document issued."""
    return _form(request, "document", DocumentForm, PolicyDocument())


@serves(AUTHENTICATED, roles=RECORD_EDITORS)
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a document of the user's county."""
    return _form(request, "document", DocumentForm, selectors.document_for(request.user, pk))
