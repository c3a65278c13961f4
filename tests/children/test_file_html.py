"""The child's file written in Python (children.templatetags.file_tags) gives the HTML its
former template gave, for every kind of child, viewer and language, and escapes the record.

tests/children/reference/ holds the page's template as it was before its parts moved into
Python (with the two partials only it included). Each test renders that template with the
context the view passed to the new one, and compares the two pages character for character
(only the CSRF token's mask and the printing minute may differ between two renders).
"""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from children import views
from children.models import Concern, Parent
from tests.factories import (
    AidFactory,
    CarerFactory,
    ChildFactory,
    ConcernFactory,
    ContactFactory,
    PairingFactory,
    ParentFactory,
)
from tests.reference_templates import former_templates

REFERENCE = Path(__file__).parent / "reference"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(autouse=True)
def _chinese_afterwards(chinese_afterwards):
    """Leave the site's language active after a test whose requests switched it."""


@pytest.fixture
def reference():
    """Return the page's former template, its former partials found before today's."""
    backend = former_templates(REFERENCE, "reference")
    template = backend.get_template("children/child_detail.html")
    assert Path(template.origin.name).is_relative_to(REFERENCE)
    return template


@pytest.fixture
def rendered(monkeypatch):
    """Record the context and request of every page the file view renders."""
    calls = []
    real = views.render

    def recording(request, template_name, context, **kwargs):
        calls.append((request, context))
        return real(request, template_name, context, **kwargs)

    monkeypatch.setattr(views, "render", recording)
    return calls


def _same_moment(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)
    return re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "YYYY-MM-DD HH:MM", html)


def _both(client, rendered, reference, child) -> tuple[str, str]:
    """Return the file page of `child` as the view writes it and as the former template did."""
    rendered.clear()
    response = client.get(reverse("children:detail", args=[child.pk]))
    assert response.status_code == 200
    ((request, context),) = rendered
    return response.content.decode(), reference.render(context, request)


@pytest.fixture
def full_child(school_a, village_a, mentor, federation_officer, school_staff):
    """A child with everything a file shows: both parents, a current and an ended pairing,
    contacts (one just recorded by the staff), open and closed concerns, aid, changes."""
    child = ChildFactory(
        school=school_a,
        village=village_a,
        name="王小明",
        guardian_id_number="340221195001015490",
        guardian_age=68,
        household_registered=False,
        boarding=True,
        study_notes="数学较弱\n需要辅导",
        mood_notes="性格内向",
        is_in_difficulty=True,
    )
    ParentFactory(child=child, relation=Parent.Relation.MOTHER, name="李母", phone="13912345678")
    ParentFactory(
        child=child, name="王父", away_since=datetime.date(2023, 2, 1), phone="13812345678"
    )
    PairingFactory(child=child, carer=mentor.carer, started_on=datetime.date(2024, 9, 1))
    PairingFactory(
        child=child,
        carer=CarerFactory(school=school_a, name="赵老师", unit="湾沚中心小学"),
        started_on=datetime.date(2023, 9, 1),
        ended_on=datetime.date(2024, 7, 1),
        end_reason="调离",
    )
    for day in (datetime.date(2025, 3, 1), datetime.date(2025, 3, 1), datetime.date(2024, 9, 1)):
        ContactFactory(child=child, carer=mentor.carer, on=day)
    ContactFactory(child=child, recorded_by=school_staff, on=timezone.localdate(), notes="电话")
    ConcernFactory(child=child, raised_by=federation_officer)
    ConcernFactory(
        child=child,
        raised_by=school_staff,
        kind=Concern.Kind.LIVING_ALONE,
        status=Concern.Status.CLOSED,
        closed_at=timezone.now(),
        closed_by=school_staff,
        outcome="已安排亲属照料",
    )
    AidFactory(child=child, goods="书包")
    audit_record(
        by=school_staff,
        action=AuditEvent.Action.UPDATE,
        obj=child,
        child=child,
        changes={"fields": {"grade": [3, 4], "boarding": [False, True], "class_name": ["", "1班"]}},
    )
    return child


@pytest.fixture
def bare_child(school_a):
    """A child with nothing but the required record: no parents, pairing, contact or
    guardian details, no village; a closed case."""
    return ChildFactory(
        school=school_a,
        name="李小红",
        guardian_name="",
        guardian_relation="",
        guardian_phone="",
        guardianship_grade="",
        grade=None,
        class_name="",
        status="closed",
        close_reason="aged_out",
        closed_on=datetime.date(2025, 1, 1),
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("who", ["federation_officer", "school_staff", "mentor"])
@pytest.mark.parametrize("which", ["full_child", "bare_child"])
def test_the_file_page_is_the_html_its_former_template_wrote(
    client, request, rendered, reference, who, which, language
):
    child = request.getfixturevalue(which)
    if who == "mentor" and which == "bare_child":
        PairingFactory(child=child, carer=request.getfixturevalue("mentor").carer)
    client.force_login(request.getfixturevalue(who))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    new, old = _both(client, rendered, reference, child)
    assert _same_moment(new) == _same_moment(old)
    if which == "full_child" and who == "school_staff":  # what the comparison covered
        assert 'data-testid="correct-contact"' in new and "timeline-aid" in new
        assert new.count('class="masked-value') == 5 and "340221********5490" in new
    if which == "full_child" and language == "en":
        assert "Mother" in new


def test_the_file_page_with_an_unmasked_looking_id_and_an_aged_out_child(
    client, rendered, reference, school_staff, school_a
):
    child = ChildFactory(
        school=school_a, name="满十六", birth_date=datetime.date(2008, 1, 2), id_number=""
    )
    client.force_login(school_staff)
    new, old = _both(client, rendered, reference, child)
    assert _same_moment(new) == _same_moment(old)
    assert "已满 16 周岁，请办理结案" in new and '公民身份号码</dt><dd class="col-8">—' in new


def test_the_file_page_escapes_every_value_of_the_record(
    client, rendered, reference, school_staff, school_a, mentor
):
    child = ChildFactory(
        school=school_a,
        name=SCRIPT,
        class_name='2班"><i>',
        guardian_name=SCRIPT,
        household_place=SCRIPT,
        address=SCRIPT,
        illness=SCRIPT,
        study_notes=SCRIPT,
        ethnicity="汉&族",
    )
    ParentFactory(child=child, name=SCRIPT, work_province="<b>江苏</b>", work_city="'苏州'")
    carer = CarerFactory(school=school_a, name=SCRIPT, unit=SCRIPT)
    PairingFactory(child=child, carer=carer)
    ContactFactory(child=child, carer=carer, notes=SCRIPT)
    ConcernFactory(child=child, raised_by=school_staff, description=SCRIPT)
    client.force_login(school_staff)
    new, old = _both(client, rendered, reference, child)
    assert _same_moment(new) == _same_moment(old)
    assert "<script>alert" not in new and '"><i>' not in new
    assert new.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 10
    assert "2班&quot;&gt;&lt;i&gt;" in new and "汉&amp;族" in new
    assert "（&lt;b&gt;江苏&lt;/b&gt;&#x27;苏州&#x27;）" in new


def test_the_file_page_shows_masked_ids_and_phones_and_decrypts_none(
    client, monkeypatch, full_child, school_staff
):
    from children import protection

    decrypted = []
    real = protection.decrypt
    monkeypatch.setattr(protection, "decrypt", lambda v: decrypted.append(v) or real(v))
    client.force_login(school_staff)
    html = client.get(reverse("children:detail", args=[full_child.pk])).content.decode()
    assert [v for v in decrypted if v] == []
    for full in (full_child.id_number, "340221195001015490", "13600000028", "13912345678"):
        assert full not in html
    assert "136****0028" in html and "139****5678" in html and "138****5678" in html


def test_the_timeline_keeps_the_order_of_same_day_entries(
    client, rendered, reference, school_staff, school_a
):
    child = ChildFactory(school=school_a)
    day = datetime.date(2025, 5, 6)
    first, second = (ContactFactory(child=child, on=day, notes=n) for n in ("先", "后"))
    PairingFactory(child=child, started_on=day)
    client.force_login(school_staff)
    new, old = _both(client, rendered, reference, child)
    assert _same_moment(new) == _same_moment(old)
    assert first.pk < second.pk and new.index("<div>后</div>") < new.index("<div>先</div>")


def test_the_file_shows_the_registers_own_word_beside_the_coded_relation(
    client, school_staff, school_a
):
    aunt = ChildFactory(
        school=school_a, guardian_name="林小红", guardian_relation="relative",
        guardian_relation_word="<姑姑>",
    )  # fmt: skip
    plain = ChildFactory(school=school_a, guardian_name="王奶奶", guardian_relation="paternal_gp")
    client.force_login(school_staff)
    html = client.get(reverse("children:detail", args=[aunt.pk])).content.decode()
    assert "林小红 （其他亲属 · &lt;姑姑&gt;）" in html
    html = client.get(reverse("children:detail", args=[plain.pk])).content.decode()
    assert "王奶奶 （祖父母）" in html


def test_a_relation_changed_by_hand_drops_the_registers_former_word(school_staff, school_a):
    from children.services import child_update

    def edit(child, **values):
        return child_update(
            by=school_staff, child=child, values=values, parents=[],
            expected_version=child.version,
        )  # fmt: skip

    aunt = dict(guardian_relation="relative", guardian_relation_word="姑姑")
    moved = edit(ChildFactory(school=school_a, **aunt), guardian_relation="maternal_gp")
    assert (moved.guardian_relation, moved.guardian_relation_word) == ("maternal_gp", "")
    kept = edit(ChildFactory(school=school_a, **aunt), class_name="3班")
    kept.refresh_from_db()
    assert (kept.guardian_relation_word, kept.class_name) == ("姑姑", "3班")
