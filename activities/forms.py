"""Forms for homes and rooms (with their equipment), activities, photos and the list filters."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import Kind, Level, scope_of
from children.filters import PlaceFilterForm
from children.forms import schools_for
from children.picker import ChildPicker
from children.selectors import children_visible_to
from schools.models import Town

from .models import Activity, Home, VolunteerTeam
from .selectors import homes_visible_to

SHARED_CHOICES = [("", _("全部")), ("yes", _("合用")), ("no", _("专用"))]


def towns_for(user):
    """Return the towns a user may place a home or activity in."""
    qs = Town.objects.filter(county_id=user.county_id)
    scope = scope_of(user)
    if scope.level(Kind.ACTIVITIES) in (Level.SCHOOL, Level.TOWN):
        return qs.filter(pk=scope.town_id)
    return qs


class HomeForm(forms.ModelForm):
    """A children's home or an activity room: where, mode, hours, contact, rules, roster."""

    class Meta:
        model = Home
        fields = [
            "kind",
            "name",
            "school",
            "town",
            "location",
            "mode",
            "planned_year",
            "built_year",
            "built_month",
            "opening_hours",
            "contact_name",
            "contact_phone",
            "rules",
            "duty_roster",
            "is_shared",
            "shared_with",
            "keeps_records",
        ]
        widgets = {
            "rules": forms.Textarea(attrs={"rows": 5}),
            "duty_roster": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_for(user)
        self.fields["town"].queryset = towns_for(user)
        if scope_of(user).level(Kind.HOMES) == Level.SCHOOL:
            self.fields["school"].required = True
            self.fields["school"].initial = user.school_id
            self.fields["town"].initial = user.school.town_id

    def clean(self):
        """Ask for what a shared room is shared with."""
        data = super().clean()
        if data.get("is_shared") and not data.get("shared_with"):
            self.add_error("shared_with", _("与其他用途合用时，请填写合用情况。"))
        return data


class EquipmentForm(forms.Form):
    """One line of the equipment list: a name and a quantity."""

    name = forms.CharField(label=_("设备名称"), max_length=50, required=False)
    quantity = forms.IntegerField(label=_("数量"), min_value=1, required=False)

    def clean(self):
        """Require a quantity for a named item."""
        data = super().clean()
        if data.get("name") and not data.get("quantity"):
            self.add_error("quantity", _("请填写“%(name)s”的数量。") % {"name": data["name"]})
        return data


EquipmentFormSet = forms.formset_factory(EquipmentForm, extra=3)


def equipment_formset(data=None, *, home: Home | None = None):
    """Return the equipment formset, filled from the home's current equipment."""
    initial = (
        [{"name": e.name, "quantity": e.quantity} for e in home.equipment.all()]
        if home and home.pk
        else []
    )
    formset = EquipmentFormSet(data, initial=initial, prefix="equipment")
    for form in formset:
        form.fields["name"].widget.attrs["class"] = "form-control form-control-sm"
        form.fields["quantity"].widget.attrs["class"] = "form-control form-control-sm"
    return formset


def equipment_rows(formset) -> list[tuple[str, int]]:
    """Return (name, quantity) for the filled lines of a valid equipment formset."""
    return [
        (f.cleaned_data["name"].strip(), f.cleaned_data["quantity"])
        for f in formset
        if f.cleaned_data.get("name")
    ]


class HomeFilterForm(PlaceFilterForm):
    """The homes list's filters: period (year built), town, school, kind, shared or not."""

    kind = forms.ChoiceField(
        label=_("类型"), choices=[("", _("全部类型")), *Home.Kind.choices], required=False
    )
    shared = forms.ChoiceField(label=_("合用情况"), choices=SHARED_CHOICES, required=False)


class ActivityFilterForm(PlaceFilterForm):
    """The activities list's filters: period, town, school and kind."""

    kind = forms.ChoiceField(
        label=_("活动类型"), choices=[("", _("全部类型")), *Activity.Kind.choices], required=False
    )


class ActivityForm(forms.ModelForm):
    """An activity: kind, date, organiser, place, audience and the children who took part."""

    participants = forms.ModelMultipleChoiceField(
        label=_("参加儿童"),
        queryset=children_visible_to(None),
        required=False,
        widget=ChildPicker(multiple=True),
    )

    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "on",
            "organiser_kind",
            "organiser",
            "school",
            "town",
            "home",
            "place",
            "children_count",
            "parents_count",
            "audience_count",
            "description",
        ]
        widgets = {
            "on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_for(user)
        self.fields["town"].queryset = towns_for(user)
        self.fields["home"].queryset = homes_visible_to(user)
        if scope_of(user).level(Kind.ACTIVITIES) == Level.SCHOOL:
            self.fields["school"].required = True
            self.fields["school"].initial = user.school_id
        self.fields["participants"].queryset = self._participant_choices(user)
        if self.instance.pk:
            self.initial["participants"] = list(
                self.instance.participants.values_list("pk", flat=True)
            )

    def _participant_choices(self, user):
        """Return the children who may be picked: open ones in scope, and those already in.

        The picker looks children up as the user types, so even a county-wide scope is
        never listed in full.
        """
        keep = Q(status="open")
        if self.instance.pk:
            keep |= Q(pk__in=self.instance.participants.values("pk"))
        return children_visible_to(user).filter(keep)

    def clean(self):
        """Ask for somewhere the activity happened."""
        data = super().clean()
        if not (data.get("school") or data.get("town") or data.get("home") or data.get("place")):
            self.add_error("place", _("请填写活动地点，或选择学校、乡镇或活动阵地。"))
        return data


class PhotoForm(forms.Form):
    """One photo of an activity, checked by the service with Pillow."""

    image = forms.FileField(
        label=_("照片"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp", "class": "form-control"}
        ),
    )
    caption = forms.CharField(
        label=_("说明"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


__all__ = [
    "ActivityFilterForm",
    "ActivityForm",
    "HomeFilterForm",
    "HomeForm",
    "PhotoForm",
    "equipment_formset",
    "equipment_rows",
]


class TeamForm(forms.ModelForm):
    """A volunteer team: kind, name, the home it works from, size and founding date."""

    class Meta:
        model = VolunteerTeam
        fields = ["kind", "name", "home", "members", "founded_on"]
        widgets = {"founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home"].queryset = Home.objects.filter(county_id=user.county_id).order_by(
            "kind", "name"
        )
