"""One definition per figure: the report, the dashboard and the ledger agree for a period."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from activities.models import Home
from children.models import Child
from core.periods import report_period as period_for
from donations.models import Aid
from donations.selectors import aid_list, aid_totals, ledger_totals
from reports.annex import report_annex
from reports.dashboards.selectors import dashboard_figures
from reports.selectors import report_figures
from tests.reports.service_county import PERIOD, build_county

LATER = datetime.date(2027, 1, 10)


@pytest.fixture
def beiling(county):
    return build_county(county)


@pytest.mark.django_db
def test_report_dashboard_and_ledger_count_the_same_children_money_and_aid(county, beiling):
    by = beiling["by"]
    report = report_figures(county=county, period=PERIOD)
    dashboard = dashboard_figures(by, period=PERIOD, today=LATER)
    ledger = ledger_totals(by, {"period": PERIOD})["overall"]
    aid = aid_totals(aid_list(by, {"period": PERIOD}))

    assert report["children"]["registered"] == dashboard["registered"] == 8
    assert report["children"]["left_behind"] == dashboard["left_behind"] == 7
    assert report["money"]["donation_count"] == dashboard["donations"] == ledger["count"] == 2
    amount = Decimal(report["money"]["donation_amount"])
    assert amount == dashboard["donated_amount"] == ledger["received"] == Decimal("161400")
    assert Decimal(report["money"]["aid_amount"]) == dashboard["aid_amount"] == aid["amount"]
    assert report["money"]["aided_children"] == dashboard["children_aided"] == aid["children"] == 3
    kinds = {k["label"]: k["n"] for k in dashboard["activity_kinds"]}
    assert report["network"]["parent_meetings"] == kinds["家长会"] == 1


@pytest.mark.django_db
def test_report_and_dashboard_count_the_same_homes_built_by_the_end_of_the_year(county, beiling):
    h2 = period_for(2026, "H2")
    report = report_figures(county=county, period=h2)["homes"]
    dashboard = dashboard_figures(beiling["by"], period=h2, today=LATER)

    assert report["built"] == dashboard["homes_built"] == 4
    assert report["mode_1"] == dashboard["homes_mode_1"] == 2


@pytest.mark.django_db
def test_the_queryset_definitions_are_what_the_report_counts(county, beiling):
    end = PERIOD.end
    report = report_figures(county=county, period=PERIOD)
    homes = Home.objects.filter(county=county, kind=Home.Kind.SCHOOL_HOME)

    assert Child.objects.filter(county=county).on_register(end).count() == 8
    assert report["children"]["overdue_contact"] == (
        Child.objects.filter(county=county).overdue(end, county.contact_interval_days).count()
    )
    assert report["homes"]["built"] == homes.built_by(end).count() == 3
    assert report["homes"]["built_in_period"] == homes.built_between(PERIOD.start, end).count()
    assert Aid.objects.filter(child__county=county).valid().count() == 3
    assert Aid.objects.filter(child__county=county).count() == 4


@pytest.mark.django_db
def test_the_annex_summary_leaves_voided_aid_out_like_the_ledger(county, beiling):
    book = load_workbook(BytesIO(report_annex(report_figures(county=county, period=PERIOD))))
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(min_row=2, values_only=True)}
    aid = aid_totals(aid_list(beiling["by"], {"period": PERIOD}))

    assert Decimal(str(summary["发放资助（元）"])) == aid["amount"] == Decimal("2100")
    assert summary["资助儿童（人）"] == aid["children"] == 3
    assert summary["接收捐赠（笔）"] == 2
    assert summary["本期建成留守儿童之家（个）"] == 2
