"""The office's journey in headless Chromium: open the dashboard → its charts draw → drill
down from a number and from a chart to the cases behind it → export Excel and PDF; then the
daily patrol: open a log, record a finding → the weekly bulletin → its PDF.
Screenshots land in /tmp/shots_sup/."""

import os
from pathlib import Path
from urllib.parse import quote

import pytest

from onewindow.supervision.models import Deduction, PatrolFinding

from .conftest import at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path(os.environ.get("ONEWINDOW_SHOTS", "/tmp/shots_sup"))
PERIOD = "start=2026-09-01&end=2026-11-30"


@pytest.fixture
def three_months(make_case, district):
    """Cases of three months: most on time, some late, a few still running past their limit."""
    lic, police = district["licence"], district["police_matter"]
    for month in (9, 10, 11):
        for day in range(1, 16, 2):
            matter = lic if day % 3 else police
            late = day in (5, 11)
            make_case(matter, accepted_at=at(2026, month, day, 10), due_at=at(2026, month, day + 9),
                      concluded_at=at(2026, month, day + (12 if late else 4), 10), status="DELIVERED")  # fmt: skip
    make_case(lic, accepted_at=at(2026, 11, 2, 10), due_at=at(2026, 11, 12), status="IN_REVIEW")
    make_case(police, accepted_at=at(2026, 11, 3, 10), due_at=at(2026, 11, 6), status="IN_REVIEW")
    return district


def shot(page, name):
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def signed_in(browser, live_server, username, next_url):
    page = browser.new_context(
        viewport={"width": 1360, "height": 900}, locale="zh-CN", accept_downloads=True
    ).new_page()
    page.goto(f"{live_server.url}/accounts/login/?next={quote(next_url)}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_url(f"**{next_url.split('?')[0]}*")
    return page


def test_dashboard_drill_down_and_export(live_server, browser, people, three_months):
    page = signed_in(browser, live_server, "supervisor", f"/stats/?{PERIOD}")
    page.wait_for_selector("body[data-charts-ready='5']")
    page.wait_for_selector("#chart-trend svg")
    assert "承诺时限压缩率" in page.locator("#kpi-compression_rate").inner_text()
    overdue = page.locator("#kpi-overdue .kpi-value").inner_text()
    shot(page, "1-dashboard")

    # A number: 超期件数 → the cases counted in it.
    page.click("#kpi-overdue .kpi-value a")
    page.wait_for_selector("#drill-cases")
    assert page.locator("#drill-cases tbody tr").count() == int(overdue.rstrip("件"))
    shot(page, "2-drill-overdue")
    page.go_back()

    # A chart: the red part of a department's bar → its running overdue cases.
    page.wait_for_selector("body[data-charts-ready='5']")
    red = page.locator("#chart-signals svg path[fill='#d64545']").first
    red.click()
    page.wait_for_url("**/stats/cases/**measure=running_red**")
    assert page.locator("#drill-cases tbody tr").count() >= 1
    shot(page, "3-drill-chart")
    page.go_back()

    with page.expect_download() as download:
        page.click("a[data-export='xlsx']")
    assert download.value.suggested_filename.endswith(".xlsx")
    pdf = page.request.get(
        live_server.url + page.locator("a[data-export='pdf']").get_attribute("href")
    )
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body()[:4] == b"%PDF"


def test_patrol_log_then_weekly_bulletin_pdf(live_server, browser, people, district):
    page = signed_in(browser, live_server, "supervisor", "/supervision/patrols/")
    page.select_option("#patrol-open select[name=service_point]", label="区政务服务中心")
    page.fill("#patrol-open input[name=summary]", "上午10时巡查，1号窗口人员在玩手机")
    page.click("#patrol-open button[type=submit]")
    page.wait_for_selector("#finding-form")
    page.select_option("#finding-form select[name=item]", value="CHATTING")
    page.select_option("#finding-form select[name=staff]", label="clerk")
    page.fill("#finding-form input[name=description]", "1号窗口工作时间玩手机")
    page.click("#finding-form button[type=submit]")
    page.wait_for_selector("#findings")
    shot(page, "4-patrol")
    assert PatrolFinding.objects.count() == 1 and Deduction.objects.get().points == 1

    page.click("nav.sv-tabs >> text=周通报")
    page.wait_for_selector(".bulletin")
    assert "1号窗口工作时间玩手机" in page.locator(".bulletin").inner_text()
    shot(page, "5-bulletin")
    pdf = page.request.get(live_server.url + page.locator("#bulletin-pdf").get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body()[:4] == b"%PDF"
