"""The coordination group cannot recover small counts: dashboard, home, annex, periods."""

import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports import services
from tests.factories import ChildFactory, ConcernFactory
from tests.reports.profile import complete_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_children(school_a, school_a2, school_b, village_a, village_b, federation_officer):
    """school_a: 3 migrant children, one with a pending concern; school_a2: 9; school_b: 6."""
    for i in range(3):
        child = ChildFactory(school=school_a, village=village_a, is_migrant=True, name=f"甲{i}")
    ConcernFactory(child=child, raised_by=federation_officer)
    for i in range(9):
        ChildFactory(school=school_a2, village=village_a, name=f"乙{i}")
    for i in range(6):
        ChildFactory(school=school_b, village=village_b, name=f"丙{i}")


def _table(html: str) -> list[list[str]]:
    table = html.split('data-testid="breakdown-table"')[1].split("</table>")[0]
    body = table.split("<tbody>")[1]
    return [
        [re.sub(r"<[^>]+>|\s", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_one_towns_pending_concerns_are_not_located_by_zeros_elsewhere(
    client, county_children, coordination_member
):
    client.force_login(coordination_member)
    rows = _table(client.get(reverse("dashboards:coordination")).content.decode())
    concerns = [row[-1] for row in rows]
    assert concerns == ["&lt;5"] * len(rows)  # not "<5" in one town and "0" in the other


def test_a_custom_period_of_a_few_days_is_not_offered_to_the_coordination_group(
    client, county_children, coordination_member
):
    client.force_login(coordination_member)
    few_days = {"period": "custom", "start": "2026-11-28", "end": "2026-12-01"}
    html = client.get(reverse("dashboards:coordination"), few_days).content.decode()
    label = html.split('data-testid="period-label"')[1].split("</span>")[0]
    assert "2026-11-28" not in label and "学期" in label
    assert 'name="start"' not in html


def test_officers_keep_custom_periods(client, county_children, federation_officer):
    client.force_login(federation_officer)
    few_days = {"period": "custom", "start": "2026-11-28", "end": "2026-12-01"}
    html = client.get(reverse("dashboards:county"), few_days).content.decode()
    assert "2026-11-28" in html.split('data-testid="period-label"')[1].split("</span>")[0]


def test_the_coordination_home_shows_the_dashboards_hidden_count(
    client, county_children, coordination_member
):
    client.force_login(coordination_member)
    home = client.get(reverse("home")).content.decode()
    card = home.split('data-testid="figure-migrant"')[1].split("</div>\n  </div>")[0]
    assert "&lt;5" in card and ">3<" not in card
    concerns = home.split('data-testid="figure-open_concerns"')[1].split("</div>\n  </div>")[0]
    assert "&lt;5" in concerns


def _annex_migrants(client, report) -> dict[str, object]:
    response = client.get(reverse("reports:xlsx", args=[report.pk]))
    sheet = load_workbook(BytesIO(response.content))["按学校"]
    return {row[1]: row[5] for row in sheet.iter_rows(min_row=2, values_only=True) if row[1]}


def test_the_filed_annex_hides_small_school_counts_from_the_coordination_group_only(
    client, county_children, federation_officer, coordination_member, school_a
):
    complete_profile(school_a.town.county, school_a)
    report = services.report_draft_create(by=federation_officer, year=2026, half="H2")
    report = services.report_file(by=federation_officer, report=report)
    client.force_login(federation_officer)
    assert _annex_migrants(client, report)[school_a.name] == 3
    client.force_login(coordination_member)
    migrants = _annex_migrants(client, report)
    assert migrants[school_a.name] == "<5"
    assert 3 not in migrants.values()
