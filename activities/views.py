"""Homes and rooms, their printable signs, activities and their photos, in the browser.

Every view starts from the scoping selectors: a record outside the user's scope is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import AUTHENTICATED, serves
from accounts.roles import Kind, roles_seeing, scope_of
from audit.exports import export_response
from core.listing import apply_service_errors, query_without_page

from . import selectors, services
from .forms import (
    ActivityFilterForm,
    ActivityForm,
    HomeFilterForm,
    HomeForm,
    PhotoForm,
    TeamForm,
    equipment_formset,
    equipment_rows,
)
from .models import Activity, Home, VolunteerTeam
from .selectors import ACTIVITY_EDITORS, ACTIVITY_ROLES, TEAM_EDITORS

PAGE_SIZE = 50


@serves(AUTHENTICATED, roles=ACTIVITY_ROLES)
@require_GET
def home_list(request: HttpRequest) -> HttpResponse:
    """Render the homes and rooms in scope, filtered, with the shared-room flag."""
    form = HomeFilterForm(request.GET or None, user=request.user)
    rows = selectors.home_list(request.user, form.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "counts": selectors.home_counts(rows)}
    context |= {
        "query": query_without_page(request),
        "can_edit": services.can_edit_activities(request.user),
    }
    return render(request, "activities/home_list.html", context)


@serves(AUTHENTICATED, roles=ACTIVITY_ROLES)
@require_GET
def home_export(request: HttpRequest) -> HttpResponse:
    """Download the filtered homes and rooms as .xlsx; audited with the row count."""
    form = HomeFilterForm(request.GET or None, user=request.user)
    rows = (
        (
            h.name,
            h.get_kind_display(),
            h.town.name,
            h.school.name if h.school else "",
            h.get_mode_display(),
            h.planned_year,
            h.built_year,
            h.opening_hours,
            h.contact_name,
            h.contact_phone,
            h.is_shared,
            h.shared_with,
            "、".join(f"{e.name}×{e.quantity}" for e in h.equipment.all()),
            h.activity_count,
        )
        for h in selectors.home_list(request.user, form.filters())
    )
    headers = ["名称", "类型", "乡镇", "学校", "建设模式", "规划年份", "建成年份", "开放时间"]
    headers += ["联系人", "联系电话", "合用", "合用情况", "设备", "活动次数"]
    return export_response(
        by=request.user,
        what="留守儿童之家和活动室",
        headers=headers,
        rows=rows,
        filters=request.GET.dict(),
    )


@serves(AUTHENTICATED, roles=ACTIVITY_ROLES)
@require_GET
def home_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Render one home or room with its equipment, rules and roster."""
    home = selectors.home_for(request.user, pk)
    can_edit = services.can_edit_activities(request.user)
    return render(request, "activities/home_detail.html", {"home": home, "can_edit": can_edit})


@serves(AUTHENTICATED, roles=ACTIVITY_ROLES)
@require_GET
def home_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Render the printable sign (标牌) of a home or room."""
    home = selectors.home_for(request.user, pk)
    rules = [line.strip() for line in home.rules.splitlines() if line.strip()]
    return render(request, "activities/home_sign.html", {"home": home, "rules": rules})


def _home_form(request: HttpRequest, home: Home) -> HttpResponse:
    """Show and save the home form with its equipment lines."""
    data = request.POST if request.method == "POST" else None
    form = HomeForm(data, instance=home, user=request.user)
    formset = equipment_formset(data, home=home)
    if data is not None and form.is_valid() and formset.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            home = services.home_save(
                by=request.user, home=home, values=values, equipment=equipment_rows(formset)
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("已保存“%(name)s”。") % {"name": home.name})
            return redirect("activities:home_detail", home.pk)
    context = {"form": form, "formset": formset, "home": home if home.pk else None}
    return render(request, "activities/home_form.html", context)


@serves(AUTHENTICATED, roles=ACTIVITY_EDITORS)
def home_create(request: HttpRequest) -> HttpResponse:
    """Add a home or room in the user's scope."""
    return _home_form(request, Home())


@serves(AUTHENTICATED, roles=ACTIVITY_EDITORS)
def home_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a home or room in the user's scope."""
    return _home_form(request, selectors.home_for(request.user, pk))


@serves(AUTHENTICATED, roles=ACTIVITY_ROLES)
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    """Render the activities in scope, filtered, with their audience totals."""
    form = ActivityFilterForm(request.GET or None, user=request.user)
    rows = selectors.activity_list(request.user, form.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "totals": selectors.activity_totals(rows)}
    context |= {
        "query": query_without_page(request),
        "can_edit": services.can_edit_activities(request.user),
    }
    return render(request, "activities/activity_list.html", context)


@serves(AUTHENTICATED, roles=ACTIVITY_ROLES)
@require_GET
def activity_export(request: HttpRequest) -> HttpResponse:
    """Download the filtered activities as .xlsx; audited with the row count."""
    form = ActivityFilterForm(request.GET or None, user=request.user)
    rows = (
        (
            a.on,
            a.title,
            a.get_kind_display(),
            a.organiser,
            a.town.name if a.town else "",
            a.school.name if a.school else "",
            a.home.name if a.home else a.place,
            a.children_count,
            a.parents_count,
            a.audience_count,
            a.participant_total,
            a.description,
        )
        for a in selectors.activity_list(request.user, form.filters())
    )
    headers = ["日期", "活动名称", "类型", "主办单位", "乡镇", "学校", "地点"]
    headers += ["参加儿童人数", "参加家长人数", "受众人数", "登记参加儿童", "活动内容"]
    return export_response(
        by=request.user, what="关爱活动", headers=headers, rows=rows, filters=request.GET.dict()
    )


@serves(AUTHENTICATED, roles=ACTIVITY_ROLES)
@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Render an activity with the participants the user may see and its photos."""
    activity = selectors.activity_for(request.user, pk)
    can_edit = services.can_edit_activities(request.user)
    context = {"activity": activity, "can_edit": can_edit, "photo_form": PhotoForm()}
    return render(request, "activities/activity_detail.html", context)


def _activity_form(request: HttpRequest, activity: Activity) -> HttpResponse:
    """Show and save the activity form."""
    data = request.POST if request.method == "POST" else None
    form = ActivityForm(data, instance=activity, user=request.user)
    if data is not None and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            activity = services.activity_save(
                by=request.user,
                activity=activity,
                values=values,
                participants=form.cleaned_data["participants"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("已保存活动“%(title)s”。") % {"title": activity.title})
            return redirect("activities:detail", activity.pk)
    context = {"form": form, "activity": activity if activity.pk else None}
    return render(request, "activities/activity_form.html", context)


@serves(AUTHENTICATED, roles=ACTIVITY_EDITORS)
def activity_create(request: HttpRequest) -> HttpResponse:
    """Record an activity in the user's scope."""
    return _activity_form(request, Activity())


@serves(AUTHENTICATED, roles=ACTIVITY_EDITORS)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an activity in the user's scope."""
    return _activity_form(request, selectors.activity_for(request.user, pk))


@serves(AUTHENTICATED, roles=ACTIVITY_EDITORS)
@require_POST
def photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a photo to an activity; a refused file shows its reason on the activity page."""
    activity = selectors.activity_for(request.user, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_add(
                by=request.user,
                activity=activity,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("照片已上传。"))
            return redirect("activities:detail", activity.pk)
    context = {"activity": activity, "can_edit": True, "photo_form": form}
    return render(request, "activities/activity_detail.html", context, status=400)


@serves(AUTHENTICATED, roles=roles_seeing(Kind.PHOTOS))
@require_GET
def photo_file(request: HttpRequest, pk: int) -> FileResponse:
    """Return a photo's bytes to a user who may see its activity; never cached publicly."""
    photo = selectors.photo_for(request.user, pk)
    response = FileResponse(photo.image.open("rb"), content_type=photo.content_type)
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


@serves(AUTHENTICATED, roles=ACTIVITY_ROLES)
@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    """List the county's volunteer teams (爱心妈妈 and others) with their sizes."""
    teams = selectors.teams_visible_to(request.user).order_by("kind", "name")
    context = {"teams": teams, "can_edit": scope_of(request.user).writes(Kind.TEAMS)}
    return render(request, "activities/team_list.html", context)


def _team_form(request: HttpRequest, team: VolunteerTeam) -> HttpResponse:
    """Show and save the team form."""
    form = TeamForm(request.POST or None, instance=team, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            team = services.team_save(by=request.user, team=team, values=values)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("已保存“%(name)s”。") % {"name": team.name})
            return redirect("activities:team_list")
    context = {"form": form, "team": team if team.pk else None}
    return render(request, "activities/team_form.html", context)


@serves(AUTHENTICATED, roles=TEAM_EDITORS)
def team_create(request: HttpRequest) -> HttpResponse:
    """Add a volunteer team of the county."""
    return _team_form(request, VolunteerTeam())


@serves(AUTHENTICATED, roles=TEAM_EDITORS)
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a volunteer team of the county."""
    return _team_form(request, selectors.team_for(request.user, pk))
