"""The donation ledger, a donation with its balance and aid, the aid list, voiding aid.

Every view starts from the scoping selectors: a record outside the user's scope is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import AUTHENTICATED, serves
from audit.exports import export_response
from children.selectors import without_secrets
from core.listing import apply_service_errors, query_without_page

from . import selectors, services
from .forms import AidFilterForm, AidForm, AidVoidForm, DonationFilterForm, DonationForm
from .models import Donation, Donor
from .selectors import DONATION_ROLES, LEDGER_ROLES

PAGE_SIZE = 50


@serves(AUTHENTICATED, roles=LEDGER_ROLES)
@require_GET
def donation_list(request: HttpRequest) -> HttpResponse:
    """Render the ledger: totals by period and donor kind, and donations with balances."""
    form = DonationFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    rows = selectors.donation_list(request.user, filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "totals": selectors.ledger_totals(request.user, filters)}
    context["donor_kinds"] = Donor.Kind.choices
    context |= {
        "query": query_without_page(request),
        "can_edit": services.can_record_donations(request.user),
    }
    return render(request, "donations/donation_list.html", context)


@serves(AUTHENTICATED, roles=DONATION_ROLES)
@require_GET
def donation_export(request: HttpRequest) -> HttpResponse:
    """Download the filtered ledger as .xlsx; audited with the row count."""
    form = DonationFilterForm(request.GET or None, user=request.user)
    rows = (
        (
            d.received_on,
            d.donor.name,
            d.donor.get_kind_display(),
            d.get_form_display(),
            d.amount,
            d.goods,
            d.get_received_by_display(),
            d.school.name if d.school else "",
            d.purpose,
            d.aided,
            d.balance,
            d.aid_count,
        )
        for d in selectors.donation_list(request.user, form.filters())
    )
    headers = ["接收日期", "捐赠方", "捐赠方类型", "形式", "金额（元）", "物资说明", "接收单位"]
    headers += ["接收学校", "用途", "已资助（元）", "余额（元）", "资助笔数"]
    return export_response(
        by=request.user, what="捐赠台账", headers=headers, rows=rows, filters=request.GET.dict()
    )


def _donation_form(request: HttpRequest, donation: Donation) -> HttpResponse:
    """Show and save the donation form."""
    data = request.POST if request.method == "POST" else None
    form = DonationForm(data, instance=donation, user=request.user)
    if data is not None and form.is_valid():
        try:
            donor = services.donor_for(
                by=request.user,
                name=form.cleaned_data["donor_name"],
                kind=form.cleaned_data["donor_kind"],
            )
            values = form.model_values()
            if donation.pk:
                donation = services.donation_update(
                    by=request.user, donation=donation, donor=donor, values=values
                )
            else:
                donation = services.donation_record(by=request.user, donor=donor, values=values)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("捐赠已保存。"))
            return redirect("donations:detail", donation.pk)
    context = {"form": form, "donation": donation if donation.pk else None}
    return render(request, "donations/donation_form.html", context)


@serves(AUTHENTICATED, roles=DONATION_ROLES)
def donation_create(request: HttpRequest) -> HttpResponse:
    """Record a donation received in the user's scope."""
    return _donation_form(request, Donation())


@serves(AUTHENTICATED, roles=DONATION_ROLES)
def donation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a donation in the user's scope."""
    return _donation_form(request, selectors.donation_for(request.user, pk))


def _detail(
    request: HttpRequest, donation: Donation, aid_form: AidForm, *, repeated=None, status=200
) -> HttpResponse:
    """Render a donation with its balance, the aid the user may see and the aid form."""
    aid = without_secrets(selectors.aid_visible_to(request.user), "child").filter(donation=donation)
    aid = aid.select_related("child__school", "given_by", "voided_by")
    context = {"donation": donation, "aid_rows": aid, "aid_form": aid_form, "repeated": repeated}
    context["void_form"] = AidVoidForm()
    return render(request, "donations/donation_detail.html", context, status=status)


@serves(AUTHENTICATED, roles=DONATION_ROLES)
@require_GET
def donation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Render a donation, its balance and its aid, with the form to aid a child."""
    donation = selectors.donation_for(request.user, pk)
    return _detail(request, donation, AidForm(user=request.user))


def _give(request: HttpRequest, form: AidForm, donation: Donation) -> list | None:
    """Give the form's aid to every chosen child; return the repeats to confirm, or None.

    On success a message names the children; a refusal is put on the form's fields.
    """
    data = form.cleaned_data
    try:
        given = services.aid_give_many(
            by=request.user,
            children=list(data["children"]),
            donation=donation,
            kind=data["kind"],
            amount=data["amount"],
            given_on=data["given_on"],
            goods=data["goods"],
            notes=data["notes"],
            confirm_repeat=data["confirm_repeat"],
        )
    except services.RepeatedAid as exc:
        return exc.existing
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None
    names = "、".join(a.child.name for a in given)
    messages.success(
        request, _("已资助 %(names)s，共 %(n)s 人。") % {"names": names, "n": len(given)}
    )
    return None


@serves(AUTHENTICATED, roles=DONATION_ROLES)
@require_POST
def aid_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Aid the picked children from a donation; over-balance refused, repeats confirmed."""
    donation = selectors.donation_for(request.user, pk)
    form = AidForm(request.POST, user=request.user)
    repeated = None
    if form.is_valid():
        repeated = _give(request, form, donation)
        if repeated is None and not form.errors:
            return redirect("donations:detail", donation.pk)
    return _detail(request, donation, form, repeated=repeated, status=400)


@serves(AUTHENTICATED, roles=DONATION_ROLES)
def aid_bulk(request: HttpRequest) -> HttpResponse:
    """Aid the children chosen on the register (?children=) from a donation, in one step."""
    if request.method == "POST":
        form = AidForm(request.POST, user=request.user, choose_donation=True)
    else:
        initial = {"given_on": timezone.localdate(), "children": request.GET.getlist("children")}
        form = AidForm(user=request.user, choose_donation=True, initial=initial)
    repeated = None
    if request.method == "POST" and form.is_valid():
        repeated = _give(request, form, form.cleaned_data["donation"])
        if repeated is None and not form.errors:
            return redirect("donations:detail", form.cleaned_data["donation"].pk)
    return render(
        request,
        "donations/aid_bulk.html",
        {"aid_form": form, "repeated": repeated},
        status=400 if form.errors or repeated else 200,
    )


@serves(AUTHENTICATED, roles=DONATION_ROLES)
@require_GET
def aid_list(request: HttpRequest) -> HttpResponse:
    """Render the aid given to children in scope, filtered, with totals."""
    form = AidFilterForm(request.GET or None, user=request.user)
    rows = selectors.aid_list(request.user, form.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "totals": selectors.aid_totals(rows)}
    context |= {"query": query_without_page(request)}
    return render(request, "donations/aid_list.html", context)


@serves(AUTHENTICATED, roles=DONATION_ROLES)
@require_GET
def aid_export(request: HttpRequest) -> HttpResponse:
    """Download the filtered aid list as .xlsx; audited with the row count."""
    form = AidFilterForm(request.GET or None, user=request.user)
    rows = (
        (
            a.given_on,
            a.child.name,
            a.child.school.name if a.child.school else "",
            a.get_kind_display(),
            a.amount,
            a.goods,
            a.donation.donor.name if a.donation else "",
            a.notes,
            a.is_void,
            a.void_reason,
        )
        for a in selectors.aid_list(request.user, form.filters())
    )
    headers = ["发放日期", "儿童", "学校", "类型", "金额（元）", "物资说明", "捐赠方", "备注"]
    headers += ["已作废", "作废原因"]
    return export_response(
        by=request.user, what="资助记录", headers=headers, rows=rows, filters=request.GET.dict()
    )


@serves(AUTHENTICATED, roles=DONATION_ROLES)
@require_POST
def aid_void(request: HttpRequest, pk: int) -> HttpResponse:
    """Void a wrong aid record with a reason; the record stays in the child's history."""
    aid = selectors.aid_for(request.user, pk)
    form = AidVoidForm(request.POST)
    if form.is_valid():
        try:
            services.aid_void(by=request.user, aid=aid, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("资助记录已作废，余额已恢复。"))
    else:
        messages.error(request, _("作废原因：请填写作废原因。"))
    if (
        aid.donation_id
        and selectors.donations_visible_to(request.user).filter(pk=aid.donation_id).exists()
    ):
        return redirect("donations:detail", aid.donation_id)
    return redirect("donations:aid_list")
