"""The rules of care work: carers in scope, pairings, workload, bulk pairing, contacts."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import export_audit
from children.care import selectors, services
from children.models import Carer, Contact, Pairing
from tests.factories import (
    CarerFactory,
    ChildFactory,
    ContactFactory,
    PairingFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 5, 20)


def test_school_staff_creates_a_carer_of_their_own_school_whatever_school_they_send(
    school_staff, school_b
):
    carer = services.carer_create(
        by=school_staff,
        values={"name": "周老师", "kind": "mentor", "background": "teacher", "school": school_b},
    )
    assert carer.school_id == school_staff.school_id
    assert carer.town_id == school_staff.school.town_id
    assert AuditEvent.objects.filter(object_id=str(carer.pk), action="create").exists()


def test_town_officer_cannot_create_a_carer_at_a_school_of_another_town(town_officer, school_b):
    with pytest.raises(ValidationError) as exc:
        services.carer_create(
            by=town_officer, values={"name": "周老师", "kind": "mentor", "school": school_b}
        )
    assert "school" in exc.value.message_dict
    assert not Carer.objects.filter(name="周老师").exists()


def test_a_volunteer_carer_without_login_or_school_belongs_to_the_town_officers_town(
    town_officer,
):
    carer = services.carer_create(
        by=town_officer,
        values={"name": "王阿姨", "kind": "caring_mother", "background": "volunteer"},
    )
    assert carer.town_id == town_officer.town_id
    assert carer.user is None


def test_mentor_cannot_create_carers(mentor):
    with pytest.raises(PermissionDenied):
        services.carer_create(by=mentor, values={"name": "x", "kind": "mentor"})


def test_carer_with_current_pairings_cannot_be_deactivated(school_staff, paired_child, mentor):
    with pytest.raises(ValidationError) as exc:
        services.carer_set_active(by=school_staff, carer=mentor.carer, active=False)
    assert "1 名结对儿童" in exc.value.messages[0]
    mentor.carer.refresh_from_db()
    assert mentor.carer.is_active


def test_deactivating_a_carer_keeps_the_record_and_audits_it(school_staff, school_a):
    carer = CarerFactory(school=school_a)
    services.carer_set_active(by=school_staff, carer=carer, active=False)
    carer.refresh_from_db()
    assert carer.is_active is False
    assert AuditEvent.objects.filter(object_id=str(carer.pk), summary__contains="停用").exists()


def test_pairing_a_child_is_audited_on_the_childs_timeline(school_staff, child_a, school_a):
    carer = CarerFactory(school=school_a)
    pairing = services.pairing_create(
        by=school_staff, child=child_a, carer=carer, role="mentor", started_on=TODAY
    )
    assert pairing.ended_on is None
    assert AuditEvent.objects.filter(child=child_a, object_id=str(pairing.pk)).exists()


def test_a_second_current_mentor_is_refused_with_a_chinese_error_naming_the_first(
    school_staff, paired_child, school_a
):
    other = CarerFactory(school=school_a, name="赵老师")
    with pytest.raises(ValidationError) as exc:
        services.pairing_create(
            by=school_staff, child=paired_child, carer=other, role="mentor", started_on=TODAY
        )
    assert "已有在结对的帮扶教师（李老师）" in exc.value.message_dict["role"][0]
    assert Pairing.objects.filter(child=paired_child, ended_on__isnull=True).count() == 1


def test_a_proxy_parent_may_be_added_beside_a_current_mentor(school_staff, paired_child, school_a):
    proxy = CarerFactory(school=school_a, kind="proxy_parent")
    services.pairing_create(
        by=school_staff, child=paired_child, carer=proxy, role="proxy_parent", started_on=TODAY
    )
    assert paired_child.pairings.filter(ended_on__isnull=True).count() == 2


def test_pairing_past_the_countys_maximum_warns_and_succeeds_once_confirmed(
    school_staff, school_a, county
):
    county.max_children_per_carer = 2
    county.save()
    carer = CarerFactory(school=school_a)
    for _ in range(2):
        PairingFactory(carer=carer, child=ChildFactory(school=school_a))
    child = ChildFactory(school=school_a)
    with pytest.raises(services.OverLimit) as exc:
        services.pairing_create(
            by=school_staff, child=child, carer=carer, role="mentor", started_on=TODAY
        )
    assert "已结对 2 名" in exc.value.message and "2 名的上限" in exc.value.message
    assert not child.pairings.exists()
    services.pairing_create(
        by=school_staff,
        child=child,
        carer=carer,
        role="mentor",
        started_on=TODAY,
        confirm_over_limit=True,
    )
    assert carer.pairings.filter(ended_on__isnull=True).count() == 3


def test_school_staff_cannot_pair_a_child_of_another_school(school_staff, child_b, school_a):
    with pytest.raises(PermissionDenied):
        services.pairing_create(
            by=school_staff,
            child=child_b,
            carer=CarerFactory(school=school_a),
            role="mentor",
            started_on=TODAY,
        )


def test_an_inactive_carer_cannot_be_paired(school_staff, child_a, school_a):
    carer = CarerFactory(school=school_a, is_active=False)
    with pytest.raises(ValidationError) as exc:
        services.pairing_create(
            by=school_staff, child=child_a, carer=carer, role="mentor", started_on=TODAY
        )
    assert "carer" in exc.value.message_dict


def test_ending_a_pairing_keeps_it_with_date_and_reason_and_frees_the_role(
    school_staff, paired_child, school_a
):
    pairing = paired_child.pairings.get()
    services.pairing_end(by=school_staff, pairing=pairing, ended_on=TODAY, reason="教师调离")
    pairing.refresh_from_db()
    assert (pairing.ended_on, pairing.end_reason) == (TODAY, "教师调离")
    assert AuditEvent.objects.filter(child=paired_child, summary__contains="教师调离").exists()
    services.pairing_create(
        by=school_staff,
        child=paired_child,
        carer=CarerFactory(school=school_a),
        role="mentor",
        started_on=TODAY,
    )
    assert paired_child.pairings.count() == 2


def test_ending_a_pairing_needs_a_reason_and_a_date_not_before_its_start(
    school_staff, paired_child
):
    pairing = paired_child.pairings.get()
    with pytest.raises(ValidationError) as exc:
        services.pairing_end(
            by=school_staff, pairing=pairing, ended_on=datetime.date(2020, 1, 1), reason=" "
        )
    assert "end_reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.pairing_end(
            by=school_staff, pairing=pairing, ended_on=datetime.date(2020, 1, 1), reason="调离"
        )
    assert "ended_on" in exc.value.message_dict
    pairing.refresh_from_db()
    assert pairing.ended_on is None


def test_bulk_pairing_pairs_only_the_classs_children_without_a_mentor(school_staff, school_a):
    carer = CarerFactory(school=school_a)
    unpaired = [ChildFactory(school=school_a, grade=3, class_name="2班") for _ in range(3)]
    already = ChildFactory(school=school_a, grade=3, class_name="2班")
    PairingFactory(child=already)
    ChildFactory(school=school_a, grade=3, class_name="1班")  # another class
    ChildFactory(
        school=school_a, grade=3, class_name="2班", status="closed", close_reason="moved_away"
    )
    made = services.pairings_bulk_create(
        by=school_staff,
        school=school_a,
        grade=3,
        class_name="2班",
        carer=carer,
        started_on=TODAY,
        confirm_over_limit=True,
    )
    assert sorted(p.child_id for p in made) == sorted(c.pk for c in unpaired)
    assert already.pairings.get().carer_id != carer.pk
    assert AuditEvent.objects.filter(child__in=unpaired, action="create").count() == 3
    assert AuditEvent.objects.filter(child=None, summary__contains="按班级批量结对").count() == 1


def test_bulk_pairing_over_the_maximum_warns_before_writing_anything(
    school_staff, school_a, county
):
    carer = CarerFactory(school=school_a)
    for _ in range(county.max_children_per_carer + 1):
        ChildFactory(school=school_a, grade=5, class_name="1班")
    with pytest.raises(services.OverLimit):
        services.pairings_bulk_create(
            by=school_staff,
            school=school_a,
            grade=5,
            class_name="1班",
            carer=carer,
            started_on=TODAY,
        )
    assert not Pairing.objects.filter(carer=carer).exists()
    assert not AuditEvent.objects.exists()


def test_bulk_pairing_leaves_children_of_other_schools_alone(school_staff, school_a, school_b):
    ChildFactory(school=school_b, grade=3, class_name="2班")
    made = services.pairings_bulk_create(
        by=school_staff,
        school=school_b,
        grade=3,
        class_name="2班",
        carer=CarerFactory(school=school_a),
        started_on=TODAY,
    )
    assert made == []
    assert not Pairing.objects.exists()


def test_a_mentor_records_a_contact_as_their_carer_and_it_is_audited(mentor, paired_child):
    contact = services.contact_record(
        by=mentor, child=paired_child, kind="home_visit", on=TODAY, notes=" 学习有进步 "
    )
    assert contact.carer == mentor.carer
    assert contact.recorded_by == mentor
    assert contact.notes == "学习有进步"
    assert AuditEvent.objects.filter(child=paired_child, object_id=str(contact.pk)).exists()


def test_a_contact_cannot_be_dated_in_the_future(mentor, paired_child):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.contact_record(by=mentor, child=paired_child, kind="talk", on=tomorrow)
    assert "on" in exc.value.message_dict
    assert not Contact.objects.exists()


def test_a_mentor_cannot_record_a_contact_for_a_child_not_paired_with_them(mentor, child_b):
    with pytest.raises(PermissionDenied):
        services.contact_record(by=mentor, child=child_b, kind="talk", on=TODAY)


def test_recording_a_contact_takes_the_child_off_the_overdue_list(mentor, paired_child):
    ContactFactory(child=paired_child, on=TODAY - datetime.timedelta(days=45))
    assert selectors.my_overdue_count(mentor, today=TODAY) == 1
    services.contact_record(by=mentor, child=paired_child, kind="home_visit", on=TODAY)
    assert selectors.my_overdue_count(mentor, today=TODAY) == 0


def test_an_export_is_audited_with_its_row_count(school_staff):
    export_audit(by=school_staff, what="帮扶人", rows=12, filters={"period": "2025-H1"})
    event = AuditEvent.objects.get(action="export")
    assert event.changes["rows"] == 12
    assert "12" in event.summary


def test_a_carer_of_another_county_cannot_be_paired(federation_officer, child_a):
    # The report reads a county's pairings by its carers (reports.figures._county_pairings).
    stranger = CarerFactory(school=SchoolFactory())
    assert stranger.county_id != child_a.county_id
    with pytest.raises(ValidationError):
        services.pairing_create(
            by=federation_officer, child=child_a, carer=stranger, role="mentor", started_on=TODAY
        )
    assert not Pairing.objects.filter(carer=stranger).exists()
