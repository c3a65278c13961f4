"""Account management in the app, for a county's administrators (their own county only).

Thin views over the audited services in accounts.services (user_create, user_change_role,
user_set_active, user_reset_password) and the selector users_administered_by: an account
of another county is a 404 like a missing one. A new or reset password is shown once, on
the answer to the POST, and stored nowhere in clear.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.listing import paginate

from .access import AUTHENTICATED, serves
from .account_forms import RoleScopeForm, UserCreateForm, UserFilterForm
from .models import Role
from .selectors import users_administered_by
from .services import user_change_role, user_create, user_reset_password, user_set_active

ADMINS = {Role.ADMIN}


def _attach(form, exc: ValidationError) -> None:
    """Put a service's validation errors on the fields they name, the rest on the form."""
    for key, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
        form.add_error(key if key in form.fields else None, errors)


def _password_once(request: HttpRequest, account, password: str, *, created: bool):
    """Render the page that shows a new password this once (a logged-in page, so sent with
    Cache-Control: no-store like every such page)."""
    return render(
        request,
        "accounts/users/password_once.html",
        {"account": account, "password": password, "created": created},
    )


@serves(AUTHENTICATED, roles=ADMINS)
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    """List the county's accounts by role and place, filtered."""
    form = UserFilterForm(request.GET or None, county_id=request.user.county_id)
    rows = users_administered_by(request.user).order_by("role", "town__name", "username")
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("q"):
        rows = rows.filter(Q(username__icontains=data["q"]) | Q(full_name__icontains=data["q"]))
    if data.get("role"):
        rows = rows.filter(role=data["role"])
    if data.get("town"):
        town = data["town"]
        rows = rows.filter(Q(town=town) | Q(school__town=town) | Q(village__town=town))
    active = data.get("active", "")
    if active != "all":
        rows = rows.filter(is_active=active != "off")
    page, query = paginate(request, rows)
    return render(
        request, "accounts/users/user_list.html", {"form": form, "page": page, "query": query}
    )


@serves(AUTHENTICATED, roles=ADMINS)
def user_new(request: HttpRequest) -> HttpResponse:
    """Render and handle the form creating an account; show its password once."""
    form = UserCreateForm(request.POST or None, county_id=request.user.county_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account, password = user_create(
                by=request.user,
                username=data["username"],
                full_name=data["full_name"],
                phone=data["phone"],
                must_change_password=data["must_change_password"],
                **form.scope(),
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            return _password_once(request, account, password, created=True)
    return render(
        request,
        "accounts/users/user_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@serves(AUTHENTICATED, roles=ADMINS)
def user_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """Render one account with its role form; POST changes the role and places."""
    account = get_object_or_404(users_administered_by(request.user), pk=pk)
    initial = {"role": account.role, "town": account.town_id, "village": account.village_id,
               "school": account.school_id}  # fmt: skip
    form = RoleScopeForm(request.POST or None, initial=initial, county_id=request.user.county_id)
    if request.method == "POST" and form.is_valid():
        try:
            user_change_role(by=request.user, user=account, **form.scope())
        except ValidationError as exc:
            _attach(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已修改 %(name)s 的角色和工作范围。") % {"name": account})
            return redirect("accounts:user_manage", pk=account.pk)
    return render(
        request,
        "accounts/users/user_manage.html",
        {"account": account, "form": form},
        status=400 if form.errors else 200,
    )


@serves(AUTHENTICATED, roles=ADMINS)
@require_POST
def user_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate (or reactivate) an account; it is never deleted."""
    account = get_object_or_404(users_administered_by(request.user), pk=pk)
    active = request.POST.get("active") == "1"
    try:
        user_set_active(by=request.user, user=account, active=active)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        done = _("已启用 %(name)s 的账号。") if active else _("已停用 %(name)s 的账号。")
        messages.success(request, done % {"name": account})
    return redirect("accounts:user_manage", pk=account.pk)


@serves(AUTHENTICATED, roles=ADMINS)
@require_POST
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    """Reset an account's password and show the new one once."""
    account = get_object_or_404(users_administered_by(request.user), pk=pk)
    try:
        password = user_reset_password(by=request.user, user=account)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("accounts:user_manage", pk=account.pk)
    return _password_once(request, account, password, created=False)
