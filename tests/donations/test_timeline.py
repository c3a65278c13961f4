"""Aid reaches the child's timeline through the donations app's registered source."""

import pytest
from django.urls import reverse

from tests.factories import AidFactory, DonorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def aided_child(paired_child, county):
    AidFactory(child=paired_child, donation__donor=DonorFactory(county=county, name="爱心企业甲"))
    return paired_child


def test_the_federation_sees_aid_and_its_donor_on_the_childs_timeline(
    client, federation_officer, aided_child
):
    client.force_login(federation_officer)
    html = client.get(reverse("children:detail", args=[aided_child.pk])).content.decode()
    assert "资助：" in html and "爱心企业甲" in html


def test_a_mentor_sees_no_aid_nor_donor_on_a_paired_childs_timeline(client, mentor, aided_child):
    client.force_login(mentor)
    response = client.get(reverse("children:detail", args=[aided_child.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "资助：" not in html and "爱心企业甲" not in html
