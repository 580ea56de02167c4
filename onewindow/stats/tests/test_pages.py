"""The dashboard, its drill-down and exports: for the office only, numbers that match the
lists behind them, a fixed number of queries."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from .conftest import at

pytestmark = pytest.mark.django_db
PERIOD = {"start": "2026-11-01", "end": "2026-11-30"}


@pytest.fixture
def history(make_case, district):
    lic = district["licence"]
    for day in range(2, 7):
        make_case(lic, accepted_at=at(2026, 11, day, 10), due_at=at(2026, 11, 20),
                  concluded_at=at(2026, 11, 9, 10), status="DELIVERED")  # fmt: skip
    make_case(lic, accepted_at=at(2026, 11, 2, 10), due_at=at(2026, 11, 3),
              concluded_at=at(2026, 11, 9, 10), status="APPROVED")  # late  # fmt: skip
    make_case(lic, accepted_at=at(2026, 11, 3, 10), due_at=at(2026, 11, 4), status="IN_REVIEW")
    return district


@pytest.fixture
def office_client(client, people):
    client.force_login(people["supervisor"])
    return client


def test_the_dashboard_shows_each_indicator_with_its_formula(office_client, history):
    page = office_client.get("/stats/", PERIOD).content.decode()
    for text in ("按时办结率", "办结时间不晚于办结期限的件数 ÷ 已办结件数", "承诺时限压缩率",
                 "1 − Σ承诺时限 ÷ Σ法定时限", "chart-trend", "vendor/echarts/echarts.min.js"):  # fmt: skip
        assert text in page
    assert 'id="dashboard-data"' in page


def test_only_the_office_sees_the_dashboard(client, people, history):
    assert client.get("/stats/").status_code == 302
    client.force_login(people["clerk"])
    assert client.get("/stats/").status_code == 403
    assert client.get("/stats/export.xlsx").status_code == 403
    assert client.get("/api/v1/stats/indicators").status_code == 403


def test_the_drill_down_lists_exactly_the_cases_counted(office_client, history):
    api = office_client.get("/api/v1/stats/indicators", PERIOD).json()
    overdue = next(i for i in api if i["key"] == "overdue")
    assert overdue["value"] == 2 and "超期办结件数" in overdue["formula"]
    listed = office_client.get("/api/v1/stats/cases", {**PERIOD, "measure": "overdue"}).json()
    assert listed["count"] == 2
    page = office_client.get("/stats/cases/", {**PERIOD, "measure": "overdue"})
    assert page.status_code == 200 and "超期：2 件" in page.content.decode()


def test_the_drill_down_costs_the_same_queries_for_any_length(
    office_client, history, make_case, django_assert_max_num_queries
):
    office_client.get("/stats/cases/", {**PERIOD, "measure": "accepted"})
    with django_assert_max_num_queries(12) as few:
        office_client.get("/stats/cases/", {**PERIOD, "measure": "accepted"})
    for _ in range(15):
        make_case(accepted_at=at(2026, 11, 5, 10), due_at=at(2026, 11, 25))
    with django_assert_max_num_queries(len(few.captured_queries)):
        office_client.get("/stats/cases/", {**PERIOD, "measure": "accepted"})


def test_bad_filters_are_a_422_with_a_reason(office_client):
    response = office_client.get("/stats/", {"start": "2026-13-01"})
    assert response.status_code == 422 and "日期" in response.content.decode()
    assert office_client.get("/stats/cases/", {"measure": "nope"}).status_code == 422
    api = office_client.get("/api/v1/stats/breakdown", {"by": "colour"})
    assert api.status_code == 422 and api.json()["code"] == "invalid_dimension"
    assert (
        office_client.get(
            "/api/v1/stats/indicators", {"end": "2020-01-01", "start": "2021-01-01"}
        ).status_code
        == 422
    )


def test_excel_export_holds_the_indicators_and_breakdowns(office_client, history):
    response = office_client.get("/stats/export.xlsx", PERIOD)
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames[:3] == ["指标", "按月份", "按部门"]
    rows = {r[0]: r for r in wb["指标"].iter_rows(min_row=3, values_only=True)}
    assert rows["受理量"][1] == 7
    assert rows["按时办结率"][1] == pytest.approx(83.3) and "已办结件数" in rows["按时办结率"][5]


def test_pdf_export_is_a_pdf(office_client, history):
    response = office_client.get("/stats/export.pdf", PERIOD)
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_breakdown_api_by_department_and_month(office_client, history):
    rows = office_client.get("/api/v1/stats/breakdown", {**PERIOD, "by": "department"}).json()
    assert rows[0]["label"] == "市场监管" and rows[0]["counts"]["accepted"] == 7
    months = office_client.get("/api/v1/stats/breakdown", {**PERIOD, "by": "month"}).json()
    assert [m["key"] for m in months] == ["2026-11"] and months[0]["counts"]["overdue"] == 2
