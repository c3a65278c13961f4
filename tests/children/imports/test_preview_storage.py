"""The stored preview: one JSON line per item, copied unparsed when the confirmation rewrites it."""

import datetime

from children.models import ImportBatch
from children.models.imports import CheckedWriter


def stored(writer: CheckedWriter) -> ImportBatch:
    return ImportBatch(payload=writer.payload())


def test_items_are_read_back_as_written_with_dates_as_iso_text():
    writer = CheckedWriter()
    writer.write("header", "姓名")
    writer.write("rows", {"row": 3, "values": {"birth_date": datetime.date(2014, 3, 5)}})
    writer.write("problems", {"row": 4, "message": "请填写姓名。"})
    assert stored(writer).checked() == {
        "header": ["姓名"],
        "rows": [{"row": 3, "values": {"birth_date": "2014-03-05"}}],
        "bad": [],
        "problems": [{"row": 4, "message": "请填写姓名。"}],
        "quality": [],
    }


def test_lines_copied_unparsed_keep_their_items_and_a_copied_row_can_be_given_a_child():
    first = CheckedWriter()
    first.write("header", "姓名")
    first.write("rows", {"row": 3, "action": "new", "values": {"name": "童01"}})
    first.write("rows", {"row": 4, "action": "changed", "child": 9})
    first.write("quality", {"row": 3, "message": "父亲“王”未填状况"})
    batch = stored(first)
    again = CheckedWriter()
    again.copy(batch.checked_lines("header"))
    for line, row in batch.iter_checked_lines("rows"):
        if row["action"] == "new":
            again.copy_with(line, "child", 41)
        else:
            again.copy([line])
    again.copy(batch.checked_lines("bad", "problems", "quality"))
    assert stored(again).checked() == {
        "header": ["姓名"],
        "rows": [
            {"child": 41, "row": 3, "action": "new", "values": {"name": "童01"}},
            {"row": 4, "action": "changed", "child": 9},
        ],
        "bad": [],
        "problems": [],
        "quality": [{"row": 3, "message": "父亲“王”未填状况"}],
    }


def test_an_empty_object_given_a_key_stays_valid_json():
    writer = CheckedWriter()
    writer.write("rows", {})
    line = next(stored(writer).checked_lines("rows"))
    again = CheckedWriter()
    again.copy_with(line, "child", 5)
    assert stored(again).rows() == [{"child": 5}]
