"""The survey's writes: open, confirm, close, transfer, edit, new, progress, snapshot at close."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from children.models import Child
from children.services import ParentData, child_register
from survey import selectors, services
from survey.models import Outcome, Survey, SurveyCheck, SurveySnapshot
from survey.progress import survey_progress
from tests.factories import make_id_number

pytestmark = pytest.mark.django_db


def _figures(progress):
    t = progress.total
    return {
        "confirmed": t.confirmed,
        "changed": t.changed,
        "closed": t.closed,
        "new": t.new,
        "unchecked": t.unchecked,
    }


def _work_the_survey(survey, school_staff, school_staff_b, pupils_a, pupils_b, school_a2):
    """Check two schools as the issue's 'done when' tells: confirm, close, transfer, edit, new."""
    today = timezone.localdate()
    services.survey_confirm(by=school_staff, survey=survey, child=pupils_a[0])
    services.survey_close_case(
        by=school_staff, survey=survey, child=pupils_a[1], reason="parents_back", on=today
    )
    services.survey_transfer(
        by=school_staff, survey=survey, child=pupils_a[2], to_school=school_a2, on=today
    )
    services.survey_confirm(by=school_staff_b, survey=survey, child=pupils_b[0])
    child = pupils_b[1]
    services.survey_edit(
        by=school_staff_b,
        survey=survey,
        child=child,
        values={"guardian_name": "李外婆", "guardian_relation": "maternal_gp"},
        parents=[],
        expected_version=child.version,
    )
    return child_register(
        by=school_staff_b,
        values={
            "name": "新来的",
            "id_number": make_id_number(datetime.date(2015, 3, 5), "M"),
            "sex": "M",
            "birth_date": datetime.date(2015, 3, 5),
            "town": pupils_b[0].town,
            "schooling_status": "primary",
            "school": pupils_b[0].school,
            "grade": 4,
        },
        parents=[ParentData("father", {"status": "away_out", "work_province": "浙江省"})],
    )


def test_only_a_county_officer_opens_a_survey_and_only_once_a_term(
    survey, school_staff, education_officer
):
    assert survey.is_open and survey.opened_by.role == "federation"
    with pytest.raises(PermissionDenied):
        services.survey_open(
            by=school_staff, year=2030, semester="spring", deadline=survey.deadline
        )
    with pytest.raises(ValidationError) as exc:
        services.survey_open(
            by=education_officer,
            year=survey.year,
            semester=survey.semester,
            deadline=survey.deadline,
        )
    assert "本学期的摸底已经发起" in str(exc.value) or "已有一次摸底正在进行" in str(exc.value)
    assert AuditEvent.objects.filter(object_type="survey.Survey", action="create").count() == 1


def test_two_schools_check_their_children_through_the_register_services(
    survey, school_staff, school_staff_b, pupils_a, pupils_b, school_a2
):
    new = _work_the_survey(survey, school_staff, school_staff_b, pupils_a, pupils_b, school_a2)
    closed = Child.objects.get(pk=pupils_a[1].pk)
    assert closed.status == "closed" and closed.close_reason == "parents_back"
    moved = Child.objects.get(pk=pupils_a[2].pk)
    assert moved.school == school_a2 and moved.transfers.count() == 1
    edited = Child.objects.get(pk=pupils_b[1].pk)
    assert edited.guardian_name == "李外婆" and edited.version == pupils_b[1].version + 1
    outcomes = dict(SurveyCheck.objects.values_list("child__name", "outcome"))
    assert outcomes == {
        "甲0": Outcome.CONFIRMED,
        "甲1": Outcome.CLOSED,
        "甲2": Outcome.TRANSFERRED,
        "乙0": Outcome.CONFIRMED,
        "乙1": Outcome.CHANGED,
    }
    # The transfer is counted where it was checked: school_a, not the school it went to.
    assert SurveyCheck.objects.get(child=moved).school == pupils_a[0].school
    assert new.pk not in selectors.to_check(survey).values_list("pk", flat=True)


def test_progress_at_school_town_and_county(
    survey,
    school_staff,
    school_staff_b,
    town_officer,
    federation_officer,
    pupils_a,
    pupils_b,
    school_a2,
):
    _work_the_survey(survey, school_staff, school_staff_b, pupils_a, pupils_b, school_a2)
    school = survey_progress(school_staff, survey)
    assert [p.label for p in school.places] == ["湾沚中心小学"]
    assert _figures(school) == {"confirmed": 1, "changed": 1, "closed": 1, "new": 0, "unchecked": 1}
    town = survey_progress(town_officer, survey)
    assert [p.label for p in town.places] == ["湾沚中心小学"]  # school_a2 had nobody to check
    assert _figures(town) == _figures(school)
    county = survey_progress(federation_officer, survey)
    assert _figures(county) == {"confirmed": 2, "changed": 2, "closed": 1, "new": 1, "unchecked": 2}
    assert county.total.percent == round(100 * 5 / 7)
    b = next(p for p in county.places if p.label == "六郎中心小学")
    assert (b.confirmed, b.changed, b.new, b.unchecked) == (1, 1, 1, 1)


def test_a_child_is_checked_once_and_only_by_someone_who_sees_it(
    survey, school_staff, school_staff_b, pupils_a
):
    services.survey_confirm(by=school_staff, survey=survey, child=pupils_a[0])
    with pytest.raises(ValidationError, match="已核查过"):
        services.survey_confirm(by=school_staff, survey=survey, child=pupils_a[0])
    with pytest.raises(PermissionDenied):
        services.survey_confirm(by=school_staff_b, survey=survey, child=pupils_a[1])
    assert SurveyCheck.objects.count() == 1


def test_closing_freezes_the_snapshot_and_lists_the_children_never_checked(
    survey, school_staff, school_staff_b, federation_officer, pupils_a, pupils_b, school_a2
):
    new = _work_the_survey(survey, school_staff, school_staff_b, pupils_a, pupils_b, school_a2)
    unchecked = services.survey_close(by=federation_officer, survey=survey)
    survey.refresh_from_db()
    assert unchecked == 2 and survey.status == Survey.Status.CLOSED
    never = selectors.never_checked(federation_officer, survey)
    assert {r.child.name for r in never} == {"甲3", "乙2"}
    assert [r.child.name for r in selectors.never_checked(school_staff, survey)] == ["甲3"]
    frozen = {s.child_id: s for s in SurveySnapshot.objects.filter(survey=survey)}
    assert frozen[pupils_a[1].pk].status == "closed" and frozen[pupils_a[1].pk].outcome == "closed"
    assert frozen[new.pk].outcome == Outcome.NEW
    assert frozen[pupils_a[2].pk].school == school_a2
    # Later changes to the register leave the snapshot as it was at close.
    Child.objects.filter(pk=pupils_b[0].pk).update(is_left_behind=False)
    assert SurveySnapshot.objects.get(survey=survey, child=pupils_b[0]).is_left_behind is True
    with pytest.raises(ValidationError):
        services.survey_confirm(by=school_staff, survey=survey, child=pupils_a[3])
    # A closed survey's progress reads the snapshot: the same figures as before close.
    assert _figures(survey_progress(federation_officer, survey)) == {
        "confirmed": 2,
        "changed": 2,
        "closed": 1,
        "new": 1,
        "unchecked": 2,
    }
