"""Forms of the care pages: period filters, carers, pairings, ending them, contacts."""

import datetime
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Kind, Level, roles_seeing, scope_of
from children.forms import schools_for
from children.models import Carer, Contact, Pairing
from children.picker import ChildPicker
from children.selectors import children_visible_to
from schools.models import Town

from . import selectors

# The logins that may be linked to a carer: those who care for children of a school,
# village or town (county officers do not carry a caseload).
CARER_ROLES = sorted(
    roles_seeing(Kind.CONTACTS, levels={Level.OWN, Level.SCHOOL, Level.VILLAGE, Level.TOWN})
)


def _user_choices(by, carer: Carer | None):
    """Return the logins a carer may be linked to: unlinked users in `by`'s scope."""
    qs = User.objects.filter(
        county_id=by.county_id,
        is_active=True,
        role__in=CARER_ROLES,
    ).filter(
        Q(carer__isnull=True) | Q(carer=carer) if carer and carer.pk else Q(carer__isnull=True)
    )
    scope = scope_of(by)
    level = scope.level(Kind.CARE)
    if level == Level.SCHOOL:
        qs = qs.filter(school_id=scope.school_id)
    elif level == Level.TOWN:
        qs = qs.filter(
            Q(school__town_id=scope.town_id)
            | Q(town_id=scope.town_id)
            | Q(village__town_id=scope.town_id)
        )
    return qs.order_by("full_name", "username")


class CarerForm(forms.ModelForm):
    """A carer: who they are, where they work, and their login if they have one."""

    class Meta:
        model = Carer
        fields = ["name", "kind", "background", "unit", "school", "town", "phone", "user"]

    def __init__(self, *args: Any, by, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_for(by).order_by("town__name", "name")
        self.fields["town"].queryset = Town.objects.filter(county_id=by.county_id)
        self.fields["town"].help_text = _("不在学校工作的帮扶人（如村干部、志愿者）填写所在乡镇。")
        self.fields["user"].queryset = _user_choices(by, self.instance)
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.full_name or u.username}（{u.username}）"
        )
        self.fields["user"].help_text = _("有登录账号的帮扶教师可在手机上查看结对儿童并记录联系。")
        level = scope_of(by).level(Kind.CARE)
        if level == Level.SCHOOL:
            del self.fields["school"]
        if level in (Level.SCHOOL, Level.TOWN):
            del self.fields["town"]
        self.fields["phone"].widget.attrs["inputmode"] = "tel"


class CarerChoiceField(forms.ModelChoiceField):
    """A carer drop-down whose options show the carer's current workload."""

    def __init__(self, *args: Any, limit: int = 0, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.limit = limit

    def label_from_instance(self, obj: Carer) -> str:
        """Return '王老师 · 湾沚中心小学 · 已结对 3/5'."""
        place = obj.school.name if obj.school_id else obj.unit
        return _("%(name)s · %(place)s · 已结对 %(n)s/%(max)s") % {
            "name": obj.name,
            "place": place or "—",
            "n": getattr(obj, "current_children", 0),
            "max": self.limit,
        }


class PairingForm(forms.Form):
    """Pair one carer with one child in a role, from a date."""

    child = forms.ModelChoiceField(label=_("儿童"), queryset=None, widget=ChildPicker())
    carer = CarerChoiceField(label=_("帮扶人"), queryset=None)
    role = forms.ChoiceField(label=_("结对角色"), choices=Pairing.Role.choices)
    started_on = forms.DateField(
        label=_("结对日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    confirm_over_limit = forms.BooleanField(
        label=_("我已知晓超过结对上限，仍要结对"), required=False
    )

    def __init__(self, *args: Any, by, fixed_child=None, fixed_carer=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fixed_child, self.fixed_carer = fixed_child, fixed_carer
        self.fields["child"].queryset = children_visible_to(by).filter(status="open")
        self.fields["carer"].queryset = selectors.carer_choices(by)
        self.fields["carer"].limit = by.county.max_children_per_carer
        self.fields["started_on"].initial = timezone.localdate
        self.fields["started_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        if fixed_child is not None:
            self.fields["child"].initial = fixed_child.pk
            self.fields["child"].widget = forms.HiddenInput()
        if fixed_carer is not None:
            self.fields["carer"].initial = fixed_carer.pk
            self.fields["carer"].widget = forms.HiddenInput()
            self.fields["role"].initial = _role_for(fixed_carer)


def _role_for(carer: Carer) -> str:
    """Return the pairing role matching a carer's kind (mentor for 'other')."""
    return carer.kind if carer.kind in Pairing.Role.values else Pairing.Role.MENTOR


class BulkPairingForm(forms.Form):
    """Pair one mentor with every child of a class who has no mentor yet."""

    school = forms.ModelChoiceField(label=_("学校"), queryset=None)
    grade = forms.TypedChoiceField(
        label=_("年级"), choices=[(str(g), str(g)) for g in range(1, 13)], coerce=int
    )
    class_name = forms.CharField(label=_("班级"), max_length=20)
    carer = CarerChoiceField(label=_("帮扶教师"), queryset=None)
    started_on = forms.DateField(
        label=_("结对日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    confirm_over_limit = forms.BooleanField(
        label=_("我已知晓超过结对上限，仍要结对"), required=False
    )

    def __init__(self, *args: Any, by, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_for(by).order_by("town__name", "name")
        if scope_of(by).level(Kind.CARE) == Level.SCHOOL:
            self.fields["school"].initial = by.school_id
        self.fields["carer"].queryset = selectors.carer_choices(by)
        self.fields["carer"].limit = by.county.max_children_per_carer
        self.fields["started_on"].initial = timezone.localdate
        self.fields["started_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["class_name"].widget.attrs["placeholder"] = _("例如：1班")


class PairingEndForm(forms.Form):
    """When and why a pairing ends."""

    ended_on = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end_reason = forms.CharField(label=_("结束原因"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate
        self.fields["ended_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["end_reason"].widget.attrs["placeholder"] = _("例如：教师调离、儿童毕业")


class ContactForm(forms.Form):
    """A contact: its kind (one tap on a large button), date and an optional note."""

    kind = forms.ChoiceField(label=_("方式"), choices=Contact.Kind.choices)
    on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(
        label=_("情况记录（可不填）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["on"].initial = today
        self.fields["on"].widget.attrs["max"] = today.isoformat()

    def clean_on(self) -> datetime.date:
        """Refuse a date after today."""
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("联系日期不能晚于今天。"))
        return on


class ContactWithdrawForm(forms.Form):
    """Why a contact is withdrawn."""

    reason = forms.CharField(label=_("撤回原因"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs["placeholder"] = _("例如：点错了儿童、重复记录")
