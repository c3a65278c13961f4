"""Forms of the register: the child's record in sections, the parents, and case actions."""

import functools
from typing import Any

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.roles import Kind, Level, scope_of
from core.forms import QuickSelect
from core.validators import normalize_id_number, normalize_name, normalize_phone, split_class
from schools.models import School, Town, Village

from .masking import mask_id_number, mask_phone
from .models import Child, Parent
from .models.choices import (
    CloseReason,
    GuardianshipGrade,
    HelpReceived,
    IncomeSource,
    ethnic_group,
)
from .selectors import id_registered_in_county

CHILD_SECTIONS = [
    (
        _("基本信息"),
        [
            "id_number",
            "name",
            "sex",
            "birth_date",
            "ethnicity",
            "household_registered",
            "household_type",
            "household_in_county",
            "household_place",
        ],
    ),
    (_("现住址"), ["town", "village", "group", "address", "boarding"]),
    (_("就学情况"), ["schooling_status", "school", "grade", "class_name"]),
    (_("健康状况"), ["health", "disability_kind", "disability_grade", "illness"]),
    (
        _("监护情况"),
        [
            "guardian_name",
            "guardian_relation",
            "guardian_id_number",
            "guardian_phone",
            "guardian_address",
            "guardian_age",
            "guardian_health",
            "guardianship_grade",
            "guardianship_agreement_signed",
        ],
    ),
    (_("家庭经济与帮扶"), ["income_sources", "help_received", "poverty"]),
    (
        _("儿童类别"),
        ["derive_categories", "is_left_behind", "is_migrant", "is_in_difficulty", "is_unsupported"],
    ),
    (_("学习与心理"), ["study_notes", "mood_notes"]),
]

CHILD_FIELDS = [f for _title, names in CHILD_SECTIONS for f in names if f != "derive_categories"]


def loosen_lengths(form: forms.BaseForm, names: list[str], length: int = 24) -> None:
    """Let raw IDs and phones with spaces or dashes through; the model checks the clean value."""
    for name in names:
        field = form.fields[name]
        field.max_length = length
        field.validators = [v for v in field.validators if not hasattr(v, "limit_value")]
        field.widget.attrs["maxlength"] = length


def schools_for(user):
    """Return the schools a user may register children at."""
    qs = School.objects.filter(town__county_id=user.county_id, is_active=True).select_related(
        "town"
    )
    scope = scope_of(user)
    level = scope.level(Kind.CHILDREN)
    if level == Level.SCHOOL:
        return qs.filter(pk=scope.school_id)
    if level == Level.TOWN:
        return qs.filter(town_id=scope.town_id)
    return qs


def mask_stored(form: forms.ModelForm, names: dict[str, str], *, reveal_prefix: str = "") -> None:
    """On an edit form, show the stored IDs and phones masked, never in full.

    `names` maps each field to its masking function's kind ("id" or "phone"). The input is
    left empty with the masked value as its placeholder: left empty it keeps the stored
    value, typed into it replaces it, and "查看完整" reveals it through the audited reveal
    endpoint. Sets `form.masked`, the names of the fields shown masked.
    """
    form.masked = set()
    if not form.instance.pk:
        return
    for name, kind in names.items():
        stored = getattr(form.instance, name, "") or ""
        if not stored:
            continue
        masked = mask_id_number(stored) if kind == "id" else mask_phone(stored)
        form.initial[name] = ""
        form.fields[name].required = False
        form.fields[name].widget.attrs.update(
            {"placeholder": masked, "data-reveal-field": f"{reveal_prefix}{name}"}
        )
        form.masked.add(name)


def kept_if_blank(form: forms.ModelForm, name: str, value: str) -> str:
    """Return `value`, or the stored one when a masked field was left empty."""
    if not value and name in getattr(form, "masked", ()):
        return getattr(form.instance, name)
    return value


class ChildForm(forms.ModelForm):
    """The child's record as on the national registration form; its errors are in Chinese."""

    derive_categories = forms.BooleanField(
        label=_("按父母外出情况自动判定类别"),
        required=False,
        initial=True,
        help_text=_("取消勾选后，可手动确认下面的类别。"),
    )
    income_sources = forms.MultipleChoiceField(
        label=_("家庭收入来源"),
        choices=IncomeSource.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    help_received = forms.MultipleChoiceField(
        label=_("获得帮扶情况"),
        choices=HelpReceived.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm_duplicate = forms.BooleanField(label=_("我已核实，这不是同一名儿童"), required=False)

    class Meta:
        model = Child
        fields = CHILD_FIELDS
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "id_number": forms.TextInput(
                attrs={
                    "autocomplete": "off",
                    "inputmode": "text",
                    "maxlength": 18,
                    "data-id-check": "1",
                    "autofocus": True,
                }
            ),
            "guardian_phone": forms.TextInput(attrs={"inputmode": "tel", "maxlength": 13}),
            "guardian_id_number": forms.TextInput(attrs={"maxlength": 18}),
            "study_notes": forms.Textarea(attrs={"rows": 3}),
            "mood_notes": forms.Textarea(attrs={"rows": 3}),
            "guardianship_grade": forms.Select(
                choices=[("", "---------")] + GuardianshipGrade.choices
            ),
        }

    def __init__(self, *args: Any, user, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self.instance.county_id = user.county_id
        self.fields["school"].queryset = schools_for(user)
        self.fields["town"].queryset = Town.objects.filter(county_id=user.county_id)
        villages = Village.objects.filter(town__county_id=user.county_id).select_related("town")
        level = scope_of(user).level(Kind.CHILDREN)
        if level == Level.VILLAGE:
            villages = villages.filter(pk=user.village_id)
            self.fields["town"].queryset = Town.objects.filter(pk=user.village.town_id)
            self.fields["village"].required = True
        if level == Level.TOWN:
            self.fields["town"].queryset = Town.objects.filter(
                pk=user.town_id
            ) | Town.objects.filter(county_id=user.county_id)
        self.fields["village"].queryset = villages
        loosen_lengths(self, ["id_number", "guardian_id_number", "guardian_phone"])
        if level == Level.SCHOOL:
            self.fields["school"].required = True
            self.fields["school"].initial = user.school_id
            if not self.instance.pk and user.school_id:
                self.fields["town"].initial = user.school.town_id
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["derive_categories"].initial = False
        mask_stored(
            self, {"id_number": "id", "guardian_id_number": "id", "guardian_phone": "phone"}
        )

    def clean_id_number(self) -> str:
        """Return the normalized ID; refuse one already registered in the county."""
        number = normalize_id_number(self.cleaned_data.get("id_number", ""))
        if not number and "id_number" in self.masked:
            return self.instance.id_number
        if id_registered_in_county(
            number, county_id=self.user.county_id, except_pk=self.instance.pk
        ):
            raise forms.ValidationError(
                _("该身份证号码已在本县登记。如该儿童转学，请由原学校办理转学，不要重复登记。"),
                code="duplicate_id",
            )
        return number

    def clean_name(self) -> str:
        """Return the name without the spaces typed between its characters."""
        return normalize_name(self.cleaned_data.get("name", ""))

    def clean_guardian_name(self) -> str:
        return normalize_name(self.cleaned_data.get("guardian_name", ""))

    def clean_ethnicity(self) -> str:
        """Return the ethnic group's full name ("汉" -> "汉族")."""
        return ethnic_group(self.cleaned_data.get("ethnicity", ""))

    def clean_class_name(self) -> str:
        """Return the class in the register's one spelling ("（2）班", "二班" -> "2班")."""
        return split_class(self.cleaned_data.get("class_name", ""))[1]

    def clean_guardian_id_number(self) -> str:
        number = normalize_id_number(self.cleaned_data.get("guardian_id_number", ""))
        return kept_if_blank(self, "guardian_id_number", number)

    def clean_guardian_phone(self) -> str:
        phone = normalize_phone(self.cleaned_data.get("guardian_phone", ""))
        return kept_if_blank(self, "guardian_phone", phone)

    def child_values(self) -> dict[str, Any]:
        """Return the cleaned values of the Child model's fields."""
        return {name: self.cleaned_data[name] for name in CHILD_FIELDS if name in self.cleaned_data}

    def sections(self) -> list[tuple[str, list]]:
        """Return (title, bound fields) for each section of the form."""
        return [(title, [self[name] for name in names]) for title, names in CHILD_SECTIONS]


class ParentForm(forms.ModelForm):
    """One parent's situation; used twice, with prefixes "father" and "mother"."""

    class Meta:
        model = Parent
        fields = [
            "name",
            "id_number",
            "status",
            "work_province",
            "work_city",
            "away_since",
            "phone",
        ]
        widgets = {
            "away_since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "maxlength": 13}),
            "id_number": forms.TextInput(attrs={"maxlength": 18}),
        }

    def __init__(self, *args: Any, relation: str, **kwargs: Any):
        super().__init__(*args, prefix=relation, **kwargs)
        self.relation = relation
        self.instance.relation = relation
        self.fields["status"].widget.attrs["data-parent-status"] = relation
        loosen_lengths(self, ["id_number", "phone"])
        mask_stored(self, {"id_number": "id", "phone": "phone"}, reveal_prefix=f"{relation}_")

    def clean_name(self) -> str:
        return normalize_name(self.cleaned_data.get("name", ""))

    def clean_id_number(self) -> str:
        number = normalize_id_number(self.cleaned_data.get("id_number", ""))
        return kept_if_blank(self, "id_number", number)

    def clean_phone(self) -> str:
        return kept_if_blank(self, "phone", normalize_phone(self.cleaned_data.get("phone", "")))

    def values(self) -> dict[str, Any]:
        """Return the cleaned values of the parent's fields."""
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}

    @property
    def title(self) -> str:
        return str(Parent.Relation(self.relation).label)


class TransferForm(forms.Form):
    """Where and when a child moves to another school of the county."""

    prefix = "transfer"

    to_school = forms.ModelChoiceField(
        label=_("转入学校"),
        queryset=School.objects.none(),
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    on = forms.DateField(
        label=_("转学日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)

    def __init__(self, *args: Any, user, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.county_id = user.county_id
        schools = School.objects.filter(town__county_id=user.county_id, is_active=True)
        field = self.fields["to_school"]
        field.queryset = schools  # validates the choice (one query, on a POST only)
        # The drop-down reads plain (id, town, name) rows once, when it is drawn (not when
        # the file page finds it drawn in the cache), without a model instance each.
        field.widget.choices = functools.cache(lambda: _school_choices(field))

    def drawn_key(self) -> str | None:
        """Return the shared cache key of the unbound form's fields as drawn for the county,
        the language and the day (the date's initial value); None once bound to data.

        The drawing lists the county's schools: `forget_drawn_schools` drops it when a
        school or town changes, and it lasts `DRAWN_SCHOOLS_SECONDS` at most (bulk updates
        send no signal). A stale list cannot move a child to a closed school: the POST is
        validated against the schools' query.
        """
        if self.is_bound:
            return None
        return _drawn_schools_key(self.county_id, get_language(), timezone.localdate())


def _school_choices(field: forms.ModelChoiceField) -> list[tuple]:
    """Return the transfer drop-down's choices: the field's schools as "town · school"."""
    rows = field.queryset.order_by("town__name", "name").values_list("pk", "town__name", "name")
    return [("", field.empty_label), *((pk, f"{t} · {n}") for pk, t, n in rows)]


DRAWN_SCHOOLS_SECONDS = 300


def _drawn_schools_key(county_id: int, language: str, day) -> str:
    return f"children:transfer-fields:{county_id}:{language}:{day.isoformat()}"


def forget_drawn_schools(county_id: int | None) -> None:
    """Drop the transfer form's drawn schools of `county_id` (every language, today)."""
    if county_id is None:
        return
    today = timezone.localdate()
    cache.delete_many(
        [_drawn_schools_key(county_id, code, today) for code, _name in settings.LANGUAGES]
    )


class CloseForm(forms.Form):
    """Why and when a case closes."""

    prefix = "close"

    reason = forms.ChoiceField(label=_("结案原因"), choices=CloseReason.choices)
    on = forms.DateField(
        label=_("结案日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    note = forms.CharField(label=_("说明"), max_length=100, required=False)

    # Unbound, the fields draw the same for every child in a language on a day (the date's
    # initial value): the file page draws them once per process, language and day.
    drawn_once = True

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
