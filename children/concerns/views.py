"""Mandatory reports in the browser: raise one from a child's file, follow its clock, close.

Every view starts from the scoping selectors: a concern or child outside the user's scope
is a 404. Writes go through children.concerns.services.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import CHILDREN, serves
from core.listing import apply_service_errors

from ..selectors import child_for
from ..services import can_handle_concerns
from . import services
from .forms import CloseForm, ConcernForm, ReopenForm, StepForm
from .selectors import concern_for, concern_view


def _detail(request: HttpRequest, concern, status: int = 200, **forms) -> HttpResponse:
    """Render a concern's page with its clock, steps and the forms the user may use."""
    context = {
        "view": concern_view(request.user, concern, now=timezone.now(), with_steps=True),
        "child": concern.child,
        "can_handle": can_handle_concerns(request.user),
        "step_form": forms.get("step_form") or StepForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
    }
    return render(request, "concerns/detail.html", context, status=status)


@serves(CHILDREN)
@require_POST
def concern_raise(request: HttpRequest, pk: int) -> HttpResponse:
    """Raise a mandatory report about child `pk` in scope; then open its page."""
    child = child_for(request.user, pk)
    form = ConcernForm(request.POST)
    if form.is_valid():
        try:
            concern = services.concern_raise(by=request.user, child=child, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("已提交强制报告。请立即按提示报告，并在下方记录每一步。"))
            return redirect("concerns:detail", pk=concern.pk)
    errors = [
        f"{form.fields[k].label if k in form.fields else ''}：{'；'.join(v)}"
        for k, v in form.errors.items()
    ]
    messages.error(request, "；".join(errors))
    return redirect("children:detail", pk=child.pk)


@serves(CHILDREN)
@require_GET
def concern_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Render a concern in scope: its clock, what is still due, its steps."""
    return _detail(request, concern_for(request.user, pk))


@serves(CHILDREN)
@require_POST
def concern_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a hand-over or follow-up step of a concern in scope."""
    concern = concern_for(request.user, pk)
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            step = services.concern_step_record(
                by=request.user, concern=concern, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("已记录：%(kind)s") % {"kind": step.get_kind_display()})
            return redirect("concerns:detail", pk=concern.pk)
    return _detail(request, concern, status=400, step_form=form)


def _close_or_reopen(request: HttpRequest, pk: int, form_class, service, done: str, name: str):
    """Run `service` on concern `pk` in scope with the bound form's values; back to its page."""
    concern = concern_for(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(by=request.user, concern=concern, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("concerns:detail", pk=concern.pk)
    return _detail(request, concern, status=400, **{name: form})


@serves(CHILDREN)
@require_POST
def concern_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a concern in scope with its outcome (the roles that handle concerns)."""
    return _close_or_reopen(
        request, pk, CloseForm, services.concern_close, _("已结案。"), "close_form"
    )


@serves(CHILDREN)
@require_POST
def concern_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Reopen a closed concern in scope, saying why (the roles that handle concerns)."""
    return _close_or_reopen(
        request, pk, ReopenForm, services.concern_reopen, _("已重新开启。"), "reopen_form"
    )
