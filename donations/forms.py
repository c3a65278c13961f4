"""Forms for donations, aid to a child, voiding aid, and the ledger's filters."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Kind, Level, scope_of
from children.filters import PlaceFilterForm
from children.forms import schools_for
from children.selectors import children_visible_to, id_number_q
from core.validators import normalize_id_number

from .models import Aid, Donation, Donor


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


class AidForm(forms.Form):
    """Aid to one child from a donation; the child is found by name or resident ID."""

    child_query = forms.CharField(
        label=_("受助儿童"),
        max_length=30,
        help_text=_("输入姓名或身份证号；重名时请输入身份证号。"),
    )
    kind = forms.ChoiceField(label=_("资助类型"), choices=Aid.Kind.choices)
    amount = forms.DecimalField(
        label=_("金额或折价（元）"), max_digits=12, decimal_places=2, min_value=0
    )
    goods = forms.CharField(label=_("物资说明"), max_length=200, required=False)
    given_on = forms.DateField(
        label=_("发放日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    notes = forms.CharField(label=_("备注"), max_length=200, required=False)
    confirm_repeat = forms.BooleanField(label=_("我已核实，确认再次资助"), required=False)

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {"given_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_child_query(self):
        """Return the one visible child the text names; errors name the problem."""
        text = self.cleaned_data["child_query"].strip().replace(" ", "")
        visible = children_visible_to(self.user)
        if any(ch.isdigit() for ch in text):
            found = list(visible.filter(id_number_q(normalize_id_number(text)))[:2])
        else:
            found = list(visible.filter(Q(name=text), status="open")[:6])
        if not found:
            raise forms.ValidationError(_("在您的管辖范围内没有找到“%(text)s”。") % {"text": text})
        if len(found) > 1:
            raise forms.ValidationError(
                _("有多名儿童叫“%(text)s”，请输入身份证号。") % {"text": text}
            )
        self.child = found[0]
        return text

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
