"""帮代办 in headless Chromium: the applicant asks for full agency on the web, the village's
runner is assigned, records the authorisation and applies on the applicant's behalf, the
case is decided and mailed with a tracking number, and the applicant rates the runner.
Screenshots of each reach page land in /tmp/shots_reach/ for a person to look at."""

from pathlib import Path

import pytest

from onewindow.cases.tests.test_browser_cases import DESKTOP, PASSWORD

from ..choices import AgencyStatus
from ..models import AgencyRequest
from ..services import outlets as outlet_services
from ..services import transfer as transfer_services
from .conftest import approve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path("/tmp/shots_reach")


def shot(page, name):
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def signed_in(browser, live_server, username, next_url):
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{next_url}")
    return page


def test_agency_from_request_to_a_rated_runner(
    browser, live_server, people, applicant, places, runners, outlet_staff
):
    # The applicant asks for full agency from the web.
    page = signed_in(browser, live_server, "citizen", "/reach/agency/new/")
    page.select_option("select[name=matter]", "QR-003")
    page.check("input[name=mode][value=FULL_AGENCY]")
    page.select_option("select[name=region]", places["village"].code)
    page.fill("input[name=phone]", "13800000000")
    page.fill("input[name=address]", "桃源村3组12号")
    page.fill("textarea[name=note]", "腿脚不便，请全程代办")
    shot(page, "01_agency_new")
    page.get_by_role("button", name="提交").click()
    page.wait_for_selector(".messages")
    assert "r_village" in page.inner_text(".messages")
    shot(page, "02_agency_assigned")
    request = AgencyRequest.objects.get()
    assert request.runner == runners["village"]

    # The runner records the authorisation and applies on the applicant's behalf.
    runner = signed_in(browser, live_server, "r_village", "/reach/agency/")
    shot(runner, "03_runner_tasks")
    runner.get_by_role("link", name=request.number).click()
    runner.get_by_role("button", name="记录授权委托").click()
    runner.wait_for_selector("#apply")
    runner.fill("input[name=f-applicant_name]", "张三")
    runner.fill("input[name=f-phone]", "13800000000")
    shot(runner, "04_runner_apply")
    runner.get_by_role("button", name="提交申请").click()
    runner.wait_for_selector(".messages")
    request.refresh_from_db()
    assert request.status == AgencyStatus.APPLIED and request.case.channel == "AGENT"
    assert "已凭授权委托代为申请" in runner.inner_text(".messages")

    # The department decides; the runner mails the result free of charge.
    approve(request.case, people)
    runner.reload()
    runner.fill("input[name=tracking_number]", "1179384625013")
    shot(runner, "05_runner_mail")
    runner.get_by_role("button", name="确认寄出").click()
    runner.wait_for_selector(".messages")
    request.refresh_from_db()
    assert request.status == AgencyStatus.DELIVERED
    assert request.case.delivery.tracking_number == "1179384625013"

    # The applicant sees the tracking number and rates the runner.
    page.reload()
    assert "1179384625013" in page.content()
    page.check("input[name=level][value=VERY_SATISFIED]")
    page.fill("textarea[name=comment]", "上门收材料，结果寄到家")
    shot(page, "06_applicant_rate")
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_selector(".messages")
    assert "非常满意" in page.content()
    shot(page, "07_rated")

    # The statistics, the outlet desk and the transfers list, as their users see them.
    desk = signed_in(browser, live_server, "supervisor", "/reach/agency/stats/")
    assert "r_village" in desk.content()
    shot(desk, "08_stats")
    transfer_services.platform_key(code="HERE", name="清江区")
    desk.goto(f"{live_server.url}/reach/transfers/")
    shot(desk, "09_transfers")
    outlet = signed_in(browser, live_server, "post", "/reach/outlet/")
    outlet.get_by_role("link", name="新生儿入户").click()
    outlet.wait_for_selector("#intake")
    shot(outlet, "10_outlet_desk")
    outlet_services.cross_town_matter_set(matter_code="QR-003", actor=None)
    town = signed_in(browser, live_server, "otherclerk", "/reach/cross-town/?matter=QR-003")
    town.select_option("select[name=home_region]", places["village"].code)
    shot(town, "11_cross_town")
