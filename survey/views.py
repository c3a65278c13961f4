"""The survey in the browser: list and open, progress, each user's checklist, one child's
step (confirm, edit, close, transfer), close, and the national form export.

Children come from the scoping selectors; a child or survey outside scope is a 404.
"""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import CHILDREN, serves
from audit.services import export_audit
from children import services as child_services
from children.forms import CloseForm, TransferForm
from children.imports.forms import ExportPasswordForm
from children.selectors import children_visible_to
from core.spreadsheets import encrypt_xlsx_file, workbook_bytes, xlsx_response

from . import nationalform, selectors, services
from .forms import SurveyEditForm, SurveyOpenForm, parent_forms
from .points import six_points
from .progress import survey_progress
from .selectors import SURVEY_OWNERS, SURVEY_ROLES


def _back(request: HttpRequest, survey) -> str:
    """Return where a step returns to: the checklist it came from, or the survey's."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("survey:checklist", kwargs={"pk": survey.pk})


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


@serves(CHILDREN, roles=SURVEY_ROLES)
@require_http_methods(["GET", "POST"])
def survey_index(request: HttpRequest) -> HttpResponse:
    """List the county's surveys; county officers open a new one here."""
    owner = services.can_own_surveys(request.user)
    form = SurveyOpenForm(request.POST or None) if owner else None
    if request.method == "POST":
        if not owner:
            raise PermissionDenied
        if form.is_valid():
            try:
                survey = services.survey_open(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("已发起%(label)s。") % {"label": survey.label})
                return redirect(survey)
    surveys = selectors.surveys_visible_to(request.user).select_related("opened_by")
    return render(request, "survey/survey_list.html", {"surveys": surveys, "form": form})


@serves(CHILDREN, roles=SURVEY_ROLES)
@require_GET
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a survey's progress in the user's places; after close, who was never checked."""
    survey = selectors.survey_for(request.user, pk)
    context = {
        "survey": survey,
        "progress": survey_progress(request.user, survey),
        "owner": services.can_own_surveys(request.user),
        "never_checked": [] if survey.is_open else selectors.never_checked(request.user, survey),
        "recent": selectors.checks_visible_to(request.user, survey)[:20],
    }
    return render(request, "survey/survey_detail.html", context)


@serves(CHILDREN, roles=SURVEY_ROLES)
@require_GET
def survey_checklist(request: HttpRequest, pk: int) -> HttpResponse:
    """List the children the user still has to check: cards on a phone, a table on a desk."""
    survey = selectors.survey_for(request.user, pk)
    school = request.GET.get("school", "")
    children = selectors.checklist_for(
        request.user, survey, school_id=int(school) if school.isdigit() else None
    )
    rows = [(child, six_points(child)) for child in children[:500]]
    context = {
        "survey": survey,
        "rows": rows,
        "left": children.count() if len(rows) == 500 else len(rows),
        "progress": survey_progress(request.user, survey).total,
        "here": request.get_full_path(),
        "can_register": child_services.can_edit_register(request.user),
    }
    return render(request, "survey/checklist.html", context)


@serves(CHILDREN, roles=SURVEY_ROLES)
@require_GET
def survey_step(request: HttpRequest, pk: int, child_pk: int) -> HttpResponse:
    """Show one child's step: the six points with what is missing, and the four answers."""
    survey = selectors.survey_for(request.user, pk)
    child = selectors.checkable_child(request.user, survey, child_pk)
    today = timezone.localdate().isoformat()
    context = {
        "survey": survey,
        "child": child,
        "points": six_points(child),
        "back": _back(request, survey),
        "can_manage": child_services.can_manage_cases(request.user),
        # ISO dates: a date input shows nothing for a localized one and refuses to submit.
        "close_form": CloseForm(initial={"on": today}),
        "transfer_form": TransferForm(user=request.user, initial={"on": today}),
    }
    return render(request, "survey/step.html", context)


def _answer(request: HttpRequest, pk: int, child_pk: int, run) -> HttpResponse:
    """Run one answer about a child on the user's checklist; back to the list with a message."""
    survey = selectors.survey_for(request.user, pk)
    try:
        child = selectors.checkable_child(request.user, survey, child_pk)
    except Http404:
        # A second tap on a child just checked gets a message; anything else stays a 404.
        done = selectors.checks_visible_to(request.user, survey).filter(child_id=child_pk).first()
        if done is None:
            raise
        messages.info(request, _("%(name)s 在本次摸底中已核查过。") % {"name": done.child.name})
        return redirect(_back(request, survey))
    try:
        messages.success(request, run(survey, child))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        step = reverse("survey:step", args=[survey.pk, child.pk])
        return redirect(f"{step}?{urlencode({'next': _back(request, survey)})}")
    return redirect(_back(request, survey))


@serves(CHILDREN, roles=SURVEY_ROLES)
@require_POST
def survey_confirm(request: HttpRequest, pk: int, child_pk: int) -> HttpResponse:
    """Confirm in one tap that a child is still here and still in its category."""

    def run(survey, child):
        services.survey_confirm(by=request.user, survey=survey, child=child)
        return _("已确认 %(name)s。") % {"name": child.name}

    return _answer(request, pk, child_pk, run)


def _form_errors(form) -> ValidationError:
    return ValidationError(
        [
            f"{form.fields[k].label if k in form.fields else ''}：{'；'.join(v)}"
            for k, v in form.errors.items()
        ]
    )


@serves(CHILDREN, roles=SURVEY_ROLES)
@require_POST
def survey_close_case(request: HttpRequest, pk: int, child_pk: int) -> HttpResponse:
    """Close a child's case with the reason the survey found."""

    def run(survey, child):
        form = CloseForm(request.POST)
        if not form.is_valid():
            raise _form_errors(form)
        services.survey_close_case(by=request.user, survey=survey, child=child, **form.cleaned_data)
        return _("%(name)s 已结案（%(reason)s），记录保留在档案中。") % {
            "name": child.name,
            "reason": dict(form.fields["reason"].choices)[form.cleaned_data["reason"]],
        }

    return _answer(request, pk, child_pk, run)


@serves(CHILDREN, roles=SURVEY_ROLES)
@require_POST
def survey_transfer(request: HttpRequest, pk: int, child_pk: int) -> HttpResponse:
    """Transfer a child who moved to another school of the county."""

    def run(survey, child):
        form = TransferForm(request.POST, user=request.user)
        if not form.is_valid():
            raise _form_errors(form)
        data = form.cleaned_data
        services.survey_transfer(
            by=request.user,
            survey=survey,
            child=child,
            to_school=data["to_school"],
            on=data["on"],
            reason=data["reason"],
        )
        return _("%(name)s 已转入 %(school)s。") % {"name": child.name, "school": data["to_school"]}

    return _answer(request, pk, child_pk, run)


@serves(CHILDREN, roles=SURVEY_ROLES)
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, pk: int, child_pk: int) -> HttpResponse:
    """Edit the details that changed (guardian, parents, phone, health, schooling) in place."""
    survey = selectors.survey_for(request.user, pk)
    child = selectors.checkable_child(request.user, survey, child_pk)
    data = request.POST if request.method == "POST" else None
    form = SurveyEditForm(data, instance=child)
    parents = parent_forms(data, child)
    stale = None
    if data is not None and form.is_valid() & all([p.is_valid() for p in parents]):
        try:
            services.survey_edit(
                by=request.user,
                survey=survey,
                child=child,
                values=form.child_values(),
                parents=[child_services.ParentData(p.relation, p.values()) for p in parents],
                expected_version=form.cleaned_data["version"],
            )
        except child_services.StaleEdit as exc:
            stale = exc.changes
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _errors(exc) if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("已保存 %(name)s 的变化。") % {"name": child.name})
            return redirect(_back(request, survey))
    context = {
        "survey": survey,
        "child": child,
        "form": form,
        "parent_forms": parents,
        "stale": stale,
        "back": _back(request, survey),
    }
    bad = form.errors or stale or any(p.errors for p in parents)
    return render(request, "survey/edit.html", context, status=400 if bad else 200)


@serves(CHILDREN, roles=SURVEY_OWNERS)
@require_POST
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a survey: the snapshot is frozen and the children never checked are listed."""
    survey = selectors.survey_for(request.user, pk)
    try:
        unchecked = services.survey_close(by=request.user, survey=survey)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request, _("摸底已结束，%(n)s 名儿童未核查，名单见下。") % {"n": unchecked}
        )
    return redirect(survey)


@serves(CHILDREN, roles=SURVEY_OWNERS)
@require_http_methods(["GET", "POST"])
def survey_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the register as the national form (full values): password-encrypted .xlsx,
    audited; the whole county or one school (`?school=`)."""
    survey = selectors.survey_for(request.user, pk)
    form = ExportPasswordForm(request.POST or None)
    if not (request.method == "POST" and form.is_valid()):
        context = {"survey": survey, "form": form, "query": request.GET.urlencode()}
        return render(request, "survey/export_password.html", context)
    # The county's open children: a break-the-glass grant elsewhere is no part of the form.
    children = children_visible_to(request.user).filter(
        status="open", county_id=request.user.county_id
    )
    school = request.GET.get("school", "")
    if school.isdigit():
        children = children.filter(school_id=int(school))
    with translation.override("zh-hans"):  # the national system reads the form's Chinese
        rows = list(nationalform.form_rows(children))
        content = workbook_bytes([(nationalform.SHEET_TITLE, nationalform.headers(), rows)])
    export_audit(
        by=request.user,
        what=nationalform.SHEET_TITLE,
        rows=len(rows),
        full=True,
        filters={"survey": survey.pk, "school": school},
    )
    # The national form is an exchange format: its file keeps its Chinese name in any language.
    name = f"{nationalform.SHEET_TITLE}{timezone.localdate():%Y%m%d}.xlsx"
    encrypted = io.BytesIO()
    encrypt_xlsx_file(io.BytesIO(content), form.cleaned_data["password"], encrypted)
    return xlsx_response(name, encrypted.getvalue())
