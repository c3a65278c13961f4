"""The list filter of every register-side list: a period plus the places in the user's scope."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.roles import Kind, Level, scope_of
from core.forms import PeriodFilterForm
from schools.models import School, Town

from .forms import schools_for
from .models import Child
from .picker import ChildPicker
from .selectors import children_visible_to


class PlaceFilterForm(PeriodFilterForm):
    """Period, town and school filters, offering only the towns and schools in the user's scope.

    A filter that cannot narrow anything is left out: school staff get neither town nor
    school, a town officer no town.
    """

    town = forms.ModelChoiceField(
        label=_("乡镇"), queryset=Town.objects.none(), required=False, empty_label=_("全部乡镇")
    )
    school = forms.ModelChoiceField(
        label=_("学校"), queryset=School.objects.none(), required=False, empty_label=_("全部学校")
    )

    def __init__(self, *args: Any, user, **kwargs: Any):
        super().__init__(*args, user=user, **kwargs)
        self.fields["town"].queryset = Town.objects.filter(county_id=user.county_id)
        self.fields["school"].queryset = schools_for(user).order_by("town__name", "name")
        level = scope_of(user).level(Kind.CHILDREN)
        if level == Level.SCHOOL:
            del self.fields["school"]
        if level in (Level.SCHOOL, Level.TOWN):
            del self.fields["town"]


class ContactFilterForm(PlaceFilterForm):
    """The contact list's filters: period and places, and one child picked with the picker."""

    child = forms.ModelChoiceField(
        label=_("儿童"),
        queryset=Child.objects.none(),
        required=False,
        widget=ChildPicker(open_only=False),
    )

    def __init__(self, *args: Any, user, **kwargs: Any):
        super().__init__(*args, user=user, **kwargs)
        self.fields["child"].queryset = children_visible_to(user)
