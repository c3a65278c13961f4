"""The survey's pages: who opens which, one tap to confirm, a reason to close, 404 outside."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from children.models import Child
from survey import services
from survey.models import Outcome, Survey, SurveyCheck
from survey.progress import survey_progress
from tests.factories import ChildFactory, CountyFactory, UserFactory
from tests.survey.conftest import registered_child

pytestmark = pytest.mark.django_db


def _post(client, user, name, *args, **data):
    client.force_login(user)
    return client.post(reverse(name, args=args), data)


def test_a_county_officer_opens_the_survey_from_the_list(client, education_officer):
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    response = _post(
        client, education_officer, "survey:index", year=2030, semester="spring", deadline=deadline
    )
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == survey.get_absolute_url()
    assert survey.deadline == deadline and survey.opened_by == education_officer


def test_school_staff_cannot_open_a_survey(client, school_staff):
    response = _post(
        client, school_staff, "survey:index", year=2030, semester="spring", deadline="2030-03-01"
    )
    assert response.status_code == 403 and not Survey.objects.exists()


def test_school_staff_see_only_their_own_unchecked_children(
    client, survey, school_staff, pupils_a, pupils_b
):
    client.force_login(school_staff)
    page = client.get(reverse("survey:checklist", args=[survey.pk])).content.decode()
    assert all(c.name in page for c in pupils_a) and not any(c.name in page for c in pupils_b)
    assert "还有 4 名儿童待核查" in page


def test_one_tap_confirms_and_the_child_leaves_the_list(client, survey, school_staff, pupils_a):
    here = reverse("survey:checklist", args=[survey.pk])
    response = _post(client, school_staff, "survey:confirm", survey.pk, pupils_a[0].pk, next=here)
    assert response.status_code == 302 and response["Location"] == here
    assert SurveyCheck.objects.get().outcome == Outcome.CONFIRMED
    page = client.get(here).content.decode()
    assert f"已确认 {pupils_a[0].name}。" in page  # the message
    assert f'data-child="{pupils_a[0].pk}"' not in page and "还有 3 名儿童待核查" in page


def test_closing_a_case_needs_its_reason(client, survey, school_staff, pupils_a):
    child = pupils_a[1]
    _post(
        client, school_staff, "survey:close_case", survey.pk, child.pk, **{"close-on": "2026-01-01"}
    )
    assert Child.objects.get(pk=child.pk).status == "open" and not SurveyCheck.objects.exists()
    today = timezone.localdate().isoformat()
    _post(
        client,
        school_staff,
        "survey:close_case",
        survey.pk,
        child.pk,
        **{"close-reason": "parents_back", "close-on": today, "close-note": "父母回乡务农"},
    )
    child.refresh_from_db()
    assert child.status == "closed" and child.close_reason == "parents_back"
    assert SurveyCheck.objects.get().close_reason == "parents_back"


def test_details_changed_are_edited_in_place(client, survey, school_staff, pupils_a):
    child = pupils_a[2]
    client.force_login(school_staff)
    url = reverse("survey:edit", args=[survey.pk, child.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "boarding"}
    data["version"] = child.version
    data |= {
        "guardian_name": "张外公",
        "guardian_relation": "maternal_gp",
        "guardian_phone": "139 0000 1234",
    }
    for rel in ("father", "mother"):
        data |= {f"{rel}-status": "away_out", f"{rel}-work_province": "广东省", f"{rel}-name": "某"}
    response = client.post(url, data)
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.guardian_name, child.guardian_phone) == ("张外公", "13900001234")
    assert child.parents.get(relation="father").work_province == "广东省"
    assert SurveyCheck.objects.get().outcome == Outcome.CHANGED


def test_an_edit_with_a_bad_phone_says_so_and_records_nothing(
    client, survey, school_staff, pupils_a
):
    child = pupils_a[2]
    client.force_login(school_staff)
    url = reverse("survey:edit", args=[survey.pk, child.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "boarding"}
    data["version"] = child.version
    data |= {"guardian_phone": "12345", "version": child.version}
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors["guardian_phone"] == [
        "手机号码应为 11 位、以 1 开头的大陆手机号码。"
    ]
    assert "手机号码应为 11 位" in response.content.decode()
    assert not SurveyCheck.objects.exists()


@pytest.mark.parametrize("name", ["survey:step", "survey:edit"])
def test_a_child_of_another_school_is_404_on_every_step(
    client, survey, school_staff_b, pupils_a, name
):
    client.force_login(school_staff_b)
    assert client.get(reverse(name, args=[survey.pk, pupils_a[0].pk])).status_code == 404


@pytest.mark.parametrize("name", ["survey:confirm", "survey:close_case", "survey:transfer"])
def test_answers_about_a_child_of_another_school_are_404(
    client, survey, school_staff_b, pupils_a, name
):
    response = _post(client, school_staff_b, name, survey.pk, pupils_a[0].pk)
    assert response.status_code == 404 and not SurveyCheck.objects.exists()


def test_a_survey_of_another_county_is_404(client, survey, school_staff):

    other = UserFactory(role="federation", county=CountyFactory(code="510101"))
    client.force_login(other)
    assert client.get(reverse("survey:detail", args=[survey.pk])).status_code == 404
    assert client.get(reverse("survey:checklist", args=[survey.pk])).status_code == 404


@pytest.mark.parametrize("role", ["mentor", "coordination_member", "administrator"])
def test_roles_without_survey_work_get_404(client, request, survey, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("survey:index")).status_code == 404


def test_only_county_officers_close_and_export(client, survey, town_officer, school_staff):
    for user in (town_officer, school_staff):
        assert _post(client, user, "survey:close", survey.pk).status_code == 404
        client.force_login(user)
        assert client.get(reverse("survey:export", args=[survey.pk])).status_code == 404
    assert Survey.objects.get().is_open


def test_home_pages_say_what_the_survey_asks_and_by_when(
    client, survey, school_staff, town_officer, federation_officer, pupils_a
):
    client.force_login(school_staff)
    page = client.get("/").content.decode()
    deadline = f"{survey.deadline:%Y-%m-%d}"
    assert "您还有 4 名儿童待核查" in page and deadline in page
    client.force_login(town_officer)
    assert "已核查 0 / 4" in client.get("/").content.decode()


def test_the_town_officer_sees_schools_past_the_deadline(client, survey, town_officer, pupils_a):
    Survey.objects.filter(pk=survey.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(town_officer)
    page = client.get("/").content.decode()
    assert "湾沚中心小学已过截止日期，仍有 4 名儿童未核查" in page


def test_a_county_officer_is_reminded_to_open_the_terms_survey(client, federation_officer):
    client.force_login(federation_officer)
    assert "本学期的摸底尚未发起" in client.get("/").content.decode()


def test_the_closed_survey_page_lists_the_children_never_checked(
    client, survey, federation_officer, school_staff, pupils_a
):

    services.survey_confirm(by=school_staff, survey=survey, child=pupils_a[0])
    response = _post(client, federation_officer, "survey:close", survey.pk)
    page = client.get(response["Location"]).content.decode()
    assert "3 名儿童未核查" in page
    listed = page.split('data-testid="never-checked"')[1].split("</ul>")[0]
    assert all(c.name in listed for c in pupils_a[1:]) and pupils_a[0].name not in listed


def test_a_village_director_checks_the_village_children_who_attend_no_school(
    client, survey, village_director, village_a, town_a, before, pupils_a
):

    home = ChildFactory(
        school=None,
        town=town_a,
        county=town_a.county,
        village=village_a,
        schooling_status="dropped_out",
        grade=None,
        class_name="",
        name="辍学的孩子",
        registered_on=before,
    )
    client.force_login(village_director)
    page = client.get(reverse("survey:checklist", args=[survey.pk])).content.decode()
    assert "辍学的孩子" in page and not any(c.name in page for c in pupils_a)
    services.survey_confirm(by=village_director, survey=survey, child=home)

    progress = survey_progress(village_director, survey)
    assert [(p.label, p.confirmed, p.unchecked) for p in progress.places] == [
        ("东河村（未在校）", 1, 0)
    ]


def test_the_checklist_and_its_progress_cost_the_same_queries_for_more_children(
    client, survey, school_staff, school_a, village_a, before
):

    client.force_login(school_staff)
    url = reverse("survey:checklist", args=[survey.pk])
    registered_child(school_a, before, village=village_a, name="一")
    client.get(url)  # warm the session and the user's places

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(15):
        registered_child(school_a, before, village=village_a, name=f"多{i}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "还有 16 名儿童待核查" in page
    assert len(many) == len(few)


def test_a_second_tap_on_a_child_just_confirmed_says_so(client, survey, school_staff, pupils_a):
    here = reverse("survey:checklist", args=[survey.pk])
    _post(client, school_staff, "survey:confirm", survey.pk, pupils_a[0].pk, next=here)
    response = _post(client, school_staff, "survey:confirm", survey.pk, pupils_a[0].pk, next=here)
    assert response.status_code == 302 and response["Location"] == here
    assert "在本次摸底中已核查过" in client.get(here).content.decode()
    assert SurveyCheck.objects.count() == 1


def test_the_survey_page_costs_the_same_queries_for_more_schools_and_children(
    client, survey, federation_officer, school_staff, pupils_a, pupils_b, town_b, before
):
    url = reverse("survey:detail", args=[survey.pk])
    client.force_login(federation_officer)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    services.survey_confirm(by=federation_officer, survey=survey, child=pupils_b[0])
    for i in range(4):
        school = ChildFactory(school__town=town_b, registered_on=before).school
        registered_child(school, before, name=f"新校{i}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "新校3" not in page  # counts only: no child is named on the progress table
    assert len(many) == len(few)


def test_a_deadline_in_the_past_is_refused_with_a_message(client, federation_officer):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = _post(
        client, federation_officer, "survey:index", year=2030, semester="autumn", deadline=yesterday
    )
    assert response.status_code == 200 and "截止日期不能早于今天" in response.content.decode()
    assert not Survey.objects.exists()
