"""Forms for donations, aid to a child, voiding aid, and the ledger's filters."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Kind, Level, scope_of
from children.filters import PlaceFilterForm
from children.forms import schools_for
from children.picker import ChildPicker
from children.selectors import children_visible_to

from .models import Aid, Donation, Donor
from .selectors import donations_visible_to, with_balance


class DonationForm(forms.ModelForm):
    """A donation: donor (found or added by name), money or goods, receiver, date, purpose."""

    donor_name = forms.CharField(label=_("捐赠方"), max_length=100)
    donor_kind = forms.ChoiceField(
        label=_("捐赠方类型"),
        choices=Donor.Kind.choices,
        help_text=_("新捐赠方按此类型登记；已有捐赠方沿用原类型。"),
    )

    class Meta:
        model = Donation
        fields = ["form", "amount", "goods", "received_by", "school", "received_on", "purpose"]
        widgets = {"received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_for(user)
        if self.instance.pk:
            self.initial["donor_name"] = self.instance.donor.name
            self.initial["donor_kind"] = self.instance.donor.kind
        if scope_of(user).level(Kind.AID) == Level.SCHOOL:
            # A school records only what it received itself; the service enforces it too.
            del self.fields["received_by"]
            del self.fields["school"]
        self.order_fields(["donor_name", "donor_kind"])

    def clean_amount(self):
        """Refuse a zero donation."""
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("金额须大于 0 元。"))
        return amount

    def model_values(self) -> dict:
        """Return the cleaned values that belong to the Donation model."""
        return {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}


class DonationChoiceField(forms.ModelChoiceField):
    """A donation with money left, shown as '县妇联 · 2026-03-01 · 余额 1200.00 元'."""

    def label_from_instance(self, obj: Donation) -> str:
        return _("%(donor)s · %(day)s · 余额 %(balance)s 元") % {
            "donor": obj.donor.name,
            "day": f"{obj.received_on:%Y-%m-%d}",
            "balance": f"{obj.balance:.2f}",
        }


class AidForm(forms.Form):
    """Aid of the same kind and amount to each of one or more children, picked in scope.

    With `choose_donation` the form also asks which donation (with money left) it is drawn
    from: the register's "资助所选儿童"; a donation's own page passes it instead.
    """

    children = forms.ModelMultipleChoiceField(
        label=_("受助儿童"),
        queryset=children_visible_to(None),
        widget=ChildPicker(multiple=True),
        error_messages={
            "required": _("请至少选择一名受助儿童。"),
            "invalid_choice": _("所选儿童不在您的管辖范围内或已结案。"),
        },
    )
    donation = DonationChoiceField(label=_("捐赠"), queryset=Donation.objects.none())
    kind = forms.ChoiceField(label=_("资助类型"), choices=Aid.Kind.choices)
    amount = forms.DecimalField(
        label=_("每人金额或折价（元）"), max_digits=12, decimal_places=2, min_value=0
    )
    goods = forms.CharField(label=_("物资说明"), max_length=200, required=False)
    given_on = forms.DateField(
        label=_("发放日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    notes = forms.CharField(label=_("备注"), max_length=200, required=False)
    confirm_repeat = forms.BooleanField(label=_("我已核实，确认再次资助"), required=False)

    def __init__(self, *args, user, choose_donation: bool = False, **kwargs):
        kwargs.setdefault("initial", {"given_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["children"].queryset = children_visible_to(user).filter(status="open")
        if choose_donation:
            self.fields["donation"].queryset = (
                with_balance(donations_visible_to(user).select_related("donor"))
                .filter(balance__gt=0)
                .order_by("-received_on", "-pk")
            )
        else:
            del self.fields["donation"]

    def clean_amount(self):
        """Refuse a zero amount."""
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("金额须大于 0 元。"))
        return amount

    def clean_given_on(self):
        """Refuse a date in the future."""
        day = self.cleaned_data["given_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("发放日期不能晚于今天。"))
        return day


class AidVoidForm(forms.Form):
    """Why an aid record is voided."""

    reason = forms.CharField(
        label=_("作废原因"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


class DonationFilterForm(PlaceFilterForm):
    """The ledger's filters: period, town and school of the receiver, donor kind, receiver."""

    donor_kind = forms.ChoiceField(
        label=_("捐赠方类型"), choices=[("", _("全部")), *Donor.Kind.choices], required=False
    )
    received_by = forms.ChoiceField(
        label=_("接收单位"), choices=[("", _("全部")), *Donation.Receiver.choices], required=False
    )


class AidFilterForm(PlaceFilterForm):
    """The aid list's filters: period, town and school of the child, kind, voided too."""

    kind = forms.ChoiceField(
        label=_("资助类型"), choices=[("", _("全部")), *Aid.Kind.choices], required=False
    )
    include_void = forms.BooleanField(label=_("含已作废"), required=False)
