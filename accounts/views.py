"""The home page each role lands on after logging in."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .access import AUTHENTICATED, serves
from .models import Role
from .selectors import county_figures, home_figures_for
from .services import user_password_changed


@serves(AUTHENTICATED)
def home(request: HttpRequest) -> HttpResponse:
    """Render the home page: figures in the user's scope, or county aggregates only."""
    user = request.user
    if user.sees_children:
        figures = home_figures_for(user)
    elif user.role == Role.COORDINATION:
        figures = county_figures(county_id=user.county_id)
    else:
        figures = None
    return render(request, "home.html", {"figures": figures, "Role": Role})


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
