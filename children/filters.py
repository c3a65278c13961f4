"""List filters: the register's own, and the period-and-places filter of the other lists."""

import functools
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.roles import Kind, Level, scope_of
from core.forms import PeriodFilterForm, QuickSelect
from core.validators import split_class
from schools.models import School, Town

from .forms import schools_for
from .models import Child, last_contact_or_never
from .models.choices import CaseStatus, GuardianshipGrade
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


GRADES = range(1, 13)  # 1-6 primary, 7-9 junior middle, 10-12 senior middle (Child.grade)


class RegisterFilterForm(forms.Form):
    """The register list's search box, filters and sort order; all optional."""

    SORTS = {
        "name": "name",
        "-name": "-name",
        "grade": "grade",
        "-grade": "-grade",
        "school": "school_id",
        "-school": "-school_id",
        "birth_date": "birth_date",
        "-birth_date": "-birth_date",
        # "Never contacted" first when the oldest contacts come first (see the index).
        "last_contact": last_contact_or_never().asc(),
        "-last_contact": last_contact_or_never().desc(),
        "registered_on": "registered_on",
        "-registered_on": "-registered_on",
    }
    CATEGORY_CHOICES = [
        ("", _("全部类别")),
        ("left_behind", _("留守儿童")),
        ("migrant", _("流动儿童")),
        ("in_difficulty", _("困境儿童")),
        ("unsupported", _("事实无人抚养儿童")),
    ]

    q = forms.CharField(label=_("搜索"), required=False, max_length=50)
    # Plain id choices read with one query each, which serves both the drop-down and the
    # validation (a ModelChoiceField would query again to validate).
    school = forms.TypedChoiceField(label=_("学校"), coerce=int, empty_value=None, required=False)
    town = forms.TypedChoiceField(label=_("乡镇"), coerce=int, empty_value=None, required=False)
    # Any grade a child can be in validates; the drop-down offers the grades in view
    # (`offer_grades`, from the register's counts, so it costs no query of its own).
    grade = forms.TypedChoiceField(
        label=_("年级"),
        choices=[("", _("全部年级")), *((str(g), str(g)) for g in GRADES)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    category = forms.ChoiceField(label=_("类别"), choices=CATEGORY_CHOICES, required=False)
    status = forms.ChoiceField(
        label=_("状态"),
        choices=[("", _("在册（默认）")), ("all", _("全部"))] + CaseStatus.choices,
        required=False,
    )
    guardianship = forms.ChoiceField(
        label=_("监护情况"),
        choices=[("", _("全部监护情况"))] + GuardianshipGrade.choices,
        required=False,
    )
    class_name = forms.CharField(label=_("班级"), required=False, max_length=20)
    no_mentor = forms.BooleanField(label=_("无帮扶教师"), required=False)
    no_phone = forms.BooleanField(label=_("缺监护人电话"), required=False)
    overdue = forms.BooleanField(label=_("30 天内未联系"), required=False)
    concern = forms.BooleanField(label=_("有待处理的强制报告"), required=False)
    due_to_close = forms.BooleanField(label=_("已满 16 周岁待结案"), required=False)
    sort = forms.ChoiceField(choices=[(k, k) for k in SORTS], required=False)

    def __init__(self, *args: Any, user, **kwargs: Any):
        super().__init__(*args, **kwargs)
        schools = schools_for(user).order_by("name").values_list("pk", "name")
        towns = Town.objects.filter(county_id=user.county_id).values_list("pk", "name")
        # Read lazily and once: not at all for an export without these filters.
        self.fields["school"].choices = functools.cache(lambda: [("", _("全部学校")), *schools])
        self.fields["town"].choices = functools.cache(lambda: [("", _("全部乡镇")), *towns])
        # A filter that cannot narrow the user's scope is not offered: one school's staff
        # (or one town's officer) never sees a town drop-down, nor a single-school one.
        level = scope_of(user).level(Kind.CHILDREN)
        if level in (Level.OWN, Level.SCHOOL, Level.VILLAGE, Level.TOWN):
            del self.fields["town"]
        if level in (Level.OWN, Level.SCHOOL):
            del self.fields["school"]
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                field.widget = QuickSelect(
                    attrs={"class": "form-select form-select-sm"}, choices=field.widget.choices
                )
            else:
                field.widget.attrs["class"] = "form-control form-control-sm"
            field.widget.attrs.setdefault("id", f"f_{name}")
        self.fields["q"].widget.attrs["placeholder"] = _("姓名、身份证号或监护人电话")

    def clean_class_name(self) -> str:
        """Return the class asked for in the register's spelling ("2", "（2）班" -> "2班")."""
        return split_class(self.cleaned_data.get("class_name", ""))[1]

    def offer_grades(self, lowest: int | None, highest: int | None) -> None:
        """Offer the grades from `lowest` to `highest` (those of the children in view), and
        the chosen one: a primary school's staff are not offered grades 7 to 12."""
        offered = set(range(lowest, highest + 1)) if lowest and highest else set()
        chosen = self.cleaned_data.get("grade") if self.is_bound and self.is_valid() else None
        if chosen:
            offered.add(chosen)
        self.fields["grade"].widget.choices = [
            ("", _("全部年级")),
            *((str(g), str(g)) for g in sorted(offered)),
        ]

    def selects(self) -> list:
        """Return the bound drop-down filters, in display order."""
        names = ["school", "town", "grade", "class_name", "category", "status", "guardianship"]
        return [self[n] for n in names if n in self.fields]

    def checks(self, counts: dict[str, int]) -> list[tuple]:
        """Return (bound checkbox, count of children it would show) for the quick filters."""
        names = ["no_mentor", "no_phone", "overdue", "concern", "due_to_close"]
        return [(self[n], counts.get(n, 0)) for n in names]
