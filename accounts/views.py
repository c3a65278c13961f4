"""The home page each role lands on after logging in."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Role
from .selectors import county_figures, home_figures_for


@login_required
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
