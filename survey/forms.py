"""Forms of the survey: opening one, and the short edit of a child's changed details."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from children.forms import ParentForm, loosen_lengths
from children.models import Child, Parent
from core.forms import DateInput
from core.periods import Semester, term_containing
from core.validators import normalize_phone

# What a survey asks to re-check (guardian, parents' work place, phone, health, schooling).
EDIT_FIELDS = [
    "guardian_name",
    "guardian_relation",
    "guardian_phone",
    "health",
    "disability_kind",
    "disability_grade",
    "illness",
    "schooling_status",
    "grade",
    "class_name",
    "boarding",
]


class SurveyOpenForm(forms.Form):
    """Which term the survey is for and by when schools must finish."""

    year = forms.IntegerField(label=_("学年开始年份"), min_value=2000, max_value=2100)
    semester = forms.ChoiceField(label=_("学期"), choices=Semester.choices)
    deadline = forms.DateField(label=_("截止日期"), widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        year, semester = term_containing(today)
        self.fields["year"].initial = year
        self.fields["semester"].initial = semester
        self.fields["deadline"].initial = today + datetime.timedelta(days=30)


class SurveyEditForm(forms.ModelForm):
    """The details a survey re-checks, edited in place; the rest of the record is kept."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Child
        fields = EDIT_FIELDS
        widgets = {"guardian_phone": forms.TextInput(attrs={"inputmode": "tel"})}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        loosen_lengths(self, ["guardian_phone"])

    def clean_guardian_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("guardian_phone", ""))

    def child_values(self) -> dict[str, Any]:
        """Return the cleaned values of the edited fields."""
        return {name: self.cleaned_data[name] for name in EDIT_FIELDS}


def parent_forms(data, child: Child) -> list[ParentForm]:
    """Return the father's and mother's forms of the child, bound to `data` if given."""
    existing = {p.relation: p for p in child.parents.all()}
    return [
        ParentForm(data, relation=rel, instance=existing.get(rel) or Parent(relation=rel))
        for rel in (Parent.Relation.FATHER, Parent.Relation.MOTHER)
    ]
