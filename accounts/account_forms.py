"""Forms of the in-app account management: a new account, a role and its places.

Each role needs one place at most (ROLE_SCOPE): a school for school staff and mentors, a
village for a village director, a town for a town officer, none for county roles. Every
place field says which roles it is for (data-roles), so js/user_form.js shows only the
one the chosen role needs; accounts.services keeps only that one whatever is sent.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from schools.models import School, Town, Village

from .models import ROLE_SCOPE, Role, ScopeLevel

PLACE_OF_LEVEL = {
    ScopeLevel.SCHOOL: "school",
    ScopeLevel.PAIRED: "school",
    ScopeLevel.VILLAGE: "village",
    ScopeLevel.TOWN: "town",
}


def roles_needing(place: str) -> list[str]:
    """Return the roles whose scope is the place field `place` (town, village, school)."""
    return [role for role, level in ROLE_SCOPE.items() if PLACE_OF_LEVEL.get(level) == place]


class RoleScopeForm(forms.Form):
    """A role and the one place it works at, the places limited to the admin's county."""

    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    school = forms.ModelChoiceField(label=_("学校"), queryset=School.objects.none(), required=False)
    village = forms.ModelChoiceField(
        label=_("村（居）"), queryset=Village.objects.none(), required=False
    )
    town = forms.ModelChoiceField(label=_("乡镇"), queryset=Town.objects.none(), required=False)

    def __init__(self, *args: Any, county_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = (
            School.objects.filter(town__county_id=county_id, is_active=True)
            .select_related("town")
            .order_by("town__name", "name")
        )
        self.fields["school"].label_from_instance = lambda s: f"{s.town.name} · {s.name}"
        self.fields["village"].queryset = (
            Village.objects.filter(town__county_id=county_id)
            .select_related("town")
            .order_by("town__name", "name")
        )
        self.fields["village"].label_from_instance = lambda v: f"{v.town.name} · {v.name}"
        self.fields["town"].queryset = Town.objects.filter(county_id=county_id).order_by("name")
        self.fields["role"].widget.attrs["data-role-select"] = ""
        for place in ("school", "village", "town"):
            self.fields[place].widget.attrs["data-roles"] = " ".join(roles_needing(place))

    def clean(self) -> dict[str, Any]:
        """Ask for the one place the chosen role needs, naming the field."""
        data = super().clean()
        place = PLACE_OF_LEVEL.get(ROLE_SCOPE.get(data.get("role")))
        if place and not data.get(place):
            self.add_error(
                place,
                _("“%(role)s”须选择%(place)s。")
                % {"role": Role(data["role"]).label, "place": self.fields[place].label},
            )
        return data

    def scope(self) -> dict[str, Any]:
        """Return the role and places as the account services take them."""
        data = self.cleaned_data
        return {k: data.get(k) for k in ("role", "town", "village", "school")}


class UserCreateForm(RoleScopeForm):
    """A new account: login name, name, phone, role and place; a password is generated."""

    username = forms.CharField(
        label=_("登录账号"),
        max_length=150,
        help_text=_("字母、数字或 @/./+/-/_，例如 wanzhi_chen"),
    )
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("手机号码"), max_length=20, required=False)
    must_change_password = forms.BooleanField(
        label=_("下次登录须修改密码"), required=False, initial=True
    )

    field_order = ["username", "full_name", "phone", "role", "school", "village", "town"]


class UserFilterForm(forms.Form):
    """The account list's filters: role, town, active or not, and a name or login."""

    q = forms.CharField(label=_("姓名或账号"), required=False, max_length=50)
    role = forms.ChoiceField(
        label=_("角色"), choices=[("", _("全部角色")), *Role.choices], required=False
    )
    town = forms.ModelChoiceField(
        label=_("乡镇"), queryset=Town.objects.none(), required=False, empty_label=_("全部乡镇")
    )
    active = forms.ChoiceField(
        label=_("状态"),
        choices=[("", _("在用")), ("off", _("已停用")), ("all", _("全部"))],
        required=False,
    )

    def __init__(self, *args: Any, county_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = Town.objects.filter(county_id=county_id).order_by("name")
