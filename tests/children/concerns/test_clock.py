"""The report's clock: deadlines from the kind, escalation past them, hand-overs stop it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from children.concerns import services
from children.concerns.selectors import open_concerns_for, overdue_concerns_for
from children.models import Concern, ConcernStep

pytestmark = pytest.mark.django_db

POLICE = ConcernStep.Kind.TOLD_POLICE
PHONE = ConcernStep.Channel.PHONE


def raise_alone(by, child):
    return services.concern_raise(
        by=by, child=child, kind=Concern.Kind.LIVING_ALONE, description="父母外出，孩子独自在家"
    )


def overdue_for(user, clock):
    return [v.concern.pk for v in overdue_concerns_for(user, now=clock.now)]


def test_deadlines_come_from_the_kind_and_the_time_it_was_raised(clock, reporter, child_a):
    concern = raise_alone(reporter, child_a)
    assert concern.raised_at == clock.now
    assert (concern.police_due_at - clock.now).total_seconds() == 3600
    assert (concern.civil_affairs_due_at - clock.now).total_seconds() == 24 * 3600
    dropout = services.concern_raise(
        by=reporter, child=child_a, kind=Concern.Kind.DROPOUT_RISK, description="一周未到校"
    )
    assert dropout.police_due_at is None and dropout.civil_affairs_due_at is None


def test_a_report_without_a_police_hand_over_escalates_after_its_limit(
    clock, reporter, child_a, town_officer, federation_officer, education_officer
):
    concern = raise_alone(reporter, child_a)
    clock.advance(minutes=59)
    assert overdue_for(town_officer, clock) == []
    clock.advance(minutes=2)
    for officer in (town_officer, federation_officer, education_officer):
        assert overdue_for(officer, clock) == [concern.pk]


def test_escalation_reaches_only_the_town_and_county_officers(
    clock, reporter, child_a, mentor, village_director, town_officer_b
):
    raise_alone(reporter, child_a)
    clock.advance(hours=2)
    for user in (reporter, mentor, village_director, town_officer_b):
        assert overdue_for(user, clock) == []
    assert [v.overdue for v in open_concerns_for(reporter, now=clock.now)] == [True]


def test_recording_the_police_hand_over_stops_the_escalation(
    clock, reporter, child_a, town_officer
):
    concern = services.concern_raise(
        by=reporter, child=child_a, kind=Concern.Kind.SUSPECTED_HARM, description="身上多处淤青"
    )
    clock.advance(hours=3)
    assert overdue_for(town_officer, clock) == [concern.pk]
    services.concern_step_record(
        by=reporter,
        concern=concern,
        kind=POLICE,
        recipient="湾沚派出所",
        channel=PHONE,
        reference="JJ2026030200017",
    )
    assert overdue_for(town_officer, clock) == []
    concern.refresh_from_db()
    assert concern.police_told_at == clock.now and concern.is_overdue(clock.now) is False


def test_telling_the_school_head_does_not_stop_the_police_clock(
    clock, reporter, child_a, town_officer
):
    concern = raise_alone(reporter, child_a)
    services.concern_step_record(
        by=reporter,
        concern=concern,
        kind=ConcernStep.Kind.TOLD_SCHOOL_HEAD,
        recipient="校长",
        channel=ConcernStep.Channel.IN_PERSON,
    )
    clock.advance(hours=2)
    assert overdue_for(town_officer, clock) == [concern.pk]


def test_a_child_alone_still_needs_civil_affairs_after_the_police(
    clock, reporter, child_a, town_officer
):
    concern = raise_alone(reporter, child_a)
    services.concern_step_record(
        by=reporter, concern=concern, kind=POLICE, recipient="派出所", channel=PHONE
    )
    clock.advance(hours=23)
    assert overdue_for(town_officer, clock) == []
    clock.advance(hours=2)
    assert overdue_for(town_officer, clock) == [concern.pk]
    services.concern_step_record(
        by=town_officer,
        concern=concern,
        kind=ConcernStep.Kind.TOLD_CIVIL_AFFAIRS,
        recipient="镇民政办",
        channel=PHONE,
    )
    assert overdue_for(town_officer, clock) == []


def test_a_call_made_before_the_report_was_typed_counts_at_its_own_time(clock, reporter, child_a):
    concern = raise_alone(reporter, child_a)
    earlier = concern.raised_at - datetime.timedelta(minutes=20)
    services.concern_step_record(
        by=reporter, concern=concern, kind=POLICE, recipient="110", channel=PHONE, at=earlier
    )
    concern.refresh_from_db()
    assert concern.police_told_at == earlier


def test_a_hand_over_needs_whom_and_how(clock, reporter, child_a):
    concern = raise_alone(reporter, child_a)
    with pytest.raises(ValidationError) as exc:
        services.concern_step_record(by=reporter, concern=concern, kind=POLICE)
    assert {"recipient", "channel"} <= set(exc.value.message_dict)
    assert not concern.steps.exists()


def test_closing_requires_an_outcome(clock, reporter, child_a, town_officer):
    concern = raise_alone(reporter, child_a)
    for outcome in ("", "   "):
        with pytest.raises(ValidationError) as exc:
            services.concern_close(by=town_officer, concern=concern, outcome=outcome)
        assert "outcome" in exc.value.message_dict
    concern.refresh_from_db()
    assert concern.status == Concern.Status.OPEN and not concern.steps.exists()


def test_closing_records_who_when_and_the_outcome_and_stops_escalation(
    clock, reporter, child_a, town_officer
):
    concern = raise_alone(reporter, child_a)
    clock.advance(hours=2)
    services.concern_close(by=town_officer, concern=concern, outcome="已送至外婆家照看")
    concern.refresh_from_db()
    assert (concern.status, concern.closed_by, concern.closed_at) == (
        Concern.Status.CLOSED,
        town_officer,
        clock.now,
    )
    assert overdue_for(town_officer, clock) == []
    step = concern.steps.get()
    assert (step.kind, step.notes, step.recorded_by) == ("closed", "已送至外婆家照看", town_officer)
    assert AuditEvent.objects.filter(action="close", object_id=str(concern.pk)).exists()


def test_a_mentor_may_record_steps_but_not_close(clock, reporter, child_a, mentor, paired_child):
    concern = raise_alone(reporter, child_a)
    services.concern_step_record(
        by=mentor, concern=concern, kind=ConcernStep.Kind.SEEN_SAFE, notes="已到家中看过"
    )
    with pytest.raises(PermissionDenied):
        services.concern_close(by=mentor, concern=concern, outcome="好")


def test_nobody_outside_the_childs_scope_may_touch_the_report(
    clock, reporter, child_a, town_officer_b
):
    concern = raise_alone(reporter, child_a)
    with pytest.raises(PermissionDenied):
        services.concern_step_record(
            by=town_officer_b, concern=concern, kind=POLICE, recipient="x", channel=PHONE
        )
    with pytest.raises(PermissionDenied):
        services.concern_close(by=town_officer_b, concern=concern, outcome="好")


def test_reopening_needs_a_reason_keeps_the_old_outcome_and_escalates_again(
    clock, reporter, child_a, town_officer
):
    concern = raise_alone(reporter, child_a)
    services.concern_close(by=town_officer, concern=concern, outcome="祖母已出院回家")
    with pytest.raises(ValidationError):
        services.concern_reopen(by=town_officer, concern=concern, reason=" ")
    clock.advance(hours=2)
    services.concern_reopen(by=town_officer, concern=concern, reason="祖母再次住院")
    concern.refresh_from_db()
    assert concern.status == Concern.Status.OPEN and concern.outcome == ""
    assert [s.kind for s in concern.steps.order_by("at", "pk")] == ["closed", "reopened"]
    assert concern.steps.get(kind="closed").notes == "祖母已出院回家"
    reopen = AuditEvent.objects.get(action="reopen", object_id=str(concern.pk))
    assert reopen.changes["fields"]["outcome"] == ["祖母已出院回家", ""]
    assert overdue_for(town_officer, clock) == [concern.pk]


def test_a_step_can_be_neither_changed_nor_deleted(clock, reporter, child_a):
    concern = raise_alone(reporter, child_a)
    step = services.concern_step_record(
        by=reporter, concern=concern, kind=POLICE, recipient="派出所", channel=PHONE
    )
    step.reference = "改过的编号"
    with pytest.raises(ValidationError):
        step.save()
    with pytest.raises(ValidationError):
        step.delete()
    assert ConcernStep.objects.get(pk=step.pk).reference == ""


def test_a_closed_report_takes_no_more_steps_until_reopened(clock, reporter, child_a, town_officer):
    concern = raise_alone(reporter, child_a)
    services.concern_close(by=town_officer, concern=concern, outcome="已安置")
    with pytest.raises(ValidationError):
        services.concern_step_record(
            by=reporter, concern=concern, kind=ConcernStep.Kind.VISIT, notes="回访"
        )
