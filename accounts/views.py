"""Account pages: password change, the review of break-the-glass grants."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .access import AUTHENTICATED, serves
from .roles import Kind, roles_writing
from .selectors import grant_for_review, grants_for_review
from .services import emergency_access_review, user_password_changed


class PasswordChangeView(auth_views.PasswordChangeView):
    """Let a user set a new password, checked by the password policy; clears the flag."""

    template_name = "accounts/password_change.html"

    def get_success_url(self) -> str:
        return "/"

    def form_valid(self, form):
        response = super().form_valid(form)
        user_password_changed(by=self.request.user)
        messages.success(self.request, _("密码已修改。"))
        return response


@serves(AUTHENTICATED, roles=roles_writing(Kind.USERS))
def emergency_review(request: HttpRequest) -> HttpResponse:
    """List break-the-glass grants for review; POST marks one reviewed."""
    if request.method == "POST":
        grant = grant_for_review(request.user, request.POST.get("grant", ""))
        emergency_access_review(by=request.user, grant=grant, note=request.POST.get("note", ""))
        messages.success(request, _("已审核。"))
        return redirect("accounts:emergency_review")
    grants = grants_for_review(request.user)
    return render(request, "accounts/emergency_review.html", {"grants": grants})
