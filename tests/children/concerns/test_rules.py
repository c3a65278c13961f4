"""Each kind of concern carries the 2020 opinion's rule: whom to tell and within what time."""

import datetime

import pytest

from children.concerns.forms import ConcernForm, kind_notice
from children.models import KIND_RULES, Concern

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(hours=24)

# (kind, police within, civil affairs within): the table of docs/concerns.md.
EXPECTED = [
    ("sexual_harm", HOUR, None),
    ("suspected_harm", HOUR, None),
    ("self_harm", HOUR, None),
    ("missing", HOUR, None),
    ("living_alone", HOUR, DAY),
    ("no_care", HOUR, DAY),
    ("guardian_incapable", None, DAY),
    ("dropout_risk", None, None),
    ("other", HOUR, None),
]


def test_every_kind_has_exactly_one_rule():
    assert sorted(KIND_RULES) == sorted(Concern.Kind.values)
    assert sorted(k for k, _p, _c in EXPECTED) == sorted(Concern.Kind.values)


@pytest.mark.parametrize(("kind", "police", "civil"), EXPECTED)
def test_each_kind_says_whom_to_tell_and_how_soon(kind, police, civil):
    rule = KIND_RULES[kind]
    assert (rule.police_within, rule.civil_affairs_within) == (police, civil)
    assert rule.needs_police is (police is not None)
    assert rule.needs_civil_affairs is (civil is not None)
    assert rule.source


@pytest.mark.parametrize(("kind", "police", "civil"), EXPECTED)
def test_the_form_tells_the_reporter_to_call_110_only_where_the_police_are_needed(
    kind, police, civil
):
    notice = kind_notice(kind)
    assert ("110" in notice) is (police is not None)
    assert ("民政" in notice) is (civil is not None)
    if police:
        assert "回执或案件编号" in notice and "报警时间" in notice


def test_the_form_lists_a_notice_for_every_kind_it_offers():
    form = ConcernForm()
    offered = {value for value, _label in form.fields["kind"].choices if value}
    assert {n["kind"] for n in form.notices()} == offered
