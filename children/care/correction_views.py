"""Pages for correcting a contact: its author changes or withdraws it within 24 hours."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import CHILDREN, serves
from children.selectors import contacts_visible_to

from .corrections import contact_correct, contact_correctable, contact_withdraw
from .forms import ContactForm, ContactWithdrawForm


def _own_contact(request: HttpRequest, pk: int):
    """Return the user's own contact `pk` still open to correction; 404 for any other."""
    contact = get_object_or_404(contacts_visible_to(request.user).select_related("child"), pk=pk)
    if not contact_correctable(contact, request.user):
        raise Http404
    return contact


@serves(CHILDREN)
def contact_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Render and handle the correction of one's own contact, with the withdraw form."""
    contact = _own_contact(request, pk)
    initial = {"kind": contact.kind, "on": contact.on, "notes": contact.notes}
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contact_correct(by=request.user, contact=contact, **form.cleaned_data)
        except ValidationError as exc:
            for key, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
                form.add_error(key if key in form.fields else None, errors)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已更正联系记录。"))
            return redirect(contact.child)
    return render(
        request,
        "care/contact_correct.html",
        {
            "contact": contact,
            "child": contact.child,
            "form": form,
            "withdraw_form": ContactWithdrawForm(),
        },
        status=400 if form.errors else 200,
    )


@serves(CHILDREN)
@require_POST
def contact_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw one's own contact with a reason; it stays on record, out of every count."""
    contact = _own_contact(request, pk)
    form = ContactWithdrawForm(request.POST)
    if form.is_valid():
        try:
            contact_withdraw(by=request.user, contact=contact, reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("已撤回联系记录，原记录和撤回原因已保留。"))
    else:
        messages.error(request, _("请填写撤回原因。"))
    return redirect(contact.child)
