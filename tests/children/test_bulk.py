"""children.bulk writes the rows the ORM would (COPY on PostgreSQL, bulk_create elsewhere)."""

import datetime

import pytest
from django.db import connection

from children.bulk import copy_supported, insert_rows, reserve_ids
from children.models import Child, Parent

pytestmark = pytest.mark.django_db

# Columns whose values differ between any two rows whatever wrote them.
PER_ROW = {"id", "created_at", "updated_at"}


def _stored(model, pk: int) -> dict:
    """Return the row as the database holds it (ciphertext compared after decryption)."""
    obj = model.objects.get(pk=pk)
    return {
        f.attname: getattr(obj, f.attname)
        for f in model._meta.concrete_fields
        if f.attname not in PER_ROW
    }


def _values(county, school, village, id_number: str) -> dict:
    return {
        "county_id": county.pk,
        "school_id": school.pk,
        "town_id": school.town_id,
        "village_id": village.pk,
        "name": "王小\t明\\",  # a tab and a backslash: COPY's own escapes
        "id_number": id_number,
        "sex": "M",
        "birth_date": "2015-03-05",  # as the preview stores it
        "schooling_status": "primary",
        "grade": 3,
        "class_name": "2班",
        "address": "东河村\n三组",
        "guardian_name": "王奶奶",
        "guardian_relation": "paternal_gp",
        "guardian_relation_word": "奶奶",
        "guardian_phone": "13600000028",
        "is_left_behind": True,
        "help_received": ["study"],
    }


def test_insert_rows_stores_what_the_orm_stores(county, school_a, village_a):
    ours = _values(county, school_a, village_a, "340221201503050035")
    orm = _values(county, school_a, village_a, "340221201503050019")
    [pk] = reserve_ids(Child, 1) if copy_supported() else [None]
    insert_rows(Child, [ours], ids=[pk] if pk else None)
    by_orm = Child.objects.create(**{**orm, "birth_date": datetime.date(2015, 3, 5)})
    written = Child.objects.exclude(pk=by_orm.pk).get()
    mine, theirs = _stored(Child, written.pk), _stored(Child, by_orm.pk)
    for key in ("id_number", "id_hash", "id_masked"):  # the one value that differs
        assert mine.pop(key) != theirs.pop(key)
    assert mine == theirs
    assert written.id_number == "340221201503050035"
    assert written.name == "王小\t明\\" and written.address == "东河村\n三组"
    assert written.guardian_phone_masked == "136****0028"
    with connection.cursor() as cursor:  # at rest: ciphertext, as the ORM stores it
        cursor.execute(
            "SELECT id_number, guardian_phone FROM children_child WHERE id = %s", [written.pk]
        )
        assert all(value.startswith("gAAAAA") for value in cursor.fetchone())
    assert written.registered_on == by_orm.registered_on  # the model default, today


def test_parents_by_insert_rows_match_the_orms(child_a, child_b):
    row = {"relation": "father", "name": "王父", "status": "away_out",
           "work_province": "浙江省", "work_city": "杭州市", "phone": "13900000001"}  # fmt: skip
    insert_rows(Parent, [{"child_id": child_a.pk, **row}])
    by_orm = Parent.objects.create(child_id=child_b.pk, **row)
    written = Parent.objects.get(child=child_a)
    assert {**_stored(Parent, written.pk), "child_id": 0} == {
        **_stored(Parent, by_orm.pk),
        "child_id": 0,
    }
    assert written.phone == "13900000001" and written.phone_masked == "139****0001"


def test_a_row_missing_a_required_column_is_refused_like_the_orms(county, school_a):
    with pytest.raises(Exception, match="null|NOT NULL|birth_date"):
        insert_rows(
            Child, [{"county_id": county.pk, "town_id": school_a.town_id, "name": "无生日"}]
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="sequences: PostgreSQL")
def test_reserved_ids_are_new_and_distinct(child_a):
    ids = reserve_ids(Child, 5)
    assert len(set(ids)) == 5 and min(ids) > child_a.pk
    assert reserve_ids(Child, 1)[0] > max(ids)
