"""The dashboards: county, town and school for officers, aggregates for the coordination group.

Each view reads the period from the URL, takes the cached figures of the user's scope and
shows them; users of other roles get 404, as for any page that is not theirs.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.access import AGGREGATES, AUTHENTICATED, serves
from accounts.roles import Kind, Level, roles_seeing, scope_of
from children.concerns.selectors import open_concerns_for
from core.periods import CUSTOM, parse_period, term_of
from survey.progress import survey_progress
from survey.selectors import current_survey

from . import selectors
from .display import Presenter, duplicate_items, figure_sections, period_options
from .duplicates import duplicate_list

# Which dashboard shows each level of the permission table's dashboards column.
DASHBOARD_OF = {
    Level.COUNTY: "dashboards:county",
    Level.TOWN: "dashboards:town",
    Level.SCHOOL: "dashboards:school",
    Level.AGGREGATE: "dashboards:coordination",
}


def _readers(level: Level) -> frozenset[str]:
    return roles_seeing(Kind.DASHBOARDS, levels={level})


@serves(AUTHENTICATED, roles=roles_seeing(Kind.DASHBOARDS))
@require_GET
def dashboard_index(request: HttpRequest) -> HttpResponse:
    """Send the user to the dashboard of their role, keeping the period."""
    response = redirect(DASHBOARD_OF[scope_of(request.user).level(Kind.DASHBOARDS)])
    if request.GET:
        response["Location"] += f"?{request.GET.urlencode()}"
    return response


def _dashboard(request: HttpRequest, *, title: str, template: str, aggregates_only: bool):
    """Render `template` with the figures of the user's scope for the period in the URL."""
    user, today = request.user, timezone.localdate()
    period = parse_period(request.GET, default=term_of(today))
    if aggregates_only and period.kind == CUSTOM:
        # Whole terms, half-years and years only: a few days' period, or the difference of
        # two overlapping ones, would show one child's change.
        period = term_of(today)
    figures = selectors.dashboard_figures(user, period=period, today=today)
    personal = user.sees_children and not aggregates_only
    show = Presenter(figures, period=period, links=personal, suppress=aggregates_only)
    sort = request.GET.get("sort") or "label"
    survey = current_survey(user) if personal else None
    context = {
        "title": title,
        "period": period,
        "periods": period_options(today, period),
        "allow_custom": not aggregates_only,
        "figures": figures,
        "sections": figure_sections(show, sort=sort),
        "concerns": open_concerns_for(user, now=timezone.now()) if personal else [],
        "survey_progress": survey_progress(user, survey, today=today) if survey else None,
        "duplicates": duplicate_items(duplicate_list(user, figures["duplicates"][:20]))
        if personal and figures["duplicates"]
        else "",
    }
    return render(request, template, context)


@serves(AUTHENTICATED, roles=_readers(Level.COUNTY))
@require_GET
def county_dashboard(request: HttpRequest) -> HttpResponse:
    """Render the county dashboard (federation, education bureau)."""
    title = _("全县数据看板")
    return _dashboard(
        request, title=title, template="dashboards/dashboard.html", aggregates_only=False
    )


@serves(AUTHENTICATED, roles=_readers(Level.TOWN))
@require_GET
def town_dashboard(request: HttpRequest) -> HttpResponse:
    """Render the town officer's dashboard of their town's schools."""
    title = _("乡镇数据看板")
    return _dashboard(
        request, title=title, template="dashboards/dashboard.html", aggregates_only=False
    )


@serves(AUTHENTICATED, roles=_readers(Level.SCHOOL))
@require_GET
def school_dashboard(request: HttpRequest) -> HttpResponse:
    """Render the school staff's dashboard of their school's classes."""
    title = _("学校数据看板")
    return _dashboard(
        request, title=title, template="dashboards/dashboard.html", aggregates_only=False
    )


@serves(AGGREGATES, roles=_readers(Level.AGGREGATE))
@require_GET
def coordination_dashboard(request: HttpRequest) -> HttpResponse:
    """Render the coordination group's view: county aggregates only, small counts as "<5"."""
    title = _("协调小组数据看板")
    return _dashboard(
        request, title=title, template="dashboards/coordination.html", aggregates_only=True
    )
