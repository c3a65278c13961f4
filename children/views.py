"""The register in the browser: list, file, create and edit forms, and case actions.

Every view starts from the scoping selectors; a child outside the user's scope is a 404.
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import CHILDREN, serves
from children.models import LEFT_BEHIND_AGE_LIMIT, CaseStatus
from core.listing import apply_service_errors, paginate
from core.periods import years_before
from core.validators import parse_resident_id

from . import selectors, services
from .care import services as care_services
from .care.corrections import contact_correctable
from .categories import categories_derive
from .concerns.forms import ConcernForm
from .concerns.selectors import child_concerns
from .duplicates import similar_children
from .filters import RegisterFilterForm
from .forms import (
    ChildForm,
    CloseForm,
    ParentForm,
    TransferForm,
)
from .models import Child, Parent
from .models.choices import PARENT_AWAY
from .register import register_page
from .timeline import child_timeline, pairings_newest_first


@serves(CHILDREN)
@require_GET
def child_list(request: HttpRequest) -> HttpResponse:
    """Render the register of the user's scope: search, filters, counts, sorted pages."""
    today = timezone.localdate()
    days = request.user.county.contact_interval_days
    form = RegisterFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    rows, counts = register_page(request.user, filters, today=today, contact_days=days)
    sort = filters.get("sort") or "school"
    rows = rows.order_by(RegisterFilterForm.SORTS[sort], "grade", "class_name", "name", "pk")
    page, query = paginate(request, rows, count=counts["matching"])  # counted with the badges
    form.offer_grades(counts["grade_min"], counts["grade_max"])
    return render(
        request,
        "children/child_list.html",
        {
            "form": form,
            "page": page,
            "counts": counts,
            "checks": form.checks(counts),
            "sort": sort,
            "query": query,
            "overdue_since": today - datetime.timedelta(days=days),
            "adult_birth": years_before(today, LEFT_BEHIND_AGE_LIMIT),
            "can_edit": services.can_edit_register(request.user),
        },
    )


@serves(CHILDREN)
@require_GET
def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Render a child's file with the care timeline."""
    child = selectors.child_file(request.user, pk)
    if selectors.seen_through_grant(request.user, child):
        services.child_file_read_under_grant(by=request.user, child=child)
    events = list(selectors.child_audit_events(child))
    today = timezone.localdate()
    return render(
        request,
        "children/child_detail.html",
        {
            "child": child,
            "parents": child.parents.all(),
            "timeline": child_timeline(child, events, user=request.user),
            "correctable": {
                c.pk for c in child.contacts.all() if contact_correctable(c, request.user)
            },
            "can_record": care_services.can_record_contact(request.user),
            "current_pairings": [
                p for p in pairings_newest_first(child.pairings.all()) if p.ended_on is None
            ],
            "concerns": child_concerns(request.user, child.concerns.all(), now=timezone.now()),
            "age": child.age(today),
            "due_to_close": child.status == CaseStatus.OPEN
            and child.age(today) >= LEFT_BEHIND_AGE_LIMIT,
            "can_edit": services.can_edit_register(request.user),
            "can_manage": services.can_manage_cases(request.user),
            "transfer_form": TransferForm(user=request.user),
            "close_form": CloseForm(),
            "concern_form": ConcernForm(),
        },
    )


def _parent_forms(request: HttpRequest, child: Child | None) -> list[ParentForm]:
    """Return the father's and mother's forms, bound to POST data when there is some."""
    existing = {p.relation: p for p in child.parents.all()} if child else {}
    data = request.POST if request.method == "POST" else None
    return [
        ParentForm(data, relation=rel, instance=existing.get(rel) or Parent(relation=rel))
        for rel in (Parent.Relation.FATHER, Parent.Relation.MOTHER)
    ]


def _duplicates_warning(
    request: HttpRequest, form: ChildForm, child: Child | None
) -> list[dict] | None:
    """Return similar children to warn about (in-scope ones named), or None if none."""
    data = form.cleaned_data
    if data.get("confirm_duplicate") or not data.get("name") or not data.get("birth_date"):
        return None
    found = similar_children(
        county_id=request.user.county_id,
        name=data["name"],
        birth_date=data["birth_date"],
        exclude_pk=child.pk if child else None,
    )
    if not found:
        return None
    visible = set(
        selectors.children_visible_to(request.user)
        .filter(pk__in=[c.pk for c in found])
        .values_list("pk", flat=True)
    )
    return [
        {
            "child": c if c.pk in visible else None,
            "school": c.school.name if c.pk in visible and c.school else "",
        }
        for c in found
    ]


def _save_child(request: HttpRequest, child: Child | None) -> HttpResponse:
    """Handle the create and edit forms: validate, warn of duplicates, save via a service."""
    form = ChildForm(request.POST or None, instance=child, user=request.user)
    parent_forms = _parent_forms(request, child)
    duplicates, stale = None, None
    if request.method == "POST":
        valid = form.is_valid() & all([pf.is_valid() for pf in parent_forms])
        if valid:
            duplicates = _duplicates_warning(request, form, child)
        if valid and not duplicates:
            parents = [services.ParentData(pf.relation, pf.values()) for pf in parent_forms]
            derive = form.cleaned_data.get("derive_categories", False)
            try:
                if child is None:
                    saved = services.child_register(
                        by=request.user,
                        values=form.child_values(),
                        parents=parents,
                        derive_categories=derive,
                    )
                    messages.success(request, _("已登记 %(name)s。") % {"name": saved.name})
                else:
                    saved = services.child_update(
                        by=request.user,
                        child=child,
                        values=form.child_values(),
                        parents=parents,
                        expected_version=form.cleaned_data.get("version") or 0,
                        derive_categories=derive,
                    )
                    messages.success(request, _("已保存 %(name)s 的修改。") % {"name": saved.name})
                return redirect(saved)
            except services.StaleEdit as exc:
                stale = exc.changes
            except ValidationError as exc:
                apply_service_errors(form, exc, prefixed={pf.relation: pf for pf in parent_forms})
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("您无权进行此操作。"))
    return render(
        request,
        "children/child_form.html",
        {
            "form": form,
            "parent_forms": parent_forms,
            "child": child,
            "duplicates": duplicates,
            "stale": stale,
        },
        status=400 if form.errors or stale or any(pf.errors for pf in parent_forms) else 200,
    )


@serves(CHILDREN)
def child_create(request: HttpRequest) -> HttpResponse:
    """Render and handle the form that registers a new child."""
    if not services.can_edit_register(request.user):
        raise PermissionDenied
    return _save_child(request, None)


@serves(CHILDREN)
def child_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Render and handle the form that edits a child in scope."""
    child = selectors.child_for(request.user, pk)
    if not services.can_edit_register(request.user):
        raise PermissionDenied
    return _save_child(request, child)


@serves(CHILDREN)
@require_POST
def child_reveal(request: HttpRequest, pk: int) -> JsonResponse:
    """Return the full value of one masked field as JSON; the read is audited."""
    child = selectors.child_for(request.user, pk)
    try:
        value = services.child_reveal(
            by=request.user, child=child, field=request.POST.get("field", "")
        )
    except ValidationError as exc:
        return JsonResponse({"error": exc.messages[0]}, status=400)
    return JsonResponse({"value": value})


def _action(request: HttpRequest, pk: int, form, run) -> HttpResponse:
    """Validate a case-action form, run it, and return to the child's file with a message."""
    child = selectors.child_for(request.user, pk)
    if form.is_valid():
        try:
            with transaction.atomic():
                message = run(child, form.cleaned_data)
            messages.success(request, message)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        errors = [
            f"{form.fields[k].label if k in form.fields else ''}：{'；'.join(v)}"
            for k, v in form.errors.items()
        ]
        messages.error(request, "；".join(errors))
    return (
        redirect("children:detail", pk=child.pk)
        if selectors.children_visible_to(request.user).filter(pk=child.pk).exists()
        else redirect("children:list")
    )


@serves(CHILDREN)
@require_POST
def child_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """Transfer a child to another school of the county."""

    def run(child, data):
        services.child_transfer(
            by=request.user,
            child=child,
            to_school=data["to_school"],
            on=data["on"],
            reason=data["reason"],
        )
        return _("%(name)s 已转入 %(school)s。") % {"name": child.name, "school": data["to_school"]}

    return _action(request, pk, TransferForm(request.POST, user=request.user), run)


@serves(CHILDREN)
@require_POST
def child_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a child's case with a reason."""

    def run(child, data):
        services.child_close(
            by=request.user, child=child, reason=data["reason"], on=data["on"], note=data["note"]
        )
        return _("%(name)s 已结案，记录保留在档案中。") % {"name": child.name}

    return _action(request, pk, CloseForm(request.POST), run)


@serves(CHILDREN)
@require_POST
def child_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Reopen a closed case."""

    def run(child, data):
        services.child_reopen(by=request.user, child=child)
        return _("%(name)s 已重新开案。") % {"name": child.name}

    return _action(request, pk, forms.Form({}), run)


@serves(CHILDREN, roles=services.REGISTER_EDITORS)
@require_GET
def id_check(request: HttpRequest) -> JsonResponse:
    """Return what an ID number says (birth date, sex) or why it is invalid, as JSON.

    Answers only what the register form needs, within the user's scope: whether the ID is
    taken by another child the user sees (the form being for `exclude`, a child in scope,
    or 404). A child outside the scope is never confirmed or denied here; saving the form
    still refuses a county-wide duplicate.
    """
    number = request.GET.get("id", "")
    try:
        rid = parse_resident_id(number)
    except ValidationError as exc:
        return JsonResponse({"ok": False, "error": exc.messages[0]})
    exclude = request.GET.get("exclude", "")
    editing = selectors.child_for(request.user, int(exclude)).pk if exclude.isdigit() else None
    taken = selectors.id_registered_in_scope(rid.number, user=request.user, except_pk=editing)
    return JsonResponse(
        {
            "ok": not taken,
            "number": rid.number,
            "birth_date": rid.birth_date.isoformat(),
            "sex": rid.sex,
            "error": _("该身份证号码已登记。") if taken else "",
        }
    )


@serves(CHILDREN)
@require_GET
def category_propose(request: HttpRequest) -> JsonResponse:
    """Return the categories proposed for the facts in the query string, as JSON."""
    try:
        birth = datetime.date.fromisoformat(request.GET.get("birth_date", ""))
    except ValueError:
        return JsonResponse({"ok": False})
    cats = categories_derive(
        birth_date=birth,
        on=timezone.localdate(),
        household_type=request.GET.get("household_type", "rural"),
        household_in_county=request.GET.get("household_in_county", "on") in ("on", "true", "1"),
        parent_statuses=[
            (rel, request.GET.get(f"{rel}_status", "")) for rel in ("father", "mother")
        ],
        health=request.GET.get("health", "healthy"),
        poverty=request.GET.get("poverty", "none"),
        guardianship_grade=request.GET.get("guardianship_grade", ""),
    )
    away = sum(request.GET.get(f"{rel}_status", "") in PARENT_AWAY for rel in ("father", "mother"))
    return JsonResponse({"ok": True, "away": away, **cats.as_fields()})
