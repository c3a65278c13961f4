"""The widgets written in Python (core.forms.widget_html) give exactly what Django's widget
templates (and ours) give, for every kind of value, attribute and choice they meet."""

import datetime

import pytest
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from children.concerns.forms import ConcernForm
from children.forms import ChildForm, CloseForm, ParentForm, TransferForm
from core.forms import DateInput, ProjectFormRenderer, widget_html


class EveryWidget(forms.Form):
    text = forms.CharField(max_length=20, help_text="帮助")
    number = forms.IntegerField(required=False, min_value=0)
    email = forms.EmailField(required=False)
    password = forms.CharField(widget=forms.PasswordInput, required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    day = forms.DateField(widget=DateInput, required=False)
    plain_day = forms.DateField(required=False)
    agree = forms.BooleanField(required=False)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "甲 & <乙>"), (3, 1234)])
    grouped = forms.ChoiceField(
        choices=[("省内", [("in", _("省内务工"))]), ("外省", [("out", "外出"), ("x", 'x"y')])],
        required=False,
    )
    many = forms.MultipleChoiceField(choices=[("1", "一"), ("2", "二")], required=False)
    radio = forms.ChoiceField(choices=[("y", "是"), ("n", "否")], widget=forms.RadioSelect)
    locked = forms.CharField(disabled=True, required=False, initial='已"锁定"')


VALUES = [
    {},
    {
        "text": "<script>\"&'",
        "number": "0",
        "email": "not an email",
        "password": "secret",
        "hidden": "h&",
        "day": "2024-02-30",
        "plain_day": "2024-03-01",
        "agree": "on",
        "notes": "第一行\n<b>第二行</b> & 完",
        "kind": "a",
        "grouped": "x",
        "many": ["1", "2"],
        "radio": "y",
    },
    {"text": "", "number": "-1", "kind": "3", "notes": "", "day": "2024-02-01"},
]


def _both(bound_field) -> tuple[str, str]:
    fast, slow = ProjectFormRenderer(), ProjectFormRenderer()
    slow.write_in_python = False
    return (
        str(_render(bound_field, fast)),
        str(_render(bound_field, slow)),
    )


def _render(bound_field, renderer) -> str:
    bound_field.form.renderer = renderer
    return bound_field.as_widget()


def _fields(form) -> list:
    return [form[name] for name in form.fields]


@pytest.mark.parametrize("data", VALUES)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_widget_is_written_as_its_template_writes_it(data, language):
    with override(language):
        form = EveryWidget(data or None, initial={"day": datetime.date(2024, 1, 2)})
        form.is_valid()
        for bound in _fields(form):
            fast, slow = _both(bound)
            assert fast == slow, bound.name


@pytest.mark.django_db
def test_the_childs_file_forms_are_written_as_their_templates_write_them(school_staff):
    forms_ = [
        TransferForm(user=school_staff),
        TransferForm({"to_school": "", "on": "x"}, user=school_staff),
        CloseForm(),
        CloseForm({"reason": "bad", "on": "2024-13-01"}),
        ConcernForm(),
        ConcernForm({"kind": "", "description": "<b>"}),
        ChildForm(user=school_staff),
        ChildForm({"name": "<张>", "id_number": "1", "grade": "20"}, user=school_staff),
        ParentForm(relation="father"),
    ]
    for form in forms_:
        form.is_valid() if form.is_bound else None
        for bound in _fields(form):
            fast, slow = _both(bound)
            assert fast == slow, (type(form).__name__, bound.name)


def test_widgets_it_does_not_write_go_through_their_templates():
    widget = forms.RadioSelect(choices=[("y", "是")]).get_context("r", "y", {})["widget"]
    assert widget_html(widget["template_name"], widget) is None
    assert widget_html("django/forms/widgets/clearable_file_input.html", widget) is None


def test_common_widgets_do_not_reach_the_template_engine(monkeypatch):
    def no_template(*args, **kwargs):
        raise AssertionError("rendered through a template")

    monkeypatch.setattr("django.forms.renderers.TemplatesSetting.render", no_template)
    form = EveryWidget({"text": "x", "kind": "a"})
    form.renderer = ProjectFormRenderer()
    for name in ("text", "number", "day", "agree", "notes", "kind", "grouped", "many", "hidden"):
        assert form[name].as_widget().startswith(("<input", "<select", "<textarea")), name
