"""The home page and the 使用说明 (help) page of each role."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.access import AUTHENTICATED, serves
from accounts.models import Role
from accounts.roles import Kind, scope_of
from children.concerns.selectors import open_concerns_for, overdue_concerns_for
from core.suppression import suppress_count
from survey.progress import reminders_for

from .selectors import county_figures, home_figures_for


@serves(AUTHENTICATED)
def home(request: HttpRequest) -> HttpResponse:
    """Render the home page: overdue mandatory reports first (town and county officers),
    then figures in the user's scope, or county aggregates only."""
    user, now = request.user, timezone.now()
    concerns, overdue = [], []
    if user.sees_children:
        figures = home_figures_for(user)
        if figures["open_concerns"]:
            concerns = open_concerns_for(user, now=now)
            overdue = overdue_concerns_for(user, now=now)
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
        "overdue_concerns": overdue,
        "Role": Role,
        # What the term survey asks of this user and by when (there is no mail server).
        "reminders": reminders,
        "progress": progress,
        "survey": progress.survey if progress else None,
    }
    return render(request, "home.html", context)


@serves(AUTHENTICATED)
def help_page(request: HttpRequest) -> HttpResponse:
    """Render the 使用说明 of the user's role: what they can do, where, and who to ask."""
    role = request.user.role if request.user.role in Role.values else Role.MENTOR
    return render(request, "help/help.html", {"role_template": f"help/_{role}.html"})
