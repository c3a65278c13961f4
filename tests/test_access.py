"""Deny by default: every URL of the site declares whom it serves."""

import datetime
import re
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.access import AGGREGATES, AUTHENTICATED, CHILDREN, PUBLIC
from accounts.models import Role
from accounts.selectors import users_administered_by
from activities.models import ActivityPhoto
from activities.selectors import activities_visible_to, homes_visible_to, teams_visible_to
from children.imports.selectors import batches_visible_to
from children.models import Child, ImportBatch, TransferRequest
from children.selectors import (
    carers_visible_to,
    children_visible_to,
    concerns_visible_to,
    contacts_visible_to,
    pairings_visible_to,
)
from children.transfers.selectors import transfer_requests_awaiting
from donations.models import Donation
from donations.selectors import aid_visible_to, donations_visible_to
from reports.records.selectors import documents_visible_to, meetings_visible_to
from reports.selectors import reports_visible_to
from survey.models import Survey
from survey.selectors import checklist_for, surveys_visible_to
from tests import factories as f

AUDIENCES = {PUBLIC, AUTHENTICATED, CHILDREN, AGGREGATES}
# Django's admin guards every view itself (administrators only, see accounts/admin.py).
EXEMPT_NAMESPACES = {"admin"}


def walk(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    """Yield (route, namespace, view callback) for every URL pattern under `resolver`."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry.callback


def test_every_view_declares_its_audience():
    undeclared = [
        route
        for route, namespace, view in walk(get_resolver())
        if namespace not in EXEMPT_NAMESPACES and getattr(view, "serves", None) not in AUDIENCES
    ]
    assert undeclared == []


def test_the_walk_sees_the_register_and_the_login():
    routes = {route for route, _ns, _view in walk(get_resolver())}
    assert "children/<int:pk>/" in routes and "accounts/login/" in routes


# ---------------------------------------------------------------------------------------
# Generated scope test: every URL with an object id, every role, an object of the user's
# place, of another town and of another county. Expected answers come from the view's
# declared audience and from the record kind's `*_visible_to` selector (itself built from
# accounts.roles); a URL that names an object no rule below knows fails the suite.
# ---------------------------------------------------------------------------------------

ROLE_FIXTURES = [
    "school_staff",
    "mentor",
    "village_director",
    "town_officer",
    "federation_officer",
    "education_officer",
    "coordination_member",
    "administrator",
]


def _place(county, town, school, village, carer) -> SimpleNamespace:
    return SimpleNamespace(county=county, town=town, school=school, village=village, carer=carer)


def _child(p):
    child = f.ChildFactory(school=p.school, village=p.village, town=p.town)
    f.PairingFactory(child=child, carer=p.carer)
    return child


def _photo(p):
    activity = f.ActivityFactory(county=p.county, school=p.school, town=p.town)
    image = SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    return ActivityPhoto.objects.create(activity=activity, image=image, content_type="image/png")


def _donation(p):
    donor = f.DonorFactory(county=p.county)
    return f.DonationFactory(donor=donor, received_by=Donation.Receiver.SCHOOL, school=p.school)


def _batch(p):
    by = f.UserFactory(role=Role.SCHOOL_STAFF, county=p.county, school=p.school)
    return ImportBatch.objects.create(
        county=p.county,
        school=p.school,
        town=p.town,
        created_by=by,
        file_name="台账.xlsx",
        file_size=1,
        sha256="0" * 64,
    )


def _survey(p, *, status: str = Survey.Status.CLOSED) -> Survey:
    """Return a survey of the place's county (closed ones a term apart; one open at most)."""
    officer = f.UserFactory(role=Role.FEDERATION, county=p.county)
    if status == Survey.Status.OPEN:
        found = Survey.objects.filter(county=p.county, status=status).first()
        if found:
            return found
    year = 2000 + Survey.objects.count()
    deadline = datetime.date(year, 3, 1)
    return Survey.objects.create(
        county=p.county, year=year, semester="spring", deadline=deadline, status=status,
        opened_by=officer,
    )  # fmt: skip


def _survey_child(p):
    """Return a child of the place on the checklist of its county's open survey."""
    survey = _survey(p, status=Survey.Status.OPEN)
    child = _child(p)
    child.registered_on = datetime.date(2000, 1, 1)
    child.save()
    child.survey_pk = survey.pk
    return child


def _on_checklists(user):
    """Return the children on `user`'s checklist of any open survey they take part in."""
    ids = set()
    for survey in surveys_visible_to(user).filter(status=Survey.Status.OPEN):
        ids |= set(checklist_for(user, survey).values_list("pk", flat=True))
    return Child.objects.filter(pk__in=ids)


def _transfer_request(p):
    """A request by another school of the place's town for a child of the place's school."""
    asking = f.SchoolFactory(town=p.town)
    by = f.UserFactory(role=Role.SCHOOL_STAFF, county=p.county, school=asking)
    return TransferRequest.objects.create(
        child=_child(p), from_school=p.school, to_school=asking, requested_by=by
    )


@dataclass(frozen=True)
class Rule:
    """What the object id of a URL names: how to build one at a place, and who sees it."""

    build: object
    visible: object
    kwargs: object = staticmethod(lambda obj: {"pk": obj.pk})


RULES = {
    "child": Rule(_child, children_visible_to),
    "concern": Rule(lambda p: f.ConcernFactory(child=_child(p)), concerns_visible_to),
    "batch": Rule(_batch, batches_visible_to),
    "transfer_request": Rule(_transfer_request, transfer_requests_awaiting),
    "carer": Rule(lambda p: p.carer, carers_visible_to),
    "pairing": Rule(lambda p: _child(p).pairings.get(), pairings_visible_to),
    "activity": Rule(
        lambda p: f.ActivityFactory(county=p.county, school=p.school, town=p.town),
        activities_visible_to,
    ),
    "photo": Rule(
        _photo, lambda u: ActivityPhoto.objects.filter(activity__in=activities_visible_to(u))
    ),
    "home": Rule(lambda p: f.HomeFactory(school=p.school), homes_visible_to),
    "team": Rule(lambda p: f.VolunteerTeamFactory(county=p.county), teams_visible_to),
    "donation": Rule(_donation, donations_visible_to),
    "aid": Rule(lambda p: f.AidFactory(child=_child(p), donation=_donation(p)), aid_visible_to),
    "meeting": Rule(lambda p: f.JointMeetingFactory(county=p.county), meetings_visible_to),
    "document": Rule(lambda p: f.PolicyDocumentFactory(county=p.county), documents_visible_to),
    "report": Rule(
        lambda p: f.HalfYearReportFactory(county=p.county, town=p.town), reports_visible_to
    ),
    "survey": Rule(_survey, surveys_visible_to),
    "survey_child": Rule(
        _survey_child, _on_checklists, lambda obj: {"pk": obj.survey_pk, "child_pk": obj.pk}
    ),
    # A contact's correction pages are its author's, for 24 hours (the place's mentor).
    "contact": Rule(
        lambda p: f.ContactFactory(child=_child(p), carer=p.carer, recorded_by=p.carer.user),
        lambda u: contacts_visible_to(u).filter(recorded_by=u),
    ),
    "account": Rule(
        lambda p: f.UserFactory(role=Role.SCHOOL_STAFF, county=p.county, school=p.school),
        users_administered_by,
    ),
}

# Which record an object URL names, by its route (first match wins).
OBJECT_ROUTES = [
    (r"^children/import/<int:pk>/", "batch"),
    (r"^children/transfers/<int:pk>/", "transfer_request"),
    (r"^concerns/child/<int:pk>/", "child"),
    (r"^concerns/<int:pk>/", "concern"),
    (r"^children/<int:pk>/", "child"),
    (r"^care/children/<int:pk>/", "child"),
    (r"^care/carers/<int:pk>/", "carer"),
    (r"^care/pairings/<int:pk>/", "pairing"),
    (r"^care/contacts/<int:pk>/", "contact"),
    (r"^accounts/users/<int:pk>/", "account"),
    (r"^activities/photos/<int:pk>/", "photo"),
    (r"^activities/homes/<int:pk>/", "home"),
    (r"^activities/teams/<int:pk>/", "team"),
    (r"^activities/<int:pk>/", "activity"),
    (r"^donations/aid/<int:pk>/", "aid"),
    (r"^donations/<int:pk>/", "donation"),
    (r"^reports/records/meetings/<int:pk>/", "meeting"),
    (r"^reports/records/documents/<int:pk>/", "document"),
    (r"^reports/<int:pk>/", "report"),
    (r"^survey/<int:pk>/children/<int:child_pk>/", "survey_child"),
    (r"^survey/<int:pk>/", "survey"),
]


def _url_names() -> list[tuple[str, str]]:
    names = []

    def visit(resolver, prefix="", namespace=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                nested = ":".join(n for n in (namespace, entry.namespace) if n)
                visit(entry, prefix + str(entry.pattern), nested)
            elif "<" in prefix + str(entry.pattern) and namespace not in EXEMPT_NAMESPACES:
                # Nested namespaces ("reports:records") are reversed by their full path.
                names.append((prefix + str(entry.pattern), f"{namespace}:{entry.name}"))

    visit(get_resolver())
    return names


def rule_for(route: str) -> str | None:
    """Return the record kind an object route names, or None when no rule covers it."""
    return next((kind for pattern, kind in OBJECT_ROUTES if re.match(pattern, route)), None)


OBJECT_URLS = _url_names()


def test_every_object_url_has_a_scope_rule():
    uncovered = [route for route, _name in OBJECT_URLS if rule_for(route) is None]
    assert uncovered == [], "add the record kind of these URLs to OBJECT_ROUTES and RULES"


def test_the_generated_test_covers_the_object_urls_there_are():
    assert len(OBJECT_URLS) >= 37


@pytest.fixture
def places(county, town_a, town_b, school_a, school_b, village_a, village_b, mentor, media_root):
    """Return the user's place (town_a), another town and another county."""
    far = f.CountyFactory(name="邻县", code="340298")
    far_town = f.TownFactory(county=far)
    far_school = f.SchoolFactory(town=far_town)
    far_village = f.VillageFactory(town=far_town)
    return {
        "here": _place(county, town_a, school_a, village_a, mentor.carer),
        "other_town": _place(county, town_b, school_b, village_b, f.CarerFactory(school=school_b)),
        "other_county": _place(
            far, far_town, far_school, far_village, f.CarerFactory(school=far_school)
        ),
    }


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _serves(view, user) -> bool:
    """Return whether the view's declared audience lets `user` in at all."""
    allowed = getattr(view, "serves_roles", None)
    if getattr(view, "serves", None) == CHILDREN and not user.sees_children:
        return False
    return allowed is None or user.role in allowed


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name"), OBJECT_URLS, ids=[n for _r, n in OBJECT_URLS])
def test_object_url_answers_404_outside_the_scope_and_200_inside(
    client, request, places, route, name
):
    rule = RULES[rule_for(route)]
    objects = {where: rule.build(p) for where, p in places.items()}
    users = [request.getfixturevalue(r) for r in ROLE_FIXTURES]
    view = get_resolver().resolve(reverse(name, kwargs=rule.kwargs(objects["here"]))).func
    opened, post_only = [], False
    for user in users:
        client.force_login(user)
        visible = rule.visible(user)
        assert not visible.filter(pk=objects["other_county"].pk).exists(), user.role
        for where, obj in objects.items():
            url = reverse(name, kwargs=rule.kwargs(obj))
            allowed = _serves(view, user) and visible.filter(pk=obj.pk).exists()
            response = client.get(url)
            if response.status_code == 405:  # a POST-only action: never run it in scope
                post_only = True
                if not allowed:
                    assert client.post(url).status_code == 404, (user.role, where)
                continue
            status = response.status_code
            if not allowed:
                assert status == 404, (user.role, where, status)
            else:
                # In scope: the page, or 403 on a write page for one who may only read.
                assert status in (200, 403), (user.role, where, status)
                if status == 200:
                    opened.append(user.role)
    assert opened or post_only, "no role opens this URL: the test proves nothing for it"
