"""Care work in the browser: carers, pairings, contacts, and "my children" for mentors.

Every view starts from the scoping selectors; a record outside the user's scope is a 404.
"""

from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import CHILDREN, serves
from accounts.roles import Kind, Level, roles_seeing
from audit.exports import export_response
from children.filters import ContactFilterForm, PlaceFilterForm
from children.models import Contact, Pairing
from children.selectors import child_for
from core.listing import apply_service_errors, paginate

from . import selectors, services
from .forms import (
    BulkPairingForm,
    CarerForm,
    ContactForm,
    PairingEndForm,
    PairingForm,
)

PLACE_LEVELS = {Level.SCHOOL, Level.VILLAGE, Level.TOWN, Level.COUNTY}
MANAGERS = sorted(services.CARE_MANAGERS)
# Who may open the carer and pairing lists: the managers, and village directors (read only).
LIST_READERS = sorted(roles_seeing(Kind.CARE, levels=PLACE_LEVELS))


def _filtered(request: HttpRequest) -> tuple[PlaceFilterForm, dict]:
    """Return the bound period/town/school filter form and its selector arguments."""
    form = PlaceFilterForm(request.GET or None, user=request.user)
    return form, form.filters()


def _export(
    request: HttpRequest, *, what: str, headers: list[str], rows: Iterable, row: Callable
) -> HttpResponse:
    """Return an .xlsx download of `rows`; the export and its row count are audited."""
    return export_response(
        by=request.user,
        what=what,
        headers=headers,
        rows=(row(r) for r in rows),
        filters=request.GET.dict(),
    )


# "My children" and contacts


@serves(CHILDREN)
@require_GET
def my_children(request: HttpRequest) -> HttpResponse:
    """Render the children paired with the user's carer, overdue ones first, for a phone."""
    today = timezone.localdate()
    children = list(selectors.my_children(request.user, today=today))
    for child in children:
        child.days_since = (today - child.last_contact).days if child.last_contact else None
    return render(
        request,
        "care/my_children.html",
        {
            "children": children,
            "carer": selectors.user_carer(request.user),
            "overdue": sum(c.overdue for c in children),
            "interval": request.user.county.contact_interval_days,
            "today": today,
            "kinds": ContactForm.base_fields["kind"].choices,
        },
    )


@serves(CHILDREN)
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Render and handle the contact form for a child in scope; a carer or editor records."""
    child = child_for(request.user, pk)
    if not services.can_record_contact(request.user):
        raise PermissionDenied
    form = ContactForm(request.POST or None)
    back_to_mine = request.POST.get("next", request.GET.get("next")) == "mine"
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_record(by=request.user, child=child, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("已记录 %(name)s 的%(kind)s。")
                % {"name": child.name, "kind": contact.get_kind_display()},
            )
            return redirect("care:mine") if back_to_mine else redirect(child)
    return render(
        request,
        "care/contact_form.html",
        {"child": child, "form": form, "next": "mine" if back_to_mine else ""},
        status=400 if form.errors else 200,
    )


CONTACT_HEADERS = ["日期", "方式", "儿童", "学校", "年级", "班级", "帮扶人", "记录人", "情况记录"]


def _contact_row(c) -> list:
    """Return one contact as a spreadsheet row."""
    school = c.child.school.name if c.child.school_id else ""
    carer = c.carer.name if c.carer_id else ""
    return [c.on, c.get_kind_display(), c.child.name, school, c.child.grade, c.child.class_name,
            carer, str(c.recorded_by or ""), c.notes]  # fmt: skip


@serves(CHILDREN)
@require_GET
def contact_list(request: HttpRequest) -> HttpResponse:
    """Render the contacts recorded in the user's scope, filtered by period, town, school."""
    form = ContactFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    kind = request.GET.get("kind", "")
    kind = kind if kind in Contact.Kind.values else ""  # a forged value filters nothing
    rows = selectors.contact_list(request.user, kind=kind, **filters)
    if request.GET.get("format") == "xlsx":
        what = _("联系记录")
        return _export(request, what=what, headers=CONTACT_HEADERS, rows=rows, row=_contact_row)
    page, query = paginate(request, rows)
    return render(
        request,
        "care/contact_list.html",
        {"form": form, "page": page, "query": query, "kind": kind,
         "kinds": ContactForm.base_fields["kind"].choices,
         "counts": selectors.contact_counts(rows)},
    )  # fmt: skip


# Carers

CARER_HEADERS = ["姓名", "类别", "身份", "学校", "乡镇", "工作单位", "手机号码", "登录账号",
                 "在岗", "当前结对儿童", "期间联系次数"]  # fmt: skip


def _carer_row(c) -> list:
    """Return one carer as a spreadsheet row."""
    return [c.name, c.get_kind_display(), c.get_background_display(),
            c.school.name if c.school_id else "", c.town.name if c.town_id else "", c.unit,
            c.phone, c.user.username if c.user_id else "", c.is_active, c.current_children,
            c.contacts_in_period]  # fmt: skip


@serves(CHILDREN, roles=LIST_READERS)
@require_GET
def carer_list(request: HttpRequest) -> HttpResponse:
    """Render the carers in scope with their workload; export them with ?format=xlsx."""
    form, filters = _filtered(request)
    active = {"": True, "inactive": False, "all": None}.get(request.GET.get("status", ""), True)
    rows = selectors.carer_list(request.user, active=active, **filters)
    if request.GET.get("format") == "xlsx":
        what = _("帮扶人")
        return _export(request, what=what, headers=CARER_HEADERS, rows=rows, row=_carer_row)
    page, query = paginate(request, rows)
    return render(
        request,
        "care/carer_list.html",
        {"form": form, "page": page, "query": query, "status": request.GET.get("status", ""),
         "limit": request.user.county.max_children_per_carer,
         "can_manage": services.can_manage_care(request.user)},
    )  # fmt: skip


@serves(CHILDREN, roles=LIST_READERS)
@require_GET
def carer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Render a carer with the children they care for now and before."""
    carer = selectors.carer_for(request.user, pk)
    return render(
        request,
        "care/carer_detail.html",
        {"carer": carer, "pairings": selectors.carer_pairings(request.user, carer),
         "limit": request.user.county.max_children_per_carer,
         "can_manage": services.can_manage_care(request.user)},
    )  # fmt: skip


def _carer_form(request: HttpRequest, carer) -> HttpResponse:
    """Handle the create and edit forms of a carer through the services."""
    form = CarerForm(request.POST or None, instance=carer, by=request.user)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        try:
            if carer is None:
                saved = services.carer_create(by=request.user, values=values)
            else:
                saved = services.carer_update(by=request.user, carer=carer, values=values)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("已保存帮扶人 %(name)s。") % {"name": saved.name})
            return redirect("care:carer_detail", pk=saved.pk)
    return render(
        request,
        "care/carer_form.html",
        {"form": form, "carer": carer},
        status=400 if form.errors else 200,
    )


@serves(CHILDREN, roles=MANAGERS)
def carer_create(request: HttpRequest) -> HttpResponse:
    """Render and handle the form that adds a carer."""
    return _carer_form(request, None)


@serves(CHILDREN, roles=MANAGERS)
def carer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Render and handle the form that edits a carer in scope."""
    carer = selectors.carer_for(request.user, pk)
    carer = type(carer).objects.get(pk=carer.pk)  # a plain instance, without annotations
    return _carer_form(request, carer)


@serves(CHILDREN, roles=MANAGERS)
@require_POST
def carer_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate (or reactivate) a carer in scope; carers are never deleted."""
    carer = selectors.carer_for(request.user, pk)
    active = request.POST.get("active") == "1"
    try:
        services.carer_set_active(by=request.user, carer=carer, active=active)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        done = _("已启用 %(name)s。") if active else _("已停用 %(name)s，记录保留。")
        messages.success(request, done % {"name": carer.name})
    return redirect("care:carer_detail", pk=carer.pk)


# Pairings

PAIRING_HEADERS = ["学校", "年级", "班级", "儿童", "结对角色", "帮扶人", "结对日期",
                   "结束日期", "结束原因"]  # fmt: skip


def _pairing_row(p) -> list:
    """Return one pairing as a spreadsheet row."""
    school = p.child.school.name if p.child.school_id else ""
    return [school, p.child.grade, p.child.class_name, p.child.name, p.get_role_display(),
            p.carer.name, p.started_on, p.ended_on, p.end_reason]  # fmt: skip


@serves(CHILDREN, roles=LIST_READERS)
@require_GET
def pairing_list(request: HttpRequest) -> HttpResponse:
    """Render the pairings current during the chosen period; export with ?format=xlsx."""
    form, filters = _filtered(request)
    role = request.GET.get("role", "")
    role = role if role in Pairing.Role.values else ""  # a forged value filters nothing
    current = request.GET.get("current") == "on"
    rows = selectors.pairing_list(request.user, role=role, current_only=current, **filters)
    if request.GET.get("format") == "xlsx":
        what = _("结对帮扶")
        return _export(request, what=what, headers=PAIRING_HEADERS, rows=rows, row=_pairing_row)
    page, query = paginate(request, rows)
    return render(
        request,
        "care/pairing_list.html",
        {"form": form, "page": page, "query": query, "role": role, "current": current,
         "roles": PairingForm.base_fields["role"].choices,
         "can_manage": services.can_manage_care(request.user)},
    )  # fmt: skip


@serves(CHILDREN, roles=MANAGERS)
def pairing_create(request: HttpRequest) -> HttpResponse:
    """Pair a carer with a child, from the child's file or the carer's page."""
    fixed_child = _fixed(request, "child", lambda pk: child_for(request.user, pk))
    fixed_carer = _fixed(request, "carer", lambda pk: selectors.carer_for(request.user, pk))
    form = PairingForm(request.POST or None, by=request.user,
                       fixed_child=fixed_child, fixed_carer=fixed_carer)  # fmt: skip
    warning = None
    if request.method == "POST" and form.is_valid():
        try:
            pairing = services.pairing_create(by=request.user, **form.cleaned_data)
        except services.OverLimit as exc:
            warning = exc.message
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("已结对：%(p)s。") % {"p": pairing})
            return (
                redirect(pairing.child)
                if fixed_child
                else redirect("care:carer_detail", pk=pairing.carer_id)
            )
    return render(
        request,
        "care/pairing_form.html",
        {"form": form, "child": fixed_child, "carer": fixed_carer, "warning": warning},
        status=400 if form.errors else 200,
    )


def _fixed(request: HttpRequest, name: str, lookup: Callable):
    """Return the record named in ?child= / ?carer= (404 outside scope), or None."""
    value = request.GET.get(name, "")
    return lookup(int(value)) if value.isdigit() else None


@serves(CHILDREN, roles=MANAGERS)
def pairing_bulk(request: HttpRequest) -> HttpResponse:
    """Pair one mentor with every child of a class who has no mentor yet."""
    form = BulkPairingForm(request.POST or None, by=request.user)
    warning = None
    if request.method == "POST" and form.is_valid():
        try:
            made = services.pairings_bulk_create(by=request.user, **form.cleaned_data)
        except services.OverLimit as exc:
            warning = exc.message
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if made:
                messages.success(request, _("已为 %(n)s 名儿童结对帮扶教师。") % {"n": len(made)})
            else:
                messages.info(request, _("该班没有尚无帮扶教师的在册儿童。"))
            return redirect("care:carer_detail", pk=form.cleaned_data["carer"].pk)
    return render(
        request,
        "care/pairing_bulk.html",
        {"form": form, "warning": warning},
        status=400 if form.errors else 200,
    )


@serves(CHILDREN, roles=MANAGERS)
def pairing_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Render and handle the form that ends a current pairing with a date and reason."""
    pairing = selectors.pairing_for(request.user, pk)
    form = PairingEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pairing_end(
                by=request.user,
                pairing=pairing,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["end_reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("已结束结对：%(p)s。") % {"p": pairing})
            return redirect(pairing.child)
    return render(
        request,
        "care/pairing_end.html",
        {"form": form, "pairing": pairing},
        status=400 if form.errors else 200,
    )
