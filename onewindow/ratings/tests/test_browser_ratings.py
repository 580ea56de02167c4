"""A bad rating's whole life in headless Chromium, and a ballot: the window's rating device
waits until the case is delivered (HTMX polling), the applicant rates it badly with the big
buttons → the clerk verifies and fixes it on the worklist → the applicant rates the fix.
Then a citizen votes through a campaign's open link, and the office closes and publishes.
The case is delivered by the service (the workbench has its own journey). Screenshots land
in /tmp/shots_ratings/."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from onewindow.cases import services as cases
from onewindow.catalog.models import Section
from onewindow.ratings import services
from onewindow.ratings.models import Rating, Rectification, SectionBallot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path("/tmp/shots_ratings")
DESKTOP = {"width": 1280, "height": 900}
TABLET = {"width": 1180, "height": 820}
PASSWORD = "pw-123456"  # cases conftest _user


def shot(page, name):
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def new_page(browser, size=DESKTOP):
    return browser.new_context(viewport=size, locale="zh-CN").new_page()


def signed_in(browser, live_server, username, next_url):
    page = new_page(browser)
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{next_url}")
    return page


def test_deliver_rate_badly_on_the_device_rectify_and_revisit(
    live_server, browser, district, people, applicant, device
):
    # 1. The tablet beside window 1 waits.
    tablet = new_page(browser, TABLET)
    tablet.goto(f"{live_server.url}/ratings/device/{device.token}/")
    tablet.wait_for_selector(".device-wait")
    shot(tablet, "1-device-waiting")

    # 2. The clerk delivers an immediate matter at window 1; the tablet shows it by itself.
    case = cases.case_handle_immediately(
        actor=people["clerk"], applicant=applicant, matter_code="QR-002",
        service_point=district["hall"], window=district["window"],
        form_data={"applicant_name": "张三", "phone": "13800000000"},
    )  # fmt: skip
    tablet.wait_for_selector(f"text={case.number}", timeout=10_000)
    tablet.locator("label.level", has_text="非常不满意").click()
    tablet.locator("label[for=d_attitude_1]").click()
    tablet.locator("label[for=d_efficiency_2]").click()
    shot(tablet, "2-device-rating")
    tablet.get_by_role("button", name="提交评价").click()
    tablet.wait_for_selector(".device-thanks")
    assert "1 个工作日内核实" in tablet.locator(".device-thanks").inner_text()
    shot(tablet, "3-device-thanks")
    rating = Rating.objects.get(case=case)
    assert rating.level == "VERY_DISSATISFIED" and rating.source == "DEVICE"
    assert rating.scores == {"attitude": 1, "efficiency": 2, "overall": 1}

    # 3. The clerk (谁办理谁负责) finds it on the worklist, verifies and fixes it.
    clerk = signed_in(browser, live_server, "clerk", "/ratings/rectifications/")
    assert "待核实" in clerk.locator("main").inner_text()
    shot(clerk, "4-worklist")
    clerk.get_by_role("link", name=case.title).click()
    clerk.fill("textarea[name=finding]", "经调取录像核实，窗口解释不耐心")
    shot(clerk, "5-rectification-verify")
    clerk.get_by_role("button", name="核实完成").click()
    clerk.wait_for_selector("textarea[name=measures]")
    clerk.get_by_label("已整改").check()
    clerk.fill("textarea[name=measures]", "已电话致歉，窗口人员纳入月度考核并再培训")
    clerk.get_by_role("button", name="提交整改").click()
    clerk.wait_for_selector("text=已整改，等待回访申请人")
    shot(clerk, "6-rectification-revisiting")

    # 4. The applicant rates the fix on 我的评价.
    citizen = signed_in(browser, live_server, "citizen", "/ratings/")
    assert "请评价整改结果" in citizen.locator("main").inner_text()
    shot(citizen, "7-revisit")
    citizen.locator("label.level", has_text="满意").first.click()
    citizen.fill("textarea[name=comment]", "态度改进了")
    citizen.get_by_role("button", name="提交").click()
    citizen.wait_for_selector("text=感谢您对整改结果的评价")
    shot(citizen, "8-revisited")
    rect = Rectification.objects.get(rating=rating)
    assert rect.status == "CLOSED" and rect.revisit_level in ("VERY_SATISFIED", "SATISFIED")


def test_a_ballot_through_the_open_link_and_the_published_ranking(
    live_server, browser, district, people
):
    sections = [
        Section.objects.create(department=district["food"], name=n)
        for n in ("食品经营许可科", "执法稽查科", "登记注册科")
    ]
    now = timezone.now()
    campaign = services.campaign_create(
        year=now.year, quarter=(now.month - 1) // 3 + 1, opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=20), actor=people["supervisor"],
    )  # fmt: skip
    services.campaign_open(campaign_id=campaign.pk, actor=people["supervisor"])

    office = signed_in(browser, live_server, "supervisor", f"/ratings/reviews/{campaign.pk}/")
    shot(office, "9-campaign-open")

    voter = new_page(browser, {"width": 420, "height": 900})  # a phone
    voter.goto(f"{live_server.url}/ratings/ballot/open/{campaign.open_token}/")
    voter.select_option("select[name=section]", label="执法稽查科")
    voter.locator("label.fault", has_text="推").click()
    voter.fill("textarea[name=example]", "短")
    voter.get_by_role("button", name="提交选票").click()  # the browser asks for more text
    assert SectionBallot.objects.count() == 0
    voter.fill("textarea[name=example]", "办一个许可被两个科室来回推了三次")
    shot(voter, "10-ballot")
    voter.get_by_role("button", name="提交选票").click()
    voter.wait_for_selector("text=感谢您的参与")
    shot(voter, "11-ballot-done")
    ballot = SectionBallot.objects.get()
    assert ballot.section == sections[1] and ballot.fault == "SHIRK"

    office.get_by_role("button", name="截止投票并排名").click()
    office.wait_for_selector("text=约谈科室负责人")
    shot(office, "12-campaign-ranked")
    office.get_by_role("button", name="公布排名").click()
    office.wait_for_selector("text=排名已公布")
    public = new_page(browser)
    public.goto(f"{live_server.url}/ratings/ranking/")
    assert "执法稽查科" in public.locator(".rank-list").inner_text()
    shot(public, "13-ranking")


def test_the_web_rating_form_and_the_appeal_review(live_server, browser, delivered_online, people):
    case = delivered_online()
    citizen = signed_in(browser, live_server, "citizen", f"/ratings/case/{case.number}/")
    assert "指南准确性" in citizen.locator("main").inner_text()  # the online dimensions
    citizen.locator("label.level", has_text="不满意").first.click()
    citizen.fill("textarea[name=comment]", "网上申报系统老是卡")
    shot(citizen, "14-web-rating")
    citizen.get_by_role("button", name="提交评价").click()
    citizen.wait_for_selector("text=感谢您的评价")
    rating = Rating.objects.get(case=case)
    assert rating.level == "DISSATISFIED" and rating.channel == "ONLINE"

    clerk = signed_in(
        browser, live_server, "food", f"/ratings/rectifications/{rating.rectification.pk}/"
    )
    clerk.fill("textarea[name=reason]", "系统当日全市故障，非本部门原因")
    clerk.get_by_role("button", name="提出申诉").click()
    clerk.wait_for_selector("text=已提出申诉")
    office = signed_in(browser, live_server, "supervisor", "/ratings/appeals/")
    office.fill("input[name=note]", "经核实系统故障，予以核销")
    shot(office, "15-appeals")
    office.get_by_role("button", name="申诉成立，核销差评").click()
    office.wait_for_selector("text=申诉复核完成")
    rating.refresh_from_db()
    assert rating.excluded and "系统故障" in rating.excluded_reason
