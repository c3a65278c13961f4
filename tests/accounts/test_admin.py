"""The admin: administrators only; reference data editable; children's files never shown."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from activities.models import Activity, Equipment, Home, VolunteerTeam
from audit.models import AuditEvent
from children.models import Carer, Child, Concern, Contact, Pairing, Parent, Transfer
from donations.models import Aid, Donation, Donor
from reports.models import HalfYearReport, JointMeeting, PolicyDocument
from schools.models import County, Enrollment, School, Town, Village
from tests.factories import (
    ActivityFactory,
    AidFactory,
    AuditEventFactory,
    ConcernFactory,
    ContactFactory,
    DonationFactory,
    EnrollmentFactory,
    EquipmentFactory,
    HalfYearReportFactory,
    HomeFactory,
    JointMeetingFactory,
    ParentFactory,
    PolicyDocumentFactory,
    TransferFactory,
    UserFactory,
    VolunteerTeamFactory,
)

REGISTERED = sorted(admin.site._registry, key=lambda m: m._meta.label)
CHILD_DATA_MODELS = [Child, Parent, Pairing, Contact, Concern, Aid, Transfer]
REFERENCE_MODELS = [
    County,
    Town,
    Village,
    School,
    Enrollment,
    Home,
    Equipment,
    VolunteerTeam,
    Activity,
    Donor,
    Donation,
    JointMeeting,
    PolicyDocument,
    User,
]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def request_as(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def every_record(county, school_a, child_a, paired_child, school_staff, federation_officer):
    """One saved row of every registered model, around `child_a` of school_a."""
    ParentFactory(child=child_a, name="张建国")
    ContactFactory(child=child_a, carer=paired_child.pairings.get().carer)
    ConcernFactory(child=child_a, raised_by=school_staff)
    TransferFactory(child=child_a, by=school_staff)
    home = HomeFactory(school=school_a)
    EquipmentFactory(home=home, name="电视机")
    VolunteerTeamFactory(county=county, home=home)
    activity = ActivityFactory(county=county, school=school_a, home=home)
    activity.participants.add(child_a)
    AidFactory(child=child_a, donation=DonationFactory(donor__county=county))
    EnrollmentFactory(school=school_a)
    JointMeetingFactory(county=county)
    PolicyDocumentFactory(county=county)
    HalfYearReportFactory(county=county, created_by=federation_officer)
    AuditEventFactory(user=school_staff, child=child_a, object_type="children.Child")
    return child_a


def test_site_header_is_the_platforms_chinese_title(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "留守儿童关爱服务平台 管理后台" in response.content.decode()


def test_federation_officer_with_staff_flag_is_sent_to_the_admin_login(client, county):
    officer = UserFactory(role=Role.FEDERATION, county=county, is_staff=True)
    client.force_login(officer)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_federation_officer_with_staff_flag_cannot_open_a_changelist(client, county):
    officer = UserFactory(role=Role.FEDERATION, county=county, is_staff=True)
    client.force_login(officer)
    response = client.get(admin_url(School, "changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_school_staff_without_staff_flag_cannot_use_the_admin(client, school_staff):
    client.force_login(school_staff)
    response = client.get(admin_url(User, "changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_administrator_without_staff_flag_cannot_use_the_admin(client, county):
    user = UserFactory(role=Role.ADMIN, county=county, is_staff=False)
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 302


def test_anonymous_visitor_is_sent_to_the_admin_login(client, db):
    response = client.get(admin_url(County, "changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_no_admin_grants_anything_to_a_staff_member_of_another_role(model, county):
    officer = UserFactory(role=Role.EDUCATION, county=county, is_staff=True)
    model_admin = admin.site._registry[model]
    request = request_as(officer)
    assert model_admin.has_module_permission(request) is False
    assert model_admin.has_view_permission(request) is False
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request) is False
    assert model_admin.has_delete_permission(request) is False


def test_superuser_may_use_the_admin(client, county):
    root = UserFactory(role=Role.ADMIN, county=county, is_staff=True, is_superuser=True)
    client.force_login(root)
    assert client.get(reverse("admin:index")).status_code == 200


def test_groups_are_not_offered_since_roles_decide_access():
    assert Group not in admin.site._registry


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_administrator_can_open_the_changelist_of_every_registered_model(
    model, admin_client, every_record
):
    response = admin_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", REFERENCE_MODELS, ids=lambda m: m._meta.label)
def test_administrator_can_open_the_add_page_of_reference_data(model, admin_client):
    response = admin_client.get(admin_url(model, "add"))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "model", [*REFERENCE_MODELS, HalfYearReport, AuditEvent], ids=lambda m: m._meta.label
)
def test_administrator_can_open_each_reference_record(model, admin_client, every_record):
    obj = model.objects.order_by("pk").first()
    response = admin_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200


def test_child_changelist_shows_an_administrator_no_child(admin_client, every_record):
    response = admin_client.get(admin_url(Child, "changelist"))
    assert Child.objects.count() == 1
    assert response.context["cl"].result_count == 0
    assert every_record.name not in response.content.decode()


@pytest.mark.parametrize("model", [*CHILD_DATA_MODELS, Carer], ids=lambda m: m._meta.label)
def test_changelists_of_childrens_data_are_empty_for_an_administrator(
    model, admin_client, every_record
):
    assert model.objects.exists()
    response = admin_client.get(admin_url(model, "changelist"))
    assert response.context["cl"].result_count == 0
    assert every_record.name not in response.content.decode()


def test_administrator_cannot_open_a_childs_record_by_its_url(admin_client, every_record):
    # 404, as for a record that does not exist: a redirect would tell that it does.
    for view in ("change", "history"):
        response = admin_client.get(admin_url(Child, view, every_record.pk))
        assert response.status_code == 404
        assert every_record.name not in response.content.decode()


def test_administrator_cannot_add_a_child_through_the_admin(admin_client, db):
    assert admin_client.get(admin_url(Child, "add")).status_code == 403


@pytest.mark.parametrize("model", CHILD_DATA_MODELS, ids=lambda m: m._meta.label)
def test_records_holding_a_childs_data_have_no_delete_permission(model, administrator):
    assert admin.site._registry[model].has_delete_permission(request_as(administrator)) is False


def test_child_delete_page_is_forbidden(admin_client, every_record):
    response = admin_client.get(admin_url(Child, "delete", every_record.pk))
    assert response.status_code == 403
    assert Child.objects.filter(pk=every_record.pk).exists()


def test_audit_events_cannot_be_added_changed_or_deleted(admin_client, administrator):
    model_admin = admin.site._registry[AuditEvent]
    request = request_as(administrator)
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request) is False
    assert model_admin.has_delete_permission(request) is False
    assert admin_client.get(admin_url(AuditEvent, "add")).status_code == 403


def test_audit_event_page_shows_the_child_by_number_not_by_name(admin_client, every_record):
    event = AuditEvent.objects.get(child=every_record)
    content = admin_client.get(admin_url(AuditEvent, "change", event.pk)).content.decode()
    assert str(every_record.pk) in content
    assert every_record.name not in content


def test_activity_page_counts_participants_without_naming_them(admin_client, every_record):
    activity = Activity.objects.get()
    content = admin_client.get(admin_url(Activity, "change", activity.pk)).content.decode()
    assert "登记参加儿童数" in content
    assert every_record.name not in content
    assert 'name="participants"' not in content


def test_saving_an_activity_in_the_admin_keeps_its_participants(admin_client, every_record):
    activity = Activity.objects.get()
    data = {
        "county": activity.county_id,
        "kind": activity.kind,
        "title": "新的标题",
        "on": "2025-04-01",
        "organiser_kind": activity.organiser_kind,
        "organiser": activity.organiser,
        "school": activity.school_id,
        "town": "",
        "home": activity.home_id,
        "place": "",
        "children_count": 20,
        "parents_count": 0,
        "audience_count": 0,
        "description": "",
    }
    response = admin_client.post(admin_url(Activity, "change", activity.pk), data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "新的标题"
    assert list(activity.participants.all()) == [every_record]


def test_donation_page_does_not_list_the_aided_childrens_names(admin_client, every_record):
    donation = Donation.objects.get()
    content = admin_client.get(admin_url(Donation, "change", donation.pk)).content.decode()
    assert every_record.name not in content


def test_donations_cannot_be_deleted(administrator):
    assert admin.site._registry[Donation].has_delete_permission(request_as(administrator)) is False


def test_filed_report_cannot_be_deleted_but_a_draft_can(administrator, federation_officer):
    model_admin = admin.site._registry[HalfYearReport]
    draft = HalfYearReportFactory(county=administrator.county, created_by=federation_officer)
    filed = HalfYearReportFactory(
        county=administrator.county,
        created_by=federation_officer,
        status=HalfYearReport.Status.FILED,
        filed_at=timezone.now(),
    )
    request = request_as(administrator)
    assert model_admin.has_delete_permission(request, draft) is True
    assert model_admin.has_delete_permission(request, filed) is False
    assert model_admin.has_change_permission(request, draft) is False


def test_administrator_creates_a_school_staff_account_with_its_scope(
    admin_client, county, school_a
):
    response = admin_client.post(
        admin_url(User, "add"),
        {
            "username": "new_staff",
            "usable_password": "true",
            "password1": "Lotus-river-2025",
            "password2": "Lotus-river-2025",
            "full_name": "陈老师",
            "email": "",
            "phone": "13800138000",
            "role": Role.SCHOOL_STAFF,
            "county": county.pk,
            "school": school_a.pk,
            "must_change_password": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="new_staff")
    assert user.role == Role.SCHOOL_STAFF
    assert user.school == school_a
    assert user.full_name == "陈老师"
    assert user.must_change_password is True
    assert user.check_password("Lotus-river-2025")


def test_add_form_refuses_school_staff_without_a_school(admin_client, county):
    response = admin_client.post(
        admin_url(User, "add"),
        {
            "username": "no_school",
            "usable_password": "true",
            "password1": "Lotus-river-2025",
            "password2": "Lotus-river-2025",
            "role": Role.SCHOOL_STAFF,
            "county": county.pk,
        },
    )
    assert response.status_code == 200
    assert "学校管理员必须指定所属学校。" in response.content.decode()
    assert not User.objects.filter(username="no_school").exists()


def test_user_change_page_shows_role_and_scope_fields(admin_client, school_staff):
    content = admin_client.get(admin_url(User, "change", school_staff.pk)).content.decode()
    for field in ("role", "town", "village", "school", "phone", "full_name"):
        assert f'name="{field}"' in content
    # An administrator's accounts stay in their own county.
    assert 'name="county"' not in content and school_staff.county.name in content
    assert 'name="must_change_password"' in content


def test_deactivate_action_deactivates_the_selected_accounts_and_audits_it(
    admin_client, administrator, school_staff, town_officer
):
    response = admin_client.post(
        admin_url(User, "changelist"),
        {
            "action": "deactivate_users",
            "_selected_action": [school_staff.pk, town_officer.pk, administrator.pk],
        },
    )
    assert response.status_code == 302
    school_staff.refresh_from_db()
    town_officer.refresh_from_db()
    administrator.refresh_from_db()
    assert school_staff.is_active is False
    assert town_officer.is_active is False
    assert administrator.is_active is True
    assert AuditEvent.objects.filter(user=administrator, object_id=str(school_staff.pk)).exists()


def test_accounts_are_deactivated_never_deleted(admin_client, administrator, school_staff):
    model_admin = admin.site._registry[User]
    assert model_admin.has_delete_permission(request_as(administrator), school_staff) is False
    assert "delete_selected" not in model_admin.get_actions(request_as(administrator))
    assert admin_client.get(admin_url(User, "delete", school_staff.pk)).status_code == 403


def test_places_and_schools_cannot_be_deleted(administrator):
    request = request_as(administrator)
    for model in (County, Town, Village, School):
        assert admin.site._registry[model].has_delete_permission(request) is False


def test_administrator_adds_a_town_through_the_admin(admin_client, county):
    response = admin_client.post(
        admin_url(Town, "add"), {"county": county.pk, "name": "红杨镇", "kind": "town"}
    )
    assert response.status_code == 302
    assert Town.objects.filter(county=county, name="红杨镇").exists()


def test_administrator_adds_a_school_with_its_enrolment(admin_client, town_a):
    response = admin_client.post(
        admin_url(School, "add"),
        {
            "town": town_a.pk,
            "name": "湾沚中学",
            "kind": School.Kind.MIDDLE,
            "address": "",
            "is_active": "on",
            "enrollments-TOTAL_FORMS": "1",
            "enrollments-INITIAL_FORMS": "0",
            "enrollments-MIN_NUM_FORMS": "0",
            "enrollments-MAX_NUM_FORMS": "1000",
            "enrollments-0-year": "2025",
            "enrollments-0-semester": "spring",
            "enrollments-0-pupils": "1200",
        },
    )
    assert response.status_code == 302
    school = School.objects.get(name="湾沚中学")
    assert school.enrollments.get().pupils == 1200


def _changelist_queries(client, model) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(admin_url(model, "changelist")).status_code == 200
    return len(queries)


def test_user_changelist_query_count_does_not_grow_with_the_users(
    admin_client, county, school_a, village_a, town_a
):
    UserFactory(role=Role.SCHOOL_STAFF, county=county, school=school_a)
    _changelist_queries(admin_client, User)  # the first request after login saves the session
    few = _changelist_queries(admin_client, User)
    for _ in range(5):
        UserFactory(role=Role.SCHOOL_STAFF, county=county, school=school_a)
        UserFactory(role=Role.VILLAGE_DIRECTOR, county=county, village=village_a)
        UserFactory(role=Role.TOWN_OFFICER, county=county, town=town_a)
    assert _changelist_queries(admin_client, User) == few


def test_child_autocomplete_offers_an_administrator_no_child(admin_client, every_record):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "children", "model_name": "pairing", "field_name": "child", "term": ""},
    )
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_school_autocomplete_offers_an_administrator_the_schools(admin_client, school_a):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "accounts", "model_name": "user", "field_name": "school", "term": "湾沚"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["湾沚中心小学"]
