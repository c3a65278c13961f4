"""The home page of each role."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import AUTHENTICATED, serves
from accounts.models import Role
from accounts.roles import Kind, scope_of
from core.suppression import suppress_count
from survey.progress import reminders_for

from .selectors import county_figures, home_figures_for, open_concerns_for


@serves(AUTHENTICATED)
def home(request: HttpRequest) -> HttpResponse:
    """Render the home page: figures in the user's scope, or county aggregates only."""
    user = request.user
    concerns = []
    if user.sees_children:
        figures = home_figures_for(user)
        concerns = open_concerns_for(user) if figures["open_concerns"] else []
    elif scope_of(user).aggregates_only(Kind.DASHBOARDS):
        # The same counts as the coordination dashboard, hidden the same way.
        figures = {
            k: suppress_count(v) for k, v in county_figures(county_id=user.county_id).items()
        }
    else:
        figures = None
    reminders, progress = reminders_for(user)
    context = {
        "figures": figures,
        "concerns": concerns,
        "Role": Role,
        # What the term survey asks of this user and by when (there is no mail server).
        "reminders": reminders,
        "progress": progress,
        "survey": progress.survey if progress else None,
    }
    return render(request, "home.html", context)
