"""Printed pages say what they are, for which period and as of when ("数据截至")."""

import pytest
from django.urls import reverse

from tests.factories import DonationFactory, DonorFactory

pytestmark = pytest.mark.django_db


def test_a_filtered_list_prints_its_period_and_the_time_of_the_data(
    client, federation_officer, county
):
    DonationFactory(donor=DonorFactory(county=county))
    client.force_login(federation_officer)
    html = client.get(reverse("donations:list"), {"period": "2025-H1"}).content.decode()
    header = html.split('data-testid="print-header"')[1].split("</div>\n</div>")[0]
    assert "统计期间：2025年上半年" in header and "数据截至" in header
    assert "data-print" in html


def test_the_childs_file_prints_as_a_growth_record(client, school_staff, child_a):
    client.force_login(school_staff)
    html = client.get(reverse("children:detail", args=[child_a.pk])).content.decode()
    header = html.split('data-testid="print-header"')[1].split("</div>\n</div>")[0]
    assert f"成长记录册 · {child_a.name}" in header and "数据截至" in header
    assert 'class="row g-3 growth-record"' in html


def test_a_dashboard_prints_its_period(client, federation_officer):
    client.force_login(federation_officer)
    html = client.get(reverse("dashboards:county")).content.decode()
    header = html.split('data-testid="print-header"')[1].split("</div>\n</div>")[0]
    assert "统计期间：" in header and "数据截至" in header
