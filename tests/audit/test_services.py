"""Writing audit events: one per child in bulk writes what one event per child would."""

from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record, audit_record_each_child
from children.models import Child
from tests.factories import ChildFactory

FIELDS = ("user_id", "action", "object_type", "object_id", "child_id", "summary", "changes")


def test_one_event_per_child_in_bulk_matches_one_audit_record_per_child(school_staff, school_a):
    children = ChildFactory.create_batch(3, school=school_a)
    other = ChildFactory(school=school_a)
    changes = {"version": 1, "import": 7, "名": "导入"}
    written = audit_record_each_child(
        by=school_staff,
        children=Child.objects.filter(pk__in=[c.pk for c in children]),
        action=AuditEvent.Action.CREATE,
        summary="导入登记（登记表.xlsx）",
        changes=changes,
    )
    bulk = list(AuditEvent.objects.order_by("child_id").values_list(*FIELDS))
    at = AuditEvent.objects.values_list("at", flat=True).first()
    assert abs((timezone.now() - at).total_seconds()) < 60
    AuditEvent.objects.all().delete()
    for child in children:
        audit_record(
            by=school_staff,
            action=AuditEvent.Action.CREATE,
            obj=child,
            child=child,
            summary="导入登记（登记表.xlsx）",
            changes=changes,
        )
    assert written == 3
    assert bulk == list(AuditEvent.objects.order_by("child_id").values_list(*FIELDS))
    assert other.pk not in [row[4] for row in bulk]


def test_one_event_per_child_of_no_children_writes_nothing(school_staff):
    written = audit_record_each_child(
        by=school_staff,
        children=Child.objects.filter(pk__in=[]),
        action=AuditEvent.Action.CREATE,
        summary="导入登记",
        changes={},
    )
    assert written == 0 and not AuditEvent.objects.exists()
