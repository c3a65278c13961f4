"""The break-the-glass page: which child and why; on success the child's file opens."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import AUTHENTICATED, serves
from accounts.roles import Kind, roles_writing
from core.listing import apply_service_errors

from .forms import EmergencyAccessForm
from .services import emergency_access_open


@serves(AUTHENTICATED, roles=roles_writing(Kind.EMERGENCY))
def emergency_access(request: HttpRequest) -> HttpResponse:
    """Render and handle the break-the-glass form; on success open the child's file."""
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = emergency_access_open(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.warning(request, _("已开启紧急查看，24 小时内有效，本次查看已记录待审核。"))
            return redirect("children:detail", pk=grant.child_id)
    return render(request, "children/emergency_access.html", {"form": form})
