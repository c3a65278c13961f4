"""Import and export of the register in the browser: template, upload, preview, confirm.

Only register editors import; anyone who sees children may export their scope (masked
unless their role allows full values). A batch outside the user's scope is a 404.
"""

import tempfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import CHILDREN, serves
from audit.services import export_audit
from children.filters import RegisterFilterForm
from children.register import register_filter, register_queryset
from children.services import REGISTER_EDITORS
from core.spreadsheets import XLSX_MIME, encrypt_xlsx_file, file_download, xlsx_response

from . import confirm, errorfile, selectors, services, writers
from .forms import ConfirmForm, ExportPasswordForm, UploadForm

ROWS_PAGE = 50
PROBLEMS_SHOWN = 500


@serves(CHILDREN, roles=REGISTER_EDITORS)
@require_http_methods(["GET", "POST"])
def import_index(request: HttpRequest) -> HttpResponse:
    """Show the upload form and the import history; an upload goes to its preview."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.import_upload(
                by=request.user,
                name=upload.name,
                content=upload.read(),
                password=form.cleaned_data["password"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect(batch)
    history = Paginator(selectors.batches_visible_to(request.user), 20)
    return render(
        request,
        "children/imports/import_index.html",
        {"form": form, "history": history.get_page(request.GET.get("page"))},
    )


@serves(CHILDREN, roles=REGISTER_EDITORS)
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """Download the import template (.xlsx)."""
    # The register file speaks Chinese in any interface language: the import reads it back.
    with translation.override("zh-hans"):
        content = writers.template_bytes()
    return xlsx_response(_("儿童台账导入模板.xlsx"), content)


@serves(CHILDREN, roles=REGISTER_EDITORS)
@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a batch: progress while it is checked, the preview, or what it wrote."""
    batch = selectors.batch_for(request.user, pk, with_payload=True)
    checked = batch.checked()
    page = selectors.batch_rows_page(
        request.user, checked["rows"], request.GET.get("page"), ROWS_PAGE
    )
    return render(
        request,
        "children/imports/import_detail.html",
        {
            "batch": batch,
            "page": page,
            "problems": checked["problems"][:PROBLEMS_SHOWN],
            "quality": checked["quality"][:PROBLEMS_SHOWN],
            "confirm_form": ConfirmForm(initial={"sha256": batch.sha256}),
            "is_owner": batch.created_by_id == request.user.pk,
        },
    )


@serves(CHILDREN, roles=REGISTER_EDITORS)
@require_GET
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the batch's bad rows as an .xlsx to fix and upload again (maybe none)."""
    batch = selectors.batch_for(request.user, pk, with_payload=True)
    with translation.override("zh-hans"):  # the file is read back by the import
        content = errorfile.error_file_bytes(batch)
    stem = batch.file_name.rsplit(".", 1)[0]
    return xlsx_response(_("%(name)s（错误行）.xlsx") % {"name": stem}, content)


@serves(CHILDREN, roles=REGISTER_EDITORS)
@require_POST
def import_add_mentors(request: HttpRequest, pk: int) -> HttpResponse:
    """Add the file's unmatched 帮扶教师 as mentors of the school, and check it again."""
    batch = selectors.batch_for(request.user, pk)
    try:
        added = services.import_add_mentors(by=request.user, batch=batch)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("已添加 %(n)s 名帮扶教师。") % {"n": len(added)})
    return redirect(batch)


@serves(CHILDREN, roles=REGISTER_EDITORS)
@require_GET
def import_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Return a batch's status and progress as JSON, for the page's progress bar."""
    batch = selectors.batch_for(request.user, pk)
    return JsonResponse(
        {
            "status": batch.status,
            "label": batch.get_status_display(),
            "progress": batch.progress,
            "working": batch.is_working,
        }
    )


@serves(CHILDREN, roles=REGISTER_EDITORS)
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Write a previewed batch's good rows (or hand them to the worker); errors as messages."""
    batch = selectors.batch_for(request.user, pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            confirm.import_request_confirm(
                by=request.user, batch=batch, sha256=form.cleaned_data["sha256"]
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
    return redirect(batch)


@serves(CHILDREN, roles=REGISTER_EDITORS)
@require_POST
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Give up a previewed batch; nothing is written."""
    batch = selectors.batch_for(request.user, pk)
    try:
        services.import_discard(by=request.user, batch=batch)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("imports:index")


@serves(CHILDREN)
@require_http_methods(["GET", "POST"])
def register_export(request: HttpRequest) -> HttpResponse:
    """Download the register of the user's scope, with the list's filters; recorded.

    Masked by default. Full IDs and phones only for roles allowed them, only as an .xlsx
    encrypted with a password the user sets here (asked for on a form first).
    """
    form = RegisterFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    full = request.GET.get("full") == "1" and selectors.can_export_full(request.user)
    password_form = ExportPasswordForm(request.POST or None) if full else None
    if full and not (request.method == "POST" and password_form.is_valid()):
        context = {"form": password_form, "query": request.GET.urlencode()}
        return render(request, "children/imports/export_password.html", context)
    qs = register_filter(
        register_queryset(request.user),
        filters,
        today=timezone.localdate(),
        contact_days=request.user.county.contact_interval_days,
    )
    kind = "csv" if request.GET.get("format") == "csv" and not full else "xlsx"
    # Rows stream from one server-side cursor into a file on disk (not memory), which is
    # then streamed to the browser: memory stays flat whatever the size of the register.
    out = tempfile.TemporaryFile()
    with translation.override("zh-hans"):  # coded values as the import reads them back
        rows = selectors.export_rows(qs, full=full)
        count = writers.export_csv(rows, out) if kind == "csv" else writers.export_xlsx(rows, out)
    export_audit(
        by=request.user,
        what=str(_("儿童台账")),
        rows=count,
        full=full,
        file_format=kind,
        filters=request.GET.dict(),
    )
    name = _("儿童台账%(d)s") % {"d": timezone.localdate().strftime("%Y%m%d")}
    if kind == "csv":
        return file_download(f"{name}.csv", out, "text/csv; charset=utf-8")
    if full:
        encrypted = tempfile.TemporaryFile()
        encrypt_xlsx_file(out, password_form.cleaned_data["password"], encrypted)
        out.close()
        out = encrypted
    return file_download(f"{name}.xlsx", out, XLSX_MIME)
