"""The benchmark's generator writes valid records fast, and the command refuses SQLite."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from children.care.state import care_state_differences
from children.models import Child, Contact, Pairing, Parent
from children.selectors import id_number_q
from core.validators import parse_resident_id
from ops.bench import emptypage
from ops.bench import export as bench_export
from ops.bench.database import BenchDatabaseError, server_config
from ops.bench.generate import Scale, generate, resident_id
from ops.bench.imports import _floor_import, _id_number, register_xlsx
from ops.bench.measure import Timing, time_interleaved
from ops.bench.table import ScaleResult, markdown_table, write_markdown

TINY = Scale(
    "tiny",
    counties=2,
    children_per_county=120,
    schools_per_county=4,
    towns_per_county=2,
    villages_per_town=2,
    contacts_per_child=2,
    activities_per_county=10,
    aid_per_county=15,
)
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the generator uses PostgreSQL's COPY"
)


def test_resident_ids_are_valid_and_unique_in_a_county():
    ids = set()
    for n in range(0, 40_000, 7):
        number, birth, sex = resident_id("340001", n)
        parsed = parse_resident_id(number)
        assert (parsed.birth_date, parsed.sex) == (birth, sex)
        ids.add(number)
    assert len(ids) == len(range(0, 40_000, 7))


@postgres_only
@pytest.mark.django_db
def test_generator_writes_valid_counties_with_every_record():
    users, timings = generate(TINY)
    assert len(users) == 2 and timings["total"] > 0
    assert Child.objects.count() == 240
    assert Parent.objects.count() == 480
    assert Contact.objects.count() == 480
    assert Pairing.objects.filter(ended_on__isnull=True).exists()
    for child in Child.objects.select_related("town", "village", "school__town")[:40]:
        child.full_clean()  # IDs, dates, places of one county: as the forms would accept
        assert child.school.town.county_id == child.county_id
    # Stored encrypted with the keyed hash the ORM writes: the child is found by its ID.
    first = Child.objects.order_by("pk").first()
    assert Child.objects.get(id_number_q(first.id_number)) == first
    # The care state is stored as the services would have stored it.
    assert list(care_state_differences()) == []
    assert Child.objects.filter(mentor__isnull=False).exists()
    # The sequences moved past the generated ids: the ORM can add rows afterwards.
    extra = Child.objects.first()
    extra.pk, extra.id_number = None, resident_id(users[0].federation.county.code, 99_999)[0]
    extra.save()


@postgres_only
@pytest.mark.django_db
def test_generated_users_see_their_own_county_only():
    users, _timings = generate(TINY)
    from children.selectors import children_visible_to

    mine = children_visible_to(users[0].federation)
    assert mine.count() == 120
    assert not mine.filter(county=users[1].federation.county).exists()


def test_bench_refuses_sqlite_with_a_clear_message(monkeypatch):
    with pytest.raises(BenchDatabaseError, match="PostgreSQL only"):
        server_config("sqlite:///tmp/x.sqlite3")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///tmp/x.sqlite3")
    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command("bench", "--output", "")


def test_table_shows_ratio_and_whether_targets_are_met(tmp_path):
    timing = Timing("Page", [0.010, 0.020, 0.030], queries=5, floor=[0.010], max_ms=50)
    timing.max_ratio = 1.5
    table = markdown_table([ScaleResult("county", {}, {}, [timing])])
    assert "| county | Page | 3 | 20.0 | 30.0 | 5 | 10.0 |" in table
    assert "2.00×" in table and "**no**" in table
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\nProse kept.\n")
    write_markdown(doc, "county", "<!-- bench:county:begin -->\nT1\n<!-- bench:county:end -->")
    write_markdown(doc, "province", "<!-- bench:province:begin -->\nP\n<!-- bench:province:end -->")
    write_markdown(doc, "county", "<!-- bench:county:begin -->\nT2\n<!-- bench:county:end -->")
    text = doc.read_text()
    assert "Prose kept." in text and "T2" in text and "T1" not in text and "P" in text


def test_table_shows_the_bare_floor_and_the_peak_memory_beside_each_figure():
    timing = Timing(
        "Register",
        [0.040],
        queries=6,
        floor=[0.030],
        bare=[0.010],
        bare_label="50 rows by index + one count",
        max_bare_ratio=2,
        rss_mb=150.4,
        rss_base_mb=80.2,
        max_rss_mb=200,
    )
    table = markdown_table([ScaleResult("county", {}, {}, [timing])])
    assert "| 10.0 | 4.0× | 150 (from 80) |" in table
    assert "≤ 2× bare floor, RSS ≤ 200 MB | **no** |" in table


@postgres_only
@pytest.mark.django_db
def test_both_import_floors_write_the_same_children_and_parents(school_staff, village_a):
    school, town = school_staff.school, school_staff.school.town
    content = register_xlsx(6, school.name, town.name, village_a.name)

    def written() -> list[tuple]:
        children = Child.objects.order_by("name").values_list(
            "name", "id_hash", "id_masked", "birth_date", "sex", "grade", "guardian_phone_masked"
        )
        parents = Parent.objects.order_by("child__name", "relation").values_list(
            "child__name", "relation", "status", "work_province", "phone_masked"
        )
        return [*children, *parents]

    _floor_import(content, school_staff, True)
    by_orm = written()
    Parent.objects.all().delete()
    Child.objects.all().delete()
    _floor_import(content, school_staff, True, by_copy=True)
    assert written() == by_orm
    assert len(by_orm) == 6 + 12
    assert Child.objects.get(name="学生1").id_number == _id_number(1)[0]


@pytest.mark.django_db
def test_the_empty_page_answers_a_logged_in_user_only_and_reads_nothing_else(
    client, federation_officer, django_assert_num_queries
):
    with override_settings(ROOT_URLCONF=emptypage.urlconf()):
        assert client.get("/bench/empty/").status_code in (302, 404)
        client.force_login(federation_officer)
        with django_assert_num_queries(2):  # the session and the user
            response = client.get("/bench/empty/")
        assert response.status_code == 200 and response.content == b""
        assert client.get("/children/").status_code == 200  # the project's URLs beside it
    assert client.get("/bench/empty/").status_code == 404  # never served otherwise


@pytest.mark.django_db
def test_the_exports_floors_write_the_rows_the_export_downloads(
    federation_officer, school_a, village_a, monkeypatch
):
    """The floor (openpyxl) and the bare floor (the export's own writer) write the same
    rows, and the same as the export view downloads: the ratios compare like with like."""
    import io
    import tempfile

    from django.test import Client
    from python_calamine import CalamineWorkbook

    from tests.factories import ChildFactory, ParentFactory

    child = ChildFactory(school=school_a, village=village_a, name="林小红", address="=1+1")
    ParentFactory(child=child, relation="father", status="away_out")
    ChildFactory(
        school=school_a,
        village=village_a,
        name="周浩",
        status="closed",
        close_reason="parents_back",
    )
    files = []

    class Kept(io.BytesIO):
        def close(self):
            files.append(self.getvalue())

    monkeypatch.setattr(tempfile, "TemporaryFile", Kept)
    rows = bench_export.export_rows(federation_officer)
    bench_export.floor_export(rows)
    bench_export.bare_export(rows)
    client = Client()
    client.force_login(federation_officer)
    downloaded = b"".join(client.get(bench_export.export_url()).streaming_content)

    def sheet(content: bytes) -> list[list]:
        return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()

    floor, bare = sheet(files[0]), sheet(files[1])
    assert len(floor) == 3
    assert bare == floor == sheet(downloaded)
    assert {r[0] for r in floor[1:]} == {"林小红", "周浩"}


def test_interleaved_runs_take_each_measure_in_turn():
    calls = []
    seconds = time_interleaved(
        {"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, runs=3, warmup=1
    )
    assert calls == ["a", "b"] * 4
    assert [len(v) for v in seconds.values()] == [3, 3]
