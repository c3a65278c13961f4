"""Lists decrypt nothing they do not show: they show masked copies of IDs and phones."""

import datetime

import pytest
from django.urls import reverse

from children import protection
from tests.factories import (
    AidFactory,
    ChildFactory,
    ConcernFactory,
    ContactFactory,
    DonationFactory,
    DonorFactory,
    PairingFactory,
)


@pytest.fixture
def decryptions(monkeypatch):
    """Count the calls to protection.decrypt with a real value."""
    calls = []
    real = protection.decrypt

    def counting(value):
        if value:
            calls.append(value)
        return real(value)

    monkeypatch.setattr(protection, "decrypt", counting)
    return calls


@pytest.fixture
def busy_school(school_a, village_a, mentor, federation_officer):
    donation = DonationFactory(donor=DonorFactory(county=school_a.town.county))
    for i in range(6):
        child = ChildFactory(school=school_a, village=village_a, name=f"学生{i}")
        PairingFactory(child=child, carer=mentor.carer)
        ContactFactory(child=child, carer=mentor.carer, on=datetime.date(2026, 11, 1))
        ConcernFactory(child=child, raised_by=federation_officer)
        AidFactory(child=child, donation=donation)
    return school_a


@pytest.mark.parametrize(
    ("who", "name"),
    [
        ("school_staff", "care:contact_list"),
        ("school_staff", "care:pairing_list"),
        ("school_staff", "children:list"),
        ("school_staff", "home"),
        ("school_staff", "donations:aid_list"),
        ("mentor", "care:mine"),
    ],
)
def test_a_list_page_decrypts_no_id_or_phone(client, request, busy_school, decryptions, who, name):
    client.force_login(request.getfixturevalue(who))
    decryptions.clear()
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert decryptions == []
