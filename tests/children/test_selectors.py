"""Scoping: each role sees exactly the children DOMAIN.md gives it."""

import pytest

from children.selectors import child_for, children_visible_to


def test_school_staff_see_their_school_only(school_staff, child_a, child_b):
    assert list(children_visible_to(school_staff)) == [child_a]


def test_school_staff_cannot_open_child_of_other_school(school_staff, child_b):
    from django.http import Http404

    with pytest.raises(Http404):
        child_for(school_staff, child_b.pk)
