"""Bad input sweep of the register import: random bytes, random CSV text, hostile cells."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from children.models import ImportBatch
from tests.children.imports.conftest import HEADERS, person, xlsx_bytes

from .payloads import FUZZ, HOSTILE, SCRIPT, assert_escaped, assert_handled, hostile_value

pytestmark = pytest.mark.django_db

NAMES = ["a.xlsx", "a.csv", "a.xls", "a.txt", "名单.XLSX", "../../a.csv", "a", ".xlsx"]


@pytest.fixture
def staff(school_staff, village_a) -> Client:
    client = Client()
    client.force_login(school_staff)
    return client


def _upload_and_preview(staff: Client, name: str, content: bytes) -> None:
    """Upload a file and open its preview; assert both were handled without a 5xx."""
    response = staff.post("/children/import/", {"file": SimpleUploadedFile(name, content)})
    assert_handled(staff, response, f"upload {name}")
    batch = ImportBatch.objects.order_by("-pk").first()
    if batch is not None:
        detail = staff.get(f"/children/import/{batch.pk}/")
        assert_handled(staff, detail, "preview")
        assert_handled(staff, staff.get(f"/children/import/{batch.pk}/status/"), "status")


@FUZZ
@given(name=st.sampled_from(NAMES), content=st.binary(max_size=4000))
def test_an_upload_of_random_bytes_never_fails(staff, name, content):
    _upload_and_preview(staff, name, content)


def _csv(rows: list[list[str]], encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


@FUZZ
@given(
    rows=st.lists(st.lists(hostile_value, max_size=len(HEADERS)), max_size=8),
    with_header=st.booleans(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
)
def test_an_upload_of_random_csv_text_never_fails(staff, rows, with_header, encoding):
    content = _csv(([HEADERS] if with_header else []) + rows, encoding)
    _upload_and_preview(staff, "a.csv", content)


@FUZZ
@given(
    cells=st.dictionaries(
        st.sampled_from(HEADERS),
        st.one_of(hostile_value, st.integers(), st.floats(), st.booleans(), st.dates()),
        min_size=1,
        max_size=5,
    ),
    rows=st.integers(min_value=1, max_value=3),
)
def test_an_xlsx_with_hostile_cells_never_fails_and_shows_them_escaped(staff, cells, rows):
    # A worksheet cannot hold XML's illegal control characters: no real file has them.
    cells = {
        k: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for k, v in cells.items()
    }
    people = [person(n, **cells) for n in range(1, rows + 1)]
    _upload_and_preview(staff, "a.xlsx", xlsx_bytes(people))


def test_a_csv_with_a_nul_character_is_refused_in_chinese_not_a_server_error(staff):
    # The NUL comes after the first 4 KB, where only a check of the whole file finds it.
    content = _csv([HEADERS, ["1", "长" * 3000], ["2", "名\x00字"]], "utf-8")
    response = staff.post("/children/import/", {"file": SimpleUploadedFile("a.csv", content)})
    batch = ImportBatch.objects.order_by("-pk").first()
    shown = response.content.decode() + (batch.failure if batch else "")
    assert response.status_code in (200, 302)
    assert "内容不是文本" in shown
    assert batch is None or batch.status == ImportBatch.Status.FAILED


def test_a_script_in_an_imported_name_is_shown_escaped_in_the_preview(staff):
    staff.post(
        "/children/import/",
        {"file": SimpleUploadedFile("a.xlsx", xlsx_bytes([person(1, 姓名=SCRIPT)]))},
    )
    batch = ImportBatch.objects.order_by("-pk").first()
    body = staff.get(f"/children/import/{batch.pk}/").content.decode()
    assert_escaped(body, "preview")
    assert "&lt;script&gt;xss()" in body
    assert SCRIPT in HOSTILE
