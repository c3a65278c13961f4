"""Answering a transfer request from the home page: accept or refuse, then back home."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import CHILDREN, serves

from . import selectors, services


def _back(request: HttpRequest) -> HttpResponse:
    return redirect("home")


@serves(CHILDREN)
@require_POST
def transfer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept a pending request the user may answer; the child moves (404 otherwise)."""
    transfer = selectors.transfer_request_for(request.user, pk)
    try:
        services.transfer_request_accept(by=request.user, request=transfer)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("已同意：%(child)s 转入 %(school)s。")
            % {"child": transfer.child.name, "school": transfer.to_school},
        )
    return _back(request)


@serves(CHILDREN)
@require_POST
def transfer_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    """Refuse a pending request the user may answer; the child stays (404 otherwise)."""
    transfer = selectors.transfer_request_for(request.user, pk)
    try:
        services.transfer_request_refuse(by=request.user, request=transfer)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, _("已拒绝 %(child)s 的转学申请。") % {"child": transfer.child.name}
        )
    return _back(request)
